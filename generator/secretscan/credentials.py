"""Project rules for provider keys, passwords and connection strings.

detect-secrets covers some of these shapes too (see secretscan_detect_secrets); these rules add
the prefixes and contexts it misses and give each match its exact position.
"""

from __future__ import annotations

import re

from generator.secretscan.engine import Detector, LineRule, has_letter_and_digit, is_placeholder

_NOT_TOKEN_BEFORE = r"(?<![A-Za-z0-9_-])"
_NOT_TOKEN_AFTER = r"(?![A-Za-z0-9_-])"


def _real_token(match: re.Match[str]) -> bool:
    """Prefix shapes also appear in placeholders such as sk-xxxxxxxx…; real keys mix letters and digits."""
    value = match.group()
    return has_letter_and_digit(value) and not is_placeholder(value)


def _stripe_description(match: re.Match[str]) -> str:
    value = match.group()
    if value.startswith("whsec_"):
        return "Stripe webhook signing secret"
    # Publishable keys are meant for browsers, but a runbook has no use for one and a pasted
    # live key names a customer's Stripe account, so they are reported like the others.
    role = {"sk": "secret", "rk": "restricted", "pk": "publishable"}[value[:2]]
    mode = " (test mode)" if value[3:8] == "test_" else ""
    return f"Stripe {role} key{mode}"


def _google_description(match: re.Match[str]) -> str:
    value = match.group()
    if value.startswith("GOCSPX-"):
        return "Google OAuth client secret"
    if value.startswith("ya29."):
        return "Google OAuth access token"
    return "Google API key"


PROVIDER_KEY_RULES: tuple[Detector, ...] = (
    LineRule(
        "anthropic-key",
        re.compile(_NOT_TOKEN_BEFORE + r"sk-ant-[A-Za-z0-9_-]{24,}"),
        anchors=("sk-ant-",),
        accept=_real_token,
    ),
    LineRule(
        "openai-key",
        re.compile(_NOT_TOKEN_BEFORE + r"sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
        anchors=("sk-",),
        accept=_real_token,
    ),
    LineRule(
        "stripe-key",
        re.compile(
            _NOT_TOKEN_BEFORE
            + r"(?:(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}|whsec_[0-9A-Za-z]{24,})"
            + _NOT_TOKEN_AFTER
        ),
        anchors=("_live_", "_test_", "whsec_"),
        accept=_real_token,
        describe=_stripe_description,
    ),
    LineRule(
        "paypal-token",
        re.compile(r"access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}"),
        anchors=("access_token$",),
        description="PayPal access token",
    ),
    LineRule(
        "paypal-token",
        re.compile(
            r"paypal[\w.-]*?secret[\w.-]*[\"'\]]?[ \t]*(?:=>|:=|=|:)[ \t]*[\"']?"
            r"(?P<value>[A-Za-z0-9_-]{32,})",
            re.IGNORECASE,
        ),
        anchors=("paypal",),
        ignore_case_anchors=True,
        group="value",
        description="PayPal client secret",
        accept=_real_token,
    ),
    LineRule(
        "github-token",
        re.compile(
            _NOT_TOKEN_BEFORE + r"(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})" + _NOT_TOKEN_AFTER
        ),
        anchors=("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
        accept=_real_token,
    ),
    LineRule(
        "google-api-key",
        re.compile(
            _NOT_TOKEN_BEFORE
            + r"(?:AIza[0-9A-Za-z_-]{35}|GOCSPX-[0-9A-Za-z_-]{28}|ya29\.[0-9A-Za-z_-]{20,})"
            + _NOT_TOKEN_AFTER
        ),
        anchors=("AIza", "GOCSPX-", "ya29."),
        accept=_real_token,
        describe=_google_description,
    ),
    LineRule(
        "aws-access-key",
        re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Z0-9])"),
        anchors=("AKIA", "ASIA", "ABIA", "ACCA"),
    ),
    LineRule(
        "aws-secret-key",
        re.compile(
            r"aws[\w.-]*?secret[\w.-]*[\"'\]]?[ \t]*(?:=>|:=|=|:)[ \t]*[\"']?"
            r"(?P<value>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
            re.IGNORECASE,
        ),
        anchors=("aws",),
        ignore_case_anchors=True,
        group="value",
        accept=_real_token,
    ),
    LineRule(
        "private-key",
        # The BEGIN line alone is often quoted in prose; a key block has a body right after it.
        re.compile(
            r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[ \t]*\r?\n[ \t]*"
            r"(?:[A-Za-z0-9+/=]{16,}|[A-Za-z-]+: [^\n]+)"
            r"|PuTTY-User-Key-File-\d+: [^\n]+"
        ),
        anchors=("PRIVATE KEY", "PuTTY-User-Key-File-"),
        reach=200,
    ),
)
