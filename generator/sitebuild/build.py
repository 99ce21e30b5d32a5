"""``runbook build``'s site: MkDocs' build with the pages rendered on every core and kept in a build cache.

:class:`SiteBuilder` is the live preview's :class:`~generator.preview.live.LiveSite` run once,
as ``mkdocs build`` runs (the site folder emptied first, ``--strict`` counting warnings), with
two differences:

- the work per page is dealt to forked processes: first each page's Markdown render (children
  send back what ``Page.render`` left), then each page's template (children send back the HTML,
  its search entries and what they logged). The main process sends every plugin event in MkDocs'
  order, takes a page's render or HTML when its key matches (the same check the preview makes
  between saves), adds the search entries in page order, logs again what the children logged (so
  ``--strict`` counts it), and writes the site;
- the renders, HTML, links and search entries of every page are kept in the build cache
  (:mod:`generator.sitebuild.store`), so the next build reuses what its edit left unchanged.

The build stamp (time and source revision) changes with every commit: pages are rendered with a
placeholder in its place, cached so, and the stamp is filled in when the site is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.engine.choice import logger_names
from generator.engine.internals import (
    Files,
    MkDocsConfig,
    OpenBuild,
    Page,
    build_extra_templates,
    build_theme_templates,
    copy_static_files,
    current_page,
    finish_build,
    only_known_handlers,
    only_known_page_context,
    only_known_plugins,
    open_build,
    search_entries,
    strict_build,
    tags_listing_pages,
)
from generator.preview.buildstate import (
    MemoryBytecodeCache,
    MkDocsBuild,
    PageRender,
    content_digest,
    linked_pages,
    nav_shape,
    search_key,
)
from generator.preview.live import LiveSite
from generator.runtime.memo import digest
from generator.runtime.parallel import jobs
from generator.sitebuild.forked import Done, map_in_children
from generator.sitebuild.keys import build_key
from generator.sitebuild.sitefolder import KNOWN_PLUGINS, SiteFolder, write_page
from generator.sitebuild.stamp import STAMP_PLACEHOLDER, stamp_of, stamp_placeholder
from generator.sitebuild.store import FORMAT, BuildStore, CachedPage, CachedRender, file_digest, html_digest

SAFE_MODULES = ("material.plugins.search.", "material.plugins.tags.", "generator.site.plugin")
"""Plugins whose page events may run in a child: their only state is the search entries sent back."""
MIN_FORKED = 20
"""Fewest pages to render worth forking for."""


@dataclass
class SiteBuilt:
    """What a build did: pages in the site, how many it rendered, and a line about the cache when it was ignored."""

    pages: int
    markdown_rendered: int
    html_rendered: int
    processes: int
    cache_note: str | None


class SiteBuilder(LiveSite):
    """One ``mkdocs build`` of ``docs`` into ``site_dir``, on every core, with the build cache in ``cache_folder``."""

    def __init__(
        self,
        config_file: Path,
        docs: Path,
        site_dir: Path,
        cache_folder: Path | None,
        *,
        plugin_source: Path | None = None,
        site_url: str | None = None,
        processes: int | None = None,
        min_forked: int = MIN_FORKED,
    ) -> None:
        """``processes`` and ``min_forked`` (fewest pages worth forking for) are for tests; default: every core."""
        super().__init__(config_file, docs, site_dir, site_url)
        self.processes = processes
        self.min_forked = min_forked
        self.cache_folder = cache_folder
        self.plugin_source = plugin_source
        self._rendered = 0
        self._store = BuildStore(None, "")
        self._from_store: dict[str, CachedRender] = {}
        """Renders taken from the build cache, by page."""
        self._lazy: dict[str, str] = {}
        """Pages whose content is still in the build cache: the digest it has there."""
        self._lazy_ok = False
        self._damaged: set[str] = set()
        self._search_from_store: dict[str, tuple[str, list[object]]] = {}
        self._pipeline: tuple[MkDocsConfig, Files, str] | None = None

    def _prepare(self, config: MkDocsConfig) -> None:
        plugin = config.plugins.get("runbook")
        if self.plugin_source is not None and plugin is not None:
            plugin.config.source = str(self.plugin_source.resolve())

    def build(self) -> SiteBuilt:
        """Build the site (BuildProblem when the engine or ``--strict`` stops it)."""
        folder = SiteFolder()
        opened = open_build(
            self.config_file,
            self.docs,
            self.site_dir,
            self.site_url,
            start=True,
            bytecode=MemoryBytecodeCache(),  # compiled templates on disk would be code read back: not kept
            strict=True,
            clean=lambda config: folder.open_or_empty(config, self.cache_folder),
            prepare=self._prepare,
        )
        config, files, pages = opened.config, opened.files, opened.pages
        with strict_build(config, logger_names()[0]):
            stamp = stamp_of(config)
            with stamp_placeholder(config, stamp):
                store = BuildStore.load(self.cache_folder, build_key(config, FORMAT))
            self._store = store
            # A page's content stays in the cache until it is written again, unless a plugin reads it.
            self._lazy_ok = (
                not config.plugins.events["page_content"]
                and only_known_plugins(config, KNOWN_PLUGINS)
                and tags_listing_pages(config) is not None
            )
            self._page_keys = {uri: page.key for uri, page in store.pages.items()}
            self._linked = {uri: page.linked for uri, page in store.pages.items()}
            files_key = digest(sorted(file.src_uri for file in files))
            self._pipeline = (config, files, files_key)
            sources = {page.file.src_uri: file_digest(page.file.abs_src_path) for page in pages}
            processes = self.processes or jobs(len(pages))

            # Markdown renders: in children when many pages changed, then every event here, in order.
            unknown = [p for p in pages if _render_source(store, p.file.src_uri) != sources[p.file.src_uri]]
            if processes > 1 and len(unknown) >= self.min_forked:
                in_child = self._render_in_child(config, files, files_key)
                rendered = map_in_children(in_child, unknown, processes, logger_names())
                for page, done in zip(unknown, rendered, strict=True):
                    result, read = done.result
                    if done.logged:
                        continue  # a page that warned renders again here, where its warnings count
                    if read is not None:  # the file as the child read it: not read and parsed again here
                        self._sources[page.file.src_uri] = read
                    if result is not None:
                        self._renders[page.file.src_uri] = result
                        self._rendered += 1
            for page in pages:
                self._populate(page, config, files, files_key)
            for page in tags_listing_pages(config) or []:  # filled in on_env: its content cannot wait
                self._content(page)
            opened.env = config.plugins.on_env(opened.env, config=config, files=files)
            build = _build_of(opened, files_key, self.config_file, pages)
            self._last = build

            copy_static_files(opened, dirty=False)
            build_theme_templates(opened)
            build_extra_templates(opened)

            with stamp_placeholder(config, stamp):
                written = self._pages(build, store, folder, processes, stamp)
            outputs = finish_build(opened)
            if folder.opened:
                folder.finish()
            renders = {}
            for uri, (key, render) in self._renders.items():
                if uri in sources:
                    known = self._from_store.get(uri)
                    if known is not None and known.render is render and known.source == sources[uri]:
                        renders[uri] = known
                    else:
                        renders[uri] = CachedRender(key, sources[uri], render, store.add_content(render.content))
            store.stamp = html_digest((stamp or "").encode("utf-8", "surrogatepass"))
            store.save(renders, written.pages, written.html, self._searched(pages))
        del outputs  # what the build did not write or keep was removed (or the site folder emptied first)
        return SiteBuilt(len(pages), self._rendered, written.rendered, processes, store.note)

    def _render(self, page: Page, config: MkDocsConfig, files: Files, files_key: str) -> None:
        uri = page.file.src_uri
        key = digest(page.markdown or "", files_key)
        known = self._renders.get(uri)
        if known is None or known[0] != key:
            render = self._cached_render(uri, key)
            if render is None:
                self._rendered += 1
            else:
                self._renders[uri] = (key, render)
        self._lazy.pop(uri, None)
        super()._render(page, config, files, files_key)
        cached = self._from_store.get(uri)
        if cached is not None and self._renders[uri][1] is cached.render and not cached.render.content:
            self._lazy[uri] = cached.content

    def _cached_render(self, uri: str, key: str) -> PageRender | None:
        """The build cache's render of page ``uri`` under ``key`` (its content left there when it can wait)."""
        cached = self._store.renders.get(uri)
        if cached is None or cached.key != key or uri in self._damaged:
            return None
        if not self._lazy_ok:
            content = self._store.content(cached.content)
            if content is None:
                return None
            cached = CachedRender(cached.key, cached.source, replace(cached.render, content=content), cached.content)
        self._from_store[uri] = cached
        return cached.render

    def _content(self, page: Page) -> None:
        """Give ``page`` its content when it was left in the build cache (rendered again when damaged there)."""
        uri = page.file.src_uri
        name = self._lazy.pop(uri, None)
        if name is None:
            return
        content = self._store.content(name)
        if content is not None:
            page.content = content
            return
        del self._renders[uri]
        self._from_store.pop(uri, None)
        self._damaged.add(uri)
        assert self._pipeline is not None
        config, files, files_key = self._pipeline
        with current_page(config, page):
            self._render(page, config, files, files_key)

    def _unchanged_page(self, page: Page, build: MkDocsBuild) -> None:
        uri = page.file.src_uri
        if uri not in self._search_entries:
            found = self._store.search(uri)
            if found is not None:
                self._search_entries[uri] = self._search_from_store[uri] = found
        known = self._search_entries.get(uri)
        entries = search_entries(build.config)
        lazy = self._lazy.get(uri)
        same = lazy and known and entries is not None and known[0] == search_key(page, lazy)
        if same and known and entries is not None and only_known_page_context(build.config):
            entries.extend(known[1])
            return
        self._content(page)
        super()._unchanged_page(page, build)

    def _searched(self, pages: list[Page]) -> dict[str, tuple[str, list[object]]] | None:
        """Every page's search entries, or None when they are those the build cache holds."""
        found = {
            page.file.src_uri: self._search_entries[page.file.src_uri]
            for page in pages
            if page.file.src_uri in self._search_entries
        }
        from_store = self._search_from_store
        if self._store.search_file is not None and found.keys() == from_store.keys():
            return None if all(found[uri] is from_store[uri] for uri in found) else found
        return found

    def _template_key(self, page: Page, build: MkDocsBuild) -> str:
        """As the preview's, with the page's content by its digest (computed once per render)."""
        uri = page.file.src_uri
        shown = [(url, build.titles.get(url)) for url in sorted(self._linked.get(uri, ()))]
        content = self._lazy.get(uri) or content_digest(page.content)
        return digest(build.shape_key, content, page.meta, page.title, shown)

    def _render_in_child(
        self, config: MkDocsConfig, files: Files, files_key: str
    ) -> Callable[[Page], tuple[tuple[str, PageRender] | None, Read | None]]:
        """What a child does with a page: every event up to its render; the render when it is new, and the file read."""

        def render(page: Page) -> tuple[tuple[str, PageRender] | None, Read | None]:
            uri = page.file.src_uri
            before = self._renders.get(uri)
            self._populate(page, config, files, files_key)
            after = self._renders.get(uri)
            cached = self._from_store.get(uri)
            read = self._sources.get(uri)
            if after is before or after is None or (cached is not None and after[1] is cached.render):
                return None, read  # the parent finds the render where this process did
            return after, read

        return render

    def _html_in_child(self, build: MkDocsBuild) -> Callable[[Page], tuple[str, frozenset[str], Searched]]:
        """What a child does with a page: its HTML, the pages it links and its search entries."""

        def html(page: Page) -> tuple[str, frozenset[str], Searched]:
            output = self._page_output(page, build)
            return output, linked_pages(output, page.url), self._search_entries.get(page.file.src_uri)

        return html

    def _pages(
        self, build: MkDocsBuild, store: BuildStore, folder: SiteFolder, processes: int, stamp: str | None
    ) -> Written:
        """Every page's HTML: left in the site folder, from the cache when its key matches, else rendered."""
        config, pages = build.config, build.open.pages
        same_stamp = store.stamp == html_digest((stamp or "").encode("utf-8", "surrogatepass"))
        cached: dict[str, bytes] = {}
        kept: dict[str, CachedPage] = {}
        keys: dict[str, str] = {}
        todo: list[Page] = []
        for page in pages:
            uri = page.file.src_uri
            keys[uri] = key = self._template_key(page, build)
            entry = store.pages.get(uri)
            if entry is None or entry.key != key:
                todo.append(page)
            elif same_stamp and folder.unchanged(page.file.abs_dest_path, entry.site):
                kept[uri] = entry
            elif (html := store.html(uri)) is not None:
                cached[uri] = html
            else:
                todo.append(page)
        for page in todo:
            self._content(page)
        forked: dict[str, Done[tuple[str, frozenset[str], Searched]]] = {}
        safe = all(only_known_handlers(config, event, SAFE_MODULES) for event in ("page_context", "post_page"))
        if processes > 1 and len(todo) >= self.min_forked and safe:
            done = map_in_children(self._html_in_child(build), todo, processes, logger_names())
            forked = {page.file.src_uri: found for page, found in zip(todo, done, strict=True)}
        rendered = {page.file.src_uri for page in todo}
        entries = search_entries(config)
        placeholder = STAMP_PLACEHOLDER.encode()
        filled = (stamp or STAMP_PLACEHOLDER).encode()
        written = Written(len(todo))
        for page in pages:
            uri = page.file.src_uri
            if uri in kept:
                self._unchanged_page(page, build)
                written.pages[uri] = kept[uri]
                continue
            if uri in forked:
                for line in forked[uri].logged:
                    line.replay()
                output, self._linked[uri], searched = forked[uri].result
                if searched is not None:
                    self._search_entries[uri] = searched
                    if entries is not None:
                        entries.extend(searched[1])
                data = output.encode("utf-8", errors="xmlcharrefreplace") if output.strip() else b""
            elif uri in rendered:
                output = self._page_output(page, build)
                self._linked[uri] = linked_pages(output, page.url)
                data = output.encode("utf-8", errors="xmlcharrefreplace") if output.strip() else b""
            else:
                self._unchanged_page(page, build)
                data = cached[uri]
            if not data:
                continue  # MkDocs writes no file for a page whose template gave nothing
            key = self._template_key(page, build) if uri in rendered else keys[uri]  # with the links it now has
            self._page_keys[uri] = key
            name = html_digest(data) if uri in rendered else store.pages[uri].html
            site = write_page(page.file.abs_dest_path, data.replace(placeholder, filled) if stamp else data)
            written.pages[uri] = CachedPage(key, name, self._linked[uri], site)
            if uri in rendered:
                written.html[name] = data
        return written


Read = tuple[tuple[int, int, int], str, dict[str, Any]]
"""A page's file as read: its modification time, size and inode, its Markdown and its metadata."""

Searched = tuple[str, list[object]] | None
"""A page's search key and the search entries it added, or None when search is off."""


@dataclass
class Written:
    """The pages a build wrote: how many it rendered, each page's cache entry, and the HTML by digest."""

    rendered: int
    pages: dict[str, CachedPage] = field(default_factory=dict)
    html: dict[str, bytes] = field(default_factory=dict)


def _render_source(store: BuildStore, uri: str) -> str | None:
    entry = store.renders.get(uri)
    return None if entry is None else entry.source


def _build_of(opened: OpenBuild, files_key: str, config_file: Path, pages: list[Page]) -> MkDocsBuild:
    """The build's navigation keys and page titles, as the live preview's converge pass makes them."""
    config_key = config_file.read_bytes()
    nav_key = digest(nav_shape(opened.nav.items), config_key)
    shape_key = digest(nav_shape(opened.nav.items, page_titles=False), config_key, files_key)
    return MkDocsBuild(opened, files_key, nav_key, shape_key, {page.url: page.title for page in pages})
