"""``make bench`` rows for runbook build's site step (issue 24): cold, and after a one-page edit, against mkdocs build.

Three commands run in turn, interleaved run by run so that a machine whose speed drifts (it is
shared) moves all three alike: a plain ``mkdocs build`` of generated docs/; a cold
``runbook build --no-cache`` (no docs/, no cache: generate and site); and ``runbook build``
after editing one operation's summary, with the cache the previous run left. Each ratio is the
median of the ratios of one run to the plain build of the same round. The machine's core count
and its load average are recorded. Timings are reported, never asserted.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import time
from pathlib import Path

from bench.measure import run, tool
from bench.synth import operation_id, write_source

STAMP = {"SOURCE_DATE_EPOCH": "1700000000"}


def _edit(folder: Path, size: int) -> None:
    page = folder / "source" / "operations" / f"{operation_id(size // 2)}.yaml"
    text = re.sub(r"(?m)^summary: .*$", f"summary: Edited at {time.time_ns()}.", page.read_text(), count=1)
    page.write_text(text)


def measure_site_build(work: Path, size: int, runs: int, copy_config: object) -> dict[str, object]:
    """Medians and ratios of the three builds at ``size`` operations (``copy_config(folder)`` writes mkdocs.yml)."""
    plain, cold, edited = work / f"site-{size}-plain", work / f"site-{size}-cold", work / f"site-{size}-edit"
    for folder in (plain, cold, edited):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        write_source(size, folder / "source")
        copy_config(folder)  # type: ignore[operator]
    runbook, mkdocs = tool("runbook"), tool("mkdocs")
    os.environ.update(STAMP)
    run([runbook, "generate"], plain)
    run([runbook, "build"], edited)  # fills the build cache
    times: dict[str, list[float]] = {"plain": [], "cold": [], "edit": []}
    cpu: dict[str, list[float]] = {"plain": [], "cold": [], "edit": []}
    loads = [round(os.getloadavg()[0], 2)]
    for _ in range(runs):
        done = run([mkdocs, "build", "-q", "-d", "site"], plain)
        times["plain"].append(done.seconds)
        cpu["plain"].append(done.cpu_seconds)
        for name in ("docs", ".cache", "site", "mkdocs.nav.yml"):
            target = cold / name
            shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
        done = run([runbook, "build", "--no-cache"], cold)
        times["cold"].append(done.seconds)
        cpu["cold"].append(done.cpu_seconds)
        _edit(edited, size)
        done = run([runbook, "build"], edited)
        times["edit"].append(done.seconds)
        cpu["edit"].append(done.cpu_seconds)
        loads.append(round(os.getloadavg()[0], 2))
    ratios = {
        kind: round(statistics.median(a / b for a, b in zip(times[kind], times["plain"], strict=True)), 3)
        for kind in ("cold", "edit")
    }
    return {
        "operations": size,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "load_average": loads,
        "median_s": {kind: round(statistics.median(values), 3) for kind, values in times.items()},
        "median_cpu_s": {kind: round(statistics.median(values), 3) for kind, values in cpu.items()},
        "ratio_to_mkdocs_build": ratios,
        "runs": runs,
    }


def site_build_table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| Operations | Cores | mkdocs build | cold --no-cache | ratio | one edit | ratio | load |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        median, ratio = row["median_s"], row["ratio_to_mkdocs_build"]
        assert isinstance(median, dict) and isinstance(ratio, dict)
        lines.append(
            f"| {row['operations']:,} | {row['cores']} | {median['plain']:.2f} s | {median['cold']:.2f} s | "
            f"{ratio['cold']:.2f} | {median['edit']:.2f} s | {ratio['edit']:.2f} | {row['load_average']} |"
        )
    return "\n".join(lines)
