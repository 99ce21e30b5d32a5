"""Nothing secret gets published: pasted keys, cards, e-mails (and purchase codes, where on) stop check and build."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import ROOT, run

STRIPE_KEY = "sk_live_51FAKE0B3JrTAwR4y9ojfljoQoTESTONLY"
PURCHASE_CODE = "8f2a61c4-1d3e-4b7a-9c55-0e6f3a2b9d17"
TEST_CARD = "4242 4242 4242 4242"
CUSTOMER_EMAIL = "jane.doe@gmail.com"


def _paste(source: Path, value: str) -> None:
    page = source / "operations" / "error-reports.yaml"
    page.write_text(page.read_text().replace("What an error report contains.", f"Seen with {value} today."))


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (STRIPE_KEY, "Stripe secret key sk_l… (42 chars)"),
        (TEST_CARD, "card number"),
        (CUSTOMER_EMAIL, "e-mail address"),
    ],
)
def test_pasted_secret_fails_check_with_its_place(base_source: Path, value: str, kind: str) -> None:
    _paste(base_source, value)
    result = run("check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith("source/operations/error-reports.yaml:3:20: error: possible ")
    assert kind.lower() in lines[0].lower()
    assert value not in result.stderr, "the secret itself must never be printed"


def test_purchase_codes_are_secret_only_where_the_runbook_switches_their_rule_set_on(base_source: Path) -> None:
    _paste(base_source, PURCHASE_CODE)
    assert run("check").exit_code == 0  # to the generic rules a UUID is a request id, not a secret
    runbook = base_source / "runbook.yaml"
    runbook.write_text(runbook.read_text() + "secret_scan:\n  rule_sets: [envato-purchase-codes]\n")
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        "source/operations/error-reports.yaml:3:20: error: possible Envato purchase code 8f2a… (36 chars) "
    )
    assert PURCHASE_CODE not in result.stderr


def test_secret_stops_the_build_and_nothing_is_published(base_source: Path) -> None:
    Path("mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    _paste(base_source, STRIPE_KEY)
    result = run("build", "--site-dir", "site")
    assert result.exit_code == 1
    assert "possible Stripe secret key" in result.stderr
    assert not Path("site").exists()
    assert not Path("docs").exists()


def test_role_address_declared_by_an_owner_is_allowed(base_source: Path) -> None:
    owners = base_source / "owners.yaml"
    owners.write_text(
        owners.read_text().replace(
            "      - method: chat\n        value: support channel",
            "      - method: email\n        value: support@sophmate-support.net",
        )
    )
    _paste(base_source, "support@sophmate-support.net")
    result = run("check")
    assert result.exit_code == 0, result.stderr


def test_waiver_silences_one_finding_and_a_stale_waiver_warns(base_source: Path) -> None:
    _paste(base_source, TEST_CARD)
    fingerprint = hashlib.sha256(TEST_CARD.encode()).hexdigest()[:16]
    (base_source / "allowlist.yaml").write_text(
        "waivers:\n"
        f"  - file: operations/error-reports.yaml\n    kind: card-number\n    fingerprint: {fingerprint}\n"
        "    reason: Stripe's public test card, quoted on purpose in the testing guide.\n"
        "  - file: operations/contacting-support.yaml\n    kind: card-number\n    fingerprint: 0123456789abcdef\n"
        "    reason: An old example that was removed.\n"
    )
    result = run("check")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "source/allowlist.yaml:6:5: warning: waiver for kind 'card-number' with fingerprint '0123456789abcdef' "
        "in 'operations/contacting-support.yaml' matches nothing; remove it from source/allowlist.yaml"
    )
    assert run("check", "--strict").exit_code == 1


def test_waiver_without_reason_is_an_error(base_source: Path) -> None:
    _paste(base_source, TEST_CARD)
    fingerprint = hashlib.sha256(TEST_CARD.encode()).hexdigest()[:16]
    (base_source / "allowlist.yaml").write_text(
        f"waivers:\n  - file: operations/error-reports.yaml\n    kind: card-number\n    fingerprint: {fingerprint}\n"
    )
    result = run("check")
    assert result.exit_code == 1
    assert "has no reason" in result.stderr
    assert "source/operations/error-reports.yaml:3:20: error: possible" in result.stderr


def test_source_has_no_secret_unless_waived_for_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    """The runbook in source/ passes the scan under --strict: nothing found, or each finding waived in
    its allowlist.yaml with a reason, and no waiver left that matches nothing (any runbook may keep one)."""
    monkeypatch.chdir(ROOT)
    result = run("check", "--strict")
    assert result.exit_code == 0, result.stderr
    assert " error: " not in result.stderr and " warning: " not in result.stderr


def test_generate_reports_a_key_split_over_lines_at_its_yaml_line(base_source: Path) -> None:
    page = base_source / "operations" / "error-reports.yaml"
    page.write_text(
        page.read_text().replace(
            "summary: What an error report contains.", f'summary: "Seen with {STRIPE_KEY[:15]}\\\n  {STRIPE_KEY[15:]}"'
        )
    )
    result = run("generate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("source/operations/error-reports.yaml:3:21: error: possible Stripe")
    assert "docs/" not in result.stderr
    assert not Path("docs").exists()


def test_format_characters_are_every_unicode_format_character() -> None:
    """The scan removes exactly Unicode's category Cf, which the running Python knows."""
    import sys
    import unicodedata

    from generator.checks.leakcheck import FORMAT_CHARACTERS

    every = "".join(chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf")
    assert FORMAT_CHARACTERS.sub("", every) == ""
    assert len(FORMAT_CHARACTERS.findall("".join(chr(code) for code in range(0x3000)))) == sum(
        1 for code in range(0x3000) if unicodedata.category(chr(code)) == "Cf"
    )
