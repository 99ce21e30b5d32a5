"""Pasted raw logs: PHP fatal errors, stack traces, cookies and session IDs.

Prose that names these things ("look for the PHP fatal error", "the PHPSESSID cookie") is fine;
the rules need the shape of the log line itself: a colon and a file path, a frame with a line
number, a cookie name with a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.secretscan.engine import Detector, LineRule, ScanText, has_letter_and_digit
from generator.secretscan.kinds import Candidate

PHP_FATAL_RULE = LineRule(
    "php-fatal-error",
    re.compile(
        r"(?:PHP )?Fatal error:[ \t]+(?:Uncaught\b[^\n]*"
        r"|[^\n]*? in (?:/|[A-Za-z]:\\)[^\n]*?\.(?:php|inc)\b[^\n]*)"
    ),
    anchors=("fatal error:",),
    ignore_case_anchors=True,
)

PYTHON_TRACEBACK_RULE = LineRule(
    "stack-trace",
    re.compile(r"Traceback \(most recent call last\):"),
    anchors=("Traceback (most recent call last):",),
    description="pasted Python traceback",
)

# PHP prints "Stack trace:" and then numbered frames; one finding covers the header and the
# first frame, and a frame list pasted without its header is caught by its "#0 /path" line.
PHP_STACK_RULE = LineRule(
    "stack-trace",
    re.compile(
        r"(?:Stack trace:[ \t]*\r?\n[ \t]*)?(?<![^\s])#0 (?:/|[A-Za-z]:\\|\[internal function\]|\{main\})[^\n]*"
    ),
    anchors=("Stack trace:", "#0 "),
    reach=400,
    description="pasted PHP stack trace",
)

# JavaScript and Java frames: "    at render (admin.js:2:10423)" or "\tat com.x.Y(Y.java:10)".
_FRAME_GATE = re.compile(r":\d+(?::\d+)?\)?[ \t]*(?:\r?$|\n)", re.MULTILINE)
_FRAME_RE = re.compile(
    r"[ \t]+(?P<frame>at [^\n]*?(?:\([^()\n]*:\d+(?::\d+)?\)|[^\s()]+:\d+:\d+))[ \t]*\r?$",
    re.MULTILINE,
)


def _frame_runs(scan: ScanText) -> Iterator[Candidate]:
    """One finding per run of consecutive frame lines, at its first frame."""
    text = scan.text
    for start, end in scan.lines_matching(_FRAME_GATE):
        match = _FRAME_RE.match(text, start, end)
        if match is None:
            continue
        if start > 0:
            previous_start = text.rfind("\n", 0, start - 1) + 1
            if _FRAME_RE.match(text, previous_start, start - 1):
                continue
        yield Candidate(match.start("frame"), match.end("frame"), "stack-trace", "pasted stack trace")


def _session_value(match: re.Match[str]) -> bool:
    return has_letter_and_digit(match.group())


COOKIE_RULES: tuple[Detector, ...] = (
    LineRule(
        "cookie",
        re.compile(r"(?<![\w-])(?:Set-)?Cookie:[ \t]*[\w.%-]+=[^;\s]{4,}", re.IGNORECASE),
        anchors=("cookie:",),
        ignore_case_anchors=True,
        description="pasted cookie header",
    ),
    LineRule(
        "session-id",
        re.compile(
            r"(?<![\w-])(?:PHPSESSID|JSESSIONID|laravel_session|session[_-]?id|sess[_-]?id|sid)"
            r"[ \t]*[=:][ \t]*[\"']?[A-Za-z0-9%,._-]{16,}",
            re.IGNORECASE,
        ),
        anchors=("sessid", "session", "sid=", "sid:", "sid ="),
        ignore_case_anchors=True,
        accept=_session_value,
    ),
)

LOG_RULES: tuple[Detector, ...] = (
    PHP_FATAL_RULE,
    PYTHON_TRACEBACK_RULE,
    PHP_STACK_RULE,
    _frame_runs,
    *COOKIE_RULES,
)

# The 'wordpress' rule set (switched on in runbook.yaml): its login and shop session cookies.
WP_COOKIE_RULES: tuple[Detector, ...] = (
    LineRule(
        "cookie",
        re.compile(r"(?<![\w-])wordpress_(?:logged_in_|sec_)?[0-9a-f]{32}=[^;\s]+"),
        anchors=("wordpress_",),
        description="WordPress login cookie",
    ),
    LineRule(
        "session-id",
        re.compile(r"(?<![\w-])wp_woocommerce_session_[0-9a-f]{32}=[^;\s]+"),
        anchors=("wp_woocommerce_session_",),
        description="WooCommerce session cookie",
    ),
)
