"""The benchmark's figures as the Markdown table ``make bench`` prints (and the issue quotes)."""

from __future__ import annotations

import statistics
from typing import Any

TARGETS = {
    "generate_cold_1000_s": 1.0,
    "generate_cold_over_floor": 3.0,
    "growth_5000_over_1000": 5.5,
    "generate_warm_1000_s": 0.3,
    "html_kb_per_page": 60.0,
    "link_check_1000_s": 5.0,
}


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _links(check: dict[str, Any]) -> str:
    if check.get("skipped"):
        return f"not run ({check['skipped']})"
    if check.get("timed_out"):
        return f"over {check['median_s']:.0f} s (stopped)"
    return f"{_seconds(check['median_s'])}, {check['links']:,} links, {check['errors']} errors"


def cold_ratio(size: dict[str, Any]) -> str:
    """Median of the pairs' ratios, with the cores and the 1-minute load average around the runs."""
    ratio = size["generate_cold_over_floor"]
    load = f"{ratio['load_average_before'][0]:.1f}–{ratio['load_average_after'][0]:.1f}"
    return f"{ratio['median_ratio']:.1f}× ({ratio['cpus']} cores, load {load})"


def serve_conditions(served: dict[str, Any]) -> str:
    """The cores and the 1-minute load average around the save-to-visible runs ('?' when not recorded)."""
    if "load_average_before" not in served:
        return "?"
    return f"{served['cpus']} cores, load {served['load_average_before'][0]:.1f}–{served['load_average_after'][0]:.1f}"


def _row(label: str, cells: list[str]) -> str:
    return f"| {label} | " + " | ".join(cells) + " |"


def _serve_rows(lines: list[str], sizes: list[dict[str, Any]]) -> None:
    """Save-to-visible in `runbook serve`, measured through HTTP (bench/serve_http.py)."""

    def median(values: list[float]) -> float:
        return statistics.median(values)

    served = [s["serve_http"] for s in sizes]
    lines.append(_row("`runbook serve` start: generate + first build", [_seconds(s["startup_s"]) for s in served]))
    lines.append(
        _row(
            "**save to visible** in `runbook serve` (HTTP, summary edit)",
            [_seconds(median(s["visible_s"])) for s in served],
        )
    )
    lines.append(_row("the server's CPU time for it", [_seconds(median(s["cpu_visible_s"])) for s in served]))
    lines.append(_row("cores, load average around the serve runs", [serve_conditions(s) for s in served]))
    lines.append(
        _row(
            "save to visible ÷ `mkdocs build`",
            [f"{median(s['serve_http']['visible_s']) / s['mkdocs_build']['median_s']:.3f}" for s in sizes],
        )
    )
    lines.append(
        _row("save to site up to date (navigation, search index)", [_seconds(median(s["converged_s"])) for s in served])
    )
    lines.append(
        _row(
            "title edit to every page that lists it (pages)",
            [f"{_seconds(s['title_listed_s'])} ({s['title_listed_pages']})" for s in served],
        )
    )
    lines.append(_row("title edit to site up to date", [_seconds(s["title_converged_s"]) for s in served]))


def markdown_table(report: dict[str, Any]) -> str:
    """One column per size, one row per figure, then the ratios the targets are stated in."""
    sizes: list[dict[str, Any]] = report["sizes"]
    header = "| Measure (median) | " + " | ".join(f"{s['operations']:,} ops" for s in sizes) + " |"
    lines = [header, "| --- |" + " ---: |" * len(sizes)]

    def timing(label: str, key: str) -> None:
        lines.append(_row(label, [_seconds(s[key]["median_s"]) for s in sizes]))

    timing("YAML floor: C loader only", "floor")
    timing("`runbook check` (no cache)", "check")
    timing("`runbook check` (cached)", "check_cached")
    timing("`runbook generate` cold", "generate_cold")
    timing("`runbook generate` warm, one operation edited", "generate_warm")
    if all("generate_warm_serve" in s for s in sizes):
        timing("the same edit in `runbook serve` (one process)", "generate_warm_serve")
    lines.append(
        _row(
            "files rewritten by the warm run",
            ["/".join(str(n) for n in sorted(set(s["generate_warm"]["files_written"]))) for s in sizes],
        )
    )
    lines.append(
        _row(
            "generate cold ÷ floor", [f"{s['generate_cold']['median_s'] / s['floor']['median_s']:.1f}×" for s in sizes]
        )
    )
    if all("generate_cold_over_floor" in s for s in sizes):
        label = "**cold generate ÷ parse floor**, runs in turn (target ≤ 3×)"
        lines.append(_row(label, [cold_ratio(s) for s in sizes]))
    timing("`mkdocs build`", "mkdocs_build")
    if all("serve_http" in s for s in sizes):
        _serve_rows(lines, sizes)
    lines.append(_row("build per page", [f"{s['mkdocs_build']['ms_per_page']:.1f} ms" for s in sizes]))
    lines.append(
        _row(
            "HTML per page: mean / p95 / max",
            [
                f"{s['site']['html_kb_mean']:.0f} / {s['site']['html_kb_p95']:.0f} / {s['site']['html_kb_max']:.0f} KB"
                for s in sizes
            ],
        )
    )
    lines.append(
        _row("whole site per page (search index, assets)", [f"{s['site']['site_kb_per_page']:.0f} KB" for s in sizes])
    )
    lines.append(
        _row(
            "peak memory: generate / mkdocs build",
            [f"{s['generate_cold']['peak_mb']:.0f} / {s['mkdocs_build']['peak_mb']:.0f} MB" for s in sizes],
        )
    )
    lines.append(_row("link check (lychee, offline)", [_links(s["link_check"]) for s in sizes]))
    if any(s.get("link_check_without_giants", {}).get("excluded") for s in sizes):
        lines.append(
            _row(
                "link check without pages over 1 MB",
                [
                    f"{_links(s['link_check_without_giants'])} "
                    f"({len(s['link_check_without_giants']['excluded'])} skipped)"
                    for s in sizes
                ],
            )
        )
    by_size = {s["operations"]: s for s in sizes}
    if 1000 in by_size and 5000 in by_size:
        big, small = by_size[5000], by_size[1000]
        lines.append("")
        lines.append("| Growth 5,000 ÷ 1,000 (linear is 5.0×) | wall time | CPU time |")
        lines.append("| --- | ---: | ---: |")
        for label, key in (
            ("`runbook check`", "check"),
            ("`runbook generate` cold", "generate_cold"),
            ("YAML floor", "floor"),
            ("`mkdocs build`", "mkdocs_build"),
            ("link check", "link_check"),
            ("link check without pages over 1 MB", "link_check_without_giants"),
        ):
            if "median_s" not in big.get(key, {}) or "median_s" not in small.get(key, {}):
                lines.append(f"| {label} | not measured | |")
                continue
            stopped = " (stopped: timed out)" if big[key].get("timed_out") or small[key].get("timed_out") else ""
            cpu = "—"
            if big[key].get("median_cpu_s") and small[key].get("median_cpu_s"):
                cpu = f"{big[key]['median_cpu_s'] / small[key]['median_cpu_s']:.1f}×"
            lines.append(f"| {label} | {big[key]['median_s'] / small[key]['median_s']:.1f}×{stopped} | {cpu} |")
    env = report.get("environment", {})
    lines.append("")
    lines.append(f"Python {env.get('python')}, {env.get('cpus')} CPUs, {env.get('mkdocs')}; {env.get('lychee')}.")
    return "\n".join(lines)
