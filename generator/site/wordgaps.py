"""The word gaps of generator/site/pagetext.py as a Python-Markdown extension, so they are part of a page's render.

Search indexes a page's HTML with its tags removed: words that only a ``<br>`` or a block end
parted ("team chat<br>pager:") ran together in the index. :func:`with_word_gaps` puts a line end
there. It runs as the last step of the Markdown render (a postprocessor, after every other),
on the same HTML the ``on_page_content`` event would get, rather than in that event: the build
cache keeps a page's render and leaves its HTML on disk until the page is written again, which
it can do only while no plugin changes the HTML after the render.

The plugin adds the extension by its module name, so the configuration, and so the build
cache's key, stays the same from one build to the next.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from generator.site.pagetext import with_word_gaps

NAME = "generator.site.wordgaps"
"""How the plugin names this extension in ``markdown_extensions``."""


class _WordGaps(Postprocessor):
    def run(self, text: str) -> str:
        return with_word_gaps(text)


class WordGapsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Priority 0: after every postprocessor Python-Markdown and the pymdownx extensions register.
        md.postprocessors.register(_WordGaps(md), "runbook_word_gaps", 0)


def makeExtension(**kwargs: Any) -> WordGapsExtension:
    return WordGapsExtension(**kwargs)
