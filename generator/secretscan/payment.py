"""Payment card numbers, IBANs and marketplace purchase codes, each confirmed by its own checksum or shape."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.secretscan.engine import ByteGate, Detector, LineRule, ScanText, byte_mask
from generator.secretscan.kinds import Candidate


def _number_class(char: str) -> str:
    """'0' for a digit, '-' for a space or dash (card number separators), '.' for other number punctuation.

    '?' stands for every character outside Latin-1 as well, and some of those are digits.
    """
    if char.isdecimal() or char == "?":
        return "0"
    if char in " -":
        return "-"
    return "." if char in "\t.()/:+" else "x"


NUMBER_MASK = byte_mask(_number_class)

# Lines holding a run of at least eight characters of digits and number punctuation: every
# card number, IBAN, phone number and IPv4 address has one, while most prose lines do not.
NUMBER_GATE = ByteGate(re.compile(rb"0[0.-]{6,}0"), NUMBER_MASK, exact=re.compile(r"\d[\d \t.()/:+-]{6,}\d"))
# Thirteen digits or more with at most a space or a dash between each two, in NUMBER_MASK: the
# least a card number needs. A line holding them always passes NUMBER_GATE.
_CARD_SHAPE = re.compile(rb"0(?:-?0){12}")

# The 'envato-purchase-codes' rule set (switched on in runbook.yaml). Envato marketplace
# purchase codes are UUIDs; people retype them in upper case or with spaces around the hyphens,
# so both are accepted. Any UUID counts: we cannot tell them apart, which is why the rule is
# off unless a runbook deals in purchase codes (elsewhere a UUID is a request id or a key
# nobody can use).
PURCHASE_CODE_RULE = LineRule(
    "purchase-code",
    re.compile(
        r"(?<![0-9A-Za-z])[0-9a-fA-F]{8}(?:[ \t]*-[ \t]*[0-9a-fA-F]{4}){3}[ \t]*-[ \t]*[0-9a-fA-F]{12}"
        r"(?![0-9A-Za-z])"
    ),
    gate=ByteGate(re.compile(rb"-[ \t]*[0-9a-fA-F]{4}[ \t]*-")),  # faster over bytes, same lines
)

# Digit groups separated by single spaces or dashes. Not after '#' (order numbers), '+'
# (phone numbers), '.' or ',' (decimals and versions), or a letter (identifiers).
_DIGIT_RUN_RE = re.compile(r"(?<![\w#+.,/:-])\d+(?:[ -]\d+)*(?![\w]|[.,/:]\d)")
_DIGITS_RE = re.compile(r"\d+")


def luhn_valid(digits: str) -> bool:
    """Whether a digit string passes the Luhn checksum used by every card scheme."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def card_brand(digits: str) -> str | None:
    """The card scheme for an issuer prefix and length, or None when no scheme fits."""
    length = len(digits)
    two, three, four = int(digits[:2]), int(digits[:3]), int(digits[:4])
    if digits[0] == "4" and length in (13, 16, 19):
        return "Visa"
    if (51 <= two <= 55 or 2221 <= four <= 2720) and length == 16:
        return "Mastercard"
    if two in (34, 37) and length == 15:
        return "American Express"
    if length < 14:
        return None
    if four == 6011 or 644 <= three <= 649 or two == 65:
        return "Discover"
    if 3528 <= four <= 3589:
        return "JCB"
    if 300 <= three <= 305 or two in (36, 38, 39):
        return "Diners Club"
    if two == 62:
        return "UnionPay"
    if two in (50, 56, 57, 58, 63, 67):
        return "Maestro"
    return None


def _card_numbers(scan: ScanText) -> Iterator[Candidate]:
    text, mask = scan.text, scan.mask(NUMBER_MASK)
    for start, end in scan.lines_matching(NUMBER_GATE):
        if not _CARD_SHAPE.search(mask, start, end):
            continue
        for run in _DIGIT_RUN_RE.finditer(text, start, end):
            groups = [(group.start(), group.end()) for group in _DIGITS_RE.finditer(text, run.start(), run.end())]
            yield from _cards_in_groups(text, groups)


def _cards_in_groups(text: str, groups: list[tuple[int, int]]) -> Iterator[Candidate]:
    """Card numbers made of consecutive digit groups, longest first from each group on."""
    first = 0
    while first < len(groups):
        found = None
        digits = ""
        for last in range(first, len(groups)):
            digits += text[groups[last][0] : groups[last][1]]
            if len(digits) > 19:
                break
            if len(digits) >= 13 and luhn_valid(digits):
                brand = card_brand(digits)
                if brand is not None:
                    found = (last, brand)
        if found is None:
            first += 1
            continue
        last, brand = found
        yield Candidate(groups[first][0], groups[last][1], "card-number", f"payment card number ({brand})")
        first = last + 1


# Total IBAN length per country (ISO 13616 registry).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20,
    "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18,
    "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30,
    "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
    "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28,
    "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19, "SK": 24,
    "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
}  # fmt: skip

_IBAN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{1,4}){3,8}")


def iban_valid(compact: str) -> bool:
    """Whether an IBAN without spaces has its country's length and a valid mod-97 checksum."""
    if IBAN_LENGTHS.get(compact[:2].upper()) != len(compact):
        return False
    rearranged = (compact[4:] + compact[:4]).upper()
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _ibans(scan: ScanText) -> Iterator[Candidate]:
    text = scan.text
    for start, end in scan.lines_matching(NUMBER_GATE):
        for match in _IBAN_RE.finditer(text, start, end):
            length = IBAN_LENGTHS.get(match.group()[:2].upper())
            if length is None:
                continue
            # The pattern may run on into the next word; cut it at the country's length.
            stop, kept = match.start(), 0
            while stop < match.end() and kept < length:
                kept += text[stop] != " "
                stop += 1
            compact = text[match.start() : stop].replace(" ", "")
            next_char = text[stop : stop + 1]
            if next_char.isalnum() or not iban_valid(compact):
                continue
            yield Candidate(match.start(), stop, "iban", f"IBAN ({compact[:2].upper()})")


PAYMENT_RULES: tuple[Detector, ...] = (_card_numbers, _ibans)
