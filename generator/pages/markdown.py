"""Text from YAML into Markdown that shows exactly that text: no markup gets through.

Every value a template prints is escaped here unless it is a :class:`Markup` built by the
renderer itself (links, prose with resolved ``[[references]]``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable

from markupsafe import Markup

from generator.source.graph import INLINE_REFERENCE

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# Characters Python-Markdown treats as syntax anywhere in a line (it honours a backslash before
# each of them); '|' splits table cells, braces open attribute lists.
_INLINE = "\\`*_[]{}|#!"
# One table for both: entities contain none of the inline characters, so order does not matter,
# and one str.translate is several times faster than a regex substitution per value.
_ESCAPES = str.maketrans({**_HTML, **{c: "\\" + c for c in _INLINE}})
_MESSAGE_ESCAPES = str.maketrans({**{k: v for k, v in _HTML.items() if k != '"'}, **{c: "\\" + c for c in _INLINE}})
# Constructs that only mean something at the start of a line or block ('???' opens a
# collapsible block in pymdownx.details).
_LEADING = re.compile(r"^(\s*)([-+=~:?]|\d+[.)])")
_LEADING_FIRST = "-+=~:?"
_markup = str.__new__
"""``_markup(Markup, text)`` is ``Markup(text)`` for a plain ``str``, built in C: ``Markup(...)`` runs
markupsafe's ``__new__``, written in Python, once per printed value (a quarter of a million calls
at 1,000 operations)."""


def escape_inline(text: object) -> Markup:
    """One line of plain text, safe anywhere in Markdown: in a paragraph, list item or table cell."""
    if isinstance(text, Markup):
        return text
    # str.split() and re's \s agree on what whitespace is; the flattened text has none at either end.
    escaped = " ".join(str(text).split()).translate(_ESCAPES)
    if escaped[:1] in _LEADING_FIRST or escaped[:1].isdecimal():
        escaped = _LEADING.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), escaped)
    return _markup(Markup, escaped)


def escape_text(text: str) -> str:
    """Text escaped for Markdown as it is, spaces kept: a piece of a message between its placeholders.

    Quotation marks stay as written: a message is never placed inside an HTML attribute.
    """
    return text.translate(_MESSAGE_ESCAPES)


def relative_link(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A link target from one generated page to another, as MkDocs resolves it."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    if to_page == from_page:
        target = ""
    return f"{target}#{anchor}" if anchor else target


def link(text: object, target: str) -> Markup:
    """A Markdown link whose text is escaped and whose target the renderer built."""
    return _markup(Markup, f"[{escape_inline(text)}]({target})")


Resolve = Callable[[str, str | None], Markup]


def inline_text(text: str, resolve: Resolve) -> Markup:
    """One line of plain text with ``[[id]]`` references turned into links by ``resolve``."""
    pieces, last = [], 0
    for match in INLINE_REFERENCE.finditer(text):
        pieces.append(_chunk(text[last : match.start()]))
        pieces.append(resolve(match.group(1).strip(), match.group(2)))
        last = match.end()
    pieces.append(_chunk(text[last:]))
    return _markup(Markup, "".join(pieces).strip())


_LINK_TARGET = re.compile(r"\]\([^()]*\)$")
_CLOSING = "*_]"


_ENDINGS = (".", "!", "?", ":", "。", "！", "？", "：")
"""What already ends a sentence, in Latin or Japanese script."""


def end_sentence(text: object, stop: str = ".") -> Markup:
    """The text with a full stop, unless what a reader sees already ends in '.', '!', '?' or ':'.

    The editor's own punctuation wins: "changes." stays "changes.", never "changes..". A
    link or emphasis at the end is looked through (``[Contacting Support.](x.md)``).
    """
    markup = text if isinstance(text, Markup) else escape_inline(text)
    visible = str(markup).rstrip()
    while True:
        stripped = _LINK_TARGET.sub("]", visible)
        stripped = stripped.rstrip(_CLOSING)
        if stripped == visible:
            break
        visible = stripped
    if visible.endswith(_ENDINGS):
        return Markup(str(markup).rstrip())
    return Markup(str(markup).rstrip() + stop)


def clauses(items: Iterable[Markup]) -> Markup:
    """Items joined with '; ', as one sentence: an item's own closing full stop gives way to the ';'."""
    shown = [str(item).rstrip() for item in items]
    last = len(shown) - 1
    # Each item is taken as it is (Markup), so one plain join gives what Markup.join would.
    return _markup(
        Markup,
        "; ".join(
            item[:-1] if i < last and item.endswith(".") and not item.endswith("..") else item
            for i, item in enumerate(shown)
        ),
    )


def prose(body: str, resolve: Resolve) -> Markup:
    """Paragraphs of plain text with ``[[id]]`` references turned into links by ``resolve``.

    Blank lines separate paragraphs; a paragraph whose lines all start with '- ' is a list.
    """

    def inline(text: str) -> str:
        return str(inline_text(text, resolve))

    blocks = []
    for paragraph in re.split(r"\n\s*\n", body.strip()):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            blocks.append("\n".join(f"- {inline(line[2:])}" for line in lines))
        else:
            blocks.append(inline(" ".join(lines)))
    return Markup("\n\n".join(blocks))


def _chunk(text: str) -> str:
    """Escaped text between two references, keeping one space at either edge."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return f"{lead}{escape_inline(text)}{trail}"


_HEADING = re.compile(r"^# (.+?)(?:\s*\{#[a-z0-9-]+\})?\s*$", re.MULTILINE)
_BACKSLASHED = re.compile(r"\\([\\`*_\[\]{}|#!])")


def heading_html(body: str) -> str | None:
    """A page's H1 as HTML-escaped text, for the ``title`` of its front matter.

    MkDocs and Material print a page title without escaping it, and the ``<title>`` element
    even un-escapes the heading's text; a title set in the front matter is printed as it is
    given, so giving it already escaped keeps ``</title><script>`` in a YAML title as text.
    """
    match = _HEADING.search(body)
    return _BACKSLASHED.sub(r"\1", match.group(1)) if match else None
