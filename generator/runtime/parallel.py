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
    shares = deal(items, processes)
    children = [start_child(_mapped(function, share)) for share in shares[1:]]
    try:
        mine = [function(item) for item in shares[0]]
    finally:
        # Always collected, so a failure here leaves no child waiting on a full pipe.
        outcomes = [collect_child(child) for child in children]
    return undeal([mine, *(_raised(outcome) for outcome in outcomes)], len(items))


def deal(items: Sequence[T], processes: int) -> list[Sequence[T]]:
    """``items`` dealt into ``processes`` shares like cards (item ``i`` to share ``i % processes``)."""
    return [items[first::processes] for first in range(processes) if items[first::processes]]


def undeal(shares: Sequence[Sequence[R]], count: int) -> list[R]:
    """The results of :func:`deal`'s shares back in the items' order."""
    processes = len(shares)
    return [shares[i % processes][i // processes] for i in range(count)]


def start_child(task: Callable[[], object]) -> tuple[int, int]:
    """Fork a child that runs ``task`` and sends back what it returned, or the exception it raised.

    The child inherits everything it needs (nothing is sent to it), pickles only its outcome
    through a pipe, and leaves without running the parent's exit handlers. Read the outcome with
    :func:`collect_child`.
    """
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    os.close(reader)
    try:
        try:
            outcome: object = task()
        except Exception as error:  # sent to the parent, which raises it
            outcome = error
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # a result or exception that cannot be pickled
            data = pickle.dumps(RuntimeError(f"{type(error).__name__}: {error}; was: {outcome!r}"[:2000]))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


def collect_child(child: tuple[int, int]) -> object:
    """What the child :func:`start_child` forked sent back (an exception it raised is returned, not raised)."""
    pid, reader = child
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        return RuntimeError(f"a worker process ended with status {status} and no result")
    return pickle.loads(data)  # from our own child, over a pipe


def _mapped(function: Callable[[T], R], share: Sequence[T]) -> Callable[[], list[R]]:
    return lambda: [function(item) for item in share]


def _raised(outcome: object) -> list[R]:
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome  # type: ignore[return-value]
