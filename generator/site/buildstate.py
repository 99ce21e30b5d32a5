"""What ``LiveSite`` keeps of one MkDocs build, and the small readers of MkDocs' objects it needs.

These lean on MkDocs 1.6.1 and Material 9.7 internals (a page's table of contents, the search
plugin's index, the plugin event lists); the pins in requirements-site.txt hold them still.
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

    config: Any
    files: Any
    nav: Any
    env: Any
    doc_files: list[Any]
    files_key: str
    nav_key: str
    """Every navigation entry with its title: what the pages without a current page (404) show."""
    shape_key: str
    """The navigation without page titles, the configuration and the set of files."""
    titles: dict[str, str | None]
    """Page address -> title, for every page."""


def digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


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


def search_index(config: Any) -> Any:
    """Material's search index of this build, or None when search is off or another plugin provides it."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    return index if isinstance(getattr(index, "entries", None), list) else None


def search_key(page: Any) -> str:
    return digest(page.url, page.content, page.meta, page.title)


def only_known_context(build: MkDocsBuild) -> bool:
    """Whether every ``on_page_context`` handler is search's or tags' (tags' only fills the template)."""
    known = ("material.plugins.search.", "material.plugins.tags.")
    return all(
        type(handler.__self__).__module__.startswith(known) for handler in build.config.plugins.events["page_context"]
    )


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
