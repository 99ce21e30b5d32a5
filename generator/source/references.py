"""Which text fields may hold ``[[operation-id]]`` links, and the links each page shows.

A link renders wherever text is printed as Markdown inline text: an operation's summary, its
prose, its lists (checklist, acceptance checks, common mistakes, escalation, use-when and
related conditions) and its owner lines, and the same fields of a category that its pages
inherit. A title or name becomes a heading, a navigation entry and a ``<title>``, and the
other files' text goes into tables, templates and the triage script, where text stays plain:
a link there is a check error (generator/checks/validate.py), never literal brackets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.source.load import DataPath

INLINE_REFERENCE = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
"""``[[operation-id]]`` or ``[[operation-id|link text]]`` inside text."""

ANY = "*"
"""A list index in a field pattern."""

OPERATION_LINK_FIELDS: tuple[tuple[str, ...], ...] = (
    ("summary",),
    ("use_when", ANY),
    ("sections", ANY, "body"),
    ("owner", "responsible_for"),
    ("owner", "review_cadence"),
    ("owner", "escalate_when", ANY),
    ("checklist", ANY),
    ("acceptance_checks", ANY),
    ("common_mistakes", ANY),
    ("related", ANY, "when"),
    ("related", ANY, "when", ANY),
)
"""Fields of an operation file where ``[[operation-id]]`` renders as a link."""

CATEGORY_LINK_FIELDS: tuple[tuple[str, ...], ...] = (
    ("categories", ANY, "description"),
    ("categories", ANY, "defaults", "responsible_for"),
    ("categories", ANY, "defaults", "review_cadence"),
    ("categories", ANY, "defaults", "escalate_when", ANY),
    ("categories", ANY, "standard_checklist", ANY),
    ("categories", ANY, "standard_acceptance_checks", ANY),
)
"""Fields of categories.yaml where ``[[operation-id]]`` renders as a link."""


def link_allowed(path: DataPath, patterns: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the value at ``path`` is a field where a link renders."""
    return any(
        len(pattern) == len(path)
        and all(
            (isinstance(step, int) if want == ANY else step == want) for want, step in zip(pattern, path, strict=True)
        )
        for pattern in patterns
    )


def strings(data: Any) -> list[tuple[DataPath, str]]:
    """Every text value in parsed YAML data, with its path, in the order the file writes them.

    A list built by one plain recursion: the checks that read every text of a thousand pages
    (placeholders, references, markup) walked the data with nested generators, each value
    passing up through a generator per level, which cost them more than the tests they ran.
    """
    found: list[tuple[DataPath, str]] = []
    _collect(data, (), found)
    return found


def _collect(data: Any, path: DataPath, found: list[tuple[DataPath, str]]) -> None:
    if isinstance(data, str):
        found.append((path, data))
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str):
                found.append(((*path, key), value))
            else:
                _collect(value, (*path, key), found)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, str):
                found.append(((*path, index), value))
            else:
                _collect(value, (*path, index), found)


def targets_in(texts: Iterator[str] | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Operation ids referenced in these texts, in order of appearance."""
    return tuple(match.group(1).strip() for text in texts if "[[" in text for match in INLINE_REFERENCE.finditer(text))
