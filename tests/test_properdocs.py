"""The committed docs/ and mkdocs.yml also build with ProperDocs, the maintained MkDocs 1.x fork.

Material for MkDocs reaches end of life in May 2027; ProperDocs (PyPI ``properdocs``, pinned in
requirements-site.txt) is the engine that keeps the same configuration building. It installs as
its own module and redirects ``mkdocs.*`` imports to itself only inside its own process, so it
sits in the project venv beside MkDocs. This test fails, never skips, when it is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from generator.scaffold import project_files
from tests.conftest import BASE_CASE, ROOT, check_links

BIN = Path(sys.executable).parent
PROPERDOCS = BIN / "properdocs"


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not PROPERDOCS.exists():
        pytest.fail(
            f"{PROPERDOCS} not found: ProperDocs is a dev dependency; run 'make' "
            "(pip install -c requirements-site.txt -e '.[dev]')"
        )
    site = tmp_path_factory.mktemp("properdocs-site")
    result = subprocess.run(
        [str(PROPERDOCS), "build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_every_page_of_docs_is_built(properdocs_site: Path) -> None:
    pages = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))
    for page in pages:
        stem = page.removesuffix(".md")
        built = "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"
        assert (properdocs_site / built).is_file(), page


def _primary_nav(html: str) -> str:
    start = html.index("md-nav--primary")
    return html[start : html.index("md-sidebar--secondary", start)]


def test_generated_navigation_is_grouped_and_pruned(properdocs_site: Path) -> None:
    """The nav comes from mkdocs.nav.yml (INHERIT:): a page lists its own category's pages,
    and another category only as one link (Material's navigation.prune)."""
    nav = yaml.safe_load((ROOT / "mkdocs.nav.yml").read_text(encoding="utf-8"))["nav"]
    operations = next(item["Operations"] for item in nav if isinstance(item, dict) and "Operations" in item)
    categories = [item for item in operations if isinstance(item, dict)]
    # Each category section opens with its category page (navigation.indexes), then its pages.
    sections = [
        (name, [p for p in pages if p.startswith("operations/")]) for c in categories for name, pages in c.items()
    ]
    own_name, own_pages = max(sections, key=lambda section: len(section[1]))
    other_pages = [page for name, pages in sections if name != own_name for page in pages]
    if len(own_pages) < 2 or not other_pages:
        pytest.skip("source/ has no category with two pages beside another category: nothing to prune")
    page = own_pages[0].removesuffix(".md")
    html = _primary_nav((properdocs_site / page / "index.html").read_text(encoding="utf-8"))
    assert own_name in html
    for sibling in own_pages[1:]:
        assert f'href="../{Path(sibling).stem}/"' in html, sibling
    for other in other_pages:
        assert f'href="../{Path(other).stem}/"' not in html, f"other categories should be pruned: {other}"


def test_properdocs_site_links_resolve(properdocs_site: Path) -> None:
    """Every href and #fragment in the ProperDocs build resolves, checked offline by lychee."""
    report = check_links(properdocs_site)
    assert report["exit_code"] == 0 and report["errors"] == 0, report["output"]
    assert isinstance(report["total"], int) and report["total"] > 100


def _runbook_build(folder: Path, engine: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    shutil.copytree(BASE_CASE, folder / "source")
    (folder / "mkdocs.yml").write_text(project_files("Engine test", "Testing")["mkdocs.yml"])
    python_path = os.pathsep.join(str(path) for path in (*paths, ROOT))
    return subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": python_path, "RUNBOOK_ENGINE": engine, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )


def test_runbook_engine_properdocs_builds_with_properdocs(tmp_path: Path) -> None:
    result = _runbook_build(tmp_path, "properdocs")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "runbook: site built in site"
    # Material names the engine that built the page: ProperDocs gives its own name and version there.
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<meta name="generator" content="mkdocs-ProperDocs {version("properdocs")}, mkdocs-material-' in home


def test_an_engine_that_does_not_exist_is_one_clear_line(tmp_path: Path) -> None:
    result = _runbook_build(tmp_path, "sphinx")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "runbook: error: RUNBOOK_ENGINE='sphinx' names no site engine; use one of mkdocs, properdocs "
        "(or leave it unset for mkdocs)"
    )
    assert not (tmp_path / "site").exists()


def test_properdocs_asked_for_but_not_installed_is_one_clear_line(tmp_path: Path) -> None:
    # A 'properdocs' found first that is not ProperDocs: as if it were not installed.
    (tmp_path / "shadow" / "properdocs").mkdir(parents=True)
    (tmp_path / "shadow" / "properdocs" / "__init__.py").write_text("")
    result = _runbook_build(tmp_path / "project", "properdocs", tmp_path / "shadow")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "runbook: error: RUNBOOK_ENGINE=properdocs, but ProperDocs is not installed; pip install properdocs"
    )
    assert "Traceback" not in result.stderr
