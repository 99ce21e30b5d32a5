"""A runbook with one level, one owner and one page reads as written for one level.

tests/fixtures/one-level is the smallest runbook a team can start from: its only level has
nothing above it, so no page may send readers to "the levels above".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run


@pytest.fixture
def one_level(in_tmp: Path) -> Path:
    shutil.copytree(FIXTURES / "one-level", in_tmp / "source")
    result = run("check", "--strict")
    assert result.exit_code == 0, result.stderr
    result = run("generate")
    assert result.exit_code == 0, result.stderr
    return in_tmp / "docs"


def test_the_only_level_matches_every_problem(one_level: Path) -> None:
    levels = (one_level / "severity-levels.md").read_text()
    section = levels.split("## Störung {#1}", 1)[1]
    assert "**Use this level when any of these is true:**\n\n- Any problem, whatever the triage answers.\n" in section
    triage = (one_level / "triage.md").read_text()
    criteria = triage.split("## Criteria", 1)[1]
    assert "This runbook has one level: every problem belongs to it." in criteria
    assert "- Any problem, whatever the triage answers.\n" in criteria
    for page in one_level.rglob("*.md"):
        text = page.read_text()
        assert "levels above" not in text and "level above" not in text, page
        assert "most severe" not in text.replace('"Not sure": it counts as the most severe answer', ""), page


def test_severity_levels_intro_ranks_levels_only_when_there_are_several(one_level: Path) -> None:
    intro = (one_level / "severity-levels.md").read_text().split("# Severity levels\n\n", 1)[1].split("\n\n")[0]
    assert intro.startswith("A problem belongs to the level whose criteria its triage answers meet;"), intro
