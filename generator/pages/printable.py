"""One printable page of the whole runbook, assembled from the pages already rendered.

Each page's Markdown is our own output, so its syntax is known: YAML text arrives escaped
(an unescaped ``](`` or ``{#`` can only be a link or heading id that the renderer wrote, and a
line can only start with ``#`` when it is a heading). That makes three rewrites safe: headings
move one level down, heading ids get the page's prefix so they stay unique, and links to a
printed page become links within this page. Code fences are copied untouched.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from functools import partial

from generator.runtime.memo import RunCache, digest

_FENCE = re.compile(r"^(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,5}) (.*)$")
_HEADING_ID = re.compile(r"(?<!\\)\{#([a-z0-9-]+)\}")
_LINK_TARGET = re.compile(r"(?<!\\)\]\(([^()\s]+)\)")
_BUTTON = re.compile(r"^\[[^\n]*\]\([^()\s]+\)\{ \.md-button[^}]*\}$")
"""A line that is only a button link: an on-screen control (the printable page's own button among them)."""


def page_anchor(page: str, anchor: str | None = None) -> str:
    """The id a page (or a heading id on it) gets on the printable page."""
    prefix = "print-" + page.removesuffix(".md").replace("/", "-")
    return f"{prefix}--{anchor}" if anchor else prefix


def _body(content: str) -> str:
    """A rendered page without its front matter."""
    if content.startswith("---\n"):
        end = content.find("\n---\n", 4)
        if end >= 0:
            return content[end + 5 :].lstrip("\n")
    return content


def _retarget(page: str, target: str, printed: set[str], print_page: str) -> str:
    path, _, anchor = target.partition("#")
    if "://" in path or path.startswith(("mailto:", "tel:", "/")):
        return target
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if resolved in printed:
        return "#" + page_anchor(resolved, anchor or None)
    relative = posixpath.relpath(resolved, posixpath.dirname(print_page) or ".")
    return f"{relative}#{anchor}" if anchor else relative


def printable_section(page: str, content: str, printed: set[str], print_page: str) -> str:
    """One page's Markdown rewritten to sit inside the printable page."""
    lines = []
    fence: str | None = None
    first_heading = True
    for line in _body(content).splitlines():
        opening = _FENCE.match(line.lstrip())
        if fence is not None:
            if opening and opening.group(1).startswith(fence[0]) and len(opening.group(1)) >= len(fence):
                fence = None
            lines.append(line)
            continue
        if opening:
            fence = opening.group(1)
            lines.append(line)
            continue
        if _BUTTON.match(line):
            continue
        line = _LINK_TARGET.sub(lambda m: f"]({_retarget(page, m.group(1), printed, print_page)})", line)
        line = _HEADING_ID.sub(lambda m: "{#" + page_anchor(page, m.group(1)) + "}", line)
        heading = _HEADING.match(line)
        if heading:
            line = f"#{heading.group(1)} {heading.group(2)}"
            if first_heading:
                line += " {#" + page_anchor(page) + "}"
                first_heading = False
        lines.append(line)
    return "\n".join(lines).strip("\n")


def printable_body(pages: Sequence[tuple[str, str]], print_page: str, cache: RunCache) -> str:
    """Every (page, rendered content) in order, as one Markdown body with unique ids."""
    printed = {page for page, _ in pages}
    if not cache.enabled:
        return "\n\n".join(printable_section(page, content, printed, print_page) for page, content in pages)
    # Each section is a pure function of its page and of the set of printed pages: remembered
    # between runs (generator/runtime/memo.py), so an edit re-does one section, not a thousand.
    sections, context = cache.memo("printable"), digest(print_page, *sorted(printed))
    return "\n\n".join(
        sections.remember(
            digest(context, page, content), partial(printable_section, page, content, printed, print_page)
        )
        for page, content in pages
    )
