"""Refuse to publish secrets: scan every source file and every generated page.

Findings in source YAML point at the file, line and column to fix. A generated page is scanned
too, for anything the templates could assemble from harmless parts; a match already reported
(or waived) in a source file is not reported again on the pages that show it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Protocol

from generator.diagnostics import Diagnostic
from generator.runtime.memo import RunCache, digest
from generator.runtime.parallel import parallel_map
from generator.secretscan import (
    Finding,
    apply_waivers,
    finding_message,
    parse_allowlist_text,
    scan_text,
    stale_waiver_message,
)
from generator.source.model import OwnersFile
from generator.source.load import source_text
from generator.source.parsecache import read_known
from generator.source.project import display_path, unreadable_kind

ALLOWLIST_FILE = "allowlist.yaml"
_BACKSLASH_ESCAPE = re.compile(r"\\([\\`*_\[\]{}|#!])")


class PageText(Protocol):
    """A generated page as the scan sees it (generator.pages.view.RenderedPage is one)."""

    @property
    def content(self) -> str: ...

    @property
    def compiled(self) -> bool: ...


Seen = set[tuple[str, str]]
"""(kind, fingerprint) pairs found in the sources, waived or not."""


def role_contacts(owners: OwnersFile | None) -> frozenset[str]:
    """The role e-mail addresses and phone numbers that owners.yaml declares on purpose."""
    if owners is None:
        return frozenset()
    return frozenset(
        contact.value for owner in owners.owners for contact in owner.contact if contact.method in ("email", "phone")
    )


def _source_files(root: Path) -> list[Path]:
    """YAML files to scan: regular files inside ``root`` only (the loader reports the others)."""
    return sorted(
        p
        for p in root.rglob("*.yaml")
        if p.relative_to(root).as_posix() != ALLOWLIST_FILE and not unreadable_kind(p, root)
    )


def _error(path: str, finding: Finding) -> Diagnostic:
    return Diagnostic(path, finding.line, finding.column, "error", f"secret-{finding.kind}", finding_message(finding))


def _remembered_scans(
    kind: str,
    texts: Sequence[str],
    allowed: frozenset[str],
    cache: RunCache,
    prepare: Callable[[str], str] | None = None,
    *,
    keys: Sequence[str] | None = None,
) -> list[list[Finding]]:
    """scan_text of each text (after ``prepare``), remembered between runs and shared among cores.

    An unchanged text is not prepared or scanned again (generator/runtime/memo.py); the others are
    prepared and scanned by generator/runtime/parallel.py. ``keys``, when given, are digests of the
    texts already computed (of the files they were read from), so they are not digested again.
    """
    store = cache.memo(kind) if cache.enabled else None
    if store is None:
        keys = []
    else:
        digests = keys if keys is not None else [digest(text) for text in texts]
        keys = [digest(key, *sorted(allowed)) for key in digests]
    results: list[list[Finding] | None] = [store.get(key) for key in keys] if store is not None else [None] * len(texts)
    missing = [i for i, found in enumerate(results) if found is None]
    scanned = parallel_map(partial(_scan, allowed=allowed, prepare=prepare), [texts[i] for i in missing])
    for i, found in zip(missing, scanned, strict=True):
        results[i] = found
        if store is not None:
            store.put(keys[i], found)
    return [found or [] for found in results]


def _scan(text: str, *, allowed: frozenset[str], prepare: Callable[[str], str] | None) -> list[Finding]:
    return scan_text(prepare(text) if prepare else text, allowed=allowed)


def scan_sources(root: Path, allowed: frozenset[str], cache: RunCache) -> tuple[list[Diagnostic], Seen]:
    """Findings in every YAML file under ``root`` less the reviewed waivers, and what was seen."""
    texts: dict[str, str] = {}
    keys: list[str] = []
    for path in _source_files(root):
        try:
            raw, key = read_known(path, cache) if cache.enabled else (path.read_bytes(), "")
            texts[path.relative_to(root).as_posix()] = source_text(raw)
        except (OSError, UnicodeDecodeError):
            continue  # the loader reports unreadable files with their place
        keys.append(key)
    scans = _remembered_scans(
        "secrets-sources", list(texts.values()), allowed, cache, keys=keys if cache.enabled else None
    )
    findings = {name: found for name, found in zip(texts, scans, strict=True) if found}
    seen = {(f.kind, f.fingerprint) for found in findings.values() for f in found}
    diagnostics: list[Diagnostic] = []
    allowlist = root / ALLOWLIST_FILE
    if allowlist.is_file() and not unreadable_kind(allowlist, root):
        allowlist_path = display_path(allowlist)
        waivers, problems = parse_allowlist_text(allowlist.read_text(encoding="utf-8-sig", errors="replace"))
        diagnostics += [Diagnostic(allowlist_path, 0, 0, "error", "allowlist", problem) for problem in problems]
        findings, unused = apply_waivers(findings, waivers)
        diagnostics += [
            Diagnostic(allowlist_path, w.line, w.column, "warning", "stale-waiver", stale_waiver_message(w))
            for w in unused
        ]
    for name, found in findings.items():
        diagnostics += [_error(display_path(root / name), f) for f in found]
    return diagnostics, seen


def _plain(markdown: str) -> str:
    """Page text with the renderer's escapes undone, so a match fingerprints as in its source."""
    return html.unescape(_BACKSLASH_ESCAPE.sub(r"\1", markdown))


def scan_pages(
    docs: Path,
    pages: Mapping[str, PageText],
    seen: Iterable[tuple[str, str]],
    allowed: frozenset[str],
    cache: RunCache,
) -> list[Diagnostic]:
    """Findings in generated pages that no source file explains."""
    known = set(seen)
    # The printable page repeats pages scanned here already.
    scanned = [name for name, page in pages.items() if not page.compiled]
    scans = _remembered_scans("secrets-pages", [pages[name].content for name in scanned], allowed, cache, _plain)
    return [
        _error(display_path(docs / name), finding)
        for name, found in zip(scanned, scans, strict=True)
        for finding in found
        if (finding.kind, finding.fingerprint) not in known
    ]
