"""The runbook's MkDocs plugin (``plugins: - runbook``): its own scripts, vendored libraries, map links.

Registered through the ``mkdocs.plugins`` entry point, so any MkDocs or ProperDocs site finds it
once runbook-as-code is installed. :class:`RunbookPlugin` is a thin adapter; the decisions are
plain functions tests call without MkDocs.

- Everything the pages load ships inside the package (generator/site/assets/): the triage and
  review-banner script and its stylesheet, Mermaid and the iframe-worker shim (vendored from
  npm, see assets/vendor/README.md). A site built from an installed wheel, with no Node.js and
  no node_modules/, loads nothing from another host, and the offline copy works with no network.
  Only pages with a diagram load Mermaid.
- ``site_name`` and ``site_description`` left out of ``mkdocs.yml`` come from ``runbook.yaml``
  (siteconfig.py explains why ``runbook generate`` writes them too).
- ``click NODE href "page.md"`` lines in Mermaid diagrams are resolved like Markdown links,
  so node links work with and without directory URLs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from generator.site.accessibility import with_accessible_names
from generator.site.language import material_language, not_found_words, site_messages, with_unicode_slugs
from generator.site.pagetext import source_edit_url
from generator.site.siteconfig import identity_updates, source_identity
from generator.site.stamp import build_time, source_revision, stamp_text, with_build_stamp
from generator.site.wordgaps import NAME as WORD_GAPS

ASSETS = Path(__file__).parent / "assets"
THEME = Path(__file__).parent / "theme"
"""Templates placed ahead of the theme's own: the 404 page."""
SCRIPT_URI = "assets/runbook/runbook.js"
STYLE_URI = "assets/runbook/runbook.css"
MERMAID_URI = "assets/vendor/mermaid/mermaid.min.js"
SHIM_URI = "assets/vendor/iframe-worker/shim.js"

SHIPPED = {
    SCRIPT_URI: "runbook.js",
    STYLE_URI: "runbook.css",
    MERMAID_URI: "vendor/mermaid/mermaid.min.js",
    "assets/vendor/mermaid/LICENSE": "vendor/mermaid/LICENSE",
    SHIM_URI: "vendor/iframe-worker/shim.js",
    "assets/vendor/iframe-worker/LICENSE": "vendor/iframe-worker/LICENSE",
}
"""Site path → path under generator/site/assets/ of every file the plugin adds to a site."""

_MERMAID_FENCE = re.compile(r"^(```+|~~~+) ?mermaid\s*$")
_CLICK_HREF = re.compile(r'^(\s*click\s+\S+\s+href\s+")([^"]+)(".*)$')


def shipped_files(assets: Path = ASSETS) -> dict[str, Path]:
    """Every file the plugin adds to a site, keyed by its path in the site; PluginError if one is missing."""
    found = {uri: assets / name for uri, name in SHIPPED.items()}
    missing = sorted(str(path) for path in found.values() if not path.is_file())
    if missing:
        raise PluginError(f"runbook-as-code is installed without its assets ({', '.join(missing)}); reinstall it")
    return found


def with_assets(scripts: list[Any], styles: list[Any]) -> tuple[list[Any], list[Any]]:
    """The configuration's extra scripts and styles with the runbook's own added once, last."""
    has_script = any(str(script) == SCRIPT_URI for script in scripts)
    has_style = any(str(style) == STYLE_URI for style in styles)
    return ([*scripts] if has_script else [*scripts, SCRIPT_URI]), ([*styles] if has_style else [*styles, STYLE_URI])


def offline_polyfills(polyfills: list[Any], shim_uri: str) -> list[Any]:
    """Polyfills with any CDN iframe-worker shim replaced by the vendored one."""
    kept = [p for p in polyfills if "iframe-worker" not in str(p)]
    return [*kept, shim_uri]


def resolve_diagram_links(markdown: str, page_uri: str, resolve: Callable[[str], str | None]) -> tuple[str, list[str]]:
    """Mermaid ``click … href`` targets resolved by ``resolve(path) -> url | None``; misses listed."""
    lines, missing = [], []
    fence: str | None = None
    base_dir = posixpath.dirname(page_uri)
    for line in markdown.split("\n"):
        stripped = line.strip()
        if fence is None:
            opening = _MERMAID_FENCE.match(stripped)
            fence = opening.group(1) if opening else None
        elif stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
            fence = None
        else:
            click = _CLICK_HREF.match(line)
            if click and "://" not in click.group(2):
                path, _, anchor = click.group(2).partition("#")
                url = resolve(posixpath.normpath(posixpath.join(base_dir, path)))
                if url is None:
                    missing.append(click.group(2))
                else:
                    line = f"{click.group(1)}{url}{'#' + anchor if anchor else ''}{click.group(3)}"
        lines.append(line)
    return "\n".join(lines), missing


