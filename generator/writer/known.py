"""The pages of ``docs/`` as this process last read or wrote them, so that an unchanged one is not read again.

``runbook generate`` reads every page in ``docs/`` before replacing it: to leave hand-written
pages alone and to skip pages that would not change. ``runbook serve`` does that after every
save, and at 5,000 operations reading the 5,400 pages was a tenth of the time from a save to its
page. A process that runs again keeps here, for each page, its stat and the text it was found or
written with; a page whose inode, size, modification and change times are all the same still
holds that text (the change time moves on every write, and no one can set it back, as git's
index relies on), so it is compared without being read.
"""

from __future__ import annotations

import os
from pathlib import Path

Signature = tuple[int, int, int, int]
KnownPages = dict[str, tuple[Signature, str]]
"""A page's name in docs/ -> its stat signature and the (generated) text it then held."""


def signature(path: Path) -> Signature | None:
    """Inode, size, modification and change times of ``path``; None when it cannot be stat'ed."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def known_text(known: KnownPages | None, name: str, path: Path) -> tuple[Signature | None, str | None]:
    """The page's stat signature now, and its text when ``known`` holds it under that same signature."""
    if known is None:
        return None, None
    now = signature(path)
    seen = known.get(name)
    if now is None or seen is None or seen[0] != now:
        return now, None
    return now, seen[1]


def remember(known: KnownPages | None, name: str, path: Path, text: str, before: Signature | None = None) -> None:
    """Note that ``path`` holds ``text`` (a generated page): as stat'ed ``before`` it was read, else now."""
    if known is None:
        return
    now = before if before is not None else signature(path)
    if now is None:
        known.pop(name, None)
    else:
        known[name] = (now, text)
