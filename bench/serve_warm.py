"""Time what ``runbook serve`` does after an edit: one operation changed, docs/ regenerated.

Run in the workspace of one size as ``python bench/serve_warm.py OPERATION_FILE RUNS``. The
first generation (which fills the cache) is not timed; each timed run follows an edit to the
operation's summary (bench/synth.py's edit_summary, as before each warm CLI run). Prints one JSON
object with the seconds and the number of files each run wrote.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from a workspace

from bench.measure import files_written
from bench.synth import edit_summary
from generator.cli.base import report_generate
from generator.pipeline import generate_docs
from generator.runtime.memo import RunCache

CACHE = RunCache.for_source(Path("source"))  # kept in memory between runs, as runbook serve keeps it


def _generate_once() -> str:
    """One regeneration as ``runbook serve`` runs it; its summary line."""
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        CACHE.next_run()
        result = generate_docs(Path("source"), Path("docs"), CACHE, config_file=Path("mkdocs.yml"))
        if report_generate(result, Path("docs")):
            raise RuntimeError(captured.getvalue())
    return captured.getvalue()


def main(path: Path, runs: int) -> dict[str, list[float] | list[int]]:
    _generate_once()
    seconds: list[float] = []
    written: list[int] = []
    for number in range(1, runs + 1):
        edit_summary(path, f"serve {number}")
        start = time.perf_counter()
        summary = _generate_once()
        seconds.append(time.perf_counter() - start)
        written.append(files_written(summary))
    return {"runs_s": seconds, "files_written": written}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), int(sys.argv[2]))))
