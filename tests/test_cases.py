"""Defect cases: each folder under tests/cases holds one deliberate mistake and the exact output.

A case folder holds files that replace the same-named files of tests/cases/_base, an optional
``delete.txt`` listing base files to remove, and ``expected.txt``: what ``runbook check``
prints on stderr. Run ``pytest --update-goldens`` to rewrite the expectations.

A few mistakes are not in the YAML: a case may also hold ``command.txt`` (the command line run
instead of ``check``, split as a shell does, so ``--source ''`` is an empty argument),
``_work/`` (files put beside source/, such as a docs/ folder), ``links.txt`` (lines
``PATH -> TARGET``: symbolic links made beside source/) and ``unreadable.txt`` (source files
made unreadable; the case then runs as a user without the right to read them, as root reads
every file: ``setpriv`` to nobody, in a folder that user can traverse).
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BASE_CASE, CASES, run

CONTROL_FILES = {"expected.txt", "delete.txt", "args.txt", "command.txt", "links.txt", "unreadable.txt"}
WORK = "_work"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _assemble(case: Path, source: Path) -> None:
    shutil.copytree(BASE_CASE, source)
    delete = case / "delete.txt"
    if delete.exists():
        for name in delete.read_text().split():
            (source / name).unlink()
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case)
        if relative.parts[0] == WORK:
            if path.is_file():
                target = source.parent / relative.relative_to(WORK)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
            continue
        if path.is_file() and str(relative) not in CONTROL_FILES:
            (source / relative).parent.mkdir(parents=True, exist_ok=True)
            if (source / relative).is_dir():  # a file where the base has a folder its delete.txt emptied
                (source / relative).rmdir()
            shutil.copyfile(path, source / relative)

    links = case / "links.txt"
    for line in links.read_text().splitlines() if links.exists() else []:
        name, target = (part.strip() for part in line.split("->"))
        (source.parent / name).parent.mkdir(parents=True, exist_ok=True)
        (source.parent / name).symlink_to(target)


def _command(case: Path, default: str) -> list[str]:
    """The command line a case runs: command.txt, else ``default`` with args.txt's arguments."""
    command = case / "command.txt"
    if command.exists():
        return shlex.split(command.read_text())
    args_file = case / "args.txt"
    return [default, *(args_file.read_text().split() if args_file.exists() else [])]


def _unreadable(case: Path) -> list[str]:
    listed = case / "unreadable.txt"
    return listed.read_text().split() if listed.exists() else []


UNPRIVILEGED = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def _run_unreadable(case: Path, command: list[str]) -> tuple[int, str]:
    """The case run by a user who cannot read the files unreadable.txt names: (exit code, stderr).

    Not root: the files are made unreadable for this user, and the command runs in this process.
    Root reads every file, so it runs the command as nobody, in a folder under the system's
    temporary folder (pytest's own is closed to other users), owned by nobody.
    """
    work = Path(tempfile.mkdtemp(prefix="runbook-unreadable-"))
    try:
        work.chmod(0o755)
        _assemble(case, work / "source")
        for name in _unreadable(case):
            (work / "source" / name).chmod(0)
        if os.geteuid() != 0:
            previous = Path.cwd()
            os.chdir(work)
            try:
                result = run(*command)
            finally:
                os.chdir(previous)
            return result.exit_code, result.stderr
        if shutil.which("setpriv") is None:
            pytest.fail("setpriv (util-linux) is needed to run this case as a user other than root")
        for path in [work, *work.rglob("*")]:
            os.chown(path, pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid, follow_symlinks=False)
        environment = {**os.environ, "HOME": str(work), "PYTHONDONTWRITEBYTECODE": "1"}
        finished = subprocess.run(
            [*UNPRIVILEGED, sys.executable, "-m", "generator", *command],
            cwd=work,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert "No module named" not in finished.stderr, "nobody cannot read this checkout: " + finished.stderr
        return finished.returncode, finished.stderr
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _exit_code_for(expected: str, command: list[str]) -> int:
    """What a run printing ``expected`` exits with: 2 on a usage error, 1 on an error (or a warning with --strict)."""
    if re.search(r"^Error: ", expected, re.MULTILINE):
        return 2
    return 1 if " error: " in expected or ("--strict" in command and " warning: " in expected) else 0


def test_base_case_is_clean(base_source: Path) -> None:
    result = run("check")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "runbook check passed: 0 errors, 0 warnings in source\n"


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case(name: str, in_tmp: Path, update_goldens: bool) -> None:
    case = CASES / name
    command = _command(case, "check")
    if _unreadable(case):
        exit_code, stderr = _run_unreadable(case, command)
    else:
        _assemble(case, in_tmp / "source")
        beside = _tree(in_tmp / "_outside") if (in_tmp / "_outside").is_dir() else None
        result = run(*command)
        exit_code, stderr = result.exit_code, result.stderr
        if beside is not None:  # a folder outside docs/ that a link points at: left as it was
            assert _tree(in_tmp / "_outside") == beside
    expected_file = case / "expected.txt"
    if update_goldens:
        expected_file.write_text(stderr)
    expected = expected_file.read_text()
    assert stderr == expected
    assert exit_code == _exit_code_for(expected, command)


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
    if (CASES / name / "expected.txt").exists()
    and " error: " in (CASES / name / "expected.txt").read_text()
    and not (CASES / name / "command.txt").exists()
]
"""Cases whose check fails (a new case has no expected.txt until --update-goldens writes it); a case
with its own command line is left out: it says itself what it runs."""


@pytest.mark.parametrize("name", FAILING_CASES)
def test_case_generate_fails_and_leaves_docs_unchanged(name: str, in_tmp: Path, base_docs: Path) -> None:
    """What check reports, generate reports too, exits 1 and writes nothing: no traceback, docs/ as it was."""
    case = CASES / name
    problems = (case / "expected.txt").read_text().splitlines()[:-1]
    if _unreadable(case):
        exit_code, stderr = _run_unreadable(case, _command(case, "generate"))
        assert exit_code == 1
        assert stderr.splitlines()[:-1] == problems
        return
    _assemble(case, in_tmp / "source")
    shutil.copytree(base_docs, in_tmp / "docs")
    before = _tree(in_tmp / "docs")
    result = run(*_command(case, "generate"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == problems
    assert "Traceback" not in result.stderr
    assert _tree(in_tmp / "docs") == before
