"""Defect cases: each folder under tests/cases holds one deliberate mistake and the exact output.

A case folder holds files that replace the same-named files of tests/cases/_base, an optional
``delete.txt`` listing base files to remove, and ``expected.txt``: what ``runbook check``
prints on stderr. Run ``pytest --update-goldens`` to rewrite the expectations.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
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
            if (source / relative).is_dir():  # a file where the base has a folder its delete.txt emptied
                (source / relative).rmdir()
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


@pytest.fixture(scope="session")
def base_docs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """docs/ generated from the base case once, for every case to start from."""
    folder = tmp_path_factory.mktemp("base-docs")
    shutil.copytree(BASE_CASE, folder / "source")
    previous = Path.cwd()
    os.chdir(folder)
    try:
        assert run("generate").exit_code == 0
    finally:
        os.chdir(previous)
    yield folder / "docs"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


FAILING_CASES = [
    name
    for name in CASE_NAMES
    if (CASES / name / "expected.txt").exists() and " error: " in (CASES / name / "expected.txt").read_text()
]
"""Cases whose check fails (a new case has no expected.txt until --update-goldens writes it)."""


@pytest.mark.parametrize("name", FAILING_CASES)
def test_case_generate_fails_and_leaves_docs_unchanged(name: str, in_tmp: Path, base_docs: Path) -> None:
    """What check reports, generate reports too, exits 1 and writes nothing: no traceback, docs/ as it was."""
    case = CASES / name
    _assemble(case, in_tmp / "source")
    shutil.copytree(base_docs, in_tmp / "docs")
    before = _tree(in_tmp / "docs")
    args_file = case / "args.txt"
    args = args_file.read_text().split() if args_file.exists() else []
    result = run("generate", *args)
    assert result.exit_code == 1
    problems = (case / "expected.txt").read_text().splitlines()[:-1]
    assert result.stderr.splitlines()[:-1] == problems
    assert "Traceback" not in result.stderr
    assert _tree(in_tmp / "docs") == before
