"""Passwords and secrets assigned to settings, wp-config.php defines and connection strings.

Runbook prose talks about passwords all the time ("rotate the database password"), so a rule
fires only on an assignment whose right-hand side looks like a value, not like words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.secretscan.engine import (
    Detector,
    LineRule,
    ScanText,
    has_letter_and_digit,
    is_placeholder,
    is_template,
)
from generator.secretscan.kinds import Candidate

# The keyword is found first (anchors, ignoring case); the key around it is then split into
# words, so that "bypass", "passwordless" or "password_reset_url" are not taken for a password
# setting. None of them can overlap itself, so every occurrence is a separate place to look.
SETTING_ANCHORS = ("pass", "pwd", "secret", "token", "key")
_ASSIGNMENT_RE = re.compile(
    r"(?<![\w.-])(?P<key>[A-Za-z_][\w.-]{0,60}?)[\"'\]]?[ \t]*(?P<op>=>|:=|=|:)[ \t]*"
    r"(?P<quote>[\"']?)(?P<value>[^\s\"'`,;&]*[^\s\"'`.,;:&)\]])(?P=quote)"
)
_KEYWORD_THEN_OPERATOR_RE = re.compile(r"[\w.-]*[\"'\]]?[ \t]*(?:=>|:=|=|:)")
_KEY_CHAR_RE = re.compile(r"[\w.-]")
_KEY_WORD_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
_PASSWORD_WORDS = frozenset({"password", "passwd", "passphrase", "pass", "pwd", "pw"})
_SECRET_WORDS = frozenset({"secret", "token"})
_KEY_QUALIFIERS = frozenset({"api", "auth", "private", "client", "secret", "access", "signing"})
# Right-hand sides that describe a value instead of being one.
_NOT_VALUES = frozenset(
    {
        "none", "null", "nil", "true", "false", "empty", "blank", "hidden", "required",
        "optional", "string", "str", "text", "secret", "password", "token", "value", "unset",
        "undefined", "n/a", "tbd", "todo", "same", "masked", "changed", "reset", "random",
        "generated", "auto", "yes", "no",
    }
)  # fmt: skip
_ENV_REFERENCE_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_VALUE_LIKE_RE = re.compile(r"\d|[^\w\s.-]|[a-z][A-Z]")


def _setting_kind(key: str) -> str | None:
    """'password' or 'secret-assignment' when the key's last word names a secret, else None."""
    words = [word.lower() for word in _KEY_WORD_RE.findall(key)]
    if not words:
        return None
    last = words[-1]
    if last in _PASSWORD_WORDS:
        return "password"
    if last in _SECRET_WORDS:
        return "secret-assignment"
    if last == "key" and len(words) > 1 and words[-2] in _KEY_QUALIFIERS:
        return "secret-assignment"
    if last == "apikey":
        return "secret-assignment"
    return None


def _looks_like_value(value: str, op: str, quoted: bool) -> bool:
    """Whether the right-hand side of an assignment is a real value rather than prose."""
    if len(value) < 4 or value.lower() in _NOT_VALUES or is_placeholder(value):
        return False
    # Variables, calls and lookups ($password, os.environ["DB_PASSWORD"], getenv(...)) name a
    # secret kept elsewhere, as detect-secrets' is_indirect_reference filter also assumes; a
    # leading '<' or '{' is a template cut short at a space (<your password>).
    if value[0] in "<{[$" or "(" in value or "[" in value or _ENV_REFERENCE_RE.match(value):
        return False
    if "://" in value:
        return False
    if op == ":" and not quoted:
        # "Password: see the vault" is prose; "password: Hunter2!" is a value.
        return bool(_VALUE_LIKE_RE.search(value))
    return True


def _key_start(text: str, keyword_at: int) -> int:
    """Where the setting name holding the keyword begins (names are at most 60 characters)."""
    start = keyword_at
    while start > 0 and keyword_at - start < 60 and _KEY_CHAR_RE.match(text, start - 1):
        start -= 1
    return start


