"""Results computed from loaded records, kept while those same records are alive.

``runbook serve`` keeps every record whose file did not change from one edit to the next (the
records memo of generator/source/project.py hands back the very same object), so what is worked
out from records alone (a page's settings after inheritance, the ``[[id]]`` links in its text,
every text value of a file) need not be worked out again after each save: at 5,000 operations
those walks were a large part of the time from a save to the page. A one-off run computes each
once, as before; two stages of one run share the result.

Entries are keyed by the records' identity (``is``, never equality) and hold them only weakly:
an entry goes when one of its records is freed, so an edited page's old record and what was
computed from it do not outlive it. Records are never changed after loading, which is what keeps
a result true for as long as its records live.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

R = TypeVar("R")


class IdentityMemo(Generic[R]):
    """``compute(*records)`` remembered for as long as the same records (by identity) are alive."""

    def __init__(self, compute: Callable[..., R]) -> None:
        self._compute = compute
        self._found: dict[tuple[int, ...], tuple[tuple[weakref.ref[Any], ...], R]] = {}

    def __call__(self, *records: Any) -> R:
        key = tuple(map(id, records))
        known = self._found.get(key)
        if known is not None and all(ref() is record for ref, record in zip(known[0], records, strict=True)):
            return known[1]
        value = self._compute(*records)
        entry: tuple[tuple[weakref.ref[Any], ...], R]

        def forget(_: object) -> None:
            if self._found.get(key) is entry:
                del self._found[key]

        try:
            entry = (tuple(weakref.ref(record, forget) for record in records), value)
        except TypeError:  # a value that cannot be referred to weakly (a tuple, None): not kept
            return value
        self._found[key] = entry
        return value

    def __len__(self) -> int:
        return len(self._found)
