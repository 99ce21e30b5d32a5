"""LiveSite, the page-by-page rebuild behind 'runbook serve', writes what a full MkDocs build writes.

On MkDocs in this process, and on ProperDocs in a second one (``RUNBOOK_ENGINE=properdocs``):
ProperDocs takes over the ``mkdocs`` names for a whole process, so it cannot share this one.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.engine.build import build_site
from generator.engine.choice import active_engine
from generator.preview.live import LiveSite, PageVanished
from generator.preview.snapshot import changed_paths, docs_snapshot
from generator.scaffold import project_files
from tests.conftest import ROOT, run


def _full_build(folder: Path) -> Path:
    site = folder / "reference"
    shutil.rmtree(site, ignore_errors=True)
    build_site(folder / "mkdocs.yml", folder / "docs", site, strict=False)
    return site


def _same_tree(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only (empty when the trees are byte for byte equal)."""
    found = []
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    for name in sorted(names):
        a, b = left / name, right / name
        if not (a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)):
            found.append(name)
    return found


@pytest.fixture
def project(base_source: Path) -> Path:
    folder = base_source.parent
    (folder / "mkdocs.yml").write_text(project_files("Live test", "Testing")["mkdocs.yml"])
    assert run("generate").exit_code == 0
    return folder


def _regenerate(project: Path, site: LiveSite, before: dict[str, tuple[int, int, int]]) -> list[str]:
    assert run("generate").exit_code == 0
    changed = sorted(p for p in changed_paths(before, docs_snapshot(project / "docs")) if p.endswith(".md"))
    site.refresh(p for p in changed if (project / "docs" / p).exists())
    return changed


def test_after_edits_the_site_is_byte_for_byte_a_full_build(project: Path) -> None:
    site = LiveSite(project / "mkdocs.yml", project / "docs", project / "live")
    assert site.converge() is not None
    page = project / "source" / "operations" / "error-reports.yaml"
    for old, new in [
        ("title: Error Reports", "title: Error Reports and Codes"),
        ("summary: What an error report contains.", "summary: What a report holds."),
        ("    when: before opening a request", "    when: before any request"),
    ]:
        before = docs_snapshot(project / "docs")
        page.write_text(page.read_text().replace(old, new))
        assert _regenerate(project, site, before), f"{new}: no page changed"
        converged = site.converge()
        assert converged is not None
        assert _same_tree(_full_build(project), project / "live") == [], new
    assert (
        "Error Reports and Codes" in (project / "live" / "operations" / "contacting-support" / "index.html").read_text()
    )


def test_a_page_that_goes_away_during_a_build_stops_it_and_the_next_build_completes(project: Path) -> None:
    site = LiveSite(project / "mkdocs.yml", project / "docs", project / "live")
    assert site.converge() is not None
    going = project / "docs" / "operations" / "error-reports.md"
    calls = []

    def another_run_deletes_a_page() -> bool:
        calls.append(1)
        if len(calls) == 1:
            going.unlink(missing_ok=True)
        return False

    with pytest.raises(PageVanished):
        site.converge(another_run_deletes_a_page)
    # The other run finishes: docs/ is whole again (its map links only pages that exist).
    before = docs_snapshot(project / "docs")
    _regenerate(project, site, before)
    assert going.is_file()
    assert site.converge() is not None
    assert _same_tree(_full_build(project), project / "live") == []


def test_a_build_stops_between_pages_when_asked_and_the_next_one_finishes_the_site(project: Path) -> None:
    site = LiveSite(project / "mkdocs.yml", project / "docs", project / "live")
    assert site.converge(lambda: True) is None
    assert site.converge() is not None
    assert _same_tree(_full_build(project), project / "live") == []


def test_the_engine_in_use_is_the_one_runbook_engine_names() -> None:
    import mkdocs

    expected = os.environ.get("RUNBOOK_ENGINE") or "mkdocs"
    assert active_engine() == expected
    assert mkdocs.__name__ == expected  # under ProperDocs, the mkdocs names are its modules


def test_on_properdocs_too_the_live_site_is_byte_for_byte_a_full_build() -> None:
    """Every test above, the byte-for-byte comparisons included, with ProperDocs building both sides."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__, "-k", "not on_properdocs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "RUNBOOK_ENGINE": "properdocs", "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout, result.stdout
