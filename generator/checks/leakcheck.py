"""Refuse to publish secrets: scan every source file and every generated page.

Findings in source YAML point at the file, line and column to fix. A source file is scanned as
written and, where YAML would change the text, value by value as YAML reads it: escapes
(``\\x73k_live``), a line continued with a backslash, and invisible format characters such
as a zero-width space cannot split a key into harmless parts. A generated page is scanned too,
for anything the templates could assemble from harmless parts; a match already reported (or
waived) in a source file is not reported again on the pages that show it.
"""

from __future__ import annotations

import codecs
import dataclasses
import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Protocol

from generator.diagnostics import Diagnostic, display_path, line_column
from generator.runtime.identity import IdentityMemo
from generator.runtime.memo import RunCache, digest
from generator.runtime.parallel import parallel_map
from generator.secretscan import (
    Finding,
    Waiver,
    apply_waivers,
    finding_message,
    parse_allowlist,
    scan_text,
    stale_waiver_message,
)
from generator.source.encoding import source_text
from generator.source.load import cannot_read, parse_yaml
from generator.source.model import OwnersFile, Runbook
from generator.source.parsecache import read_known
from generator.source.project import ALLOWLIST_FILE, regular_files, unreadable_kind
from generator.source.yamlvalues import decoded_scalars

_BACKSLASH_ESCAPE = re.compile(r"\\([\\`*_\[\]{}|#!])")
_FORMAT_CLASS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
FORMAT_CHARACTERS = re.compile(f"[{_FORMAT_CLASS}]")
"""Unicode's format characters (category Cf): invisible, so one inside a key hides it from a pattern."""
_FORMAT_SET = frozenset(
    chr(code)
    for first, last in re.findall("(.)(?:-(.))?", _FORMAT_CLASS, re.DOTALL)
    for code in range(ord(first), ord(last or first) + 1)
)


def has_format_characters(text: str) -> bool:
    """Whether ``text`` holds a format character: a set lookup per character, twice as fast as the regex's search."""
    return not text.isascii() and not _FORMAT_SET.isdisjoint(text)


class PageText(Protocol):
    """A generated page as the scan sees it (generator.pages.view.RenderedPage is one)."""

    @property
    def content(self) -> str: ...

    @property
    def compiled(self) -> bool: ...


Seen = set[tuple[str, str]]
"""(kind, fingerprint) pairs found in the sources, waived or not."""


def rule_sets_of(runbook: Runbook) -> frozenset[str]:
    """The platform rule sets a runbook switches on in runbook.yaml."""
    return frozenset(runbook.secret_scan.rule_sets)


def role_contacts(owners: OwnersFile | None) -> frozenset[str]:
    """The role e-mail addresses and phone numbers that owners.yaml declares on purpose."""
    if owners is None:
        return frozenset()
    return frozenset(
        contact.value for owner in owners.owners for contact in owner.contact if contact.method in ("email", "phone")
    )


def _source_files(root: Path) -> list[Path]:
    """YAML files to scan: regular files inside ``root`` only (the loader reports the others)."""
    return [p for p in regular_files(root, ".yaml") if p.relative_to(root).as_posix() != ALLOWLIST_FILE]


_WAIVER_PLACE = re.compile(r"\(line (\d+), column (\d+)\)")


