"""``make bench``: how check, generate, the site build and the link check grow with the runbook.

For each size it writes a synthetic runbook (bench/synth.py) into bench/work/N/ and measures,
as medians of several runs: ``runbook check``; ``runbook generate`` cold (no docs/, no cache)
and warm (one operation edited); the floor (PyYAML's C loader reading the same files and
nothing else), measured in turn with the cold generate, and the median of their ratios;
``mkdocs build``; the built site's size per page; peak memory; and lychee's offline link check
of the built site. It prints a Markdown table and writes the same figures
to bench/results/latest.json. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import sys
from pathlib import Path

from bench.measure import CommandFailed, Run, Sample, files_written, interleave, nothing, repeat, run, tool
from bench.serve_http import measure_serve
from bench.sitebuild import measure_site_build, site_build_table
from bench.synth import edit_summary, operation_id, write_source
from bench.table import cold_ratio, markdown_table, serve_conditions
from generator.runtime.memo import CACHE_ENV

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
RESULTS = REPO / "bench" / "results"
SIZES = (100, 1000, 5000)
SITE_TIMEOUT = 3600
"""Seconds one mkdocs build may take before the benchmark gives up on that size."""
SITE_BUDGET = 240
"""Seconds of site builds per size after which no further run is made (medians of fewer runs)."""
LINK_TIMEOUT = 600
HUGE_PAGE = 50 * 1024 * 1024
"""A site with a page larger than this is link-checked only without its pages over 1 MB."""
"""Seconds one link check may take; a slower one is reported as timed out, not waited for."""

FLOOR_SCRIPT = """
import sys, yaml
from pathlib import Path
paths = sorted(Path("source").rglob("*.yaml"))
data = [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in paths]
print(len(data))
"""


def copy_site_config(folder: Path) -> None:
    """The repository's mkdocs.yml in ``folder``, its paths still resolving, and docs/ assets."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # Files named relative to the repository's mkdocs.yml (custom_dir, a hooks file): point them back there.
    # The runbook plugin needs no path: it is found through its entry point.
    config = re.sub(
        r"^(\s*-\s+|\s*custom_dir:\s+)([\w./-]+\.py|[\w./-]+/)\s*$",
        lambda m: m.group(1) + (str(REPO / m.group(2)) if (REPO / m.group(2)).exists() else m.group(2)),
        config,
        flags=re.MULTILINE,
    )
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    copy_docs_assets(folder)


