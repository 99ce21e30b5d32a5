"""What ``LiveSite`` keeps of one MkDocs build, and the small readers of MkDocs' objects it needs.

Public attributes only (a page's table of contents, the navigation's items); what needs MkDocs'
or Material's private names is in generator/engine/internals.py.
"""

from __future__ import annotations

import copy
import hashlib
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jinja2
import jinja2.bccache

from generator.engine.internals import Files, MkDocsConfig, Navigation, OpenBuild, Page
from generator.runtime.memo import digest


@dataclass(frozen=True)
class PageRender:
    """What ``Page.render`` leaves on a page, with links kept by path so another build can use them."""

    content: str
    toc: Any
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None


@dataclass
class MkDocsBuild:
    """One complete pass of the pipeline: the objects MkDocs built, kept for the next refresh."""

    open: OpenBuild
    files_key: str
    nav_key: str
    """Every navigation entry with its title: what the pages without a current page (404) show."""
    shape_key: str
    """The navigation without page titles, the configuration and the set of files."""
    titles: dict[str, str | None]
    """Page address -> title, for every page."""

    @property
    def config(self) -> MkDocsConfig:
        return self.open.config

    @property
    def files(self) -> Files:
        return self.open.files

    @property
    def nav(self) -> Navigation:
        return self.open.nav


def nav_shape(items: Iterable[Any], *, page_titles: bool = True) -> list[object]:
    """Every navigation entry's kind, title and address, nested as the sidebar shows them.

    Without ``page_titles``, pages give only their address (sections and links keep their titles).
    """
    return [
        (
            type(item).__name__,
            item.title if page_titles or not item.is_page else None,
            getattr(item, "url", None),
            nav_shape(item.children or (), page_titles=page_titles),
        )
        for item in items
    ]


_HREF = re.compile(r'href="([^"#?]*)')


def linked_pages(output: str, page_url: str) -> frozenset[str]:
    """Site addresses (MkDocs page URLs) that a page's HTML links, resolved against its own address."""
    base = posixpath.dirname("/" + page_url) if not page_url.endswith("/") else "/" + page_url
    found = set()
    for href in _HREF.findall(output):
        if "://" in href or href.startswith(("mailto:", "data:")):
            continue
        path = posixpath.normpath(posixpath.join(base, href)) if href else "/" + page_url
        url = path.lstrip("/")
        if href.endswith("/") and url and url != ".":
            url += "/"
        found.add("" if url == "." else url)
    return frozenset(found)


def copy_toc(toc: Any) -> Any:
    """A copy of a table of contents whose entries can be edited (a fifth of deepcopy's time)."""
    items = getattr(toc, "items", None)
    if not isinstance(items, list):
        return copy.deepcopy(toc)

    def entry(link: Any) -> Any:
        copied = copy.copy(link)
        copied.children = [entry(child) for child in link.children]
        return copied

    copied = copy.copy(toc)
    copied.items = [entry(link) for link in items]
    return copied


def search_key(page: Page, content: str | None = None) -> str:
    """What a page's search entries are made of; ``content`` is the digest of its content when known."""
    return digest(page.url, content or content_digest(page.content), page.meta, page.title)


_CONTENT_DIGESTS: dict[int, tuple[str, str]] = {}
_MOST_DIGESTS = 8192
"""Strings remembered at most (each kept alive while remembered): more pages than most sites have."""


def content_digest(content: str | None) -> str:
    """The digest of a page's HTML content, computed once per string (a build digests each several times).

    Remembered by the string's identity, with the string itself kept so that its identity is not reused.
    """
    if content is None:
        return ""
    known = _CONTENT_DIGESTS.get(id(content))
    if known is not None and known[0] is content:
        return known[1]
    if len(_CONTENT_DIGESTS) >= _MOST_DIGESTS:
        _CONTENT_DIGESTS.clear()
    found = hashlib.blake2b(content.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    _CONTENT_DIGESTS[id(content)] = (content, found)
    return found


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept between builds (each build makes a new Jinja environment)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
