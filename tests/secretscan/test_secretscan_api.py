"""Behaviour of scan_text and finding_message beyond the corpus: overlaps, contacts, positions."""

from __future__ import annotations

import hashlib

from generator.secretscan import KINDS, Finding, finding_message, scan_text

STRIPE_KEY = "sk_live_51FAKE0B3JrTAwR4y9ojfljoQoTESTONLY"


def kinds(text: str, allowed: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    return [(finding.line, finding.column, finding.kind) for finding in scan_text(text, allowed=allowed)]


def test_overlapping_rules_give_one_finding_of_the_most_specific_kind() -> None:
    # The keyword rule, detect-secrets' Stripe plugin and the project's Stripe rule all match.
    assert kinds(f"STRIPE_SECRET_KEY={STRIPE_KEY}") == [(1, 19, "stripe-key")]
    assert kinds("postgres://app:s3cr3t-fake@10.0.0.12/shop") == [(1, 1, "connection-string")]


def test_findings_are_sorted_and_positions_count_from_one_on_every_line() -> None:
    text = f"intro\n\n  key {STRIPE_KEY}\ncall +1 415 555 0134 or 4242 4242 4242 4242"
    assert kinds(text) == [(3, 7, "stripe-key"), (4, 6, "phone-number"), (4, 25, "card-number")]
    findings = scan_text(text)
    assert findings == sorted(findings)


def test_finding_fields() -> None:
    (finding,) = scan_text(f"key: {STRIPE_KEY}")
    assert finding == Finding(
        line=1,
        column=6,
        kind="stripe-key",
        description="Stripe secret key",
        preview=f"sk_l… ({len(STRIPE_KEY)} chars)",
        fingerprint=hashlib.sha256(STRIPE_KEY.encode()).hexdigest()[:16],
    )
    assert finding.kind in KINDS


def test_short_secrets_show_less_than_four_characters() -> None:
    (finding,) = scan_text("password: Hunt3r!!")
    assert finding.preview == "Hu… (8 chars)"


def test_message_names_kind_and_fingerprint_but_not_the_secret() -> None:
    (finding,) = scan_text(f"key: {STRIPE_KEY}")
    message = finding_message(finding)
    assert message.startswith("possible Stripe secret key sk_l… (42 chars) must not be published;")
    assert f"kind 'stripe-key' and fingerprint '{finding.fingerprint}'" in message
    assert "source/allowlist.yaml" in message
    assert STRIPE_KEY[:5] not in message


def test_role_contacts_are_allowed_case_insensitively_and_by_digits() -> None:
    text = "Write to Support@Acme-Plugins.com or call +1 (415) 555-0134; customer: fake.buyer.01@gmail.com"
    allowed = frozenset({"support@acme-plugins.com", "+1 415 555 0134"})
    assert kinds(text, allowed) == [(1, 72, "email-address")]
    assert [kind for _, _, kind in kinds(text)] == ["email-address", "phone-number", "email-address"]


def test_role_numbers_match_in_national_form_and_mailto_addresses_match() -> None:
    allowed = frozenset({"+44 20 7946 0101", "mailto:Support@Acme-Plugins.com"})
    assert kinds("call 020 7946 0101 or 0044 20 7946 0101, write support@acme-plugins.com", allowed) == []
    assert kinds("call 020 7946 0102", allowed) == [(1, 6, "phone-number")]


def test_documentation_domains_are_not_customer_addresses() -> None:
    text = "jane@example.com, a@shop.example, b@site.test, c@x.invalid, d@example.org, e@host.localhost"
    assert kinds(text) == []


def test_test_cards_are_still_card_numbers() -> None:
    assert kinds("Use 4242 4242 4242 4242 in test mode") == [(1, 5, "card-number")]
    assert scan_text("4242-4242-4242-4242")[0].description == "payment card number (Visa)"


def test_publishable_and_test_stripe_keys_are_reported() -> None:
    findings = scan_text("pk_test_51FAKEEOzdmenCkhvMdgaKjIg8TESTONLY")
    assert [finding.description for finding in findings] == ["Stripe publishable key (test mode)"]


def test_loopback_and_unspecified_addresses_are_fine_but_private_ones_are_not() -> None:
    assert kinds("bind 127.0.0.1 or 0.0.0.0 or ::1") == []
    assert kinds("db at 192.168.1.20") == [(1, 7, "ip-address")]


def test_prose_about_passwords_is_not_a_password() -> None:
    prose = (
        "Never share the password. Rotate the database password. Send the password reset link.\n"
        "Password: see the vault. password = a long random string. The password: field stays blank."
    )
    assert kinds(prose) == []


def test_empty_and_plain_texts() -> None:
    assert scan_text("") == []
    assert scan_text("Nothing to see here.\n") == []


def test_crlf_line_endings_keep_columns() -> None:
    assert kinds("first\r\nsecond pwd=Sup3rFake\r\n") == [(2, 12, "password")]
