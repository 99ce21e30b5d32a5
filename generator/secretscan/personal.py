"""Customers' e-mail addresses and phone numbers, and IP addresses."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from generator.secretscan.engine import ByteGate, Detector, LineRule, ScanText
from generator.secretscan.kinds import Candidate
from generator.secretscan.payment import NUMBER_GATE

_EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})"
    r"(?![\w-]|\.[A-Za-z0-9])"
)
# RFC 2606 reserves these names for documentation, so an address there belongs to nobody.
_DOCUMENTATION_DOMAINS = frozenset({"example.com", "example.net", "example.org", "localhost"})
_DOCUMENTATION_SUFFIXES = (
    ".example.com",
    ".example.net",
    ".example.org",
    ".example",
    ".test",
    ".invalid",
    ".localhost",
)
# "logo@2x.png" is an image name, not an address.
_FILE_SUFFIXES = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "css", "js", "php", "json"})


def _customer_address(match: re.Match[str]) -> bool:
    domain = match.group("domain").lower()
    if domain in _DOCUMENTATION_DOMAINS or domain.endswith(_DOCUMENTATION_SUFFIXES):
        return False
    return domain.rsplit(".", 1)[1] not in _FILE_SUFFIXES


EMAIL_RULE = LineRule("email-address", _EMAIL_RE, anchors=("@",), accept=_customer_address)

# Phone numbers: international +CC form, or national forms with a trunk prefix, an area code in
# brackets, or the North American 3-3-4 grouping. None of these shapes fit versions (dots
# between short groups), ISO dates (4-2-2), times (colons) or order numbers (after '#').
# Fictional ranges (555-01xx, 020 7946 0xxx) are deliberately not exempt: a shape cannot tell
# a made-up number from a real one, and role numbers belong in source/owners.yaml.
_PHONE_RE = re.compile(
    r"(?<![\w+#./:-])(?:"
    r"\+[1-9]\d{0,2}(?:[ .-]?\(\d{1,4}\))?[ .-]?\d{1,5}(?:[ .-]\d{1,5}){0,5}"
    r"|(?:\(\d{2,5}\)[ .-]?|0\d{2,4}[ .-])\d{3,4}[ .-]?\d{3,4}"
    r"|\d{3}[.-]\d{3}[.-]\d{4}"
    r")(?![\w]|[.:/-]\d)"
)
_NON_DIGITS_RE = re.compile(r"\D")


def phone_digits(value: str) -> str:
    """The digits of a phone number, which is how role numbers are compared."""
    return _NON_DIGITS_RE.sub("", value)


def _plausible_phone(match: re.Match[str]) -> bool:
    return 9 <= len(phone_digits(match.group())) <= 15


PHONE_RULE = LineRule("phone-number", _PHONE_RE, gate=NUMBER_GATE, accept=_plausible_phone)

# Exactly four octets, not inside a longer dotted number such as a four-part version.
_IPV4_RE = re.compile(
    r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    r"(?![\w]|\.\d)"
)
# Loopback and the unspecified address name no machine and appear in ordinary setup steps;
# every other address, private ranges included, tells outsiders about a customer's network.
_HARMLESS_IPS = frozenset({"127.0.0.1", "0.0.0.0", "::1", "::"})


# Four-part versions look exactly like addresses; they follow a product name, which is written
# in CamelCase (GitHub, PostgreSQL) or is a browser, or a word such as "version".
_CAMEL_CASE_WORD_RE = re.compile(r"\b[A-Za-z]*[a-z][A-Z][A-Za-z]*[ \t]*:?[ \t]*\Z")
_VERSION_WORD_RE = re.compile(
    r"\b(?:version|versions|ver|release|build|chrome|chromium|edge|firefox|safari|opera|windows)[ \t]*:?[ \t]*\Z",
    re.IGNORECASE,
)


def _address_not_version(match: re.Match[str]) -> bool:
    if match.group() in _HARMLESS_IPS:
        return False
    text, start = match.string, match.start()
    window_start = max(0, start - 40)
    return not (
        _VERSION_WORD_RE.search(text, window_start, start) or _CAMEL_CASE_WORD_RE.search(text, window_start, start)
    )


IPV4_RULE = LineRule("ip-address", _IPV4_RE, gate=NUMBER_GATE, accept=_address_not_version, description="IPv4 address")

_DIGIT_RE = re.compile(r"\d")
_IPV6_GATE = ByteGate(re.compile(rb":[0-9A-Fa-f]{0,4}:"))  # faster over bytes, same lines
_IPV6_CANDIDATE_RE = re.compile(r"(?<![\w:.])[0-9A-Fa-f:]{2,39}(?![\w:]|\.\d)")


def _ipv6_addresses(scan: ScanText) -> Iterator[Candidate]:
    text = scan.text
    for start, end in scan.lines_matching(_IPV6_GATE):
        for match in _IPV6_CANDIDATE_RE.finditer(text, start, end):
            value = match.group()
            # A digit keeps out scope operators made of hex letters, such as Feed::add.
            if value.count(":") < 2 or value in _HARMLESS_IPS or not _DIGIT_RE.search(value):
                continue
            try:
                ipaddress.IPv6Address(value)
            except ValueError:
                continue
            yield Candidate(match.start(), match.end(), "ip-address", "IPv6 address")


PERSONAL_RULES: tuple[Detector, ...] = (EMAIL_RULE, PHONE_RULE, IPV4_RULE, _ipv6_addresses)
