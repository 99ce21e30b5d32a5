"""What changed in ``docs/`` since the last look: the file stats ``runbook serve`` compares after a save."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from generator.writer.write import TEMPORARY_SUFFIX


def docs_snapshot(docs: Path, extra: Iterable[Path] = ()) -> dict[str, tuple[int, int, int]]:
    """Modification time, size and inode of every file under ``docs`` (by relative path) and of ``extra``.

    The inode tells apart two same-sized writes within one tick of the file system's clock, as
    generated pages are written to a new file and renamed into place.
    """
    found: dict[str, tuple[int, int, int]] = {}
    for folder, _, names in os.walk(docs):
        for name in names:
            if name.endswith(TEMPORARY_SUFFIX):
                continue
            full = os.path.join(folder, name)
            try:
                stat = os.stat(full)
            except OSError:
                continue
            found[os.path.relpath(full, docs).replace(os.sep, "/")] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    for path in extra:
        try:
            stat = path.stat()
        except OSError:
            continue
        found[f"\0{path}"] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return found


def changed_paths(before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]) -> set[str]:
    """Paths added, removed or changed between two snapshots."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
