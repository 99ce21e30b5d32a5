"""The run cache (generator/runtime/memo.py) changes how fast a run is, never what it writes or reports."""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run


@pytest.fixture
def no_cache() -> Iterator[None]:
    os.environ["RUNBOOK_CACHE"] = "0"
    try:
        yield
    finally:
        del os.environ["RUNBOOK_CACHE"]


def _fresh_docs(target: Path) -> None:
    """docs/ as a run without any cache writes it, into ``target``."""
    previous = os.environ.get("RUNBOOK_CACHE")
    os.environ["RUNBOOK_CACHE"] = "0"
    try:
        assert run("generate", "--docs", str(target)).exit_code == 0
    finally:
        if previous is None:
            del os.environ["RUNBOOK_CACHE"]
        else:
            os.environ["RUNBOOK_CACHE"] = previous


def _same_tree(left: Path, right: Path) -> bool:
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.diff_files or compared.funny_files:
        return False
    return all(_same_tree(left / sub, right / sub) for sub in compared.common_dirs)


def test_a_cached_run_writes_what_a_fresh_run_writes_after_edits(base_source: Path) -> None:
    assert run("generate").exit_code == 0
    assert (base_source.parent / ".cache" / "runbook" / "parsed.pickle").is_file()
    target = base_source / "operations" / "error-reports.yaml"
    # Edits that reach other pages: a title shown in links and backlinks, then a condition.
    target.write_text(target.read_text(encoding="utf-8").replace("title: Error Reports", "title: Error Reports (v2)"))
    assert run("generate").exit_code == 0
    _fresh_docs(base_source.parent / "fresh")
    assert _same_tree(base_source.parent / "docs", base_source.parent / "fresh")
    for page in (base_source / "operations").glob("*.yaml"):
        page.write_text(page.read_text(encoding="utf-8").replace("when: ", "when: now and ", 1))
    assert run("generate").exit_code == 0
    shutil.rmtree(base_source.parent / "fresh")
    _fresh_docs(base_source.parent / "fresh")
    assert _same_tree(base_source.parent / "docs", base_source.parent / "fresh")


def test_messages_keep_their_line_and_column_when_files_come_from_the_cache(base_source: Path) -> None:
    assert run("check").exit_code == 0  # every file now in the cache
    # Renaming an owner breaks references in files that did not change and so come from the cache.
    owners = base_source / "owners.yaml"
    owners.write_text(owners.read_text(encoding="utf-8").replace("id: support-lead", "id: support-head"))
    cached = run("check")
    os.environ["RUNBOOK_CACHE"] = "0"
    try:
        fresh = run("check")
    finally:
        del os.environ["RUNBOOK_CACHE"]
    assert cached.exit_code == fresh.exit_code == 1
    assert cached.stderr == fresh.stderr
    assert "categories.yaml:6:22: error: unknown owner 'support-lead'" in cached.stderr


def test_a_damaged_cache_is_ignored(base_source: Path) -> None:
    assert run("generate").exit_code == 0
    for path in (base_source.parent / ".cache" / "runbook").glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    result = run("generate", "--check")
    assert result.exit_code == 0, result.output
    assert run("generate").exit_code == 0


def test_no_cache_folder_when_the_cache_is_off(base_source: Path, no_cache: None) -> None:
    assert run("generate").exit_code == 0
    assert not (base_source.parent / ".cache").exists()


class _Planted:
    """What a poisoned cache would hold: unpickling it writes a file (it could as well run anything)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.write_text, (self.marker, "code ran while reading the cache"))


@pytest.fixture
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache folder of this test's own, so the signing key is made afresh."""
    from generator.runtime import memo

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(memo, "_key", None)
    return tmp_path / "user-cache" / "runbook" / "cache-key"


def test_a_pickle_someone_else_wrote_into_the_cache_is_never_read(
    base_source: Path, tmp_path: Path, own_key: Path
) -> None:
    import pickle

    from generator.runtime.memo import code_version

    marker = tmp_path / "marker"
    assert run("generate").exit_code == 0
    memos = sorted((base_source.parent / ".cache" / "runbook").glob("*.pickle"))
    assert memos
    for path in memos:  # the old, unsigned format, and the signed one with a forged signature
        payload = pickle.dumps({"version": code_version(), "entries": {"x": _Planted(marker)}})
        path.write_bytes(payload if path == memos[0] else path.read_bytes()[:47] + payload)
    before = {p: p.read_bytes() for p in (base_source.parent / "docs").rglob("*.md")}
    result = run("generate")
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert {p: p.read_bytes() for p in (base_source.parent / "docs").rglob("*.md")} == before
    assert own_key.stat().st_mode & 0o077 == 0  # the key is the user's alone


def test_a_cache_signed_by_another_user_is_ignored_and_one_signed_here_is_used(
    base_source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_key: Path
) -> None:
    from generator.runtime import memo

    assert run("generate").exit_code == 0
    parsed = base_source.parent / ".cache" / "runbook" / "parsed.pickle"
    mine = memo._read(parsed)
    assert mine, "a memo this user signed is read back"

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    monkeypatch.setattr(memo, "_key", None)
    assert memo._read(parsed) == {}
    result = run("check")
    assert result.exit_code == 0, result.output
