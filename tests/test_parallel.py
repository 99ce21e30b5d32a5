"""Work shared among processes gives the same result, in the same order, as one process."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pytest

from bench.synth import write_source
from generator.runtime import parallel
from generator.runtime.parallel import MIN_SHARE, jobs, parallel_map
from generator.sitebuild.forked import map_in_children
from tests.conftest import run


@pytest.fixture
def only_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a fresh ``runbook`` process: earlier tests (the live server) may leave threads here."""
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)


def _square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


@pytest.mark.usefixtures("only_thread")
def test_results_come_back_in_input_order_from_several_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNBOOK_JOBS", "3")
    items = list(range(MIN_SHARE * 3))
    results = parallel_map(_square_with_pid, items)
    assert [square for square, _ in results] == [n * n for n in items]
    assert len({pid for _, pid in results}) == 3  # really three processes
    assert results[0][1] == os.getpid()  # this process took the first item (and every third)


def test_small_work_and_jobs_1_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert jobs(MIN_SHARE - 1) == 1
    monkeypatch.setenv("RUNBOOK_JOBS", "1")
    assert jobs(MIN_SHARE * 10) == 1
    assert {pid for _, pid in parallel_map(_square_with_pid, list(range(MIN_SHARE * 4)))} == {os.getpid()}


def test_a_process_with_other_threads_does_not_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNBOOK_JOBS", "2")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert jobs(MIN_SHARE * 10) == 1
    finally:
        stop.set()
        other.join()


def _fails_late(number: int) -> int:
    if number == MIN_SHARE * 2 - 1:
        raise ValueError(f"cannot handle {number}")
    return number


@pytest.mark.usefixtures("only_thread")
def test_an_error_in_another_process_is_raised_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNBOOK_JOBS", "2")
    with pytest.raises(ValueError, match=f"cannot handle {MIN_SHARE * 2 - 1}"):
        parallel_map(_fails_late, list(range(MIN_SHARE * 2)))


def _warns_and_squares(number: int) -> tuple[int, int]:
    if number % 3 == 0:
        logging.getLogger("mkdocs.test").warning("page %d warned", number)
    return number * number, os.getpid()


def test_page_work_in_children_comes_back_in_order_with_what_each_item_logged() -> None:
    done = map_in_children(_warns_and_squares, list(range(7)), 2, ["mkdocs"])
    assert [item.result[0] for item in done] == [n * n for n in range(7)]
    assert os.getpid() not in {item.result[1] for item in done}  # the caller computes nothing itself
    assert len({item.result[1] for item in done}) == 2
    assert [[line.message for line in item.logged] for item in done] == [
        ["page 0 warned"],
        [],
        [],
        ["page 3 warned"],
        [],
        [],
        ["page 6 warned"],
    ]


def test_a_result_that_cannot_be_sent_back_is_one_error_naming_it() -> None:
    with pytest.raises(RuntimeError, match=r"(Can't|cannot) pickle"):
        map_in_children(lambda number: threading.Lock(), [1, 2], 2, [])
    with pytest.raises(ValueError, match=f"cannot handle {MIN_SHARE * 2 - 1}"):
        map_in_children(_fails_late, [0, MIN_SHARE * 2 - 1], 2, [])


def _docs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


@pytest.mark.usefixtures("only_thread")
def test_generated_docs_are_byte_identical_with_one_or_two_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_source(260, tmp_path / "source")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RUNBOOK_CACHE", "0")
    outputs = []
    for processes in ("1", "2"):
        monkeypatch.setenv("RUNBOOK_JOBS", processes)
        result = run("generate", "--docs", f"docs-{processes}")
        assert result.exit_code == 0, result.stderr
        outputs.append(_docs(tmp_path / f"docs-{processes}"))
    assert len(outputs[0]) > 260 and outputs[0] == outputs[1]


@pytest.mark.usefixtures("only_thread")
def test_problems_found_while_parsing_in_several_processes_are_those_of_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files parsed by a worker come back without their places; every message still lands on its line."""
    write_source(260, tmp_path / "source")
    operations = sorted((tmp_path / "source" / "operations").glob("*.yaml"))
    # A YAML error, a sample line, a comment that cuts a value short, HTML, and an unknown key:
    # in files dealt to different processes (every second file goes to the other one).
    broken = operations[101].read_text(encoding="utf-8").replace("summary: ", "summary: [unclosed ", 1)
    operations[101].write_text(broken, encoding="utf-8")
    sample = operations[150].read_text(encoding="utf-8")
    operations[150].write_text(sample.replace("use_when:\n- ", "use_when:\n- when this situation comes up\n- ", 1))
    commented = operations[203].read_text(encoding="utf-8")
    operations[203].write_text(commented.replace("use_when:\n- when", "use_when:\n- when the store #3 fails and", 1))
    markup = operations[204].read_text(encoding="utf-8")
    operations[204].write_text(markup.replace("use_when:\n- ", "use_when:\n- <b>bold</b> ", 1))
    operations[255].write_text(operations[255].read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RUNBOOK_CACHE", "0")
    outputs = []
    for processes in ("1", "2"):
        monkeypatch.setenv("RUNBOOK_JOBS", processes)
        result = run("check")
        assert result.exit_code == 1
        outputs.append(result.stderr)
    assert outputs[0] == outputs[1]
    assert outputs[0].endswith("runbook check failed: 2 errors, 0 warnings in source\n")
    last_line = len(operations[255].read_text(encoding="utf-8").splitlines())  # where 'colour' is
    for path, line in ((operations[101], 3), (operations[255], last_line)):
        assert f"source/operations/{path.name}:{line}:" in outputs[0], outputs[0]
    # The YAML error stops the load, so the warnings of a loaded runbook show once it is fixed.
    operations[101].write_text(broken.replace("summary: [unclosed ", "summary: ", 1), encoding="utf-8")
    operations[255].write_text(operations[255].read_text(encoding="utf-8").replace("colour: blue\n", ""))
    outputs = []
    for processes in ("1", "2"):
        monkeypatch.setenv("RUNBOOK_JOBS", processes)
        outputs.append(run("check").stderr)
    assert outputs[0] == outputs[1]
    assert outputs[0].endswith("runbook check passed: 0 errors, 3 warnings in source\n")
    for path in (operations[150], operations[203], operations[204]):
        assert f"source/operations/{path.name}:" in outputs[0], outputs[0]
