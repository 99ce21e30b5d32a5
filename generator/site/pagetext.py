"""A built page's words as search sees them, and where its "edit" button leads.

Material's search plugin splits a page's HTML into sections and keeps the text between tags,
dropping every tag but a few (``p``, ``li``, ``code``, …). Text on both sides of a dropped tag
that the browser shows apart, a line break (``chat<br>pager``) or two table cells or blocks
written with no space between them (``</td><td>``), is joined into one word: "chatpager", which
no query finds. :func:`with_word_gaps` puts a line end after each such tag; a browser shows the
page exactly as before (white space after a line break or between blocks is not drawn).

A generated page is rewritten on every ``runbook generate``: an "edit this page" button must lead
to the YAML file it is generated from, never to the Markdown (:func:`source_edit_url`).
"""

from __future__ import annotations

import re

_BLOCKS = "p|li|dd|dt|td|th|tr|div|h[1-6]|blockquote|table|thead|tbody|ul|ol|dl|details|summary|figure|figcaption"
_GLUED = re.compile(rf"(<br\s*/?>(?=\S)|</(?:{_BLOCKS})>(?=[^\s<]|<[a-z]))", re.IGNORECASE)
_PRE = re.compile(r"(<pre[\s>].*?</pre>)", re.IGNORECASE | re.DOTALL)


def with_word_gaps(html: str) -> str:
    """The page with a line end after every line break or block end that text or a block follows directly.

    ``<pre>`` blocks, where white space shows, are left as they are.
    """
    if "<" not in html:
        return html
    pieces = _PRE.split(html)
    return "".join(piece if index % 2 else _GLUED.sub("\\1\n", piece) for index, piece in enumerate(pieces))


def source_edit_url(edit_url: str | None, src_uri: str, docs_dir: str, generated_from: str | None) -> str | None:
    """The address to edit a page at: a generated page's YAML source in place of its Markdown.

    MkDocs makes ``edit_url`` from ``repo_url`` and ``edit_uri`` as ``…/<docs folder>/<page>``;
    for a page generated from ``source/…yaml`` that becomes ``…/source/…yaml``. When the address
    does not end in the docs folder and page (a custom ``edit_uri``), a generated page gets none:
    better no button than one that leads to a file the next run overwrites.
    """
    if not generated_from or not edit_url:
        return edit_url
    tail = f"{docs_dir.strip('/')}/{src_uri}"
    if edit_url.endswith("/" + tail):
        return edit_url[: -len(tail)] + generated_from
    return None
