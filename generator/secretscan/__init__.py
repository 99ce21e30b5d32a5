"""Find secrets and personal data in source YAML values and generated pages before publishing.

``scan_text`` reports where a text holds an API key, a password, card or bank data, personal
contact details or a pasted raw log (and, with a platform's rule set switched on, that platform's
own secrets, such as marketplace purchase codes); each finding carries a redacted preview
and a fingerprint that a reviewed waiver in source/allowlist.yaml can name. The functions here
are pure: callers read files, map positions and print messages.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from functools import lru_cache

from generator.secretscan.allowlist import (
    Waiver,
    apply_waivers,
    parse_allowlist,
    parse_allowlist_text,
    stale_waiver_message,
)
from generator.secretscan.credentials import PROVIDER_KEY_RULES
from generator.secretscan.detectsecrets import detect_tokens
from generator.secretscan.engine import AnchorIndex, Detector, LineRule, ScanText
from generator.secretscan.kinds import KIND_DESCRIPTIONS, KIND_RANK, KINDS, Candidate, Finding
from generator.secretscan.logs import LOG_RULES, WP_COOKIE_RULES
from generator.secretscan.passwords import PASSWORD_RULES, SETTING_ANCHORS, WP_CONFIG_RULES
from generator.secretscan.payment import PAYMENT_RULES, PURCHASE_CODE_RULE
from generator.secretscan.personal import PERSONAL_RULES, phone_digits

__all__ = [
    "KINDS",
    "KIND_DESCRIPTIONS",
    "RULE_SETS",
    "Finding",
    "Waiver",
    "apply_waivers",
    "finding_message",
    "parse_allowlist",
    "parse_allowlist_text",
    "scan_text",
    "stale_waiver_message",
]

DETECTORS: tuple[Detector, ...] = (
    *PROVIDER_KEY_RULES,
    detect_tokens,
    *PASSWORD_RULES,
    *PAYMENT_RULES,
    *PERSONAL_RULES,
    *LOG_RULES,
)
"""The generic rules, on for every runbook."""

RULE_SETS: dict[str, tuple[Detector, ...]] = {
    "envato-purchase-codes": (PURCHASE_CODE_RULE,),
    "wordpress": (*WP_CONFIG_RULES, *WP_COOKIE_RULES),
}
"""Rules that belong to one platform, each switched on by a runbook's secret_scan.rule_sets."""


@lru_cache(maxsize=8)
def _scanner(rule_sets: frozenset[str]) -> tuple[tuple[Detector, ...], AnchorIndex]:
    """The detectors for the generic rules plus ``rule_sets``, and every anchor they look up.

    The anchors are searched for all together in each text, so they are indexed once per set.
    """
    detectors = DETECTORS + tuple(rule for name in sorted(rule_sets) for rule in RULE_SETS[name])
    anchors = AnchorIndex(
        [key for detector in detectors if isinstance(detector, LineRule) for key in detector.anchor_keys]
        + [(anchor, True) for anchor in SETTING_ANCHORS]
    )
    return detectors, anchors


PREVIEW_CHARS = 4
FINGERPRINT_CHARS = 16


def fingerprint(matched: str) -> str:
    """The waiver fingerprint: the first 16 hex digits of the SHA-256 of the exact match."""
    return hashlib.sha256(matched.encode("utf-8")).hexdigest()[:FINGERPRINT_CHARS]


def preview(matched: str) -> str:
    """A redacted preview such as 'sk_l… (32 chars)'.

    Short matches show fewer characters (a quarter of their length at most), so that a short
    password is never half printed.
    """
    shown = matched[: min(PREVIEW_CHARS, len(matched) // 4)].split("\n")[0]
    return f"{shown}… ({len(matched)} chars)"


@lru_cache(maxsize=64)
def _allowed_contacts(allowed: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Role e-mail addresses (lower-cased) and phone numbers (digits only) declared by owners."""
    emails = frozenset(entry.strip().lower().removeprefix("mailto:") for entry in allowed if "@" in entry)
    phones = frozenset(
        phone_digits(entry).lstrip("0") for entry in allowed if "@" not in entry and len(phone_digits(entry)) >= 6
    )
    return emails, phones


def _same_phone(found: str, declared: str) -> bool:
    """Equal digits, or the national form of the same number: 020 7946 0101 is +44 20 7946 0101."""
    if found == declared:
        return True
    shorter, longer = sorted((found, declared), key=len)
    return len(shorter) >= 9 and longer.endswith(shorter)


def _is_allowed(candidate: Candidate, matched: str, allowed: frozenset[str]) -> bool:
    if not allowed or candidate.kind not in ("email-address", "phone-number"):
        return False
    emails, phones = _allowed_contacts(allowed)
    if candidate.kind == "email-address":
        return matched.lower() in emails
    digits = phone_digits(matched).lstrip("0")
    return any(_same_phone(digits, declared) for declared in phones)


def _most_specific(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per span: the most specific kind wins, then the longer match.

    Kept spans never overlap, so they are held sorted by start (and so by end too) and each
    candidate is checked against its two neighbours only: a line of 60,000 findings compared
    each with every span kept took minutes.
    """
    kept: list[Candidate] = []
    starts: list[int] = []
    ends: list[int] = []
    ranked = sorted(candidates, key=lambda c: (KIND_RANK[c.kind], c.start - c.end, c.start))
    for candidate in ranked:
        # The first kept span that ends after this one starts is the only one that can overlap
        # it from the left or inside; any later span starts after that one ends.
        index = bisect.bisect_right(ends, candidate.start)
        if index < len(kept) and starts[index] < candidate.end:
            continue
        kept.insert(index, candidate)
        starts.insert(index, candidate.start)
        ends.insert(index, candidate.end)
    return kept


class _Lines:
    """Line and column of offsets into one text, from its line starts found once."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]

    def place(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


_NEWLINE = re.compile("\n")


def _finding(text: str, candidate: Candidate, lines: _Lines) -> Finding:
    matched = text[candidate.start : candidate.end]
    line, column = lines.place(candidate.start)
    return Finding(
        line=line,
        column=column,
        kind=candidate.kind,
        description=candidate.description,
        preview=preview(matched),
        fingerprint=fingerprint(matched),
    )


def scan_text(
    text: str, *, allowed: frozenset[str] = frozenset(), rule_sets: frozenset[str] = frozenset()
) -> list[Finding]:
    """Findings in `text`, sorted, one per span (the most specific kind wins).

    `allowed` holds the role e-mail addresses and phone numbers declared in source/owners.yaml;
    addresses compare case-insensitively and phone numbers by their digits. `rule_sets` names
    the platform rule sets (keys of RULE_SETS) to apply on top of the generic rules.
    """
    unknown = rule_sets - RULE_SETS.keys()
    if unknown:
        raise ValueError(f"unknown secret-scan rule sets: {', '.join(sorted(unknown))}")
    detectors, anchors = _scanner(rule_sets)
    scan = ScanText(text, anchors)
    candidates = [
        candidate
        for detector in detectors
        for candidate in detector(scan)
        if candidate.end > candidate.start
        and not _is_allowed(candidate, text[candidate.start : candidate.end], allowed)
    ]
    if not candidates:
        return []
    lines = _Lines(text)
    return sorted({_finding(text, candidate, lines) for candidate in _most_specific(candidates)})


def finding_message(finding: Finding) -> str:
    """The error text for a finding, telling how to remove or waive it."""
    return (
        f"possible {finding.description} {finding.preview} must not be published; remove it, "
        f"or waive it in source/allowlist.yaml with kind '{finding.kind}' and fingerprint "
        f"'{finding.fingerprint}' and a reason"
    )
