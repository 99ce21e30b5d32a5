"""Nothing lost: a generate killed at any point leaves every page whole, old or new.

Each run below is a real process killed with SIGKILL (no cleanup code runs) at a chosen system
call: while pages are being written to temporary files (os.open or fsync of the first or the
last), before the one os.sync that flushes many pages at once, or between the renames that put
them in place (os.replace). The next ``runbook generate`` removes the leftovers and completes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.writer.write import TEMPORARY_SUFFIX
from tests.conftest import ROOT, run

_KILLER = """
import os, signal, sys
import generator.writer.write
from generator.cli import main

generator.writer.write.SYNC_ONCE_FROM = int(os.environ.get("SYNC_ONCE_FROM", generator.writer.write.SYNC_ONCE_FROM))

call, target = sys.argv[1], int(sys.argv[2])
real = getattr(os, call)
seen = 0

def deadly(*args, **kwargs):
    global seen
    # Only the pages' writes count: the run cache (Jinja's compiled templates among it) may be
    # written first or not at all, depending on what an earlier run left in it.
    if any(os.sep + ".cache" + os.sep in str(arg) for arg in args):
        return real(*args, **kwargs)
    seen += 1
    if seen == target:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)

setattr(os, call, deadly)
main(sys.argv[3:])
"""


def _pages(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(TEMPORARY_SUFFIX)
    }


def _strays(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(f"*{TEMPORARY_SUFFIX}"))


@pytest.fixture
def old_and_new(base_source: Path) -> tuple[dict[str, bytes], dict[str, bytes], int]:
    """docs/ generated from the base case, the pages after an edit, and how many pages the edit writes."""
    assert run("generate").exit_code == 0
    old = _pages(Path("docs"))
    owners = base_source / "owners.yaml"
    owners.write_text(owners.read_text().replace("title: Support lead", "title: Support captain"))
    refunds = base_source / "operations" / "refunds.yaml"
    refunds.write_text(
        "title: Refunds\ncategory: support\nsummary: How refunds are handled.\n"
        "related:\n  - operation: contacting-support\n    when: before refunding\n"
    )
    result = run("generate", "--docs", "new-docs")
    assert result.exit_code == 0, result.stderr
    new = _pages(Path("new-docs"))
    written = sum(1 for name, content in new.items() if old.get(name) != content)
    assert written >= 5
    return old, new, written


def _killed_generate(call: str, target: int, *, sync_once_from: int | None = None) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if sync_once_from is not None:
        env["SYNC_ONCE_FROM"] = str(sync_once_from)
    result = subprocess.run(
        [sys.executable, "-c", _KILLER, call, str(target), "generate"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr


@pytest.mark.parametrize(
    ("call", "which", "sync_once_from"),
    [
        ("open", "first", None),
        ("open", "last", None),
        ("fsync", "first", None),
        ("fsync", "last", None),
        ("sync", "first", 1),
    ],
)
def test_killed_while_writing_keeps_every_old_page(
    old_and_new: tuple[dict[str, bytes], dict[str, bytes], int], call: str, which: str, sync_once_from: int | None
) -> None:
    """A few pages are flushed one fsync each; many (here: from 1) by one os.sync before the renames."""
    old, new, written = old_and_new
    _killed_generate(call, 1 if which == "first" else written, sync_once_from=sync_once_from)
    assert _pages(Path("docs")) == old
    result = run("generate")
    assert result.exit_code == 0
    assert _pages(Path("docs")) == new
    assert _strays(Path("docs")) == []


@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_killed_while_renaming_leaves_whole_pages_and_the_next_run_completes(
    old_and_new: tuple[dict[str, bytes], dict[str, bytes], int], which: str
) -> None:
    old, new, written = old_and_new
    target = {"first": 1, "middle": written // 2, "last": written}[which]
    _killed_generate("replace", target)
    pages = _pages(Path("docs"))
    for name, content in pages.items():
        assert content in (old.get(name), new.get(name)), f"{name} is neither the old nor the new page"
    assert sum(1 for name, content in pages.items() if content == new.get(name) != old.get(name)) == target - 1
    assert len(_strays(Path("docs"))) == written - (target - 1)
    result = run("generate")
    assert result.exit_code == 0
    assert _pages(Path("docs")) == new
    assert _strays(Path("docs")) == []
    assert run("generate", "--check").exit_code == 0


def test_a_failed_rename_removes_every_temporary_page(
    old_and_new: tuple[dict[str, bytes], dict[str, bytes], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new, _ = old_and_new
    calls = 0
    real_replace = os.replace

    def failing_replace(source: str, target: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    result = run("generate")
    assert result.exit_code == 1
    # One page was renamed into place before the failure: the message must not say that nothing was written.
    assert result.stderr.splitlines()[-1] == (
        "runbook: error: No space left on device; 1 page(s) had already been replaced or deleted; "
        "fix the cause and run 'runbook generate' again to finish"
    )
    assert "Traceback" not in result.stderr
    assert _strays(Path("docs")) == []
    pages = _pages(Path("docs"))
    assert all(content in (old.get(name), new.get(name)) for name, content in pages.items())
    assert len([name for name, content in pages.items() if content != old.get(name)]) == 1


def test_removed_operation_page_is_deleted_and_hand_written_pages_stay(base_source: Path) -> None:
    notes = Path("docs/operations/escalation-notes.md")
    notes.parent.mkdir(parents=True)
    notes.write_text("# Notes kept by hand\n")
    run("generate")
    (base_source / "operations" / "error-reports.yaml").unlink()
    page = base_source / "operations" / "contacting-support.yaml"
    page.write_text("title: Contacting Support\ncategory: support\nsummary: How to open a request.\n")
    result = run("generate")
    assert result.exit_code == 0, result.stderr
    assert ", 1 deleted, " in result.stderr
    assert not Path("docs/operations/error-reports.md").exists()
    assert Path("docs/operations/contacting-support.md").exists()
    assert notes.read_text() == "# Notes kept by hand\n"


def test_only_pages_whose_text_changed_are_rewritten(base_source: Path) -> None:
    """Unchanged pages keep their modification time, so the dev server reloads only what changed."""
    run("generate")
    before = {
        p.relative_to("docs").as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in Path("docs").rglob("*.md")
    }
    page = base_source / "operations" / "error-reports.yaml"
    page.write_text(page.read_text().replace("title: Error Reports", "title: Error Reports, renamed"))
    result = run("generate")
    after = {
        p.relative_to("docs").as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in Path("docs").rglob("*.md")
    }
    changed = sorted(name for name in after if after[name][0] != before[name][0])
    touched = sorted(name for name in after if after[name][1] != before[name][1])
    assert "operations/error-reports.md" in changed and "escalation-matrix.md" not in changed
    assert touched == changed
    assert result.stderr == (
        f"runbook: 0 created, {len(changed)} updated, 0 deleted, {len(after) - len(changed)} unchanged in docs\n"
    )


def test_pages_are_readable_by_whoever_may_read_a_new_file(base_source: Path) -> None:
    """Pages get the mode a new file gets (not a temporary file's owner-only one); a changed page keeps its own."""
    umask = os.umask(0o022)
    os.umask(umask)
    assert run("generate").exit_code == 0
    modes = {oct(path.stat().st_mode & 0o777) for path in Path("docs").rglob("*.md")}
    assert modes == {oct(0o666 & ~umask)}
    page = Path("docs/owners.md")
    page.chmod(0o640)
    owners = base_source / "owners.yaml"
    owners.write_text(owners.read_text().replace("Runs triage.", "Runs triage and leads incidents."))
    assert run("generate").exit_code == 0
    assert "leads incidents" in page.read_text() and page.stat().st_mode & 0o777 == 0o640
