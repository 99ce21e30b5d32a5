"""Work dealt to forked children, each sending back its results and what it logged, in input order.

Unlike :func:`generator.runtime.parallel.parallel_map`, the calling process computes nothing
itself: the work runs MkDocs' plugin events on pages, and a plugin that keeps state (the tags
plugin collects every page's tags) must see each event once, in the order ``mkdocs build`` sends
them, in the process that finishes the build. Children run them on copies that are then dropped.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Logged:
    """A message the engine or a plugin logged in a child, to be logged again by the parent."""

    logger: str
    level: int
    message: str

    def replay(self) -> None:
        logging.getLogger(self.logger).log(self.level, self.message)


@dataclass(frozen=True)
class Done(Generic[R]):
    """One item's result and the warnings logged while computing it."""

    result: R
    logged: tuple[Logged, ...]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[Logged] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(Logged(record.name, record.levelno, record.getMessage()))


def map_in_children(
    function: Callable[[T], R], items: Sequence[T], processes: int, loggers: Sequence[str]
) -> list[Done[R]]:
    """``function`` over ``items`` in ``processes`` forked children; what ``loggers`` logged comes back too."""
    shares = [items[first::processes] for first in range(processes)]
    children = [_fork(function, share, loggers) for share in shares if share]
    outcomes: list[list[Done[R]] | BaseException] = [_collect(pid, reader) for pid, reader in children]
    dealt: list[list[Done[R]]] = []
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
        dealt.append(outcome)
    return [dealt[i % processes][i // processes] for i in range(len(items))]


def _collect(pid: int, reader: int) -> list[Done[R]] | BaseException:
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        return RuntimeError(f"a page-rendering process ended with status {status} and no result")
    outcome: list[Done[R]] | BaseException = pickle.loads(data)  # from our own child, over a pipe
    return outcome


def _fork(function: Callable[[T], R], share: Sequence[T], loggers: Sequence[str]) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    os.close(reader)
    try:
        capture = _Capture()
        for name in loggers:  # the parent logs them again, in order, where --strict counts them
            logger = logging.getLogger(name)
            logger.handlers = [capture]
            logger.propagate = False
        done: list[Done[R]] = []
        outcome: object
        try:
            for item in share:
                capture.records = []
                done.append(Done(function(item), tuple(capture.records)))
            outcome = done
        except Exception as error:  # raised again by the parent
            outcome = error
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # an exception that cannot be pickled
            data = pickle.dumps(RuntimeError(f"{type(error).__name__}: {error}; was: {outcome!r}"[:2000]))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)
