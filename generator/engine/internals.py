"""Every private name of MkDocs and Material the tool uses, behind typed functions: the one door to them.

``runbook serve`` rebuilds page by page (generator/preview/live.py) by following MkDocs' own build
step by step and by replacing the rebuild loop of its development server. That needs names MkDocs
and Material keep to themselves:

- ``mkdocs.commands.build._build_theme_template`` and ``_build_extra_template``, the 404 page,
  the sitemap and any extra template;
- ``MkDocsConfig._current_page``, which MkDocs sets around a page's render (``!relative`` YAML
  values and some plugins read it);
- ``Page._title_from_render``, the title a page's first heading gave it, kept with its cached render;
- Material's search plugin's ``search_index.entries`` (a page whose HTML stays still adds its entries);
- Material's tags plugin's ``listings``, the pages whose content its ``on_env`` fills in;
- ``LiveReloadServer._build_loop``, ``_inject_js_into_html`` and the six fields its loop drives.

``runbook build`` follows the same steps (generator/sitebuild/): it renders pages in forked
processes and keeps them in a build cache, so it also needs the public-but-undocumented pieces of
``mkdocs build`` itself: ``utils.clean_directory``, ``utils.CountHandler`` (how ``--strict`` counts
warnings), ``structure.toc.AnchorLink`` (a cached table of contents rebuilt) and the
``on_build_error``/``on_shutdown`` events.

They were read in MkDocs 1.6.1 (ProperDocs 1.6.7 keeps them alike) and Material 9.7.5 and 9.8.2, the
versions :data:`generator.engine.choice.VERIFIED` names. On any other version ``runbook serve``
says so once and rebuilds the whole site after each save, through public names only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import jinja2
from mkdocs.commands.build import _build_extra_template, _build_theme_template, get_context
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import CountHandler, clean_directory, get_build_date
from mkdocs.utils.templates import TemplateContext

__all__ = [
    "BuildProblem",
    "File",
    "Files",
    "MkDocsConfig",
    "Navigation",
    "OpenBuild",
    "Page",
    "ReloadServer",
    "TemplateContext",
]


@contextmanager
def current_page(config: MkDocsConfig, page: Page) -> Iterator[None]:
    """The page being built, set as MkDocs sets it around ``_populate_page`` and ``_build_page``."""
    config._current_page = page
    try:
        yield
    finally:
        config._current_page = None


def rendered_title(page: Page) -> str | None:
    """The title the page's Markdown gave it when rendered (its first heading), kept with a cached render."""
    return page._title_from_render


def restore_rendered_title(page: Page, title: str | None) -> None:
    page._title_from_render = title


@dataclass
class OpenBuild:
    """A build begun up to its pages: the configuration, files and navigation the plugins have seen."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    pages: list[Page]
    """Every documentation page that the build includes, each with its ``Page``."""


def open_build(
    config_file: Path,
    docs: Path,
    site_dir: Path,
    site_url: str | None,
    *,
    start: bool,
    bytecode: jinja2.BytecodeCache | None,
    strict: bool | None = None,
    clean: bool | Callable[[MkDocsConfig], None] = False,
    prepare: Callable[[MkDocsConfig], None] | None = None,
) -> OpenBuild:
    """``mkdocs.commands.build.build`` up to its pages; ``start`` runs the plugins' ``on_startup`` first.

    ``clean`` empties the site folder after ``on_pre_build``, as ``mkdocs build`` does (a function
    is called with the configuration there instead); ``prepare`` sees the configuration before any
    plugin does.
    """
    if strict is None:
        config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(site_dir))
    else:
        config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(site_dir), strict=strict)
    if site_url is not None:
        config.site_url = site_url
    if prepare is not None:
        prepare(config)
    if start:
        # As `runbook build` starts its plugins, so that the preview equals the built site.
        config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    if callable(clean):
        clean(config)
    elif clean:
        clean_directory(config.site_dir)
    files = get_files(config)
    env = config.theme.get_env()
    if bytecode is not None:
        env.bytecode_cache = bytecode
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    pages = []
    for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
        pages.append(file.page if file.page is not None else Page(None, file, config))
    return OpenBuild(config, files, nav, env, pages)


def empty_site_folder(config: MkDocsConfig) -> None:
    """Empty the site folder as ``mkdocs build`` does (hidden entries at its top stay)."""
    clean_directory(config.site_dir)


def page_context(build: OpenBuild, page: Page) -> TemplateContext:
    """The template context MkDocs gives ``page`` (before the plugins' ``on_page_context``)."""
    return get_context(build.nav, [page.file for page in build.pages], build.config, page)


def build_date() -> str:
    """The build date MkDocs stamps (``SOURCE_DATE_EPOCH`` when set)."""
    return get_build_date()


def copy_static_files(build: OpenBuild, *, dirty: bool = True) -> None:
    """Copy the theme's and docs/' other files into the site; ``dirty`` skips those that are up to date."""
    build.files.copy_static_files(dirty=dirty, inclusion=InclusionLevel.is_included)


def build_theme_templates(build: OpenBuild) -> None:
    """The theme's static templates: the 404 page and the sitemap."""
    for template in build.config.theme.static_templates:
        _build_theme_template(template, build.env, build.files, build.config, build.nav)


def build_extra_templates(build: OpenBuild) -> None:
    for template in build.config.extra_templates:
        _build_extra_template(template, build.files, build.config, build.nav)


def finish_build(build: OpenBuild) -> set[str]:
    """Anchor checks and ``on_post_build``, as a build ends; the path of every file the site now holds."""
    for page in build.pages:
        page.validate_anchor_links(files=build.files, log_level=build.config.validation.links.anchors)
    build.config.plugins.on_post_build(config=build.config)
    return {file.abs_dest_path for file in build.files if not file.inclusion.is_excluded()}  # type: ignore[no-untyped-call]


BuildProblem = MkDocsException
"""What the engine raises when a configuration, a plugin or ``--strict`` stops a build."""


@contextmanager
def strict_build(config: MkDocsConfig, logger_name: str) -> Iterator[None]:
    """Around a build, as ``mkdocs build`` runs it: warnings counted under ``strict`` (then Abort), and
    ``on_build_error`` when it fails; ``logger_name`` is the engine's top logger."""
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    logger = logging.getLogger(logger_name)
    if config.strict:
        logger.addHandler(counter)
    try:
        yield
        if counts := counter.get_counts():
            raise Abort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} in strict mode!")
    except Exception as error:
        config.plugins.on_build_error(error=error)
        raise
    finally:
        logger.removeHandler(counter)
        config.plugins.on_shutdown()


