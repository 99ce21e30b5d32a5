"""Parsing source/allowlist.yaml, applying waivers and reporting stale ones."""

from __future__ import annotations

import pytest

from generator.secretscan import (
    Waiver,
    apply_waivers,
    parse_allowlist,
    parse_allowlist_text,
    scan_text,
    stale_waiver_message,
)

FINGERPRINT = "3fa1c0ffee000001"
REASON = "Documentation address from RFC 5737, shown on purpose."


def entry(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "file": "source/operations/contacting-support.yaml",
        "kind": "ip-address",
        "fingerprint": FINGERPRINT,
        "reason": REASON,
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not None}


def test_valid_allowlist() -> None:
    waivers, problems = parse_allowlist(
        {"waivers": [entry(file="./source\\operations/a.yaml", fingerprint="3FA1C0FFEE000001")]}
    )
    assert problems == []
    assert waivers == [Waiver("source/operations/a.yaml", "ip-address", FINGERPRINT, REASON, 0, 0)]


@pytest.mark.parametrize("data", [None, {}, {"waivers": None}, {"waivers": []}])
def test_empty_allowlists(data: object) -> None:
    assert parse_allowlist(data) == ([], [])


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "must be a mapping with a 'waivers' list"),
        ({"waivers": {}}, "'waivers' must be a list"),
        ({"waivers": [], "notes": "x"}, "unknown top-level key 'notes'"),
        ({"waivers": ["x"]}, "waiver 1 must be a mapping"),
        ({"waivers": [entry(reason=None)]}, "waiver 1 has no reason"),
        ({"waivers": [entry(reason="   ")]}, "waiver 1 has no reason"),
        ({"waivers": [entry(kind="api-key")]}, "unknown kind 'api-key'"),
        ({"waivers": [entry(fingerprint="3fa1")]}, "not the 16 hexadecimal digits"),
        ({"waivers": [entry(file=None)]}, "is missing 'file'"),
        ({"waivers": [entry(file=3)]}, "'file' to be a non-empty string"),
        ({"waivers": [entry(line=3, note="x")]}, "unknown key(s) line, note"),
        ({"waivers": [entry(), entry()]}, "waiver 2 repeats waiver 1"),
    ],
)
def test_allowlist_problems(data: object, problem: str) -> None:
    waivers, problems = parse_allowlist(data)
    assert any(problem in message for message in problems), problems
    if isinstance(data, dict) and isinstance(data.get("waivers"), list) and len(data["waivers"]) == 2:
        assert len(waivers) == 1
    else:
        assert waivers == []


def test_allowlist_text_knows_entry_positions() -> None:
    text = (
        "waivers:\n"
        "  - file: source/a.yaml\n"
        "    kind: ip-address\n"
        f"    fingerprint: '{FINGERPRINT}'\n"
        "    reason: RFC 5737 documentation address.\n"
        "  - file: source/b.yaml\n"
        "    kind: ip-address\n"
        f"    fingerprint: '{FINGERPRINT}'\n"
    )
    waivers, problems = parse_allowlist_text(text)
    assert [(waiver.file, waiver.line, waiver.column) for waiver in waivers] == [("source/a.yaml", 2, 5)]
    assert problems == [
        "waiver 2 (line 6, column 5) has no reason; every waiver needs a reason a reviewer can check: add 'reason: …'"
    ]


def test_allowlist_text_that_is_not_yaml() -> None:
    waivers, problems = parse_allowlist_text("waivers: [\n")
    assert waivers == [] and problems[0].startswith("the allowlist is not valid YAML")


def test_waiver_removes_exactly_its_finding_and_stale_waivers_are_returned() -> None:
    text = "visitor 203.0.113.45 and 198.51.100.7"
    first, second = scan_text(text)
    used = Waiver("source/a.yaml", "ip-address", first.fingerprint, "RFC 5737 address", 4, 5)
    other_file = Waiver("source/b.yaml", "ip-address", second.fingerprint, "other file", 9, 5)
    other_kind = Waiver("source/a.yaml", "phone-number", second.fingerprint, "other kind", 14, 5)
    remaining, unused = apply_waivers(
        {"./source/a.yaml": [first, second], "docs/page.md": []}, [used, other_file, other_kind]
    )
    assert remaining == {"./source/a.yaml": [second], "docs/page.md": []}
    assert unused == [other_file, other_kind]


def test_one_waiver_covers_the_same_match_repeated_in_a_file() -> None:
    findings = scan_text("203.0.113.45\n203.0.113.45")
    waiver = Waiver("page.md", "ip-address", findings[0].fingerprint, "documented example")
    assert apply_waivers({"page.md": findings}, [waiver]) == ({"page.md": []}, [])


def test_stale_waiver_message() -> None:
    waiver = Waiver("source/a.yaml", "ip-address", FINGERPRINT, "gone", 4, 5)
    assert stale_waiver_message(waiver) == (
        f"waiver for kind 'ip-address' with fingerprint '{FINGERPRINT}' in 'source/a.yaml' matches nothing; "
        "remove it from source/allowlist.yaml"
    )
