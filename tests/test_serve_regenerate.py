"""What a long-running process (``runbook serve``) skips after a save, and what it must still notice.

Between two runs in one process, pages of docs/ whose stat is unchanged are not read again
(generator/writer/known.py) and results computed from an unchanged record are kept
(generator/runtime/identity.py). These tests change things behind the process's back and check
that it still sees them, as a fresh run would.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from generator.pipeline import GenerateResult, generate_docs
from generator.runtime.identity import IdentityMemo
from generator.runtime.memo import RunCache


def _generate(source: Path, cache: RunCache, *, save_cache: bool = True) -> GenerateResult:
    cache.next_run()
    return generate_docs(source, Path("docs"), cache, config_file=Path("mkdocs.yml"), save_cache=save_cache)


def test_a_generated_page_replaced_by_a_hand_written_one_is_left_alone(base_source: Path) -> None:
    cache = RunCache(Path(".cache/runbook"))
    assert not _generate(base_source, cache).failed
    page = Path("docs/operations/error-reports.md")
    page.write_text("# Our own notes on error reports\n", encoding="utf-8")
    result = _generate(base_source, cache)
    assert result.failed
    assert [d.code for d in result.problems] == ["hand-written-conflict"]
    assert page.read_text(encoding="utf-8") == "# Our own notes on error reports\n"


def test_a_generated_page_changed_with_its_size_and_time_kept_is_rewritten(base_source: Path) -> None:
    cache = RunCache(Path(".cache/runbook"))
    assert not _generate(base_source, cache).failed
    page = Path("docs/operations/error-reports.md")
    fresh, before = page.read_text(encoding="utf-8"), page.stat()
    altered = fresh.replace("error", "erorr", 1)
    assert altered != fresh and len(altered) == len(fresh)
    page.write_text(altered, encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same modification time
    result = _generate(base_source, cache)
    assert result.plan is not None and result.plan.update == ["operations/error-reports.md"]
    assert page.read_text(encoding="utf-8") == fresh


def test_the_run_cache_is_written_only_when_asked(base_source: Path) -> None:
    cache = RunCache(Path(".cache/runbook"))
    assert not _generate(base_source, cache, save_cache=False).failed
    assert not list(Path(".cache/runbook").glob("*.pickle"))
    cache.save()
    assert list(Path(".cache/runbook").glob("*.pickle"))


class _Record:
    def __init__(self, value: str) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Record) and other.value == self.value

    __hash__ = None  # type: ignore[assignment]


def test_a_result_is_kept_for_the_same_record_only_and_goes_with_it() -> None:
    calls: list[str] = []

    def shout(record: _Record) -> str:
        calls.append(record.value)
        return record.value.upper()

    memo = IdentityMemo(shout)
    first = _Record("page")
    assert memo(first) == "PAGE" and memo(first) == "PAGE"
    assert calls == ["page"]
    assert memo(_Record("page")) == "PAGE"  # equal, but another record: worked out again
    assert calls == ["page", "page"]
    del first
    gc.collect()
    assert len(memo) == 0


def test_values_that_cannot_be_weakly_referred_to_are_computed_each_time() -> None:
    calls: list[object] = []
    memo = IdentityMemo(lambda value: calls.append(value) or len(calls))
    assert memo(None) == 1 and memo(None) == 2
    assert len(memo) == 0
