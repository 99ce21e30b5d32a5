"""The escalation chains against the paging tool: export them, or compare them with what it holds (read-only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, display_path
from generator.paging.compare import compare_policies
from generator.paging.export import ExportResult, export_chains
from generator.paging.live import PagingUnavailable, read_export_file, read_policies
from generator.paging.pagerduty_api import PAGERDUTY_API, fetch_escalation_policies
from generator.pipeline.disk import disk_fix
from generator.pipeline.generate import check_source
from generator.runtime.memo import RunCache
from generator.writer.write import atomic_write


def paging_unavailable(message: str, path: str = "", line: int = 0, column: int = 0) -> Diagnostic:
    """The one error line of a check that could not read the paging tool: on the saved file when there is one."""
    return Diagnostic(path, line, column, "error", "paging-unavailable", message)


def write_export(text: str, out: Path) -> Diagnostic | None:
    """Write an export to ``out`` whole: a failed write leaves the file as it was and is one error on it."""
    try:
        atomic_write(out, text.encode("utf-8"))
    except OSError as error:
        return Diagnostic(display_path(out), 0, 0, "error", "disk", f"cannot write the export: {disk_fix(error)}")
    return None


def export_paging(source: Path, cache: RunCache, to: str) -> ExportResult:
    """Every level's escalation chain exported to ``to`` (one of EXPORT_FORMATS).

    Nothing is exported while ``source`` has errors; warnings do not stop it.
    """
    checked = check_source(source, cache)
    project = checked.usable
    if project is None:
        return ExportResult(None, checked.diagnostics)
    return export_chains(project, to)


@dataclass
class PagingCheckResult:
    """Each disagreement between the runbook and the paging tool, or why the tool could not be read."""

    diagnostics: list[Diagnostic]
    unavailable: Diagnostic | None = None
    """Why what the tool holds could not be read (an unreachable host, a refused token…), code 'paging-unavailable'."""
    policies: int = 0
    """How many escalation policies the tool holds."""
    compared: bool = False
    """False when the sources have errors, so nothing was read from the tool."""


def check_paging(
    source: Path,
    cache: RunCache,
    *,
    export_file: Path | None = None,
    pagerduty_url: str | None = None,
    token: str | None = None,
    fetch: Callable[[str, str], list[dict[str, Any]]] = fetch_escalation_policies,
) -> PagingCheckResult:
    """The runbook's chains against PagerDuty's policies: from a saved answer, or the live API at ``pagerduty_url``.

    Read-only: nothing is written to the paging tool. ``fetch`` is the network call (tests pass
    recorded answers).
    """
    checked = check_source(source, cache)
    project = checked.usable
    if project is None:
        return PagingCheckResult(checked.diagnostics)
    try:
        if export_file is not None:
            live = read_export_file(export_file, display_path(export_file))
        else:
            url = pagerduty_url or PAGERDUTY_API
            live = read_policies(fetch(url, token or ""), f"{url.rstrip('/')}/escalation_policies")
    except PagingUnavailable as error:
        unavailable = paging_unavailable(error.message, error.path, error.line, error.column)
        return PagingCheckResult(checked.diagnostics, unavailable=unavailable)
    diagnostics = sorted(checked.diagnostics + compare_policies(project, live))
    return PagingCheckResult(diagnostics, policies=len(live), compared=True)
