"""Work dealt to forked children, each sending back its results and what it logged, in input order.

The forking and collecting is :mod:`generator.runtime.parallel`'s. Unlike its
:func:`~generator.runtime.parallel.parallel_map`, the calling process computes nothing itself:
the work runs MkDocs' plugin events on pages, and a plugin that keeps state (the tags plugin
collects every page's tags) must see each event once, in the order ``mkdocs build`` sends them,
in the process that finishes the build. Children run them on copies that are then dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.runtime.parallel import collect_child, deal, start_child, undeal

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
    children = [start_child(_logged(function, share, loggers)) for share in deal(items, processes)]
    outcomes = [collect_child(child) for child in children]  # every child collected before raising
    dealt: list[list[Done[R]]] = []
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
        dealt.append(outcome)  # type: ignore[arg-type]
    return undeal(dealt, len(items))


def _logged(function: Callable[[T], R], share: Sequence[T], loggers: Sequence[str]) -> Callable[[], list[Done[R]]]:
    """What a child runs: ``function`` over its share, each result with the warnings logged while computing it."""

    def task() -> list[Done[R]]:
        capture = _Capture()
        for name in loggers:  # the parent logs them again, in order, where --strict counts them
            logger = logging.getLogger(name)
            logger.handlers = [capture]
            logger.propagate = False
        done: list[Done[R]] = []
        for item in share:
            capture.records = []
            done.append(Done(function(item), tuple(capture.records)))
        return done

    return task
