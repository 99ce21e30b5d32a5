"""The kinds of secret the scanner reports, and the records it passes around."""

from __future__ import annotations

from dataclasses import dataclass

# Slug -> default description, most specific first: when two candidates overlap, the kind
# listed earlier wins. Provider prefixes beat checksum-confirmed shapes, which beat
# keyword-based rules, which beat entropy and contact-detail shapes. Slugs are stable:
# waivers in source/allowlist.yaml name them.
KIND_DESCRIPTIONS: dict[str, str] = {
    "private-key": "private key block",
    "anthropic-key": "Anthropic API key",
    "openai-key": "OpenAI API key",
    "stripe-key": "Stripe secret key",
    "paypal-token": "PayPal access token or client secret",
    "github-token": "GitHub token",
    "google-api-key": "Google API key",
    "aws-access-key": "AWS access key ID",
    "aws-secret-key": "AWS secret access key",
    "api-token": "API token",
    "jwt": "JSON Web Token",
    "wp-salt": "WordPress authentication key or salt",
    "purchase-code": "Envato purchase code",
    "iban": "IBAN",
    "card-number": "payment card number",
    "connection-string": "connection string with a password",
    "password": "password",
    "secret-assignment": "value of a secret-named setting",
    "session-id": "session ID",
    "cookie": "cookie value",
    "php-fatal-error": "pasted PHP fatal error",
    "stack-trace": "pasted stack trace",
    "high-entropy-secret": "high-entropy string (likely a key or token)",
    "email-address": "e-mail address",
    "phone-number": "phone number",
    "ip-address": "IP address",
}

KINDS: frozenset[str] = frozenset(KIND_DESCRIPTIONS)
KIND_RANK: dict[str, int] = {kind: rank for rank, kind in enumerate(KIND_DESCRIPTIONS)}


@dataclass(frozen=True, order=True)
class Finding:
    """One possible secret in a scanned text; it never holds the secret itself."""

    line: int
    column: int
    kind: str
    description: str
    preview: str
    fingerprint: str


@dataclass(frozen=True)
class Candidate:
    """A match before overlaps are resolved: offsets into the whole scanned text."""

    start: int
    end: int
    kind: str
    description: str

    def overlaps(self, other: Candidate) -> bool:
        """Whether the two spans share at least one character."""
        return self.start < other.end and other.start < self.end
