"""The anchors a page's Markdown gets in the built site, found the way the site finds them.

MkDocs hands every page to Python-Markdown, whose ``toc`` extension gives each heading an id (its
slug, made unique on the page with ``_1``, ``_2``) unless ``attr_list`` gives one (``{#id}``),
and ``md_in_html`` lets headings sit inside HTML blocks. Converting the page with the same library
and extensions gives the same ids, for generated and hand-written pages alike, without building
the site; tests/test_alerts_new_team.py compares them with the ids of a built site. The one id a
plugin adds while building is not known here: the tags page's listing ('#tag:support', written by
Material's tags plugin), which no alert has reason to lead to.
"""

from __future__ import annotations

import re

import markdown

SITE_EXTENSIONS = ("toc", "attr_list", "md_in_html", "tables", "fenced_code")
"""The extensions that decide a page's ids: MkDocs always adds toc, tables and fenced_code; the rest
are in every runbook's mkdocs.yml (pymdownx extensions add no ids of their own to these pages)."""

_ID = re.compile(r"""\bid=["']([^"']+)["']""")


def _body(text: str) -> str:
    """A page without its YAML front matter, which MkDocs reads as metadata, not content."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5 :]
    return text


def page_anchors(text: str) -> frozenset[str]:
    """Every id the page's content holds once built: headings and any element with an id."""
    html = markdown.Markdown(extensions=list(SITE_EXTENSIONS)).convert(_body(text))
    return frozenset(_ID.findall(html))
