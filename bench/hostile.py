"""``make bench`` part two: the secret scan on hostile text stays linear in its length.

A pasted log can hold one line of tens of thousands of findings. Resolving overlapping
findings used to compare each with every one kept (40 s for 30,000 addresses on one 400 KB
line, 146 s at 800 KB). This writes a synthetic runbook of ten operations plus one page whose
summary is a single line of IP addresses just under the 1 MB file limit, at half and at full
length, and times ``runbook check`` on each (it exits 1: every address is a finding). Doubling
the line should about double the time. It also times how long the loader takes to refuse a
"billion laughs" file (nine levels of ten aliases: 567 bytes that would expand to 2.3 billion
values). Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from functools import partial
from pathlib import Path

import yaml

from bench.measure import nothing, repeat, run, tool
from bench.synth import write_source
from generator.source.load import parse_yaml

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work" / "hostile"
RESULTS = REPO / "bench" / "results" / "hostile.json"
LINE_BYTES = 990_000
"""The longest line: one YAML file may hold 1,000,000 bytes."""


def address_line(length: int) -> str:
    """Documentation-range IPv4 addresses (192.0.2.0/24 and on), space-separated, about ``length`` characters."""
    addresses = []
    total = 0
    index = 0
    while total < length:
        address = f"198.51.{index // 256 % 256}.{index % 256}"
        addresses.append(address)
        total += len(address) + 1
        index += 1
    return " ".join(addresses)


def write_hostile(folder: Path, length: int) -> int:
    """A runbook in ``folder/source`` with one page whose summary is one line of addresses; how many."""
    if folder.exists():
        shutil.rmtree(folder)
    write_source(10, folder / "source")
    pages = sorted((folder / "source" / "operations").glob("*.yaml"))
    line = address_line(length)
    page = yaml.safe_load(pages[0].read_text(encoding="utf-8"))
    page["title"], page["summary"] = "Pasted access log", line
    text = yaml.safe_dump(page, sort_keys=False, allow_unicode=True, width=LINE_BYTES * 2)
    (folder / "source" / "operations" / "pasted-log.yaml").write_text(text, encoding="utf-8")
    return line.count(" ") + 1


def laughs_file(levels: int = 9, width: int = 10) -> bytes:
    """Each level an anchored list of ``width`` aliases of the level below: ``width ** levels`` values."""
    lines = ['lol0: &a0 ["lol"]']
    lines += [f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return ("\n".join(lines) + "\n").encode()


def time_laughs(runs: int) -> dict[str, object]:
    """Median seconds the loader takes to refuse the billion-laughs file, in this process."""
    raw = laughs_file()
    seconds = []
    for _ in range(max(runs, 5)):
        started = time.perf_counter()
        _, problems = parse_yaml("laughs.yaml", raw)
        seconds.append(time.perf_counter() - started)
        assert problems, "the billion-laughs file was accepted"
    median = statistics.median(seconds)
    print(f"  billion laughs: {len(raw)} bytes refused in {median * 1000:.1f} ms", file=sys.stderr)
    return {"bytes": len(raw), "median_s": round(median, 4)}


def measure(runs: int) -> dict[str, object]:
    results: dict[str, object] = {"billion_laughs": time_laughs(runs)}
    for label, length in (("half", LINE_BYTES // 2), ("full", LINE_BYTES)):
        folder = WORK / label
        count = write_hostile(folder, length)
        sample = repeat(runs, nothing, partial(run, [tool("runbook"), "check"], folder, ok_codes=(1,)))
        findings = sum(1 for line in sample.runs[-1].stderr.splitlines() if "error: possible IPv4 address" in line)
        results[label] = {
            "line_bytes": length,
            "addresses": count,
            "findings": findings,
            "median_s": round(sample.median, 3),
            "median_cpu_s": round(sample.median_cpu, 3),
        }
        print(f"  {label}: {length:,} bytes, {count:,} addresses, check {sample.median:.2f} s", file=sys.stderr)
    results["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median reported)")
    options = parser.parse_args(argv)
    results = measure(options.runs)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    half, full = results["half"], results["full"]
    assert isinstance(half, dict) and isinstance(full, dict)
    print("| Hostile line | Bytes | Findings | runbook check | CPU |")
    print("| --- | --- | --- | --- | --- |")
    for label, row in (("half", half), ("full", full)):
        cells = [
            f"{row['line_bytes']:,}",
            f"{row['findings']:,}",
            f"{row['median_s']:.2f} s",
            f"{row['median_cpu_s']:.2f} s",
        ]
        print(f"| {label} | " + " | ".join(cells) + " |")
    laughs = results["billion_laughs"]
    assert isinstance(laughs, dict)
    print(f"\nBillion laughs ({laughs['bytes']} bytes) refused in {float(laughs['median_s']) * 1000:.1f} ms.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
