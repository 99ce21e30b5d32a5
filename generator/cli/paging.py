"""``runbook paging export`` and ``runbook paging check``: the escalation chains and the paging tool."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.cli.base import EXIT_OK, EXIT_PROBLEMS, emit, format_option, main, source_option
from generator.cli.report import summary
from generator.diagnostics import Diagnostic
from generator.pipeline import (
    EXPORT_FORMATS,
    PAGERDUTY_API,
    RunCache,
    check_paging,
    export_paging,
    paging_unavailable,
    write_export,
)

EXIT_UNAVAILABLE = 3
"""The paging tool could not be read (unreachable, token refused, rate limited, not the JSON); 2 is a usage error."""
TOKEN_VARIABLE = "PAGERDUTY_TOKEN"


@main.group()
def paging() -> None:
    """Export the escalation chains to a paging tool's format, or compare them with what it holds."""


@paging.command("export")
@source_option
@click.option(
    "--to",
    "to",
    type=click.Choice(EXPORT_FORMATS),
    required=True,
    help=(
        "pagerduty: REST API v2 escalation policies as JSON; pagerduty-terraform or grafana-oncall-terraform: "
        "Terraform JSON for that provider."
    ),
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the export to this file (e.g. paging.tf.json) instead of printing it.",
)
def export(source: Path, to: str, out: Path | None) -> None:
    """Print one escalation policy per severity level: page_first, then escalate_to, each waiting escalate_after.

    Nothing is sent to the paging tool: apply the Terraform export to change it.
    """
    cache = RunCache.for_source(source)
    result = export_paging(source, cache, to)
    emit(result.diagnostics)
    if result.text is None:
        click.echo(f"runbook paging export failed: {summary(result.diagnostics)}; nothing exported", err=True)
        sys.exit(EXIT_PROBLEMS)
    if out is None:
        click.echo(result.text, nl=False)
    else:
        problem = write_export(result.text, out)
        if problem is not None:
            emit([problem])
            sys.exit(EXIT_PROBLEMS)
        click.echo(f"runbook paging export: {to} written to {out}", err=True)
    cache.save()


@paging.command("check")
@source_option
@click.option(
    "--pagerduty-export",
    "export_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A saved answer of PagerDuty's GET /escalation_policies to compare with.",
)
@click.option(
    "--pagerduty",
    "live",
    is_flag=True,
    help=f"Read the live PagerDuty REST API (token from ${TOKEN_VARIABLE}; read-only).",
)
@click.option(
    "--pagerduty-url",
    default=PAGERDUTY_API,
    show_default=True,
    help="REST API address: https://api.eu.pagerduty.com for the EU service region. SSL_CERT_FILE names a CA bundle.",
)
@format_option
def check(source: Path, export_file: Path | None, live: bool, pagerduty_url: str, output_format: str) -> None:
    """Compare each level's escalation chain with PagerDuty's policy; exit 1 on any disagreement, 3 when unreadable.

    Each disagreement is reported on the YAML line that states the runbook's side, saying what
    PagerDuty holds instead.
    """
    if (export_file is None) == (not live):
        raise click.UsageError("give one of --pagerduty-export FILE (a saved answer) or --pagerduty (the live API)")
    token = os.environ.get(TOKEN_VARIABLE, "").strip() if live else None
    if live and not token:
        missing = paging_unavailable(f"{TOKEN_VARIABLE} is not set; set it to a PagerDuty REST API key (read-only)")
        _unavailable([missing], output_format)
    cache = RunCache.for_source(source)
    result = check_paging(source, cache, export_file=export_file, pagerduty_url=pagerduty_url, token=token)
    if result.unavailable is not None:
        _unavailable([*result.diagnostics, result.unavailable], output_format)
    emit(result.diagnostics, output_format)
    failed = any(d.is_error for d in result.diagnostics)
    if output_format == "text" and not result.compared:
        click.echo(f"runbook paging check failed: {summary(result.diagnostics)}; fix the sources first", err=True)
    elif output_format == "text":
        verdict = "failed" if failed else "passed"
        click.echo(
            f"runbook paging check {verdict}: {summary(result.diagnostics)} against {result.policies} PagerDuty "
            f"escalation polic{'y' if result.policies == 1 else 'ies'}",
            err=True,
        )
    cache.save()
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _unavailable(diagnostics: list[Diagnostic], output_format: str) -> None:
    """Exit 3 after one error line (code 'paging-unavailable', last): what the paging tool holds could not be read."""
    emit(diagnostics, output_format)
    sys.exit(EXIT_UNAVAILABLE)
