"""Refuse to publish secrets: scan every source file and every generated page.

Findings in source YAML point at the file, line and column to fix. A generated page is scanned
too, for anything the templates could assemble from harmless parts; a match already reported
(or waived) in a source file is not reported again on the pages that show it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.memo import digest, enabled, memo
from generator.model import OwnersFile
from generator.project import display_path
from generator.render import RenderedPage
from generator.secretscan import (
    Finding,
    apply_waivers,
    finding_message,
    parse_allowlist_text,
    scan_text,
    stale_waiver_message,
)

ALLOWLIST_FILE = "allowlist.yaml"
_BACKSLASH_ESCAPE = re.compile(r"\\([\\`*_\[\]{}|#!])")

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
    return sorted(p for p in root.rglob("*.yaml") if p.is_file() and p.relative_to(root).as_posix() != ALLOWLIST_FILE)


def _error(path: str, finding: Finding) -> Diagnostic:
    return Diagnostic(path, finding.line, finding.column, "error", f"secret-{finding.kind}", finding_message(finding))


def _remembered_scan(kind: str, text: str, allowed: frozenset[str]) -> list[Finding]:
    """scan_text, remembered between runs (generator/memo.py): an unchanged text is not scanned again."""
    if not enabled():
        return scan_text(text, allowed=allowed)
    return memo(kind).remember(digest(text, *sorted(allowed)), partial(scan_text, text, allowed=allowed))


def scan_sources(root: Path, allowed: frozenset[str]) -> tuple[list[Diagnostic], Seen]:
    """Findings in every YAML file under ``root`` less the reviewed waivers, and what was seen."""
    findings: dict[str, list[Finding]] = {}
    for path in _source_files(root):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the loader reports unreadable files with their place
        found = _remembered_scan("secrets-sources", text, allowed)
        if found:
            findings[path.relative_to(root).as_posix()] = found
    seen = {(f.kind, f.fingerprint) for found in findings.values() for f in found}
    diagnostics: list[Diagnostic] = []
    allowlist = root / ALLOWLIST_FILE
    if allowlist.is_file():
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
    docs: Path, pages: Mapping[str, RenderedPage], seen: Iterable[tuple[str, str]], allowed: frozenset[str]
) -> list[Diagnostic]:
    """Findings in generated pages that no source file explains."""
    known = set(seen)
    diagnostics = []
    for name, page in pages.items():
        if page.compiled:
            continue  # the printable page repeats pages scanned here already
        for finding in _remembered_scan("secrets-pages", _plain(page.content), allowed):
            if (finding.kind, finding.fingerprint) not in known:
                diagnostics.append(_error(display_path(docs / name), finding))
    return diagnostics
