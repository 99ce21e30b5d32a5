"""The build cache on disk: each page's render and HTML from the last build, in plain JSON and HTML files.

Nothing in it can run code: the index is JSON, checked field by field before any of it is used;
each page's HTML, Markdown render and search entries are files named by the digest of their
bytes, checked again when read (a render and its search entries are JSON, checked field by field
too). A cache that cannot be read, was written by another format, or was made by another version
of the tool, MkDocs or Material, another configuration or other theme templates (its key differs)
is ignored as a whole, and :attr:`BuildStore.note` says so in one line; the build then renders
every page. The key is computed by :mod:`generator.sitebuild.keys`; the build stamp is never in
a cached page (it is written as a placeholder and filled in when the site is written).

The index holds each page's render but for its HTML content, which is a file of its own, read
only when a page is written again (a rebuild after one edit reads a handful); every page's search
entries are one file, read whole. Nothing is written again that did not change, the index included.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import display_path
from generator.engine.internals import toc_data, toc_from_data
from generator.preview.buildstate import PageRender

FORMAT = 2
INDEX = "index.json"
PAGES = "pages"
CONTENTS = "contents"
"""Each render's HTML content, named by the digest of its UTF-8 bytes."""
SEARCH = "search"
"""Every page's search key and entries, one JSON file named by its digest."""
_DIGEST = re.compile(r"[0-9a-f]{32}")

SiteStat = tuple[int, int, int, int]
"""A file in the site folder as the last build left it: modification and change times, size, inode."""


@dataclass
class CachedRender:
    """A page's Markdown render, under the digest of its Markdown and of the set of files."""

    key: str
    source: str
    """Digest of the page's file in docs/ (a cheap guess of whether the render can be reused)."""
    render: PageRender
    """The render, its ``content`` left empty: that is the file named ``content`` in ``contents/``."""
    content: str
    raw: list[object] | None = None
    """The entry as the index held it, written back as it is."""


@dataclass
class CachedPage:
    """A page's HTML (by digest), under the digest of everything its template read."""

    key: str
    html: str
    linked: frozenset[str]
    site: SiteStat | None = None
    """The page's file in the site folder right after this HTML was written to it (with the stamp)."""


@dataclass
class BuildStore:
    """What the last build of one site left in the cache folder (nothing when ``folder`` is None)."""

    folder: Path | None
    key: str
    renders: dict[str, CachedRender] = field(default_factory=dict)
    pages: dict[str, CachedPage] = field(default_factory=dict)
    stamp: str | None = None
    """Digest of the build stamp the site folder's pages were written with."""
    search_file: str | None = None
    note: str | None = None
    """One line saying why the cache on disk was ignored, or None."""
    _index: bytes = b""
    _search: dict[str, tuple[str, list[object]]] | None = None
    _contents: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path | None, key: str) -> BuildStore:
        store = cls(folder, key)
        if folder is None:
            return store
        index = folder / INDEX
        try:
            text = index.read_bytes()
        except FileNotFoundError:
            return store
        except OSError as error:
            store.note = f"the build cache {display_path(index)} cannot be read ({error.strerror}); building every page"
            return store
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or "format" not in data:
                raise ValueError("not a build cache")
            if data["format"] != FORMAT or data.get("key") != key:
                store.note = (
                    f"the build cache {display_path(index)} was made by another version or configuration; "
                    "building every page"
                )
                return store
            store.renders = {_text(uri): _render(entry) for uri, entry in _mapping(data["renders"]).items()}
            store.pages = {_text(uri): _page(entry) for uri, entry in _mapping(data["pages"]).items()}
            store.stamp = None if data["stamp"] is None else _digest(data["stamp"])
            store.search_file = None if data["search"] is None else _digest(data["search"])
            store._index = text
        except (ValueError, KeyError, TypeError) as error:  # json.JSONDecodeError is a ValueError
            store.renders, store.pages = {}, {}
            store.note = f"the build cache {display_path(index)} is damaged ({error}); building every page"
        return store

    def html(self, uri: str) -> bytes | None:
        """The cached HTML of page ``uri``, or None when missing or not what the index says it is."""
        page = self.pages.get(uri)
        if page is None or self.folder is None:
            return None
        return self._read(PAGES, f"{page.html}.html", page.html)

    def content(self, name: str) -> str | None:
        """A render's HTML content by its digest, or None when missing or damaged."""
        data = self._contents.get(name) or self._read(CONTENTS, f"{name}.html", name)
        return None if data is None else data.decode("utf-8", "surrogatepass")

    def search(self, uri: str) -> tuple[str, list[object]] | None:
        """The cached search key and entries of page ``uri``, or None when missing or damaged."""
        if self._search is None:
            self._search = {}
            name = self.search_file
            data = None if name is None else self._read(SEARCH, f"{name}.json", name)
            try:
                found = {} if data is None else _mapping(json.loads(data))
                self._search = {_text(uri): _search(entry) for uri, entry in found.items()}
            except (KeyError, TypeError, ValueError):
                self._damaged()
        return self._search.get(uri)

    def add_content(self, content: str) -> str:
        """Keep a render's content for :meth:`save`; the digest that names it."""
        data = content.encode("utf-8", "surrogatepass")
        name = html_digest(data)
        self._contents[name] = data
        return name

    def save(
        self,
        renders: dict[str, CachedRender],
        pages: dict[str, CachedPage],
        html: dict[str, bytes],
        search: dict[str, tuple[str, list[object]]] | None,
    ) -> None:
        """Replace the cache with this build's; ``html`` maps a page's HTML digest to the bytes of new pages.

        ``search`` is every page's search entries, or None when they are those read from the cache.
        Files already there are not written again, and the index only when it changed. Never fails a build.
        """
        if self.folder is None:
            return
        try:
            search_data = b""
            if search is not None:
                found = {uri: [key, entries] for uri, (key, entries) in search.items()}
                search_data = json.dumps(found, ensure_ascii=False).encode("utf-8")
                self.search_file = html_digest(search_data)
            index = json.dumps(
                {
                    "format": FORMAT,
                    "key": self.key,
                    "stamp": self.stamp,
                    "search": self.search_file,
                    "renders": {uri: _render_data(entry) for uri, entry in renders.items()},
                    "pages": {uri: _page_data(entry) for uri, entry in pages.items()},
                },
                ensure_ascii=False,
            ).encode("utf-8")
            if index == self._index:
                return
            _store_files(self.folder / PAGES, ".html", {page.html for page in pages.values()}, html)
            _store_files(self.folder / CONTENTS, ".html", {entry.content for entry in renders.values()}, self._contents)
            kept = set() if self.search_file is None else {self.search_file}
            new = {self.search_file: search_data} if search_data and self.search_file else {}
            _store_files(self.folder / SEARCH, ".json", kept, new)
            _write_atomically(self.folder / INDEX, index)
            self._index = index
        except (OSError, TypeError, ValueError):
            return  # a read-only checkout (or a plugin's value JSON cannot hold) builds, only without a cache

    def _read(self, folder: str, file: str, name: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            data = (self.folder / folder / file).read_bytes()
        except OSError:
            return None
        if html_digest(data) != name:
            self._damaged()
            return None
        return data

    def _damaged(self) -> None:
        if self.note is None:
            self.note = f"a page in the build cache {display_path(self.folder or Path())} is damaged; building it again"


def html_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: str | None) -> str:
    """The digest of a file's bytes ("" when it cannot be read)."""
    try:
        with open(path or "", "rb") as stream:
            return hashlib.blake2b(stream.read(), digest_size=16).hexdigest()
    except OSError:
        return ""


