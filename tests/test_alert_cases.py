"""Alert cases: each folder under tests/alert-cases holds one deliberate mismatch between rule files and a runbook.

A case starts from tests/cases/_base (the defect cases' runbook), then tests/alert-cases/_base
(alerts listed on its two pages, alert_levels, and a rule file that matches them), then the
case's own files: ``source/...`` replaces runbook files, ``rules/...`` rule files, and
``delete.txt`` lists files to remove. ``runbook alerts check rules --site-url
https://runbook.example.com/`` (or ``args.txt``) runs from the case's folder; ``expected.txt``
is what it prints on stderr. ``pytest --update-goldens`` rewrites the expectations.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import BASE_CASE, run

ALERT_CASES = Path(__file__).resolve().parent / "alert-cases"
ALERT_BASE = ALERT_CASES / "_base"
CONTROL_FILES = {"expected.txt", "delete.txt", "args.txt"}
DEFAULT_ARGS = ["rules", "--site-url", "https://runbook.example.com/"]
CASE_NAMES = sorted(p.name for p in ALERT_CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _overlay(folder: Path, target: Path) -> None:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and str(relative) not in CONTROL_FILES:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / relative)


def assemble(case: Path, target: Path) -> None:
    """The case's project in ``target``: source/ and rules/."""
    shutil.copytree(BASE_CASE, target / "source")
    _overlay(ALERT_BASE, target)
    delete = case / "delete.txt"
    if delete.exists():
        for name in delete.read_text().split():
            (target / name).unlink()
    _overlay(case, target)


def test_alert_base_is_clean(in_tmp: Path) -> None:
    assemble(ALERT_BASE, in_tmp)
    result = run("alerts", "check", *DEFAULT_ARGS)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "runbook alerts check passed: 0 errors, 0 warnings (2 alerts in 1 rule file)\n"


@pytest.mark.parametrize("name", CASE_NAMES)
def test_alert_case(name: str, in_tmp: Path, update_goldens: bool) -> None:
    case = ALERT_CASES / name
    assemble(case, in_tmp)
    args_file = case / "args.txt"
    args = args_file.read_text().split() if args_file.exists() else DEFAULT_ARGS
    result = run("alerts", "check", *args)
    expected_file = case / "expected.txt"
    if update_goldens:
        expected_file.write_text(result.stderr)
    assert result.stderr == expected_file.read_text()
    assert result.exit_code == (1 if " error: " in result.stderr else 0)
    assert "Traceback" not in result.stderr
