"""Read source files through the cache: an unchanged file's data comes back without parsing.

Only the plain data of a file that parsed without problems is kept, keyed by a digest of its
bytes. Its text and its places (line and column of every value) are rebuilt by parsing it again
the first time something asks for them, which in a valid runbook is only a message about that
file: positions survive without paying for them on every run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.runtime.memo import RunCache, digest
from generator.source.encoding import source_text
from generator.source.load import MAX_FILE_BYTES, DataPath, Place, SourceFile, parse_yaml, read_yaml


def read_known(path: Path, cache: RunCache) -> tuple[bytes, str]:
    """A file's bytes and their digest, not read again in this process while its stat is the same.

    ``runbook serve`` regenerates after every edit; re-reading and digesting 1,000 unchanged
    files was a fifth of that. Inode, size, modification and change times are compared, as git
    compares its index: the change time moves on every write, and no one can set it back.
    """
    stat = path.stat()
    signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    known = cache.known_files.get(str(path))
    if known is not None and known[0] == signature:
        return known[1], known[2]
    raw = path.read_bytes()
    key = digest(raw)
    cache.known_files[str(path)] = (signature, raw, key)
    return raw, key


class CachedSourceFile(SourceFile):
    """A file whose data came from the cache; its text and places are rebuilt when first asked for."""

    def __init__(self, path: str, raw: bytes, data: Any, digest: str | None) -> None:
        # The dataclass __init__ would assign text, values and keys, which are computed here.
        self.path = path
        self.data = data
        self.digest = digest
        self._raw = raw
        self._text: str | None = None
        self._full: SourceFile | None = None

    def _parsed(self) -> SourceFile:
        if self._full is None:
            self._full, _ = parse_yaml(self.path, self._raw)
        return self._full

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = source_text(self._raw)
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value

    @property
    def values(self) -> dict[DataPath, Place]:
        return self._parsed().values

    @values.setter
    def values(self, value: dict[DataPath, Place]) -> None:
        self._parsed().values = value

    @property
    def keys(self) -> dict[DataPath, Place]:
        return self._parsed().keys

    @keys.setter
    def keys(self, value: dict[DataPath, Place]) -> None:
        self._parsed().keys = value


def read_source(path: Path, display: str, cache: RunCache) -> tuple[SourceFile, list[Diagnostic]]:
    """:func:`generator.source.load.read_yaml`, answered from the cache when the bytes were seen before.

    A file read through the cache carries the digest of its bytes (``SourceFile.digest``).
    """
    if not cache.enabled:
        return read_yaml(path, display)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return read_yaml(path, display)
        raw, key = read_known(path, cache)
    except OSError:
        return read_yaml(path, display)  # it reports the problem with its usual message
    parsed = cache.memo("parsed").get(key)
    if parsed is not None:
        return CachedSourceFile(display, raw, parsed, key), []
    source, problems = parse_yaml(display, raw)
    source.digest = key
    if not problems and source.data is not None:
        cache.memo("parsed").put(key, source.data)
    return source, problems
