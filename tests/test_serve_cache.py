"""Regenerating in one long-running process (``runbook serve``) gives what a fresh run gives.

That process keeps its cache in memory and skips files whose stat has not changed; these tests
edit sources between runs in one process and check the result against ``generate --check``,
which renders everything afresh without any cache.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.runtime.memo import RunCache
from generator.source.parsecache import read_known
from tests.conftest import run


def test_an_edit_that_keeps_size_and_modification_time_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "page.yaml"
    path.write_text("title: Before\n", encoding="utf-8")
    before = path.stat()
    cache = RunCache(tmp_path / "cache")
    assert read_known(path, cache)[0] == b"title: Before\n"
    path.write_text("title: Beyond\n", encoding="utf-8")  # the same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old modification time
    raw, key = read_known(path, cache)
    assert raw == b"title: Beyond\n"
    assert read_known(path, cache) == (raw, key)


def test_runs_in_one_process_after_edits_match_a_fresh_render(base_source: Path) -> None:
    assert run("generate").exit_code == 0
    page = base_source / "operations" / "error-reports.yaml"
    for number, (old, new) in enumerate(
        [
            ("summary: What an error report contains.", "summary: What a report holds."),
            ("title: Error Reports", "title: Error Reports and Codes"),
            ("    when: before opening a request", "    when: before any request"),
            # Links added and taken away: the graph of links is built again, not given again.
            ("summary: What a report holds.", "summary: What a report holds; see [[contacting-support]]."),
            ("related:\n  - operation: contacting-support\n    when: before any request\n", ""),
            ("summary: What a report holds; see [[contacting-support]].", "summary: What a report holds."),
        ]
    ):
        page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        result = run("generate")
        assert result.exit_code == 0, result.stderr
        assert "0 updated" not in result.stderr, f"edit {number} rewrote nothing"
        fresh = run("generate", "--check")
        assert fresh.exit_code == 0, (number, fresh.stdout)
    assert "Error Reports and Codes" in Path("docs/operations/contacting-support.md").read_text(encoding="utf-8")
