"""The built site in headless Chromium (Debian's package, driven by Playwright), as staff use it.

Both sites are built once per session into a temporary folder: the main site is served over
HTTP on 127.0.0.1, the offline copy is opened from file://. Every request to any other host is
blocked and recorded, so a test also proves the pages need nothing from outside.

Locally a missing browser, Playwright or axe-core skips these tests; in CI (CI=true) it fails
them, so a green CI run always includes them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.sites import build_runbook, served, start_project

BROWSER_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def require(condition: bool, reason: str) -> None:
    """Skip when something the browser tests need is missing; in CI, fail instead."""
    if condition:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI=true: browser tests never skip)", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class Sites:
    online: Path
    offline: Path


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    work = tmp_path_factory.mktemp("browser-sites")
    docs = work / "docs"
    built = Sites(work / "site", work / "site-offline")
    for config, target in (("mkdocs.yml", built.online), ("mkdocs-offline.yml", built.offline)):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "build",
                "--config",
                config,
                "--docs",
                str(docs),
                "--site-dir",
                str(target),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    return built


@pytest.fixture(scope="session")
def base_url(sites: Sites) -> Iterator[str]:
    with served(sites.online) as url:
        yield url


def build_fixture_site(folder: Path, fixture: str) -> Path:
    """A fixture runbook in a project `runbook init` started, as another team has it: its own mkdocs.yml."""
    return build_runbook(start_project(folder), FIXTURES / fixture, config=None)


@pytest.fixture(scope="session")
def payments_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """tests/fixtures/payments in place of source/, built with this repository's mkdocs.yml and served:
    the pages a runbook in source/ without a support report or update template cannot show
    (tests/browser/bundled.py, with_embed)."""
    project = tmp_path_factory.mktemp("payments")
    shutil.copyfile(ROOT / "mkdocs.nav.yml", project / "mkdocs.nav.yml")
    with served(build_runbook(project, FIXTURES / "payments")) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium")
    require(executable is not None, "chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright package is not installed (make test installs it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page did that a person would not see: console errors, failed scripts, outside requests."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(browser: Any, watch: Watch) -> Iterator[Any]:
    """A fresh browser page that records console errors and blocks every request off this machine."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("http://127.0.0.1:", "file://", "data:", "blob:", "about:")):
            request_route.continue_()
        else:
            watch.outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    opened = context.new_page()
    opened.on("console", lambda message: watch.errors.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: watch.errors.append(str(error)))
    yield opened
    context.close()


@pytest.fixture
def axe_script() -> Path:
    require(AXE_SCRIPT.is_file(), "axe-core is not installed (run npm ci)")
    return AXE_SCRIPT


def cli_json(*args: str) -> Any:
    """``runbook`` run as a user runs it, its --json output parsed."""
    import json

    result = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
