"""MkDocs hooks (mkdocs.yml ``hooks:``): the runbook's own scripts, vendored libraries, map links.

A thin adapter, as MkDocs calls it; the decisions are plain functions tests call directly.

- The triage and review-banner script and its stylesheet ship with the generator
  (generator/site/assets/), so a build from any docs folder has them.
- Mermaid and the iframe-worker shim come from node_modules/ (``npm ci``, pinned in
  package-lock.json) instead of a CDN: the site then loads nothing from another host, and the
  offline copy works with no network at all. Only pages with a diagram load Mermaid. Without
  node_modules the main site falls back to Material's CDN copy of Mermaid; the offline build
  refuses to, as it would not work offline.
- ``click NODE href "page.md"`` lines in Mermaid diagrams are resolved like Markdown links,
  so node links work with and without directory URLs.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from generator.site.accessibility import with_accessible_names
from generator.site.stamp import build_time, source_revision, stamp_text, with_build_stamp

ASSETS = Path(__file__).parent / "assets"
THEME = Path(__file__).parent / "theme"
"""Templates placed ahead of the theme's own: the 404 page."""
ASSET_URI = "assets/runbook"
VENDOR_URI = "assets/vendor"
VENDORED = {
    "mermaid/mermaid.min.js": "mermaid/dist/mermaid.min.js",
    "iframe-worker/shim.js": "iframe-worker/shim/index.js",
}
"""Site path under assets/vendor/ → path under node_modules/."""

_MERMAID_FENCE = re.compile(r"^(```+|~~~+) ?mermaid\s*$")
_CLICK_HREF = re.compile(r'^(\s*click\s+\S+\s+href\s+")([^"]+)(".*)$')


def node_modules(config_file: str | None) -> Path:
    """node_modules/ beside the MkDocs configuration (the repository root)."""
    return Path(config_file or "mkdocs.yml").resolve().parent / "node_modules"


def vendored_files(modules: Path) -> dict[str, Path]:
    """Vendored files that are installed, keyed by their path in the site."""
    found = {f"{VENDOR_URI}/{uri}": modules / source for uri, source in VENDORED.items()}
    return {uri: path for uri, path in found.items() if path.is_file()}


def offline_polyfills(polyfills: list[Any], shim_uri: str) -> list[Any]:
    """Polyfills with any CDN iframe-worker shim replaced by the vendored one."""
    kept = [p for p in polyfills if "iframe-worker" not in str(p)]
    return [*kept, shim_uri]


def resolve_diagram_links(markdown: str, page_uri: str, resolve: Any) -> tuple[str, list[str]]:
    """Mermaid ``click … href`` targets resolved by ``resolve(path) -> url | None``; misses listed."""
    lines, missing = [], []
    fence: str | None = None
    base = posixpath.dirname(page_uri)
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
                url = resolve(posixpath.normpath(posixpath.join(base, path)))
                if url is None:
                    missing.append(click.group(2))
                else:
                    line = f"{click.group(1)}{url}{'#' + anchor if anchor else ''}{click.group(3)}"
        lines.append(line)
    return "\n".join(lines), missing


def _offline(config: Any) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def on_config(config: Any) -> Any:
    vendored = vendored_files(node_modules(config.config_file_path))
    mermaid = f"{VENDOR_URI}/mermaid/mermaid.min.js"
    shim = f"{VENDOR_URI}/iframe-worker/shim.js"
    if _offline(config):
        missing = [uri for uri in (mermaid, shim) if uri not in vendored]
        if missing:
            raise PluginError(f"the offline copy needs {', '.join(missing)} from node_modules/; run 'npm ci' first")
        config.extra["polyfills"] = offline_polyfills(list(config.extra.get("polyfills", [])), shim)
    # Every page's footer says when and from what it was built (generator/site/stamp.py).
    stamp = stamp_text(build_time(), source_revision(Path(config.config_file_path or ".").resolve().parent))
    config.extra["runbook_build_stamp"] = stamp
    config.copyright = f"{config.copyright} · {stamp}" if config.copyright else stamp
    return config


def on_env(env: Any, config: Any, files: Files) -> Any:
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(THEME)), env.loader])
    return env


def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    if template_name == "404.html":
        pages = ("", "triage/", "owners/") if config.use_directory_urls else ("index.html", "triage.html", "owners.html")
        context["runbook_links"] = dict(zip(("home", "triage", "owners"), pages, strict=True))
        if _offline(config):
            # Opened from disk, the page sits at the root of the copy: relative links work there,
            # the site-absolute ones MkDocs gives a 404 page do not.
            context["base_url"] = "."
    return context


def on_files(files: Files, config: Any) -> Files:
    for path in sorted(ASSETS.iterdir()):
        if path.is_file():
            files.append(File.generated(config, f"{ASSET_URI}/{path.name}", abs_src_path=str(path)))
    for uri, path in vendored_files(node_modules(config.config_file_path)).items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if "mermaid" not in markdown:
        return markdown

    def resolve(path: str) -> str | None:
        target = files.get_file_from_path(path)
        return None if target is None else get_relative_url(target.url, page.file.url)

    markdown, missing = resolve_diagram_links(markdown, page.file.src_uri, resolve)
    if missing:
        raise PluginError(f"{page.file.src_uri}: diagram links to missing pages: {', '.join(missing)}")
    return markdown


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


def on_post_template(output: str, template_name: str, config: Any) -> str:
    return with_accessible_names(output) if template_name.endswith(".html") else output


def on_post_page(output: str, page: Any, config: Any) -> str:
    output = with_build_stamp(output, config.extra.get("runbook_build_stamp", ""))
    mermaid = f"{VENDOR_URI}/mermaid/mermaid.min.js"
    if mermaid in vendored_files(node_modules(config.config_file_path)):
        output = with_diagram_script(output, get_relative_url(mermaid, page.url))
    return with_accessible_names(output)
