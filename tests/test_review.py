"""Review intervals: `runbook check` warns about overdue pages by a day the test chooses.

On the library fixture: its branches category is reviewed every 365 days, and its one page was
last reviewed on 2026-09-14.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pages.render import render_site
from generator.runtime.memo import RunCache
from generator.source.project import load_project
from tests.conftest import FIXTURES, run

PAGE = "operations/branch-network-down.yaml"
OVERDUE = (
    f"source/{PAGE}:8:16: warning: review overdue by 1 day: last reviewed 2026-09-14, "
    "due every 365 days, so due 2027-09-14; review the page and update last_reviewed"
)


@pytest.fixture
def library(in_tmp: Path) -> Path:
    shutil.copytree(FIXTURES / "library", in_tmp / "source")
    return in_tmp / "source"


def test_overdue_pages_are_warnings(library: Path) -> None:
    assert run("check", "--today", "2027-09-14").stderr == "runbook check passed: 0 errors, 0 warnings in source\n"
    result = run("check", "--today", "2027-09-15")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [OVERDUE, "runbook check passed: 0 errors, 1 warning in source"]


def test_overdue_pages_fail_under_strict(library: Path) -> None:
    result = run("check", "--strict", "--today", "2027-09-15")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "runbook check failed: 0 errors, 1 warning in source"


def test_today_comes_from_the_environment(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNBOOK_TODAY", "2027-09-15")
    assert OVERDUE in run("check").stderr
    monkeypatch.setenv("RUNBOOK_TODAY", "2026-12-01")
    assert run("check").stderr == "runbook check passed: 0 errors, 0 warnings in source\n"
    monkeypatch.setenv("RUNBOOK_TODAY", "15/09/2027")
    result = run("check")
    assert result.exit_code == 2
    assert "RUNBOOK_TODAY must be a date written as YYYY-MM-DD, found '15/09/2027'" in result.stderr


def test_a_review_date_in_the_future_and_a_missing_one_are_warned_about(library: Path) -> None:
    page = library / PAGE
    page.write_text(page.read_text().replace("last_reviewed: 2026-09-14\n", "last_reviewed: 2027-11-18\n"))
    assert run("check", "--today", "2026-12-01").stderr.splitlines()[0] == (
        f"source/{PAGE}:8:16: warning: last_reviewed 2027-11-18 is after today "
        "(2026-12-01); write the date the page was actually reviewed"
    )
    page.write_text(page.read_text().replace("last_reviewed: 2027-11-18\n", ""))
    assert run("check", "--today", "2026-12-01").stderr.splitlines()[0] == (
        f"source/{PAGE}:2:8: warning: page is reviewed every 365 days "
        "(review_every_days of category 'branches' in categories.yaml) but has no last_reviewed date; review it "
        "and add last_reviewed: YYYY-MM-DD"
    )


def test_generated_pages_carry_the_due_date_not_the_verdict() -> None:
    project, _ = load_project(FIXTURES / "library", RunCache.off())
    assert project is not None
    page = render_site(project, RunCache.off())["operations/branch-network-down.md"].content
    assert (
        '<div class="admonition warning review-overdue" data-review-due="2027-09-14" data-search-exclude hidden' in page
    )
    assert "- **Reviewed:** last on 2026-09-14; every 365 days; next review due 2027-09-14." in page
    assert "overdue by" not in page
