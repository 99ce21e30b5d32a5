"""Defect cases: each folder under tests/cases holds one deliberate mistake and the exact output.

A case folder holds files that replace the same-named files of tests/cases/_base, an optional
``delete.txt`` listing base files to remove, and ``expected.txt``: what ``runbook check``
prints on stderr. Run ``pytest --update-goldens`` to rewrite the expectations.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import BASE_CASE, CASES, run

CONTROL_FILES = {"expected.txt", "delete.txt", "args.txt"}
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _assemble(case: Path, source: Path) -> None:
    shutil.copytree(BASE_CASE, source)
    delete = case / "delete.txt"
    if delete.exists():
        for name in delete.read_text().split():
            (source / name).unlink()
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case)
        if path.is_file() and str(relative) not in CONTROL_FILES:
            (source / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, source / relative)


def test_base_case_is_clean(base_source: Path) -> None:
    result = run("check")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "runbook check passed: 0 errors, 0 warnings in source\n"


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case(name: str, in_tmp: Path, update_goldens: bool) -> None:
    case = CASES / name
    _assemble(case, in_tmp / "source")
    args_file = case / "args.txt"
    args = args_file.read_text().split() if args_file.exists() else []
    result = run("check", *args)
    expected_file = case / "expected.txt"
    if update_goldens:
        expected_file.write_text(result.stderr)
    expected = expected_file.read_text()
    assert result.stderr == expected
    wants_failure = " error: " in expected or ("--strict" in args and " warning: " in expected)
    assert result.exit_code == (1 if wants_failure else 0)