def toc_data(toc: Any) -> list[object]:
    """A page's table of contents as plain data (JSON): title, id, level, active, children."""

    def entry(link: Any) -> list[object]:
        children = [entry(child) for child in link.children]
        return [link.title, link.id, link.level, bool(getattr(link, "active", False)), children]

    return [entry(link) for link in getattr(toc, "items", [])]


def toc_from_data(data: list[Any]) -> TableOfContents:
    """The table of contents :func:`toc_data` wrote."""

    def entry(item: list[Any]) -> AnchorLink:
        title, anchor, level, active, children = item
        link = AnchorLink(str(title), str(anchor), int(level))
        if active:
            link.active = True  # type: ignore[attr-defined]  # as get_toc marks the first entry
        link.children = [entry(child) for child in children]
        return link

    return TableOfContents([entry(item) for item in data])


def only_known_plugins(config: MkDocsConfig, known: tuple[str, ...]) -> bool:
    """Whether every plugin of the build (a hook file's included) comes from a module under one of ``known``."""
    return all(type(plugin).__module__.startswith(known) for plugin in config.plugins.values())


def only_known_handlers(config: MkDocsConfig, event: str, known: tuple[str, ...]) -> bool:
    """Whether every handler of plugin ``event`` comes from a module under one of ``known`` (module prefixes)."""
    handlers = config.plugins.events[event]
    return all(type(getattr(handler, "__self__", None)).__module__.startswith(known) for handler in handlers)


def tags_listing_pages(config: MkDocsConfig) -> list[Page] | None:
    """Pages whose content Material's tags plugin fills with a tag listing in ``on_env`` (none without the
    plugin); None when the plugin is there but its listings cannot be read (another version of it)."""
    plugin = config.plugins.get("material/tags") or config.plugins.get("tags")
    if plugin is None:
        return []
    try:
        return [listing.page for listing in plugin.listings]
    except (TypeError, AttributeError):
        return None


class _SearchIndex(Protocol):
    entries: list[object]


def search_entries(config: MkDocsConfig) -> list[object] | None:
    """The entries of Material's search index of this build (None when search is off or another plugin's).

    Entries are added in ``on_page_context``; a page whose HTML is kept adds its last ones again.
    """
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index: _SearchIndex | None = getattr(plugin, "search_index", None)
    entries = getattr(index, "entries", None)
    return entries if isinstance(entries, list) else None


def only_known_page_context(config: MkDocsConfig) -> bool:
    """Whether every ``on_page_context`` handler is search's or tags' (tags' only fills the template)."""
    known = ("material.plugins.search.", "material.plugins.tags.")
    return all(
        type(getattr(handler, "__self__", None)).__module__.startswith(known)
        for handler in config.plugins.events["page_context"]
    )


class ReloadServer(LiveReloadServer):
    """MkDocs' development server with its rebuild loop and page injection handed to typed methods.

    A subclass writes :meth:`run_loop` (in place of rebuilding the whole site after each change)
    and :meth:`served_page` (what every served page shows besides the reload script); it drives
    the server with :meth:`note_change`, :meth:`next_change`, :meth:`reload_browsers` and
    :attr:`stopping` instead of the server's private fields.
    """

    def run_loop(self) -> None:
        raise NotImplementedError

    def served_page(self, content: bytes) -> bytes:
        return content

    @property
    def stopping(self) -> bool:
        return self._shutdown

    def note_change(self) -> None:
        """A watched file changed: wake the loop."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def next_change(self, pending: Callable[[], bool]) -> bool:
        """Wait for a change (or ``pending()``), then until changes stop for ``build_delay``; False when stopping."""
        with self._rebuild_cond:
            while not self._rebuild_cond.wait_for(
                lambda: self._want_rebuild or self._shutdown or pending(), timeout=self.shutdown_delay
            ):
                pass  # woken now and then, so that Ctrl-C reaches the main thread
            if self._shutdown:
                return False
            while self._rebuild_cond.wait(timeout=self.build_delay):
                pass  # a save in several steps: wait for the last one
            self._want_rebuild = False
            return True

    def reload_browsers(self) -> None:
        """Tell every open page to reload."""
        with self._epoch_cond:
            epoch = max(round(time.monotonic() * 1000), self._visible_epoch + 1)
            self._wanted_epoch = self._visible_epoch = epoch
            self._epoch_cond.notify_all()

    def _build_loop(self) -> None:
        self.run_loop()

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        injected: bytes = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        return self.served_page(injected)