def _read_allowlist(path: Path, shown: str) -> tuple[list[Waiver], list[Diagnostic]]:
    """The waivers of allowlist.yaml, read as every source file is (its limits, its YAML messages).

    Each problem of a waiver is placed on the waiver's line; a problem of the file as a whole at its start.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        return [], [Diagnostic(shown, 1, 1, "error", "unreadable", cannot_read(error))]
    parsed, problems = parse_yaml(shown, raw)
    problems = [problem for problem in problems if problem.code != "empty-file"]  # no waivers: allowed
    if problems or parsed.data is None:
        return [], problems
    entries = parsed.data.get("waivers") if isinstance(parsed.data, dict) else None
    count = len(entries) if isinstance(entries, list) else 0
    positions = [parsed.place(("waivers", index))[:2] for index in range(count)]
    waivers, messages = parse_allowlist(parsed.data, positions=positions)
    diagnostics = []
    for message in messages:
        place = _WAIVER_PLACE.search(message)
        line, column = (int(place.group(1)), int(place.group(2))) if place else (1, 1)
        diagnostics.append(Diagnostic(shown, line, column, "error", "allowlist", message))
    return waivers, diagnostics


def _error(path: str, finding: Finding) -> Diagnostic:
    return Diagnostic(path, finding.line, finding.column, "error", f"secret-{finding.kind}", finding_message(finding))


def _remembered_scans(
    kind: str,
    texts: Sequence[str],
    allowed: frozenset[str],
    rule_sets: frozenset[str],
    cache: RunCache,
    prepare: Callable[[str], str] | None = None,
    *,
    keys: Sequence[str] | None = None,
    scanner: Callable[..., list[Finding]] | None = None,
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
        # What else a scan depends on, digested once (not once per text: a contact list sorted 10,000 times).
        salt = digest("rule-sets:" + ",".join(sorted(rule_sets)), *sorted(allowed))
        keys = [digest(key, salt) for key in digests]
    results: list[list[Finding] | None] = [store.get(key) for key in keys] if store is not None else [None] * len(texts)
    missing = [i for i, found in enumerate(results) if found is None]
    scan = (
        partial(scanner, allowed=allowed, rule_sets=rule_sets)
        if scanner
        else partial(_scan, allowed=allowed, rule_sets=rule_sets, prepare=prepare)
    )
    scanned = parallel_map(scan, [texts[i] for i in missing])
    for i, found in zip(missing, scanned, strict=True):
        results[i] = found
        if store is not None:
            store.put(keys[i], found)
    return [found or [] for found in results]


def _scan(
    text: str, *, allowed: frozenset[str], rule_sets: frozenset[str], prepare: Callable[[str], str] | None
) -> list[Finding]:
    return scan_text(prepare(text) if prepare else text, allowed=allowed, rule_sets=rule_sets)


def scan_source(
    text: str, *, allowed: frozenset[str] = frozenset(), rule_sets: frozenset[str] = frozenset()
) -> list[Finding]:
    """Findings in a YAML file: in its text as written, and in each value as YAML decodes it.

    A value is scanned again only when decoding changes it (a double-quoted value with a
    backslash) or when it holds a format character, which is removed first. A finding there
    that the text as written lacks is placed where the match starts in the file, and replaces
    what the text as written showed of the same word (the tail of an escaped key, say).
    """
    found = scan_text(text, allowed=allowed, rule_sets=rule_sets)
    if "\\" not in text and not has_format_characters(text):
        return found
    seen = {(finding.kind, finding.fingerprint) for finding in found}
    decoded: list[Finding] = []
    words: list[tuple[int, int]] = []
    for start, end, value in decoded_scalars(text):
        written = text[start:end]
        if "\\" not in written and not FORMAT_CHARACTERS.search(written):
            continue
        visible = FORMAT_CHARACTERS.sub("", value)
        for finding in scan_text(visible, allowed=allowed, rule_sets=rule_sets):
            if (finding.kind, finding.fingerprint) in seen:
                continue
            seen.add((finding.kind, finding.fingerprint))
            at = _written_offset(text, start, end, visible, finding)
            word_end = _WORD_END.search(text, at)
            words.append((at, word_end.start() if word_end else len(text)))
            line, column = line_column(text, at)
            decoded.append(dataclasses.replace(finding, line=line, column=column))
    if not decoded:
        return found
    line_starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]
    kept = [
        finding
        for finding in found
        if not any(a <= line_starts[finding.line - 1] + finding.column - 1 < b for a, b in words)
    ]
    return sorted(kept + decoded)


_NEWLINE = re.compile("\n")
_WORD_END = re.compile(r"[\s\"']|\Z")


def _written_offset(text: str, start: int, end: int, value: str, finding: Finding) -> int:
    """Where in the file a finding in a decoded value written at ``text[start:end]`` starts.

    The match's first characters are looked for in the value as written; when an escape
    changed them, later characters of the match are, and the written text before those that
    decodes to the characters skipped is where the match starts. Failing both, the finding goes
    at the start of the value.
    """
    value_lines = value.split("\n")
    offset = sum(len(line) + 1 for line in value_lines[: finding.line - 1]) + finding.column - 1
    for skip in (0, 4, 8, 12):
        probe = value[offset + skip : offset + skip + 8]
        found = text.find(probe, start, end) if len(probe) == 8 else -1
        if found < 0:
            continue
        skipped = value[offset : offset + skip]
        # An escape is at most ten characters long (\UXXXXXXXX), so the skipped characters
        # are written in at most ten times as many.
        for before in range(found - skip, max(start, found - 10 * skip) - 1, -1):
            if _unescaped(text[before:found]) == skipped:
                return before
    return start


def _unescaped(written: str) -> str:
    """Double-quoted YAML text as it reads, for the escapes Python shares with YAML."""
    try:
        decoded = codecs.decode(written, "unicode_escape") if "\\" in written else written
    except ValueError:  # not an escape Python knows, or text outside Latin-1 around one
        return ""
    return FORMAT_CHARACTERS.sub("", decoded)


def scan_sources(
    root: Path, allowed: frozenset[str], cache: RunCache, rule_sets: frozenset[str] = frozenset()
) -> tuple[list[Diagnostic], Seen]:
    """Findings in every YAML file under ``root`` less the reviewed waivers, and what was seen.

    ``rule_sets`` are the platform rule sets runbook.yaml switches on, on top of the generic rules.
    """
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
        "secrets-sources",
        list(texts.values()),
        allowed,
        rule_sets,
        cache,
        keys=keys if cache.enabled else None,
        scanner=scan_source,
    )
    findings = {name: found for name, found in zip(texts, scans, strict=True) if found}
    seen = {(f.kind, f.fingerprint) for found in findings.values() for f in found}
    diagnostics: list[Diagnostic] = []
    allowlist = root / ALLOWLIST_FILE
    if allowlist.is_file() and not unreadable_kind(allowlist, root):
        allowlist_path = display_path(allowlist)
        waivers, problems = _read_allowlist(allowlist, allowlist_path)
        diagnostics += problems
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
    text = html.unescape(_BACKSLASH_ESCAPE.sub(r"\1", markdown))
    return FORMAT_CHARACTERS.sub("", text) if has_format_characters(text) else text


_page_digest: IdentityMemo[str] = IdentityMemo(lambda page: digest(page.content))


def scan_pages(
    docs: Path,
    pages: Mapping[str, PageText],
    seen: Iterable[tuple[str, str]],
    allowed: frozenset[str],
    cache: RunCache,
    rule_sets: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Findings in generated pages that no source file explains."""
    known = set(seen)
    # The printable page repeats pages scanned here already.
    scanned = [name for name, page in pages.items() if not page.compiled]
    texts = [pages[name].content for name in scanned]
    # A page taken from the page cache is the same object as last run: its digest is not worked out again.
    keys = [_page_digest(pages[name]) for name in scanned] if cache.enabled else None
    scans = _remembered_scans("secrets-pages", texts, allowed, rule_sets, cache, _plain, keys=keys)
    return [
        _error(display_path(docs / name), finding)
        for name, found in zip(scanned, scans, strict=True)
        for finding in found
        if (finding.kind, finding.fingerprint) not in known
    ]
