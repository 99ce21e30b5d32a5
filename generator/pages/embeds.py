"""YAML text placed where Markdown escaping does not apply: raw HTML, code fences, Mermaid, front matter.

:func:`generator.pages.markdown.escape_inline` makes text safe in Markdown; inside a raw HTML block,
a fenced code block or a Mermaid diagram its backslashes would show, so each context here has
its own escaping, and each returns :class:`Markup` so the Jinja finalize leaves it alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from markupsafe import Markup, escape

_SPACE = re.compile(r"\s+")
_BACKTICKS = re.compile(r"`+")
_MERMAID_SAFE = re.compile(r"[A-Za-z0-9 .,:;!?()'/+-]")


def one_line(text: object) -> str:
    """Text with every run of whitespace, newlines included, folded to one space."""
    return _SPACE.sub(" ", str(text)).strip()


def html_text(text: object) -> Markup:
    """Plain text for the inside of a raw HTML element or attribute value."""
    return Markup(escape(one_line(text)))


def html_attribute(text: str) -> Markup:
    """Text for a double-quoted HTML attribute, kept exactly (JSON data, for one)."""
    return Markup(escape(text))


def code_block(lines: Iterable[str], language: str = "text") -> Markup:
    """A fenced code block showing the lines exactly; the fence outgrows any backtick run inside."""
    body = [one_line(line) for line in lines]
    longest = max((len(m.group(0)) for line in body for m in _BACKTICKS.finditer(line)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup("\n".join([f"{fence} {language}", *body, fence]))


def mermaid_text(text: object) -> str:
    """A Mermaid label: anything outside a small safe set becomes a ``#NNN;`` entity code."""
    return "".join(c if _MERMAID_SAFE.fullmatch(c) else f"#{ord(c)};" for c in one_line(text))


def front_matter(values: Mapping[str, object]) -> str:
    """YAML front-matter lines; values are written as JSON, which YAML reads unchanged."""
    return "".join(f"{key}: {json.dumps(value, ensure_ascii=True)}\n" for key, value in values.items())


def tag_name(text: object) -> str:
    """A tag as Material shows it: its templates print tag names without escaping them."""
    return str(escape(one_line(text)))
