"""docs/ shared: two runs at once, a checkout with CRLF line ends, and writing that stops part way.

The runs here are real ``runbook generate`` processes (``python -m generator``), started
together as ``runbook serve`` and ``make site`` would be.
"""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.writer.write import lock_path
from tests.conftest import ROOT, run


def _generate_process() -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "RUNBOOK_JOBS": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "generate"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


def _pages(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("round_number", range(4))
def test_two_generate_runs_started_together_both_succeed(base_source: Path, round_number: int) -> None:
    assert run("generate", "--docs", "expected-docs").exit_code == 0
    if round_number % 2:
        # Half of the rounds start from a docs/ with every page present but one stale.
        assert run("generate").exit_code == 0
        page = base_source / "operations" / "error-reports.yaml"
        page.write_text(page.read_text().replace("What an error report contains.", "What a report holds."))
        assert run("generate", "--docs", "expected-docs").exit_code == 0
    first, second = _generate_process(), _generate_process()
    outputs = [process.communicate(timeout=120) for process in (first, second)]
    for process, (_, stderr) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, stderr
        assert "error" not in stderr
    assert _pages(Path("docs")) == _pages(Path("expected-docs"))
    assert not list(Path("docs").rglob("*.runbook-tmp"))


def _waiting_for_a_lock(pid: int) -> bool:
    """Whether the process is blocked on a file lock (Linux lists blocked requests in /proc/locks with '->')."""
    return any(
        line.split()[1] == "->" and str(pid) in line.split() for line in Path("/proc/locks").read_text().splitlines()
    )


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks to see a blocked lock")
def test_a_second_run_waits_for_the_lock_then_writes(base_source: Path) -> None:
    holder = lock_path(Path("docs")).open("a")
    fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
    process = _generate_process()
    try:
        while not _waiting_for_a_lock(process.pid):
            assert process.poll() is None, process.communicate()
        assert not Path("docs").exists()  # it checked and rendered, and waits to write
    finally:
        fcntl.flock(holder.fileno(), fcntl.LOCK_UN)
        holder.close()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert (Path("docs") / "operations" / "error-reports.md").is_file()


def test_crlf_checkout_of_docs_is_still_generated(base_source: Path) -> None:
    assert run("generate").exit_code == 0
    docs = Path("docs")
    for page in docs.rglob("*.md"):
        page.write_bytes(page.read_bytes().replace(b"\n", b"\r\n"))
    assert run("generate", "--check").exit_code == 0
    (base_source / "operations" / "error-reports.yaml").unlink()
    page = base_source / "operations" / "contacting-support.yaml"
    page.write_text(
        "title: Contacting Support\ncategory: support\nsummary: How to open a support request.\n"
        "sections:\n  - title: Before you write\n    body: Collect the error first.\n"
    )
    result = run("generate")
    assert result.exit_code == 0, result.stderr
    assert not (docs / "operations" / "error-reports.md").exists()
    assert b"\r\n" not in (docs / "operations" / "contacting-support.md").read_bytes()


def test_gitattributes_keep_docs_line_ends_lf() -> None:
    assert "docs/** eol=lf" in (ROOT / ".gitattributes").read_text().splitlines()


def test_an_error_after_some_pages_were_replaced_says_so(base_source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.replace
    calls = []

    def replace_then_fail(source: str, target: str) -> None:
        if Path(target).parts[0] == "docs":  # the run cache writes its files with os.replace too
            calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
        real(source, target)

    monkeypatch.setattr("generator.writer.write.os.replace", replace_then_fail)
    result = run("generate")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"error: {os.strerror(errno.EIO)}; 1 page(s) had already been replaced or deleted; "
        "fix the cause and run 'runbook generate' again to finish\n"
    )
    assert "nothing" not in result.stderr
