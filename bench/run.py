"""``make bench``: how check, generate, the site build and the link check grow with the runbook.

For each size it writes a synthetic runbook (bench/synth.py) into bench/work/N/ and measures,
as medians of several runs: ``runbook check``; ``runbook generate`` cold (no docs/, no cache)
and warm (one operation edited); the floor (PyYAML's C loader reading the same files and
nothing else); ``mkdocs build``; the built site's size per page; peak memory; and lychee's
offline link check of the built site. It prints a Markdown table and writes the same figures
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

from bench.measure import CommandFailed, Run, nothing, repeat, run, tool
from bench.synth import operation_id, write_source
from bench.table import markdown_table

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
RESULTS = REPO / "bench" / "results"
SIZES = (100, 1000, 5000)

FLOOR_SCRIPT = """
import sys, yaml
from pathlib import Path
paths = sorted(Path("source").rglob("*.yaml"))
data = [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in paths]
print(len(data))
"""


def _workspace(size: int) -> Path:
    """bench/work/N with a fresh synthetic source/ and a copy of mkdocs.yml whose paths still resolve."""
    folder = WORK / str(size)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    write_source(size, folder / "source")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # Hooks and other files named relative to the repository's mkdocs.yml: point them back there.
    config = re.sub(
        r"^(\s*-\s+|\s*custom_dir:\s+)([\w./-]+\.py|[\w./-]+/)\s*$",
        lambda m: m.group(1) + (str(REPO / m.group(2)) if (REPO / m.group(2)).exists() else m.group(2)),
        config,
        flags=re.MULTILINE,
    )
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    # Hand-written assets the site needs (anything in docs/ that is not a page).
    for path in (REPO / "docs").rglob("*"):
        if path.is_file() and path.suffix != ".md":
            target = folder / "docs" / path.relative_to(REPO / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return folder


def _clear(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _edit_one(folder: Path, size: int, counter: list[int]) -> None:
    """Change one operation's summary (a different text each time), as an editor would."""
    path = folder / "source" / "operations" / f"{operation_id(size // 2)}.yaml"
    counter[0] += 1
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r"^summary: (.*?)( \(edit \d+\))?$", rf"summary: \1 (edit {counter[0]})", text, count=1, flags=re.MULTILINE
    )
    path.write_text(text, encoding="utf-8")


def _written(run_: Run) -> int:
    match = re.search(r"(\d+) created, (\d+) updated, (\d+) deleted", run_.stderr)
    return sum(int(n) for n in match.groups()) if match else -1


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


def measure_size(size: int, runs: int, site_runs: int) -> dict[str, object]:
    """Every figure for one runbook size."""
    folder = _workspace(size)
    runbook, python = tool("runbook"), sys.executable
    files = len(list((folder / "source").rglob("*.yaml")))
    print(f"  {size:,} operations: {files} YAML files in {folder.relative_to(REPO)}", file=sys.stderr)
    result: dict[str, object] = {"operations": size, "yaml_files": files}

    floor = repeat(runs, nothing, lambda: run([python, "-c", FLOOR_SCRIPT], folder))
    check = repeat(runs, lambda: _clear(folder, ".cache"), lambda: run([runbook, "check"], folder))
    cold = repeat(
        runs,
        lambda: _clear(folder, "docs/operations", ".cache", "mkdocs.nav.yml"),
        lambda: run([runbook, "generate"], folder),
    )
    counter = [0]
    warm_written: list[int] = []

    def warm_run() -> Run:
        measured = run([runbook, "generate"], folder)
        warm_written.append(_written(measured))
        return measured

    run([runbook, "generate"], folder)  # docs/ and any cache complete before the warm runs
    warm = repeat(runs, lambda: _edit_one(folder, size, counter), warm_run)
    check_warm = repeat(runs, nothing, lambda: run([runbook, "check"], folder))
    stale = run([runbook, "generate", "--check"], folder)
    build = repeat(site_runs, lambda: _clear(folder, "site"), lambda: run([tool("mkdocs"), "build", "-q"], folder))
    links = repeat(site_runs, nothing, lambda: run(_lychee(folder), folder, ok_codes=(0, 2)))
    link_stats = json.loads(links.runs[-1].stdout)
    result.update(
        {
            "floor": floor.as_json(),
            "check": check.as_json(),
            "check_cached": check_warm.as_json(),
            "generate_cold": cold.as_json(),
            "generate_warm": {**warm.as_json(), "files_written": warm_written},
            "generate_check_s": round(stale.seconds, 4),
            "mkdocs_build": {**build.as_json(), "ms_per_page": round(build.median / (size + 10) * 1000, 2)},
            "site": _site_sizes(folder / "site"),
            "link_check": {**links.as_json(), "links": link_stats.get("total"), "errors": link_stats.get("errors")},
        }
    )
    return result


def _lychee(folder: Path) -> list[str]:
    return [
        tool("lychee"),
        "--offline",
        "--include-fragments",
        "--index-files",
        "index.html",
        "--root-dir",
        str(folder / "site"),
        "--no-progress",
        "--format",
        "json",
        "site",
    ]


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
    options = parser.parse_args(argv)
    print(f"benchmark: sizes {options.sizes}, {options.runs} runs each", file=sys.stderr)
    try:
        sizes = [measure_size(size, options.runs, options.site_runs) for size in options.sizes]
    except CommandFailed as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    report = {"environment": _environment(), "sizes": sizes}
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(markdown_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
