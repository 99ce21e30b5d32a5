"""Warnings for text that will not show the way its writer expects.

The site prints every YAML value as plain text, so HTML in a value appears literally instead
of as markup; and in an unquoted value, `` #`` starts a YAML comment that silently cuts the rest
of the line off. Both are legal, so both are warnings, placed on the exact characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Diagnostic
from generator.load import DataPath, Place, SourceFile
from generator.slugs import is_slug

_HTML_TAG = re.compile(
    r"</?\s*(?:script|style|iframe|frame|img|svg|math|object|embed|link|meta|base|form|input|button|"
    r"textarea|select|video|audio|source|a|b|i|u|s|em|strong|small|big|mark|code|pre|kbd|div|span|p|br|hr|"
    r"table|thead|tbody|tr|td|th|ul|ol|li|dl|dt|dd|h[1-6]|blockquote|details|summary|font|center|body|"
    r"html|head|title)\b[^<>\n]*>?",
    re.IGNORECASE,
)
_SCRIPT_URL = re.compile(r"\b(?:javascript|vbscript)\s*:", re.IGNORECASE)
_TRAILING_COMMENT = re.compile(r"[ \t]+(#[^\n]*)")


def _strings(data: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _at(source: SourceFile, place: Place, found: str, code: str, message: str) -> Diagnostic:
    """A warning on ``found`` inside the value at ``place`` (on the value when it cannot be found)."""
    offset = source.text.find(found, place.start, max(place.end, place.start + len(found)))
    where = source.offset_place(offset) if offset >= 0 else place
    return Diagnostic(source.path, where.line, where.column, "warning", code, message)


def _markup(source: SourceFile, place: Place, text: str) -> Iterator[Diagnostic]:
    """One warning per value for HTML, one for a script link: the first of each names the problem."""
    tag = _HTML_TAG.search(text)
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
    url = _SCRIPT_URL.search(text)
    if url:
        yield _at(
            source,
            place,
            url.group(0),
            "script-url-in-text",
            f"'{url.group(0)}' is shown as plain text, never as a link; remove it "
            "(pages link only to other runbook pages, with [[operation-id]])",
        )


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _comment(source: SourceFile, place: Place, text: str) -> Iterator[Diagnostic]:
    if place.raw is None or is_slug(text):
        return  # quoted and block text keep their '#'; a trailing comment after an id is deliberate
    line_end = source.text.find("\n", place.end)
    rest = source.text[place.end : line_end if line_end >= 0 else len(source.text)]
    match = _TRAILING_COMMENT.match(rest)
    if match:
        where = source.offset_place(place.end + match.start(1))
        yield Diagnostic(
            source.path,
            where.line,
            where.column,
            "warning",
            "comment-in-text",
            f"'{_short(match.group(1))}' is cut from this text: in an unquoted value, ' #' starts a YAML "
            "comment; put the whole value in quotes to keep it, or move the comment to a line of its own",
        )


def text_warnings(files: dict[str, SourceFile]) -> list[Diagnostic]:
    """Markup and cut-off comments in every text value of every parsed file."""
    problems: list[Diagnostic] = []
    for source in files.values():
        for path, text in _strings(source.data):
            place = source.values.get(path)
            if place is None:
                continue
            problems += _markup(source, place, text)
            problems += _comment(source, place, text)
    return problems
