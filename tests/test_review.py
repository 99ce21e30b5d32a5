"""Review intervals: `runbook check` warns about overdue pages by a day the test chooses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pages.render import render_site
from generator.runtime.memo import RunCache
from generator.source.project import load_project
from tests.conftest import ROOT, run

OVERDUE = (
    "source/operations/contacting-support.yaml:12:16: warning: review overdue by 1 day: last reviewed 2026-11-18, "
    "due every 90 days, so due 2027-02-16; review the page and update last_reviewed"
)


@pytest.fixture
def bundled(in_tmp: Path) -> Path:
    shutil.copytree(ROOT / "source", in_tmp / "source")
    return in_tmp / "source"


def test_overdue_pages_are_warnings(bundled: Path) -> None:
    result = run("check", "--today", "2027-02-17")
    assert result.exit_code == 0
    assert OVERDUE in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1] == "runbook check passed: 0 errors, 4 warnings in source"


def test_overdue_pages_fail_under_strict(bundled: Path) -> None:
    result = run("check", "--strict", "--today", "2027-02-17")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "runbook check failed: 0 errors, 4 warnings in source"


def test_today_comes_from_the_environment(bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNBOOK_TODAY", "2027-02-17")
    assert OVERDUE in run("check").stderr
    monkeypatch.setenv("RUNBOOK_TODAY", "2026-12-01")
    assert run("check").stderr == "runbook check passed: 0 errors, 0 warnings in source\n"
    monkeypatch.setenv("RUNBOOK_TODAY", "17/02/2027")
    result = run("check")
    assert result.exit_code == 2
    assert "RUNBOOK_TODAY must be a date written as YYYY-MM-DD, found '17/02/2027'" in result.stderr


def test_a_review_date_in_the_future_and_a_missing_one_are_warned_about(bundled: Path) -> None:
    page = bundled / "operations" / "contacting-support.yaml"
    page.write_text(page.read_text().replace("last_reviewed: 2026-11-18\n", "last_reviewed: 2027-11-18\n"))
    other = bundled / "operations" / "error-reports-and-support-codes.yaml"
    other.write_text(other.read_text().replace("last_reviewed: 2026-11-18\n", ""))
    lines = run("check", "--today", "2026-12-01").stderr.splitlines()
    assert (
        "source/operations/contacting-support.yaml:12:16: warning: last_reviewed 2027-11-18 is after today "
        "(2026-12-01); write the date the page was actually reviewed"
    ) in lines
    assert (
        "source/operations/error-reports-and-support-codes.yaml:2:8: warning: page is reviewed every 90 days "
        "(review_every_days of category 'support' in categories.yaml) but has no last_reviewed date; review it "
        "and add last_reviewed: YYYY-MM-DD"
    ) in lines


def test_generated_pages_carry_the_due_date_not_the_verdict() -> None:
    project, _ = load_project(ROOT / "source", RunCache.off())
    assert project is not None
    page = render_site(project, RunCache.off())["operations/contacting-support.md"].content
    assert (
        '<div class="admonition warning review-overdue" data-review-due="2027-02-16" data-search-exclude hidden' in page
    )
    assert "- **Reviewed:** last on 2026-11-18; every 90 days; next review due 2027-02-16." in page
    assert "overdue by" not in page