def _secret_settings(scan: ScanText) -> Iterator[Candidate]:
    """Assignments to secret-named settings.

    The full pattern runs only where a keyword is followed by an assignment operator, which
    prose almost never has.
    """
    text = scan.text
    key_starts = {
        _key_start(text, pos)
        for anchor in SETTING_ANCHORS
        for pos in scan.anchor_offsets(anchor, ignore_case=True)
        if _KEYWORD_THEN_OPERATOR_RE.match(text, pos)
    }
    for key_start in sorted(key_starts):
        match = _ASSIGNMENT_RE.match(text, key_start)
        if match is None:
            continue
        key = match.group("key")
        kind = _setting_kind(key)
        if kind is None:
            continue
        if not _looks_like_value(match.group("value"), match.group("op"), bool(match.group("quote"))):
            continue
        description = "password" if kind == "password" else f"secret assigned to '{key}'"
        yield Candidate(match.start("value"), match.end("value"), kind, description)


# The values shipped in wp-config-sample.php.
_WP_CONFIG_PLACEHOLDERS = frozenset({"password_here", "put your unique phrase here", ""})


def _wp_config_value(match: re.Match[str]) -> bool:
    # Salts are random punctuation, so only whole templates count as placeholders here: a salt
    # may well contain '***' or end in '>'.
    value = match.group("value")
    return value.lower() not in _WP_CONFIG_PLACEHOLDERS and not is_template(value)


def _wp_config_description(match: re.Match[str]) -> str:
    name = match.group("name")
    return "database password (DB_PASSWORD)" if name == "DB_PASSWORD" else f"WordPress {name}"


_WP_DEFINE = (
    r"define\(\s*(?P<q1>[\"'])(?P<name>{names})(?P=q1)\s*,\s*"
    r"(?P<q2>[\"'])(?P<value>(?:(?!(?P=q2)).)*)(?P=q2)"
)


def _connection_description(match: re.Match[str]) -> str:
    return f"{match.group('scheme').lower()} connection string with a password"


def _connection_password(match: re.Match[str]) -> bool:
    return not is_placeholder(match.group("password"))


def _bearer_token(match: re.Match[str]) -> bool:
    return has_letter_and_digit(match.group("value")) and not is_placeholder(match.group("value"))


PASSWORD_RULES: tuple[Detector, ...] = (
    _secret_settings,
    LineRule(
        "api-token",
        re.compile(r"(?<![\w-])bearer[ \t]+(?P<value>[A-Za-z0-9._~+/-]{20,}=*)", re.IGNORECASE),
        anchors=("bearer",),
        ignore_case_anchors=True,
        group="value",
        description="bearer token",
        accept=_bearer_token,
    ),
    LineRule(
        "password",
        re.compile(_WP_DEFINE.format(names="DB_PASSWORD")),
        anchors=("DB_PASSWORD",),
        group="value",
        accept=_wp_config_value,
        describe=_wp_config_description,
    ),
    LineRule(
        "connection-string",
        re.compile(
            r"(?<![\w+.-])(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{1,20})://"
            r"(?P<user>[^\s:/@\"'<>]*):(?P<password>[^\s:/@\"'<>]+)@(?P<host>[^\s/?#\"'<>,;)]+)"
        ),
        anchors=("://",),
        accept=_connection_password,
        describe=_connection_description,
    ),
)

# The 'wordpress' rule set (switched on in runbook.yaml): wp-config.php's keys and salts. A
# generic rule reports its DB_PASSWORD; a salt's value is often caught as high-entropy text too.
WP_CONFIG_RULES: tuple[Detector, ...] = (
    LineRule(
        "wp-salt",
        re.compile(_WP_DEFINE.format(names=r"(?:SECURE_)?AUTH_(?:KEY|SALT)|(?:LOGGED_IN|NONCE)_(?:KEY|SALT)")),
        anchors=("_KEY", "_SALT"),
        group="value",
        accept=_wp_config_value,
        describe=_wp_config_description,
    ),
)
