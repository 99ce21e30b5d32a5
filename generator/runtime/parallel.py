"""Pure work spread over the machine's cores with fork, for large runbooks.

Rendering and secret-scanning a thousand pages took seconds of one core while the other sat
idle. Each page is a pure function of the validated project, so the pages are dealt into one
share per core: forked children compute theirs (they inherit the project, the
templates and the function itself, so nothing is sent to them) and pickle only their results
back through a pipe, while this process computes the first share. Results come back in input
order, so the output is the same byte for byte whatever the number of cores.

The work runs in this process alone when it is small, when fork is unavailable (Windows),
when other threads are running (``runbook serve``: a child of a threaded process can inherit a
held lock), or when RUNBOOK_JOBS=1. RUNBOOK_JOBS=N sets the number of processes.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

JOBS_ENV = "RUNBOOK_JOBS"
MIN_SHARE = 100
"""Fewest items worth a process: below it, fork and pickling cost more than they save."""


def jobs(count: int) -> int:
    """How many processes share ``count`` items."""
    setting = os.environ.get(JOBS_ENV, "").strip()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    wanted = int(setting) if setting.isdigit() and int(setting) > 0 else cores
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    return max(1, min(wanted, count // MIN_SHARE))


def parallel_map(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[function(item) for item in items]``, computed by up to :func:`jobs` processes."""
    processes = jobs(len(items))
    if processes == 1:
        return [function(item) for item in items]
    # Dealt like cards, not cut in blocks: costly items (a map page among operation pages) come
    # in runs, and a block holding a run would keep one process busy after the others finish.
    shares = [items[first::processes] for first in range(processes)]
    children = [_fork(function, share) for share in shares[1:]]
    try:
        mine = [function(item) for item in shares[0]]
    finally:
        # Always collected, so a failure here leaves no child waiting on a full pipe.
        outcomes: list[list[R] | BaseException] = [_collect(pid, reader) for pid, reader in children]
    dealt = [mine]
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
        dealt.append(outcome)
    return [dealt[i % processes][i // processes] for i in range(len(items))]


def _collect(pid: int, reader: int) -> list[R] | BaseException:
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        return RuntimeError(f"a worker process ended with status {status} and no result")
    outcome: list[R] | BaseException = pickle.loads(data)
    return outcome


def _fork(function: Callable[[T], R], share: Sequence[T]) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    # The child: compute, send, and leave without running the parent's exit handlers.
    os.close(reader)
    try:
        try:
            outcome: object = [function(item) for item in share]
        except Exception as error:  # sent to the parent, which raises it
            outcome = error
        with os.fdopen(writer, "wb") as pipe:
            pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(0)
