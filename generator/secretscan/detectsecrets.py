"""Keys and tokens found with detect-secrets' plugins, and generic high-entropy strings.

The plugins are instantiated here and only their pure parts are called (``analyze_string`` and
``calculate_shannon_entropy``), so detect-secrets' global settings object is neither read nor
changed, no baseline or file is touched, and no secret is ever sent out for verification.
Every plugin used here looks for tokens of 20 or more characters, so a cheap byte-level pass
picks the few lines that hold such a token and the plugins run on those lines only.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.secretscan.engine import LineBounds, ScanText, byte_mask, has_letter_and_digit
from generator.secretscan.kinds import KIND_DESCRIPTIONS, Candidate
from generator.secretscan.payment import NUMBER_MASK


# Plugin -> our kind. Left out: KeywordDetector (our password rules need a value that looks like
# a value), PrivateKeyDetector (fires on a BEGIN line quoted in prose), BasicAuthDetector (our
# connection-string rule reports the whole address), IPPublicDetector (our IP rule is stricter
# about versions), and the keyword-based IBM, SoftLayer, Cloudant and Artifactory plugins, which
# fire on ordinary words.
@dataclass(frozen=True)
class _Plugins:
    line: tuple[tuple[Any, str], ...]
    base64: Any
    hex: Any
    is_potential_uuid: Callable[[str], bool]
    is_sequential_string: Callable[[str], bool]


@cache
def _plugins() -> _Plugins:
    """detect-secrets' plugins, imported on first use: the import costs ~0.2 s and most texts
    never hold a token long enough to need them."""
    from detect_secrets.filters.heuristic import is_potential_uuid, is_sequential_string
    from detect_secrets.plugins.aws import AWSKeyDetector
    from detect_secrets.plugins.azure_storage_key import AzureStorageKeyDetector
    from detect_secrets.plugins.discord import DiscordBotTokenDetector
    from detect_secrets.plugins.github_token import GitHubTokenDetector
    from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
    from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString, HexHighEntropyString
    from detect_secrets.plugins.jwt import JwtTokenDetector
    from detect_secrets.plugins.mailchimp import MailchimpDetector
    from detect_secrets.plugins.npm import NpmDetector
    from detect_secrets.plugins.openai import OpenAIDetector
    from detect_secrets.plugins.pypi_token import PypiTokenDetector
    from detect_secrets.plugins.sendgrid import SendGridDetector
    from detect_secrets.plugins.slack import SlackDetector
    from detect_secrets.plugins.square_oauth import SquareOAuthDetector
    from detect_secrets.plugins.stripe import StripeDetector
    from detect_secrets.plugins.telegram_token import TelegramBotTokenDetector
    from detect_secrets.plugins.twilio import TwilioKeyDetector

    line_plugins = (
        (AWSKeyDetector(), "aws-access-key"),
        (AzureStorageKeyDetector(), "api-token"),
        (DiscordBotTokenDetector(), "api-token"),
        (GitHubTokenDetector(), "github-token"),
        (GitLabTokenDetector(), "api-token"),
        (JwtTokenDetector(), "jwt"),
        (MailchimpDetector(), "api-token"),
        (NpmDetector(), "api-token"),
        (OpenAIDetector(), "openai-key"),
        (PypiTokenDetector(), "api-token"),
        (SendGridDetector(), "api-token"),
        (SlackDetector(), "api-token"),
        (SquareOAuthDetector(), "api-token"),
        (StripeDetector(), "stripe-key"),
        (TelegramBotTokenDetector(), "api-token"),
        (TwilioKeyDetector(), "api-token"),
    )
    return _Plugins(
        line_plugins, Base64HighEntropyString(), HexHighEntropyString(), is_potential_uuid, is_sequential_string
    )


_AWS_KEY_ID_RE = re.compile(r"(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}")

MIN_TOKEN_LENGTH = 20

_TOKEN_CHARS = frozenset(string.ascii_letters + string.digits + "_-+/")
_JOINED_TOKEN_CHARS = _TOKEN_CHARS | {"."}
_TOKEN_MASK = byte_mask(lambda char: "x" if char in _TOKEN_CHARS else " ")
_TOKEN_RUN = b"x" * MIN_TOKEN_LENGTH
_HEX_CHARS = frozenset(string.hexdigits)
_AWS_SECRET_CHARS = frozenset(string.ascii_letters + string.digits + "/+")
_UPPER_RE = re.compile(r"[A-Z]")
_LOWER_RE = re.compile(r"[a-z]")
_SEPARATOR_RE = re.compile(r"[-_/]")


def token_spans(scan: ScanText) -> list[tuple[int, int]]:
    """Runs of at least 20 key characters (letters, digits, _-+/ and trailing '=' padding)."""
    # A byte mask turns the search into a plain substring search, far faster than a regular
    # expression over every character.
    text, length = scan.text, len(scan.text)
    mask = scan.mask(_TOKEN_MASK)
    spans = []
    start = mask.find(_TOKEN_RUN)
    while start != -1:
        end = mask.find(b" ", start)
        if end == -1:
            end = length
        padded = end
        while padded < length and text[padded] == "=":
            padded += 1
        spans.append((start, padded))
        start = mask.find(_TOKEN_RUN, end)
    return spans


def entropy_limit(token: str) -> float:
    """Entropy a random token of this length clears 95% of the time; at most detect-secrets' 4.5."""
    return min(float(_plugins().base64.entropy_limit), math.log2(len(token)) - 0.8)