def with_diagram_script(output: str, script_url: str) -> str:
    """A page with a diagram loads Mermaid just before Material's bundle; other pages never do.

    Defined before DOMContentLoaded, ``mermaid`` is found by Material, which then skips its CDN
    copy. Pages without a diagram are spared the 3.5 MB script.
    """
    if 'class="mermaid"' not in output or script_url in output:
        return output
    bundle = output.find('<script src="', output.find("</main>"))
    if bundle < 0:
        return output
    return f'{output[:bundle]}<script src="{script_url}"></script>\n    {output[bundle:]}'


def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


class RunbookPluginConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__
    source = c.Type(str, default="source")
    """The runbook's source folder, relative to mkdocs.yml: where runbook.yaml names the site."""


class RunbookPlugin(BasePlugin[RunbookPluginConfig]):  # type: ignore[no-untyped-call]
    """Adds the runbook's assets to the site and names it from runbook.yaml."""

    @event_priority(100)  # before the search plugin reads the theme's language (generator/site/language.py)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        messages = site_messages(config_file.parent / self.config.source)
        self.messages = messages
        config.theme["language"] = material_language(messages.tag, config.theme.dirs)
        config.mdx_configs = with_unicode_slugs(config.mdx_configs)
        if WORD_GAPS not in config.markdown_extensions:
            # Words apart in the search index as on screen, done in the render itself (wordgaps.py).
            config.markdown_extensions.append(WORD_GAPS)
        identity = source_identity(config_file.parent / self.config.source)
        for key, value in identity_updates(config_file, identity).items():
            config[key] = Markup(value)  # already escaped: Material's own `| e` must not escape it again
        config.extra_javascript, config.extra_css = with_assets(config.extra_javascript, config.extra_css)
        if _offline(config):
            config.extra["polyfills"] = offline_polyfills(list(config.extra.get("polyfills", [])), SHIM_URI)
        # Every page's footer says when and from what it was built (generator/site/stamp.py).
        stamp = stamp_text(build_time(), source_revision(config_file.parent), messages)
        config.extra["runbook_build_stamp"] = stamp
        config.copyright = f"{config.copyright} · {stamp}" if config.copyright else stamp
        return config

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        theme = jinja2.FileSystemLoader(str(THEME))
        env.loader = jinja2.ChoiceLoader([theme, env.loader] if env.loader is not None else [theme])
        return env

    def on_template_context(
        self, context: TemplateContext, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if template_name == "404.html":
            pages = (
                ("", "triage/", "owners/")
                if config.use_directory_urls
                else ("index.html", "triage.html", "owners.html")
            )
            links = dict(zip(("home", "triage", "owners"), pages, strict=True))
            context["runbook_links"] = links  # type: ignore[typeddict-unknown-key]  # the 404 template's own
            context["runbook_words"] = not_found_words(self.messages)  # type: ignore[typeddict-unknown-key]
            if _offline(config):
                # Opened from disk, the page sits at the root of the copy: relative links work there,
                # the site-absolute ones MkDocs gives a 404 page do not.
                context["base_url"] = "."
        return context

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        return with_accessible_names(output) if template_name.endswith(".html") else output

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for uri, path in shipped_files().items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated_from = page.meta.get("generated_from")
        page.edit_url = source_edit_url(
            page.edit_url,
            page.file.src_uri,
            Path(config.docs_dir).name,
            generated_from if isinstance(generated_from, str) else None,
        )
        if "mermaid" not in markdown:
            return markdown

        def resolve(path: str) -> str | None:
            target = files.get_file_from_path(path)
            return None if target is None else get_relative_url(target.url, page.file.url)

        markdown, missing = resolve_diagram_links(markdown, page.file.src_uri, resolve)
        if missing:
            raise PluginError(f"{page.file.src_uri}: diagram links to missing pages: {', '.join(missing)}")
        return markdown

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        output = with_build_stamp(output, config.extra.get("runbook_build_stamp", ""))
        output = with_diagram_script(output, get_relative_url(MERMAID_URI, page.url))
        return with_accessible_names(output)
