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
        edit_summary(path, f"serve {number}")
        start = time.perf_counter()
        summary = _generate_once()
        seconds.append(time.perf_counter() - start)
        written.append(files_written(summary))
    return {"runs_s": seconds, "files_written": written}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), int(sys.argv[2]))))
