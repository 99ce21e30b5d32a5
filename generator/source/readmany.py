"""Read many source files at once: those the cache does not answer are parsed on every core.

Parsing is most of loading a large runbook, and each file parses on its own, so the files are
shared among processes (generator/runtime/parallel.py). A worker sends back only what a file
holds and the problems found in it, never the place of every value: those took as long to send
and receive as the parse itself. The file here is then a :class:`CachedSourceFile`, as when
the data came from the cache: its places are rebuilt from its bytes the first time a message
needs one. Files that have problems come back whole, and so do files with a ' #' in them: the
check for comments that cut a plain value short (generator/checks/textcheck.py) reads the places
of such a file on every run, and parsing it again here would cost more than receiving it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.runtime.memo import RunCache
from generator.runtime.parallel import parallel_map
from generator.source.load import MAX_FILE_BYTES, SourceFile, parse_yaml, read_yaml
from generator.source.parsecache import CachedSourceFile, read_known

Loaded = tuple[SourceFile, list[Diagnostic]]

_COMMENT_AFTER_VALUE = re.compile(r"[ \t]#")
"""Where a comment may follow a value on its line: the comment check then needs the file's places."""


class _Parsed:
    """One parsed file; pickled (sent from a worker), a clean file keeps only its data."""

    def __init__(self, source: SourceFile | None, data: Any, problems: list[Diagnostic]) -> None:
        self.source = source
        self.data = data
        self.problems = problems

    def __reduce__(self) -> tuple[Any, ...]:
        if self.problems or (self.source is not None and _COMMENT_AFTER_VALUE.search(self.source.text)):
            return (_Parsed, (self.source, self.data, self.problems))
        return (_Parsed, (None, self.data, self.problems))


def _parse(job: tuple[str, bytes]) -> _Parsed:
    display, raw = job
    source, problems = parse_yaml(display, raw)
    return _Parsed(source, source.data, problems)


def read_sources(files: Sequence[tuple[Path, str]], cache: RunCache) -> list[Loaded]:
    """:func:`generator.source.parsecache.read_source` of each (path, shown path), in order."""
    results: list[Loaded | None] = [None] * len(files)
    todo: list[tuple[int, str, bytes, str | None]] = []
    for index, (path, display) in enumerate(files):
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                results[index] = read_yaml(path, display)
                continue
            raw, key = read_known(path, cache) if cache.enabled else (path.read_bytes(), None)
        except OSError:
            results[index] = read_yaml(path, display)  # it reports the problem with its usual message
            continue
        if key is not None:
            data = cache.memo("parsed").get(key)
            if data is not None:
                results[index] = (CachedSourceFile(display, raw, data, key), [])
                continue
        todo.append((index, display, raw, key))
    parsed = parallel_map(_parse, [(display, raw) for _, display, raw, _ in todo])
    for (index, display, raw, key), done in zip(todo, parsed, strict=True):
        source = done.source if done.source is not None else CachedSourceFile(display, raw, done.data, key)
        source.digest = key  # later stages key their memos by it
        if key is not None and not done.problems and done.data is not None:
            cache.memo("parsed").put(key, done.data)
        results[index] = (source, done.problems)
    return [result for result in results if result is not None]