def _store_files(folder: Path, suffix: str, kept: set[str], new: dict[str, bytes]) -> None:
    """Files named by digest in ``folder``: those not ``kept`` removed, the ``new`` ones missing written."""
    folder.mkdir(parents=True, exist_ok=True)
    present = set()
    for file in os.listdir(folder):
        name = file.removesuffix(suffix)
        if name in kept:
            present.add(name)
        else:
            os.remove(folder / file)
    for name, data in new.items():
        if name in kept and name not in present:
            _write_atomically(folder / f"{name}{suffix}", data)


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -- plain data, checked field by field --


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, found {type(value).__name__}")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def _digest(value: Any) -> str:
    if not _DIGEST.fullmatch(_text(value)):
        raise ValueError("a part of the cache is not named by its digest")
    return str(value)


def _text_mapping(value: Any) -> dict[str, str]:
    return {_text(key): _text(item) for key, item in _mapping(value).items()}


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, found {type(value).__name__}")
    return [_text(item) for item in value]


def _toc(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a table of contents")
    for item in value:
        if not (isinstance(item, list) and len(item) == 5):
            raise TypeError("expected a table of contents entry")
        _text(item[0]), _text(item[1])
        if not isinstance(item[2], int) or not isinstance(item[3], bool):
            raise TypeError("expected a table of contents entry")
        _toc(item[4])
    return value


def _render(value: Any) -> CachedRender:
    if not (isinstance(value, list) and len(value) == 7):
        raise TypeError("expected a render entry")
    key, source, content, toc, title, anchors, links = value
    render = PageRender(
        "",
        toc_from_data(_toc(toc)),
        None if title is None else _text(title),
        frozenset(_texts(anchors)),
        None if links is None else {_text(uri): _text_mapping(found) for uri, found in _mapping(links).items()},
    )
    return CachedRender(_text(key), _text(source), render, _digest(content), value)


def _render_data(entry: CachedRender) -> list[object]:
    if entry.raw is not None:
        return entry.raw
    render = entry.render
    anchors = sorted(render.anchors)
    return [
        entry.key,
        entry.source,
        entry.content,
        toc_data(render.toc),
        render.title,
        anchors,
        render.links_to_anchors,
    ]


def _search(value: Any) -> tuple[str, list[object]]:
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)):
        raise TypeError("expected a search entry")
    return _text(value[0]), [_mapping(item) for item in value[1]]


def _site_stat(value: Any) -> SiteStat | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 4 and all(type(item) is int for item in value)):
        raise TypeError("expected a file's times, size and inode")
    return (value[0], value[1], value[2], value[3])


def _page(value: Any) -> CachedPage:
    entry = _mapping(value)
    return CachedPage(
        _text(entry["key"]), _digest(entry["html"]), frozenset(_texts(entry["linked"])), _site_stat(entry["site"])
    )


def _page_data(entry: CachedPage) -> dict[str, object]:
    site = None if entry.site is None else list(entry.site)
    return {"key": entry.key, "html": entry.html, "linked": sorted(entry.linked), "site": site}