def copy_docs_assets(folder: Path) -> None:
    """Hand-written assets the site needs (anything in the repository's docs/ that is not a page)."""
    for path in (REPO / "docs").rglob("*"):
        if path.is_file() and path.suffix != ".md":
            target = folder / "docs" / path.relative_to(REPO / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _workspace(size: int) -> Path:
    """bench/work/N with a fresh synthetic source/ and a copy of mkdocs.yml whose paths still resolve."""
    folder = WORK / str(size)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    write_source(size, folder / "source")
    copy_site_config(folder)
    return folder


def _clear(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _no_docs(folder: Path) -> None:
    """The workspace as a fresh clone has it: no docs/ pages, no navigation file, no cache."""
    _clear(folder, "docs", ".cache", "mkdocs.nav.yml")
    copy_docs_assets(folder)


def _edit_one(folder: Path, size: int, counter: list[int]) -> None:
    """Change one operation's summary (a different text each time), as an editor would."""
    counter[0] += 1
    edit_summary(_edited_operation(folder, size), f"cli {counter[0]}")


def _edited_operation(folder: Path, size: int) -> Path:
    return folder / "source" / "operations" / f"{operation_id(size // 2)}.yaml"


def _renamed_operation(folder: Path, size: int) -> Path:
    return folder / "source" / "operations" / f"{operation_id(size // 3)}.yaml"


def _site_sizes(site: Path) -> dict[str, float]:
    pages = [p.stat().st_size for p in site.rglob("*.html") if p.name != "404.html"]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    pages.sort()
    return {
        "pages": len(pages),
        "html_kb_mean": round(statistics.mean(pages) / 1024, 1),
        "html_kb_median": round(statistics.median(pages) / 1024, 1),
        "html_kb_p95": round(pages[int(len(pages) * 0.95) - 1] / 1024, 1),
        "html_kb_max": round(pages[-1] / 1024, 1),
        "site_kb_per_page": round(total / len(pages) / 1024, 1),
        "site_mb": round(total / 1024 / 1024, 1),
    }


def measure_cold(folder: Path, runs: int) -> tuple[Sample, Sample, dict[str, object]]:
    """Cold ``runbook generate`` and the floor, run in turn, and the median of the pairs' ratios.

    Cold is a fresh process with no run cache (RUNBOOK_CACHE=0) and no generated page in docs/.
    The cores this process may use and the load average around the runs are kept with the ratio.
    """
    runbook, python = tool("runbook"), sys.executable
    load_before = os.getloadavg()
    cold, floor, ratios = interleave(
        runs,
        (lambda: _no_docs(folder), lambda: run([runbook, "generate"], folder, env={CACHE_ENV: "0"})),
        (nothing, lambda: run([python, "-c", FLOOR_SCRIPT], folder)),
    )
    return (
        cold,
        floor,
        {
            "median_ratio": round(statistics.median(ratios), 2),
            "ratios": [round(r, 2) for r in ratios],
            "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
    )


def cold_only(sizes: list[int], runs: int) -> int:
    """``--cold-only``: the cold generate and the floor of each size, nothing else; prints a small table."""
    print("| Operations | YAML floor | cold `runbook generate` | CPU: floor / generate | **cold ÷ floor** |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        try:
            cold, floor, ratio = measure_cold(_workspace(size), runs)
        except CommandFailed as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1
        print(
            f"| {size:,} | {floor.median:.2f} s | {cold.median:.2f} s "
            f"| {floor.median_cpu:.2f} / {cold.median_cpu:.2f} s | {cold_ratio({'generate_cold_over_floor': ratio})} |"
        )
    return 0


def serve_only(sizes: list[int], runs: int) -> int:
    """``--serve-only``: save to visible in ``runbook serve`` at each size, with its CPU time; prints a small table."""
    print("| Operations | save to visible | server CPU for it | site up to date | cores, load |")
    print("| ---: | ---: | ---: | ---: | --- |")
    for size in sizes:
        folder = _workspace(size)
        try:
            run([tool("runbook"), "generate"], folder)
            served = measure_serve(
                tool("runbook"),
                folder,
                _edited_operation(folder, size),
                _renamed_operation(folder, size),
                runs,
                SITE_TIMEOUT,
            )
        except (CommandFailed, RuntimeError) as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1
        print(
            f"| {size:,} | {statistics.median(served['visible_s']):.2f} s "  # type: ignore[arg-type]
            f"| {statistics.median(served['cpu_visible_s']):.2f} s "  # type: ignore[arg-type]
            f"| {statistics.median(served['converged_s']):.2f} s | {serve_conditions(served)} |"  # type: ignore[arg-type]
        )
    return 0


def measure_size(size: int, runs: int, site_runs: int) -> dict[str, object]:
    """Every figure for one runbook size."""
    folder = _workspace(size)
    runbook, python = tool("runbook"), sys.executable
    files = len(list((folder / "source").rglob("*.yaml")))
    print(f"  {size:,} operations: {files} YAML files in {folder.relative_to(REPO)}", file=sys.stderr)
    result: dict[str, object] = {"operations": size, "yaml_files": files}

    cold, floor, cold_over_floor = measure_cold(folder, runs)
    check = repeat(runs, lambda: _clear(folder, ".cache"), lambda: run([runbook, "check"], folder))
    counter = [0]
    warm_written: list[int] = []

    def warm_run() -> Run:
        measured = run([runbook, "generate"], folder)
        warm_written.append(files_written(measured.stderr))
        return measured

    run([runbook, "generate"], folder)  # docs/ and any cache complete before the warm runs
    warm = repeat(runs, lambda: _edit_one(folder, size, counter), warm_run)
    check_warm = repeat(runs, nothing, lambda: run([runbook, "check"], folder))
    # What an editor waits for with `runbook serve` open: the same edit, in a process that stays.
    edited = _edited_operation(folder, size)
    served = json.loads(run([python, str(REPO / "bench" / "serve_warm.py"), str(edited), str(runs)], folder).stdout)
    serve_warm = {
        "median_s": round(statistics.median(served["runs_s"]), 4),
        "runs_s": [round(s, 4) for s in served["runs_s"]],
        "files_written": served["files_written"],
    }
    stale = run([runbook, "generate", "--check"], folder)
    build = repeat(
        site_runs,
        lambda: _clear(folder, "site"),
        lambda: run([tool("mkdocs"), "build", "-q"], folder, timeout=SITE_TIMEOUT),
        budget=SITE_BUDGET,
    )
    if build.timed_out:
        raise CommandFailed(f"mkdocs build of {size:,} operations took over {SITE_TIMEOUT} s")
    sizes = {p: p.stat().st_size for p in (folder / "site").rglob("*.html")}
    largest = max(sizes.values())
    if largest > HUGE_PAGE:
        # lychee held 12 GB and ran past ten minutes on a 95 MB page: not run, reported as skipped.
        links = Sample()
        link_stats: dict[str, object] = {"skipped": f"largest page {largest / 1024 / 1024:.0f} MB"}
    else:
        links = repeat(
            site_runs, nothing, lambda: run(_lychee(folder), folder, ok_codes=(0, 2), timeout=LINK_TIMEOUT), budget=60
        )
        link_stats = {} if links.timed_out else json.loads(links.runs[-1].stdout)
    # Pages over 1 MB (one page that holds every other) dominate the check; measured without them too.
    excluded = sorted(p.relative_to(folder).as_posix() for p, size in sizes.items() if size > 1024 * 1024)
    if excluded or not links.runs:
        lean_links = repeat(
            site_runs,
            nothing,
            lambda: run(_lychee(folder, excluded), folder, ok_codes=(0, 2), timeout=LINK_TIMEOUT),
            budget=60,
        )
        lean_stats = {} if lean_links.timed_out else json.loads(lean_links.runs[-1].stdout)
    else:  # no page over 1 MB: the same check as above
        lean_links, lean_stats = links, link_stats
    # What an editor sees with `runbook serve` open: a save, followed through HTTP to the page.
    try:
        served_http = measure_serve(
            runbook, folder, edited, _renamed_operation(folder, size), runs, timeout=SITE_TIMEOUT
        )
    except RuntimeError as error:
        raise CommandFailed(str(error)) from None
    result.update(
        {
            "serve_http": served_http,
            "floor": floor.as_json(),
            "check": check.as_json(),
            "check_cached": check_warm.as_json(),
            "generate_cold": cold.as_json(),
            "generate_cold_over_floor": cold_over_floor,
            "generate_warm": {**warm.as_json(), "files_written": warm_written},
            "generate_warm_serve": serve_warm,
            "generate_check_s": round(stale.seconds, 4),
            "mkdocs_build": {**build.as_json(), "ms_per_page": round(build.median / (size + 10) * 1000, 2)},
            "site": _site_sizes(folder / "site"),
            "link_check": {
                **(links.as_json() if links.runs else {"skipped": link_stats["skipped"]}),
                "links": link_stats.get("total"),
                "errors": link_stats.get("errors"),
            },
            "link_check_without_giants": {
                **lean_links.as_json(),
                "excluded": excluded,
                "links": lean_stats.get("total"),
                "errors": lean_stats.get("errors"),
            },
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
    )
    return result


def _lychee(folder: Path, excluded: list[str] | None = None) -> list[str]:
    command = [tool("lychee"), "--offline", "--include-fragments", "--index-files", "index.html"]
    command += ["--root-dir", str(folder / "site"), "--no-progress", "--format", "json"]
    for path in excluded or []:
        command += ["--exclude-path", re.escape(path) + "$"]
    return [*command, "site"]


def _environment() -> dict[str, object]:
    def version(command: list[str]) -> str:
        try:
            return run(command, REPO).stdout.strip().splitlines()[0]
        except (CommandFailed, IndexError, OSError):
            return "unknown"

    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "mkdocs": version([tool("mkdocs"), "--version"]),
        "lychee": version([tool("lychee"), "--version"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="operation counts")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median reported)")
    parser.add_argument("--site-runs", type=int, default=3, help="runs of mkdocs build and the link check")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json", help="JSON results file")
    parser.add_argument(
        "--merge", action="store_true", help="keep the other sizes already in --out (re-measure some sizes only)"
    )
    parser.add_argument(
        "--cold-only",
        action="store_true",
        help="measure only cold generate against the floor, in turn (a quick look; writes no JSON)",
    )
    parser.add_argument(
        "--serve-only",
        action="store_true",
        help="measure only save to visible in runbook serve, with its CPU time (a quick look; writes no JSON)",
    )
    options = parser.parse_args(argv)
    if options.cold_only:
        return cold_only(options.sizes, options.runs)
    if options.serve_only:
        return serve_only(options.sizes, options.runs)
    print(f"benchmark: sizes {options.sizes}, {options.runs} runs each", file=sys.stderr)
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    try:
        sizes = [measure_size(size, options.runs, options.site_runs) for size in options.sizes]
    except CommandFailed as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    if options.merge and options.out.is_file():
        kept = json.loads(options.out.read_text(encoding="utf-8")).get("sizes", [])
        measured = {s["operations"] for s in sizes}
        sizes = sorted(
            [*sizes, *(s for s in kept if s["operations"] not in measured)], key=lambda s: int(str(s["operations"]))
        )
    report: dict[str, object] = {
        "environment": {**_environment(), "load_average_at_start": load_at_start},
        "sizes": sizes,
        "site_build": [
            measure_site_build(WORK, size, options.site_runs, copy_site_config)
            for size in options.sizes
            if size <= 1000
        ],
    }
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(markdown_table(report))
    print(site_build_table(report["site_build"]))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
