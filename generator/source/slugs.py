"""Ids are lowercase slugs; when one is not, say exactly which character is wrong and suggest one.

Ids become file names and URL fragments, so they are checked before any path is built from
them. A look-alike letter (Cyrillic 'о' for Latin 'o') is named by its Unicode name, because
an editor cannot see the difference.
"""

from __future__ import annotations

import re
import unicodedata

SLUG_RULE = "lowercase letters a-z, digits 0-9 and single hyphens between them, like 'contacting-support'"
MAX_SLUG_LENGTH = 80

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Cyrillic and Greek letters that look like Latin ones; NFKD leaves them as they are.
_LOOK_ALIKES = str.maketrans(
    "аеорсухіјѕһԁԛԝАВЕКМНОРСТХІЈЅοαινκρυτΑΒΕΗΙΚΜΝΟΡΤΥΧΖ",
    "aeopcyxijshdqwabekmhopctxijsoaivkputabehikmnoptyxz",
)


RESERVED_IDS: dict[str, dict[str, str]] = {
    "operation id": {"index": "docs/operations/index.md is the generated list of every page"},
    "severity level id": {
        "severity-levels": "the title of the severity levels page has that anchor",
        "triage-questions": "the severity levels page has a 'Triage questions' section with that anchor",
    },
    "owner id": {"owners": "the title of the owners page has that anchor"},
    "category id": {"operations": "the title of the operations index, where each category has its anchor"},
}
"""Ids that would take the name of a generated page or an anchor on the page that shows them.

An operation's id names its page in docs/operations/; a level, owner or category id is the
anchor of its section on the severity levels, owners or operations index page, beside the
anchors the templates write themselves (tests/test_reserved_ids.py renders the pages to keep
this list complete).
"""


def reserved_problem(text: str, what: str, fix: str = "choose another id") -> str:
    """Why ``text`` cannot be a ``what`` (a key of RESERVED_IDS), or an empty string when it can."""
    reserved = RESERVED_IDS[what]
    if text not in reserved:
        return ""
    names = ", ".join(f"'{name}'" for name in sorted(reserved))
    return f"'{text}' is reserved: {reserved[text]}; {fix} (reserved {what}s: {names})"


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid id (the whole of it: no trailing newline sneaks through)."""
    return len(text) <= MAX_SLUG_LENGTH and _SLUG.fullmatch(text) is not None


def suggest_slug(text: str) -> str:
    """The nearest valid id: accents dropped, lowercased, everything else turned into hyphens."""
    latin = unicodedata.normalize("NFKD", text.translate(_LOOK_ALIKES))
    ascii_text = latin.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-")


def shown(text: str) -> str:
    """``text`` with invisible characters written as escapes, so a message stays on one line."""
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text)


def _character(char: str) -> str:
    if char == " ":
        return "a space"
    if char.isascii() and char.isprintable():
        return f"'{char}'"
    if not char.isprintable():
        return f"the invisible character U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    return f"'{char}' (U+{ord(char):04X}{' ' + name if name else ''})"


def slug_problem(text: str) -> str:
    """What makes ``text`` not a slug, in words (empty string when it is one)."""
    if is_slug(text):
        return ""
    if not text:
        return "it is empty"
    if len(text) > MAX_SLUG_LENGTH:
        return f"it is {len(text)} characters long, over the limit of {MAX_SLUG_LENGTH}"
    reasons: list[str] = []
    foreign = next((char for char in text if not char.isascii()), None)
    if foreign is not None:
        reasons.append(f"{_character(foreign)}, which is not a-z")
    if "/" in text or "\\" in text or ".." in text:
        reasons.append("path characters ('/', '\\' or '..')")
    capital = next((char for char in text if char.isascii() and char.isupper()), None)
    if capital is not None:
        reasons.append(f"the capital letter '{capital}'")
    other = next((char for char in text if char.isascii() and not (char.isalnum() or char in "-/\\.")), None)
    if other is not None:
        reasons.append(_character(other))
    elif "." in text.replace("..", ""):
        reasons.append("'.'")
    if reasons:
        listed = ", ".join(reasons[:-1]) + " and " + reasons[-1] if len(reasons) > 1 else reasons[0]
        return f"it contains {listed}"
    if text.startswith("-") or text.endswith("-"):
        return "it starts or ends with a hyphen"
    return "it has two hyphens in a row"


def explain_slug(text: str, what: str = "id") -> str:
    """A full message: the bad id, why, the rule, and a suggestion when one exists."""
    suggestion = suggest_slug(text)
    hint = f"; did you mean '{suggestion}'?" if suggestion and suggestion != text else ""
    return f"'{shown(text)}' is not a valid {what}: {slug_problem(text)}; use {SLUG_RULE}{hint}"


def explain_file_name(stem: str) -> str:
    """Why an operation file's name is not an id, and the name to rename it to."""
    suggestion = suggest_slug(stem)
    rename = f"rename the file to {suggestion}.yaml" if suggestion else "rename the file"
    return f"'{shown(stem)}' is not a valid operation id: {slug_problem(stem)}; {rename} (ids use {SLUG_RULE})"


_NOT_ANCHOR = re.compile(r"[^\w\s-]")
_ANCHOR_SPACE = re.compile(r"[-\s]+")


def heading_anchor(text: str) -> str:
    """A section heading's anchor, from its text alone in any script ('障害の切り分け' stays as it is).

    Python-Markdown's default ids drop every letter outside ASCII, so a Japanese heading became
    '_1', '_2' by position and moved when a section was added; this keeps the letters, so the
    anchor moves only when the heading's text does.
    """
    value = unicodedata.normalize("NFKC", text)
    value = _NOT_ANCHOR.sub("", value).strip().lower()
    return _ANCHOR_SPACE.sub("-", value).strip("-_") or "section"
