"""Warnings for text that will not show the way its writer expects.

The site prints every YAML value as plain text, so HTML in a value appears literally instead
of as markup; and in an unquoted value, `` #`` starts a YAML comment that silently cuts the rest
of the line off. Both are legal, so both are warnings, placed on the exact characters. An
invisible bidirectional control shows the text after it reordered, which can disguise what a
page says: that one is an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import partial
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.runtime.memo import RunCache, digest
from generator.source.load import DataPath, Place, SourceFile
from generator.source.references import strings as _strings
from generator.source.slugs import is_slug

_HTML_TAG = re.compile(
    r"</?\s*(?:script|style|iframe|frame|img|svg|math|object|embed|link|meta|base|form|input|button|"
    r"textarea|select|video|audio|source|a|b|i|u|s|em|strong|small|big|mark|code|pre|kbd|div|span|p|br|hr|"
    r"table|thead|tbody|tr|td|th|ul|ol|li|dl|dt|dd|h[1-6]|blockquote|details|summary|font|center|body|"
    r"html|head|title)\b[^<>\n]*>?",
    re.IGNORECASE,
)
_SCRIPT_URL = re.compile(r"\b(?:javascript|vbscript)\s*:", re.IGNORECASE)
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides and isolates: invisible, they reorder the characters that follow them."""
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than tab and line feed: YAML refuses them written raw, but a double-quoted
escape ('\\0', '\\x1b', '\\e') puts them into a value, and from there into pages and the search index."""


def _at(
    source: SourceFile, place: Place, found: str, code: str, message: str, severity: Severity = "warning"
) -> Diagnostic:
    """A warning on ``found`` inside the value at ``place`` (on the value when it cannot be found)."""
    offset = source.text.find(found, place.start, max(place.end, place.start + len(found)))
    where = source.offset_place(offset) if offset >= 0 else place
    return Diagnostic(source.path, where.line, where.column, severity, code, message)


def _markup(source: SourceFile, place: Place, text: str) -> Iterator[Diagnostic]:
    """One warning per value for HTML, one for a script link: the first of each names the problem."""
    tag = _HTML_TAG.search(text) if "<" in text else None
    if tag:
        found = tag.group(0)
        yield _at(
            source,
            place,
            found,
            "html-in-text",
            f"'{_short(found)}' looks like HTML, but text is shown exactly as written: the page will show "
            "these characters, not markup; remove the tag or describe it in words",
        )
    url = _SCRIPT_URL.search(text) if ":" in text else None
    if url:
        yield _at(
            source,
            place,
            url.group(0),
            "script-url-in-text",
            f"'{url.group(0)}' is shown as plain text, never as a link; remove it "
            "(pages link only to other runbook pages, with [[operation-id]])",
        )


def _bidi(source: SourceFile, place: Place, control: str) -> Diagnostic:
    name = unicodedata.name(control)
    return _at(
        source,
        place,
        control,
        "bidi-control",
        f"invisible character U+{ord(control):04X} ({name}) here changes the direction of the text after it: "
        "the page shows those characters in another order than they are written (a way to disguise text); "
        "delete it",
        "error",
    )


def _control(source: SourceFile, place: Place, control: str) -> Diagnostic:
    return Diagnostic(
        source.path,
        place.line,
        place.column,
        "error",
        "control-character",
        f"an escape in this text makes the control character U+{ord(control):04X}, which pages show as nothing "
        "or as a box; remove the escape (a backslash sequence such as \\0, \\e or \\x1b in double quotes)",
    )


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _comments(source: SourceFile) -> Iterator[Diagnostic]:
    """Comments that start right where an unquoted text value ends, on the same line.

    Starting from each '#' in the file (not from each value) keeps this cheap: a '#' inside
    block text ('|', '>') or quotes is never where a plain value ends, so it is passed over.
    """
    text_of_file = source.text
    plain_ends: dict[int, DataPath] | None = None
    hash_at = text_of_file.find("#")
    while hash_at >= 0:
        start = hash_at
        while start > 0 and text_of_file[start - 1] in " \t":
            start -= 1
        at, hash_at = hash_at, text_of_file.find("#", hash_at + 1)
        if start == at:
            continue  # '#' inside a word, or at the start of a line: not after a value
        if plain_ends is None:
            plain_ends = {place.end: path for path, place in source.values.items() if place.raw is not None}
        path = plain_ends.get(start)
        if path is None:
            continue
        value = _value_at(source.data, path)
        if not isinstance(value, str) or is_slug(value):
            continue  # a comment after an id or a number is deliberate: nothing is cut from text
        line_end = text_of_file.find("\n", at)
        comment = text_of_file[at : line_end if line_end >= 0 else len(text_of_file)]
        where = source.offset_place(at)
        yield Diagnostic(
            source.path,
            where.line,
            where.column,
            "warning",
            "comment-in-text",
            f"'{_short(comment)}' is cut from this text: in an unquoted value, ' #' starts a YAML "
            "comment; put the whole value in quotes to keep it, or move the comment to a line of its own",
        )


def _value_at(data: Any, path: DataPath) -> Any:
    for segment in path:
        data = data[segment]
    return data


def text_warnings(files: dict[str, SourceFile], cache: RunCache) -> list[Diagnostic]:
    """Markup and cut-off comments in every text value of every parsed file."""
    problems: list[Diagnostic] = []
    for source in files.values():
        seen = source.digest
        if seen is None:
            problems += _file_warnings(source)
        else:  # a pure function of the file: remembered, so an unchanged file is not walked again
            problems += cache.memo("text-warnings").remember(digest(source.path, seen), partial(_file_warnings, source))
    return problems


def _file_warnings(source: SourceFile) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    # Most files hold no '<' and no 'javascript:': then no value can, and none is looked at.
    lowered = source.text.lower()
    if "<" in source.text or "javascript" in lowered or "vbscript" in lowered:
        for path, text in _strings(source.data):
            place = source.values.get(path)
            if place is not None:
                problems += _markup(source, place, text)
    if not source.text.isascii() and _BIDI_CONTROL.search(source.text):
        for path, text in _strings(source.data):
            place = source.values.get(path)
            control = _BIDI_CONTROL.search(text)
            if place is not None and control is not None:
                problems.append(_bidi(source, place, control.group(0)))
    if "\\" in source.text:  # a control character in a value can come only from an escape
        for path, text in _strings(source.data):
            place = source.values.get(path)
            control = _CONTROL.search(text)
            if place is not None and control is not None:
                problems.append(_control(source, place, control.group(0)))
    if "#" in source.text and source.data is not None:
        problems += _comments(source)
    return sorted(problems)
