"""The served site kept up to date page by page: what ``runbook serve`` rebuilds after a save.

MkDocs' own ``serve`` rebuilds the whole site after every change (15-20 s at 1,000 operations),
and its ``--dirty`` mode gives up navigation, listings and the search index. This follows
MkDocs' build (``mkdocs.commands.build.build`` of the pinned 1.6.1) step by step, with the same
plugins and hooks in the same order, and keeps between builds what is dear to redo:

- each page's Markdown-to-HTML render (more than half of a build), keyed by the page's Markdown
  as the plugins left it and by the set of files its links can point to;
- each page's template output, kept while nothing the template reads has changed (the page's
  own render and metadata, and every navigation title and address);
- a digest of every file written, so unchanged output is never rewritten.

After a save, :meth:`LiveSite.refresh` renders only the pages whose Markdown changed, with the
last build's navigation, and :meth:`LiveSite.converge` then runs the whole pipeline with those
caches, so navigation, listings, the search index and the sitemap end as a full build makes
them. ``converge`` stops between pages when another save is waiting, and starts again after it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.site.buildstate import (
    MemoryBytecodeCache,
    MkDocsBuild,
    PageRender,
    copy_toc,
    digest,
    linked_pages,
    nav_shape,
    only_known_context,
    search_index,
    search_key,
)
from generator.site.write import TEMPORARY_SUFFIX


class PageVanished(Exception):
    """A page listed when the build began was gone when it was read (another run rewrote docs/)."""


@dataclass
class Converged:
    """What a converge pass did: the pages whose HTML it rewrote, and how many outputs it removed."""

    pages_written: list[str]
    deleted: int


class LiveSite:
    """A site directory that a long-running process keeps equal to a full MkDocs build of ``docs``."""

    def __init__(self, config_file: Path, docs: Path, site_dir: Path, site_url: str | None = None) -> None:
        self.config_file = config_file
        self.docs = docs.resolve()
        self.site_dir = site_dir
        self.site_url = site_url
        self._renders: dict[str, tuple[tuple[str, str], PageRender]] = {}
        self._written: dict[str, str] = {}
        self._page_keys: dict[str, str] = {}
        """src_uri -> digest of what the page's template read when its HTML was last written."""
        self._search_entries: dict[str, tuple[str, list[Any]]] = {}
        self._linked: dict[str, frozenset[str]] = {}
        """src_uri -> the site addresses its last HTML linked."""
        self._sources: dict[str, tuple[tuple[int, int, int], str, dict[str, Any]]] = {}
        self._theme_key = ""
        self._bytecode = MemoryBytecodeCache()
        self._outputs: set[str] = set()
        self._last: MkDocsBuild | None = None
        self._started = False

    # -- the page pipeline (mkdocs.commands.build._populate_page and _build_page, with caches) --

    def _populate(self, page: Any, config: Any, files: Any, files_key: str) -> None:
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            self._read_source(page, config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            self._render(page, config, files, files_key)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        finally:
            config._current_page = None

    def _read_source(self, page: Any, config: Any) -> None:
        """``Page.read_source``, skipped for a file whose size and modification time are unchanged."""
        uri = page.file.src_uri
        try:
            stat = os.stat(page.file.abs_src_path)
            known = self._sources.get(uri)
            if known is not None and known[0] == (stat.st_mtime_ns, stat.st_size, stat.st_ino):
                page.markdown, page.meta = known[1], dict(known[2])
                return
            page.read_source(config)
        except FileNotFoundError as error:
            raise PageVanished(uri) from error
        self._sources[uri] = ((stat.st_mtime_ns, stat.st_size, stat.st_ino), page.markdown, dict(page.meta))

    def _render(self, page: Any, config: Any, files: Any, files_key: str) -> None:
        key = (page.markdown, files_key)
        known = self._renders.get(page.file.src_uri)
        done = known[1] if known is not None and known[0] == key else None
        if done is None:
            page.render(config, files)
            links = page.links_to_anchors
            done = PageRender(
                page.content,
                copy_toc(page.toc),  # plugins edit a page's table of contents in place (tags listings)
                page._title_from_render,
                frozenset(page.present_anchor_ids or ()),
                None if links is None else {to.src_uri: dict(found) for to, found in links.items()},
            )
            self._renders[page.file.src_uri] = (key, done)  # the latest render of each page only
            return
        page.content, page.toc, page._title_from_render = done.content, copy_toc(done.toc), done.title
        page.present_anchor_ids = set(done.anchors)
        if done.links_to_anchors is not None:
            page.links_to_anchors = {
                target: dict(found)
                for uri, found in done.links_to_anchors.items()
                if (target := files.get_file_from_path(uri)) is not None
            }

    def _template_key(self, page: Any, build: MkDocsBuild) -> str:
        """Everything a page's template reads that can change between builds of one site.

        A page shows other pages' titles only in links to them (its navigation, previous and
        next): the titles of the pages its last HTML linked stand for all of them. A change of
        the navigation's shape or of the set of files changes every page's key.
        """
        shown = [(url, build.titles.get(url)) for url in sorted(self._linked.get(page.file.src_uri, ()))]
        return digest(build.shape_key, page.content, page.meta, page.title, shown)

    def _build_page(self, page: Any, build: MkDocsBuild) -> bool:
        """Render ``page`` through the theme and write it when it changed; whether it was written."""
        from mkdocs.commands.build import get_context

        config = build.config
        config._current_page = page
        try:
            page.active = True
            context = get_context(build.nav, build.doc_files, config, page)
            template = build.env.get_template(page.meta.get("template", "main.html"))
            context = self._page_context(context, page, build)
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
            config._current_page = None
        if not output.strip():
            return False
        self._linked[page.file.src_uri] = linked_pages(output, page.url)
        return self._write(page.file.abs_dest_path, output.encode("utf-8", errors="xmlcharrefreplace"))

    def _write(self, path: str, data: bytes) -> bool:
        content_key = hashlib.blake2b(data, digest_size=16).hexdigest()
        if self._written.get(path) == content_key and os.path.exists(path):
            return False
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # Renamed into place: the server never sends a page half written.
        temporary = f"{path}.{os.getpid()}{TEMPORARY_SUFFIX}"
        with open(temporary, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
        self._written[path] = content_key
        return True

    # -- the two passes --

    def refresh(self, uris: Iterable[str]) -> list[str]:
        """Render and write the pages ``uris`` (paths under docs/) with the last build's navigation.

        Pages the last build did not have wait for :meth:`converge`. Returns the pages written.
        """
        build = self._last
        if build is None:
            return []
        written = []
        for uri in uris:
            file = build.files.get_file_from_path(uri)
            if file is None or file.page is None or not file.is_documentation_page():
                continue
            try:
                self._populate(file.page, build.config, build.files, build.files_key)
            except PageVanished:
                continue  # deleted since the snapshot: converge takes its page away
            if self._build_page(file.page, build):
                written.append(uri)
            self._page_keys.pop(uri, None)  # rendered with the old navigation: converge redoes it
        return written

    def converge(self, interrupted: Callable[[], bool] = lambda: False) -> Converged | None:
        """Run the whole build with the caches; None when ``interrupted()`` stopped it between pages.

        Raises :class:`PageVanished` when a page disappears while it runs (then run it again).
        """
        from mkdocs.commands.build import _build_extra_template, _build_theme_template
        from mkdocs.config import load_config
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page
        from mkdocs.utils import get_build_date

        config = load_config(str(self.config_file), docs_dir=str(self.docs), site_dir=str(self.site_dir))
        if self.site_url is not None:
            config.site_url = self.site_url
        if not self._started:
            # As `runbook build` starts its plugins, so that the preview equals the built site.
            config.plugins.on_startup(command="build", dirty=False)
            self._started = True
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        env.bytecode_cache = self._bytecode
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        inclusion = InclusionLevel.is_included
        files_key = digest(sorted(file.src_uri for file in files))
        pages = list(files.documentation_pages(inclusion=inclusion))
        for file in pages:
            if file.page is None:
                Page(None, file, config)
            self._populate(file.page, config, files, files_key)
            if interrupted():
                return None
        env = config.plugins.on_env(env, config=config, files=files)
        config_key = Path(self.config_file).read_bytes()
        nav_key = digest(nav_shape(nav.items), config_key)
        shape_key = digest(nav_shape(nav.items, page_titles=False), config_key, files_key)
        titles = {file.page.url: file.page.title for file in pages if file.page is not None}
        build = MkDocsBuild(config, files, nav, env, pages, files_key, nav_key, shape_key, titles)
        self._last = build  # from here on, refresh() renders with this build's navigation

        files.copy_static_files(dirty=True, inclusion=inclusion)
        theme_key = digest(nav_key, files_key, get_build_date())
        if theme_key != self._theme_key:  # the 404 page shows the navigation; the sitemap lists every page
            for template in config.theme.static_templates:
                _build_theme_template(template, env, files, config, nav)
            self._theme_key = theme_key
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
        written = []
        for file in pages:
            key = self._template_key(file.page, build)
            if self._page_keys.get(file.src_uri) == key:
                # Its HTML would be the same; the plugins still see the page (the search index lists it).
                self._unchanged_page(file.page, build)
                continue
            if self._build_page(file.page, build):
                written.append(file.src_uri)
            self._page_keys[file.src_uri] = self._template_key(file.page, build)  # with the links it now has
            if interrupted():
                return None
        for file in pages:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)  # type: ignore[union-attr]
        config.plugins.on_post_build(config=config)
        outputs = {file.abs_dest_path for file in files if not file.inclusion.is_excluded()}  # type: ignore[no-untyped-call]
        deleted = self._delete(self._outputs - outputs)
        for uri in self._page_keys.keys() - {file.src_uri for file in pages}:
            del self._page_keys[uri]
            self._search_entries.pop(uri, None)
            self._sources.pop(uri, None)
            self._linked.pop(uri, None)
            self._renders.pop(uri, None)
        self._outputs = outputs
        return Converged(written, deleted)

    def _page_context(self, context: Any, page: Any, build: MkDocsBuild) -> Any:
        """The plugins' ``on_page_context``, keeping the search entries it adds for this page's text."""
        index = search_index(build.config)
        before = len(index.entries) if index is not None else 0
        context = build.config.plugins.on_page_context(context, page=page, config=build.config, nav=build.nav)
        if index is not None:
            self._search_entries[page.file.src_uri] = (search_key(page), index.entries[before:])
        return context

    def _unchanged_page(self, page: Any, build: MkDocsBuild) -> None:
        """What the plugins do for a page whose HTML stays: the search index still lists it."""
        from mkdocs.commands.build import get_context

        index = search_index(build.config)
        known = self._search_entries.get(page.file.src_uri)
        if index is not None and known is not None and known[0] == search_key(page) and only_known_context(build):
            index.entries.extend(known[1])
            return
        config = build.config
        config._current_page = page
        try:
            self._page_context(get_context(build.nav, build.doc_files, config, page), page, build)
        finally:
            config._current_page = None

    def _delete(self, paths: set[str]) -> int:
        for path in paths:
            self._written.pop(path, None)
            try:
                os.remove(path)
            except FileNotFoundError:
                continue
            folder = os.path.dirname(path)
            while folder.startswith(str(self.site_dir)) and folder != str(self.site_dir):
                try:
                    os.rmdir(folder)
                except OSError:
                    break
                folder = os.path.dirname(folder)
        return len(paths)
