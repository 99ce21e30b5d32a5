"""Time what ``runbook serve`` does after an edit: one operation changed, docs/ regenerated.

Run in the workspace of one size as ``python bench/serve_warm.py OPERATION_FILE RUNS``. The
first generation (which fills the cache) is not timed; each timed run follows an edit to the
operation's summary, as bench/run.py makes for the warm CLI run. Prints one JSON object with
the seconds and the number of files each run wrote.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import time
from pathlib import Path

from generator.cli import _generate


def _generate_once() -> str:
    """One regeneration as ``runbook serve`` runs it; its summary line."""
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        try:
            _generate(Path("source"), Path("docs"), check_only=False, strict=False, config_file=Path("mkdocs.yml"))
        except SystemExit as stop:
            if stop.code:
                raise RuntimeError(captured.getvalue()) from None
    return captured.getvalue()


def main(path: Path, runs: int) -> dict[str, list[float] | list[int]]:
    _generate_once()
    seconds: list[float] = []
    written: list[int] = []
    for number in range(1, runs + 1):
        text = path.read_text(encoding="utf-8")
        pattern, replacement = r"^summary: (.*?)( \(serve edit \d+\))?$", rf"summary: \1 (serve edit {number})"
        edited = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
        path.write_text(edited, encoding="utf-8")
        start = time.perf_counter()
        summary = _generate_once()
        seconds.append(time.perf_counter() - start)
        counts = re.search(r"(\d+) created, (\d+) updated, (\d+) deleted", summary)
        written.append(sum(int(n) for n in counts.groups()) if counts else -1)
    return {"runs_s": seconds, "files_written": written}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), int(sys.argv[2]))))
