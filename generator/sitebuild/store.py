"""The build cache on disk: each page's render and HTML from the last build, in plain JSON and HTML files.

Nothing in it can run code: the index is JSON, checked field by field before any of it is used,
and each page's HTML is a file named by the digest of its bytes, checked again when read. A
cache that cannot be read, was written by another format, or was made by another version of the
tool, MkDocs or Material, another configuration or other theme templates (its key differs) is
ignored as a whole, and :attr:`BuildStore.note` says so in one line; the build then renders
every page. The key is computed by :mod:`generator.sitebuild.keys`; the build stamp is never in
a cached page (it is written as a placeholder and filled in when the site is written).
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

FORMAT = 1
INDEX = "index.json"
PAGES = "pages"
_DIGEST = re.compile(r"[0-9a-f]{32}")


@dataclass
class CachedRender:
    """A page's Markdown render, under the digest of its Markdown and of the set of files."""

    key: str
    source: str
    """Digest of the page's file in docs/ (a cheap guess of whether the render can be reused)."""
    render: PageRender


@dataclass
class CachedPage:
    """A page's HTML (by digest), under the digest of everything its template read."""

    key: str
    html: str
    linked: frozenset[str]
    search: tuple[str, list[object]] | None


@dataclass
class BuildStore:
    """What the last build of one site left in the cache folder (nothing when ``folder`` is None)."""

    folder: Path | None
    key: str
    renders: dict[str, CachedRender] = field(default_factory=dict)
    pages: dict[str, CachedPage] = field(default_factory=dict)
    note: str | None = None
    """One line saying why the cache on disk was ignored, or None."""

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
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not a build cache of this format")
            if data.get("key") != key:
                store.note = (
                    f"the build cache {display_path(index)} was made by another version or configuration; "
                    "building every page"
                )
                return store
            store.renders = {_text(uri): _render(entry) for uri, entry in _mapping(data["renders"]).items()}
            store.pages = {_text(uri): _page(entry) for uri, entry in _mapping(data["pages"]).items()}
        except (ValueError, KeyError, TypeError) as error:  # json.JSONDecodeError is a ValueError
            store.renders, store.pages = {}, {}
            store.note = f"the build cache {display_path(index)} is damaged ({error}); building every page"
        return store

    def html(self, uri: str) -> bytes | None:
        """The cached HTML of page ``uri``, or None when missing or not what the index says it is."""
        page = self.pages.get(uri)
        if page is None or self.folder is None:
            return None
        try:
            data = (self.folder / PAGES / f"{page.html}.html").read_bytes()
        except OSError:
            return None
        if html_digest(data) != page.html:
            if self.note is None:
                self.note = f"a page in the build cache {display_path(self.folder)} is damaged; building it again"
            return None
        return data

    def save(self, renders: dict[str, CachedRender], pages: dict[str, CachedPage], html: dict[str, bytes]) -> None:
        """Replace the cache with this build's; ``html`` maps a page's HTML digest to its bytes. Never fails a build."""
        if self.folder is None:
            return
        try:
            folder = self.folder / PAGES
            folder.mkdir(parents=True, exist_ok=True)
            kept = {page.html for page in pages.values()}
            for name in os.listdir(folder):
                if name.removesuffix(".html") not in kept:
                    os.remove(folder / name)
            for name, data in html.items():
                path = folder / f"{name}.html"
                if not path.exists():
                    _write_atomically(path, data)
            index = {
                "format": FORMAT,
                "key": self.key,
                "renders": {uri: _render_data(entry) for uri, entry in renders.items()},
                "pages": {uri: _page_data(entry) for uri, entry in pages.items()},
            }
            _write_atomically(self.folder / INDEX, json.dumps(index, ensure_ascii=False).encode("utf-8"))
        except (OSError, TypeError, ValueError):
            return  # a read-only checkout (or a plugin's value JSON cannot hold) builds, only without a cache


def html_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


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
    entry = _mapping(value)
    title = entry["title"]
    links = None if entry["links"] is None else _mapping(entry["links"])
    render = PageRender(
        _text(entry["content"]),
        toc_from_data(_toc(entry["toc"])),
        None if title is None else _text(title),
        frozenset(_texts(entry["anchors"])),
        None if links is None else {_text(uri): _text_mapping(found) for uri, found in links.items()},
    )
    return CachedRender(_text(entry["key"]), _text(entry["source"]), render)


def _render_data(entry: CachedRender) -> dict[str, object]:
    render = entry.render
    return {
        "key": entry.key,
        "source": entry.source,
        "content": render.content,
        "toc": toc_data(render.toc),
        "title": render.title,
        "anchors": sorted(render.anchors),
        "links": render.links_to_anchors,
    }


def _page(value: Any) -> CachedPage:
    entry = _mapping(value)
    search = entry["search"]
    found: tuple[str, list[object]] | None = None
    if search is not None:
        if not (isinstance(search, list) and len(search) == 2 and isinstance(search[1], list)):
            raise TypeError("expected a search entry")
        found = (_text(search[0]), [_mapping(item) for item in search[1]])
    if not _DIGEST.fullmatch(_text(entry["html"])):
        raise ValueError("a page's HTML is not named by its digest")
    return CachedPage(_text(entry["key"]), _text(entry["html"]), frozenset(_texts(entry["linked"])), found)


def _page_data(entry: CachedPage) -> dict[str, object]:
    search = None if entry.search is None else [entry.search[0], entry.search[1]]
    return {"key": entry.key, "html": entry.html, "linked": sorted(entry.linked), "search": search}
