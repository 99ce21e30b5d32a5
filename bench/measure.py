"""Run a command and measure it: wall time, peak memory of the process tree, exit status."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


@dataclass
class Run:
    """One measured command."""

    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    timed_out: bool = False
    cpu_seconds: float = 0.0
    """User and system time of the command and the processes it waited for (its forked workers)."""


@dataclass
class Sample:
    """Several runs of one measurement, summarised by their median."""

    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def median_cpu(self) -> float:
        """CPU time varies less than wall time on a shared machine: a busy neighbour adds waiting, not work."""
        return statistics.median(r.cpu_seconds for r in self.runs)

    @property
    def timed_out(self) -> bool:
        return any(r.timed_out for r in self.runs)

    def as_json(self) -> dict[str, object]:
        return {
            "median_s": round(self.median, 4),
            "runs_s": [round(r.seconds, 4) for r in self.runs],
            "median_cpu_s": round(self.median_cpu, 4),
            "peak_mb": round(self.peak_mb, 1),
            "timed_out": self.timed_out,
        }


class CommandFailed(Exception):
    """A measured command exited non-zero; the benchmark stops rather than report a failure's time."""


def tool(name: str) -> str:
    """A console script of the benchmark's own environment (the venv), else one on PATH."""
    candidate = VENV_BIN / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise CommandFailed(f"{name} is not installed; run 'make' first")
    return found


def run(
    command: Sequence[str],
    cwd: Path,
    *,
    ok_codes: Sequence[int] = (0,),
    timeout: float | None = None,
    env: dict[str, str] | None = None,
) -> Run:
    """Run ``command`` in ``cwd``; time it and take its peak resident memory from wait4.

    A command still running after ``timeout`` seconds is killed and reported as timed out.
    ``env`` adds variables to the environment.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", **(env or {}))
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        timer = threading.Timer(timeout, process.kill) if timeout else None
        if timer is not None:
            timer.start()
        # wait4 rather than Popen.wait: it also returns this one child's resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        timed_out = timer is not None and not timer.is_alive()
        if timer is not None:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    cpu = usage.ru_utime + usage.ru_stime
    if timed_out:
        return Run(seconds, usage.ru_maxrss / 1024, stdout, stderr, timed_out=True, cpu_seconds=cpu)
    if process.returncode not in ok_codes:
        raise CommandFailed(
            f"{' '.join(command)} exited {process.returncode} in {cwd}:\n{stderr[-3000:]}{stdout[-2000:]}"
        )
    return Run(seconds, usage.ru_maxrss / 1024, stdout, stderr, cpu_seconds=cpu)


def repeat(
    times: int, prepare: Callable[[], None], measure: Callable[[], Run], *, budget: float | None = None
) -> Sample:
    """``measure`` ``times`` times, each after ``prepare`` (which is not timed).

    Stops early after a run that timed out, or once the runs so far took more than ``budget``
    seconds (a 5,000-page site build is measured once, not three times).
    """
    sample = Sample()
    for _ in range(times):
        prepare()
        sample.runs.append(measure())
        if sample.timed_out or (budget is not None and sum(r.seconds for r in sample.runs) > budget):
            break
    return sample


def interleave(
    times: int,
    first: tuple[Callable[[], None], Callable[[], Run]],
    second: tuple[Callable[[], None], Callable[[], Run]],
) -> tuple[Sample, Sample, list[float]]:
    """Two measurements taken in turn (first, second, first, ...), each run after its prepare step.

    Returns both samples and the ratio first/second of each pair: a machine whose speed drifts
    (other work starting or ending) moves both runs of a pair alike, so the median of the pairs'
    ratios says more than the ratio of two medians taken minutes apart.
    """
    a, b = Sample(), Sample()
    for _ in range(times):
        for (prepare, measure), sample in ((first, a), (second, b)):
            prepare()
            sample.runs.append(measure())
    return a, b, [x.seconds / y.seconds for x, y in zip(a.runs, b.runs, strict=True)]


def nothing() -> None:
    """A prepare step that does nothing."""


def files_written(summary: str) -> int:
    """Pages created, updated and deleted, from ``runbook generate``'s summary line (-1: none)."""
    match = re.search(r"(\d+) created, (\d+) updated, (\d+) deleted", summary)
    return sum(int(n) for n in match.groups()) if match else -1
