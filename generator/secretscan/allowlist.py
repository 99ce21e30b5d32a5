"""Reviewable waivers for false positives, read from source/allowlist.yaml.

A waiver names a file, a kind and the fingerprint of one exact match, with a reason a reviewer
can check. It never holds the matched text, so the allowlist itself leaks nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import yaml

from generator.secretscan.kinds import KINDS, Finding

WAIVER_KEYS = ("file", "kind", "fingerprint", "reason")
_FINGERPRINT_RE = re.compile(r"^[0-9a-f]{16}$")
Position = tuple[int, int]


@dataclass(frozen=True)
class Waiver:
    """One reviewed exception; line and column locate its entry in allowlist.yaml (0 if unknown)."""

    file: str
    kind: str
    fingerprint: str
    reason: str
    line: int = 0
    column: int = 0


def normalize_path(path: str) -> str:
    """Paths compare with forward slashes and without a leading './'."""
    normalized = path.strip().replace("\\", "/")
    while normalized.startswith("./"):
        normalized = normalized[2:]
    return normalized


def _entry_problems(entry: object, label: str) -> list[str]:
    if not isinstance(entry, Mapping):
        return [f"{label} must be a mapping with the keys {', '.join(WAIVER_KEYS)}; write each on its own line"]
    problems = []
    extra = sorted(str(key) for key in entry if key not in WAIVER_KEYS)
    if extra:
        problems.append(f"{label} has unknown key(s) {', '.join(extra)}; a waiver has exactly {', '.join(WAIVER_KEYS)}")
    for key in WAIVER_KEYS:
        value = entry.get(key)
        if key == "reason" and (value is None or (isinstance(value, str) and not value.strip())):
            problems.append(f"{label} has no reason; every waiver needs a reason a reviewer can check: add 'reason: …'")
        elif value is None:
            problems.append(f"{label} is missing '{key}'; add '{key}: …' (the error being waived prints it)")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{label} needs '{key}' to be a non-empty string")
    kind = entry.get("kind")
    if isinstance(kind, str) and kind.strip() and kind.strip() not in KINDS:
        problems.append(f"{label} has unknown kind '{kind}'; known kinds: {', '.join(sorted(KINDS))}")
    fingerprint = entry.get("fingerprint")
    if isinstance(fingerprint, str) and fingerprint.strip() and not _FINGERPRINT_RE.match(fingerprint.strip().lower()):
        problems.append(f"{label} has fingerprint '{fingerprint}', not the 16 hexadecimal digits the error printed")
    return problems


def parse_allowlist(data: object, *, positions: Sequence[Position] = ()) -> tuple[list[Waiver], list[str]]:
    """Waivers from the parsed allowlist YAML, and problems as messages.

    An entry with a problem is left out, so its finding still fails the build. `positions`
    gives the 1-based (line, column) of each entry when the caller knows them.
    """
    if data is None:
        return [], []
    if not isinstance(data, Mapping):
        return [], ["the allowlist must be a mapping with a 'waivers' list"]
    problems = [f"unknown top-level key '{key}'; only 'waivers' is allowed" for key in data if key != "waivers"]
    entries = data.get("waivers")
    if entries is None:
        return [], problems
    if not isinstance(entries, list):
        return [], [*problems, "'waivers' must be a list of waivers"]
    waivers: list[Waiver] = []
    seen: dict[tuple[str, str, str], int] = {}
    for index, entry in enumerate(entries, start=1):
        line, column = positions[index - 1] if index <= len(positions) else (0, 0)
        label = f"waiver {index}" + (f" (line {line}, column {column})" if line else "")
        entry_problems = _entry_problems(entry, label)
        if entry_problems or not isinstance(entry, Mapping):
            problems.extend(entry_problems)
            continue
        waiver = Waiver(
            file=normalize_path(entry["file"]),
            kind=entry["kind"].strip(),
            fingerprint=entry["fingerprint"].strip().lower(),
            reason=entry["reason"].strip(),
            line=line,
            column=column,
        )
        key = (waiver.file, waiver.kind, waiver.fingerprint)
        if key in seen:
            problems.append(f"{label} repeats waiver {seen[key]}; remove one of them")
            continue
        seen[key] = index
        waivers.append(waiver)
    return waivers, problems


def _entry_positions(node: yaml.Node | None) -> list[Position]:
    if not isinstance(node, yaml.MappingNode):
        return []
    for key_node, value_node in node.value:
        if key_node.value == "waivers" and isinstance(value_node, yaml.SequenceNode):
            return [(item.start_mark.line + 1, item.start_mark.column + 1) for item in value_node.value]
    return []


def parse_allowlist_text(text: str) -> tuple[list[Waiver], list[str]]:
    """Like parse_allowlist, from the YAML text itself, so that waivers know their lines."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        return [], [f"the allowlist is not valid YAML: {error}".replace("\n", " ")]
    finally:
        loader.dispose()
    return parse_allowlist(data, positions=_entry_positions(node))


def apply_waivers(
    findings_by_file: dict[str, list[Finding]], waivers: list[Waiver]
) -> tuple[dict[str, list[Finding]], list[Waiver]]:
    """Findings no waiver covers (same files as given), and the waivers that matched nothing."""
    by_key: dict[tuple[str, str, str], list[int]] = {}
    for index, waiver in enumerate(waivers):
        key = (normalize_path(waiver.file), waiver.kind, waiver.fingerprint.lower())
        by_key.setdefault(key, []).append(index)
    used: set[int] = set()
    remaining: dict[str, list[Finding]] = {}
    for path, findings in findings_by_file.items():
        file = normalize_path(path)
        kept = []
        for finding in findings:
            matching = by_key.get((file, finding.kind, finding.fingerprint))
            if matching:
                used.update(matching)
            else:
                kept.append(finding)
        remaining[path] = kept
    unused = [waiver for index, waiver in enumerate(waivers) if index not in used]
    return remaining, unused


def stale_waiver_message(waiver: Waiver) -> str:
    """The warning for a waiver that matched no finding."""
    return (
        f"waiver for kind '{waiver.kind}' with fingerprint '{waiver.fingerprint}' in '{waiver.file}' "
        "matches nothing; remove it from source/allowlist.yaml"
    )