def _in_url(text: str, start: int) -> bool:
    """Documentation links are long and varied; keys in them are left to the prefix rules."""
    # Search back only to the line start: three unbounded rfinds made a long page quadratic.
    line_start = text.rfind("\n", 0, start)
    word_start = max(line_start, text.rfind(" ", line_start + 1, start), text.rfind("\t", line_start + 1, start)) + 1
    prefix = text[word_start:start]
    return "://" in prefix or prefix.startswith("www.")


def _random_looking(token: str) -> bool:
    """Mixed letters and digits, and not a lower-case slug or path such as wp-content/uploads/2024."""
    if not has_letter_and_digit(token) or _plugins().is_sequential_string(token) or _plugins().is_potential_uuid(token):
        return False
    return bool(_UPPER_RE.search(token)) or not _SEPARATOR_RE.search(token)


class _TokenScan:
    """Classifies the long tokens of one text: provider shapes first, then entropy."""

    def __init__(self, scan: ScanText) -> None:
        self.scan = scan
        self._aws_id_lines: set[int] | None = None

    def line_number(self, offset: int) -> int:
        return self.scan.text.count("\n", 0, offset)

    def near_aws_key_id(self, offset: int) -> bool:
        """Whether an AWS access key ID sits within two lines of the offset."""
        if self._aws_id_lines is None:
            text = self.scan.text
            self._aws_id_lines = {self.line_number(m.start()) for m in _AWS_KEY_ID_RE.finditer(text)}
        line = self.line_number(offset)
        return any(abs(line - other) <= 2 for other in self._aws_id_lines)

    def classify(self, start: int, end: int) -> Candidate | None:
        token = self.scan.text[start:end]
        if _in_url(self.scan.text, start) or not _random_looking(token):
            return None
        if len(token) == 40 and set(token) <= _AWS_SECRET_CHARS and self.near_aws_key_id(start):
            return Candidate(start, end, "aws-secret-key", KIND_DESCRIPTIONS["aws-secret-key"])
        if len(token) == 80 and token[0] == "E" and _LOWER_RE.search(token) and _UPPER_RE.search(token):
            return Candidate(start, end, "paypal-token", "PayPal REST client secret")
        if set(token) <= _HEX_CHARS:
            if _plugins().hex.calculate_shannon_entropy(token) <= _plugins().hex.entropy_limit:
                return None
        elif _plugins().base64.calculate_shannon_entropy(token) <= entropy_limit(token):
            return None
        return Candidate(start, end, "high-entropy-secret", KIND_DESCRIPTIONS["high-entropy-secret"])


def _plugin_findings(text: str, bounds: LineBounds) -> Iterator[Candidate]:
    line_start, line_end = bounds
    line = text[line_start:line_end]
    for plugin, kind in _plugins().line:
        for value in set(plugin.analyze_string(line)):
            found_kind = kind
            if kind == "aws-access-key" and not _AWS_KEY_ID_RE.fullmatch(value):
                found_kind = "aws-secret-key"
            description = plugin.secret_type if found_kind == "api-token" else KIND_DESCRIPTIONS[found_kind]
            offset = line.find(value)
            while offset != -1:
                start, end = _whole_token(line, offset, offset + len(value))
                yield Candidate(line_start + start, line_start + end, found_kind, description)
                offset = line.find(value, offset + len(value))


def _whole_token(line: str, start: int, end: int) -> tuple[int, int]:
    """Widen a plugin's match to the whole token around it.

    Some plugin patterns stop early (the JWT one leaves out the signature), and the rest of the
    token would otherwise come back as a second, high-entropy finding.
    """
    while start > 0 and line[start - 1] in _JOINED_TOKEN_CHARS:
        start -= 1
    while end < len(line) and (
        line[end] in _TOKEN_CHARS or (line[end] in ".=" and line[end + 1 : end + 2] in _JOINED_TOKEN_CHARS)
    ):
        end += 1
    while end < len(line) and line[end] == "=":
        end += 1
    return start, end


def detect_tokens(scan: ScanText) -> Iterator[Candidate]:
    """detect-secrets plugin hits and high-entropy strings among the text's long tokens."""
    tokens = _TokenScan(scan)
    plugin_lines: set[LineBounds] = set()
    # Most runs are words, slugs and paths without a digit; the number mask tells so without
    # copying them out of the text.
    digits = scan.mask(NUMBER_MASK)
    for start, end in token_spans(scan):
        if digits.find(b"0", start, end) == -1 or not has_letter_and_digit(scan.text[start:end]):
            continue
        plugin_lines.add(scan.line_bounds(start))
        candidate = tokens.classify(start, end)
        if candidate is not None:
            yield candidate
    for bounds in sorted(plugin_lines):
        yield from _plugin_findings(scan.text, bounds)
