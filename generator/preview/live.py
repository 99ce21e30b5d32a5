"""The served site kept up to date page by page: what ``runbook serve`` rebuilds after a save.

MkDocs' own ``serve`` rebuilds the whole site after every change (15-20 s at 1,000 operations),
and its ``--dirty`` mode gives up navigation, listings and the search index. This follows
MkDocs' build (``mkdocs.commands.build.build``) step by step through generator/engine/internals.py, with the same
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

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.engine.internals import (
    Files,
    MkDocsConfig,
    Page,
    TemplateContext,
    build_date,
    build_extra_templates,
    build_theme_templates,
    copy_static_files,
    current_page,
    finish_build,
    only_known_page_context,
    open_build,
    page_context,
    rendered_title,
    restore_rendered_title,
    search_entries,
)
from generator.preview.buildstate import (
    MemoryBytecodeCache,
    MkDocsBuild,
    PageRender,
    copy_toc,
    linked_pages,
    nav_shape,
    search_key,
)
from generator.runtime.memo import digest
from generator.writer.write import TEMPORARY_SUFFIX


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
        self._renders: dict[str, tuple[str, PageRender]] = {}
        """src_uri -> digest of its Markdown (as the plugins left it) and of the set of files, and its render."""
        self._written: dict[str, str] = {}
        self._page_keys: dict[str, str] = {}
        """src_uri -> digest of what the page's template read when its HTML was last written."""
        self._search_entries: dict[str, tuple[str, list[object]]] = {}
        self._linked: dict[str, frozenset[str]] = {}
        """src_uri -> the site addresses its last HTML linked."""
        self._sources: dict[str, tuple[tuple[int, int, int], str, dict[str, Any]]] = {}
        self._theme_key = ""
        self._bytecode = MemoryBytecodeCache()
        self._outputs: set[str] = set()
        self._last: MkDocsBuild | None = None
        self._started = False

    # -- the page pipeline (mkdocs.commands.build._populate_page and _build_page, with caches) --

    def _populate(self, page: Page, config: MkDocsConfig, files: Files, files_key: str) -> None:
        with current_page(config, page):
            page = config.plugins.on_pre_page(page, config=config, files=files)
            self._read_source(page, config)
            assert page.markdown is not None
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            self._render(page, config, files, files_key)
            assert page.content is not None
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)

    def _read_source(self, page: Page, config: MkDocsConfig) -> None:
        """``Page.read_source``, skipped for a file whose size and modification time are unchanged."""
        uri, path = page.file.src_uri, page.file.abs_src_path
        assert path is not None  # a documentation page is a file under docs/
        try:
            stat = os.stat(path)
            known = self._sources.get(uri)
            if known is not None and known[0] == (stat.st_mtime_ns, stat.st_size, stat.st_ino):
                page.markdown, page.meta = known[1], dict(known[2])
                return
            page.read_source(config)
        except FileNotFoundError as error:
            raise PageVanished(uri) from error
        self._sources[uri] = ((stat.st_mtime_ns, stat.st_size, stat.st_ino), page.markdown or "", dict(page.meta))

    def _render(self, page: Page, config: MkDocsConfig, files: Files, files_key: str) -> None:
        key = digest(page.markdown or "", files_key)
        known = self._renders.get(page.file.src_uri)
        done = known[1] if known is not None and known[0] == key else None
        if done is None:
            page.render(config, files)
            links = page.links_to_anchors
            done = PageRender(
                page.content or "",
                copy_toc(page.toc),  # plugins edit a page's table of contents in place (tags listings)
                rendered_title(page),
                frozenset(page.present_anchor_ids or ()),
                None if links is None else {to.src_uri: dict(found) for to, found in links.items()},
            )
            self._renders[page.file.src_uri] = (key, done)  # the latest render of each page only
            return
        page.content, page.toc = done.content, copy_toc(done.toc)
        restore_rendered_title(page, done.title)
        page.present_anchor_ids = set(done.anchors)
        if done.links_to_anchors is not None:
            page.links_to_anchors = {
                target: dict(found)
                for uri, found in done.links_to_anchors.items()
                if (target := files.get_file_from_path(uri)) is not None
            }

    def _template_key(self, page: Page, build: MkDocsBuild) -> str:
        """Everything a page's template reads that can change between builds of one site.

        A page shows other pages' titles only in links to them (its navigation, previous and
        next): the titles of the pages its last HTML linked stand for all of them. A change of
        the navigation's shape or of the set of files changes every page's key.
        """
        shown = [(url, build.titles.get(url)) for url in sorted(self._linked.get(page.file.src_uri, ()))]
        return digest(build.shape_key, page.content, page.meta, page.title, shown)

    def _build_page(self, page: Page, build: MkDocsBuild) -> bool:
        """Render ``page`` through the theme and write it when it changed; whether it was written."""
        output = self._page_output(page, build)
        if not output.strip():
            return False
        self._linked[page.file.src_uri] = linked_pages(output, page.url)
        return self._write(page.file.abs_dest_path, output.encode("utf-8", errors="xmlcharrefreplace"))

    def _page_output(self, page: Page, build: MkDocsBuild) -> str:
        """``page`` through the theme's template and the plugins' ``on_page_context`` and ``on_post_page``."""
        config = build.config
        with current_page(config, page):
            try:
                page.active = True
                context = page_context(build.open, page)
                template = build.open.env.get_template(page.meta.get("template", "main.html"))
                context = self._page_context(context, page, build)
                output = template.render(context)
                output = config.plugins.on_post_page(output, page=page, config=config)
            finally:
                page.active = False
        return str(output)

    def _write(self, path: str, data: bytes) -> bool:
        content_key = digest(data)
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
        opened = open_build(
            self.config_file, self.docs, self.site_dir, self.site_url, start=not self._started, bytecode=self._bytecode
        )
        self._started = True
        config, files, pages = opened.config, opened.files, opened.pages
        files_key = digest(sorted(file.src_uri for file in files))
        for page in pages:
            self._populate(page, config, files, files_key)
            if interrupted():
                return None
        opened.env = config.plugins.on_env(opened.env, config=config, files=files)
        config_key = Path(self.config_file).read_bytes()
        nav_key = digest(nav_shape(opened.nav.items), config_key)
        shape_key = digest(nav_shape(opened.nav.items, page_titles=False), config_key, files_key)
        titles = {page.url: page.title for page in pages}
        build = MkDocsBuild(opened, files_key, nav_key, shape_key, titles)
        self._last = build  # from here on, refresh() renders with this build's navigation

        copy_static_files(opened)
        theme_key = digest(nav_key, files_key, build_date())
        if theme_key != self._theme_key:  # the 404 page shows the navigation; the sitemap lists every page
            build_theme_templates(opened)
            self._theme_key = theme_key
        build_extra_templates(opened)
        written = []
        for page in pages:
            key = self._template_key(page, build)
            if self._page_keys.get(page.file.src_uri) == key:
                # Its HTML would be the same; the plugins still see the page (the search index lists it).
                self._unchanged_page(page, build)
                continue
            if self._build_page(page, build):
                written.append(page.file.src_uri)
            self._page_keys[page.file.src_uri] = self._template_key(page, build)  # with the links it now has
            if interrupted():
                return None
        outputs = finish_build(opened)
        deleted = self._delete(self._outputs - outputs)
        for uri in self._page_keys.keys() - {page.file.src_uri for page in pages}:
            del self._page_keys[uri]
            self._search_entries.pop(uri, None)
            self._sources.pop(uri, None)
            self._linked.pop(uri, None)
            self._renders.pop(uri, None)
        self._outputs = outputs
        return Converged(written, deleted)

    def _page_context(self, context: TemplateContext, page: Page, build: MkDocsBuild) -> TemplateContext:
        """The plugins' ``on_page_context``, keeping the search entries it adds for this page's text."""
        entries = search_entries(build.config)
        before = len(entries) if entries is not None else 0
        # Keyed by the page as rendered: search's own event changes the content it reads (it drops
        # the data-search-exclude attributes), and a later build checks the key before that event.
        key = search_key(page) if entries is not None else ""
        context = build.config.plugins.on_page_context(context, page=page, config=build.config, nav=build.nav)
        if entries is not None:
            self._search_entries[page.file.src_uri] = (key, entries[before:])
        return context

    def _unchanged_page(self, page: Page, build: MkDocsBuild) -> None:
        """What the plugins do for a page whose HTML stays: the search index still lists it."""
        entries = search_entries(build.config)
        known = self._search_entries.get(page.file.src_uri)
        if (
            entries is not None
            and known is not None
            and known[0] == search_key(page)
            and only_known_page_context(build.config)
        ):
            entries.extend(known[1])
            return
        with current_page(build.config, page):
            self._page_context(page_context(build.open, page), page, build)

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
