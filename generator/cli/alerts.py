"""``runbook alerts check`` and ``runbook alerts urls``: alert rule files and the runbook, held to each other."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    config_option,
    docs_option,
    emit,
    format_option,
    main,
    source_option,
)
from generator.cli.report import summary
from generator.pipeline import SiteAddress, SiteUrlError, alert_page_urls, check_alerts, site_address

SITE_URL_ENV = "RUNBOOK_SITE_URL"

site_url_option = click.option(
    "--site-url",
    envvar=SITE_URL_ENV,
    metavar="URL",
    help=f"Address the runbook is published at, as mkdocs.yml's site_url (default: ${SITE_URL_ENV}).",
)

_NO_SITE_URL = (
    f"no site address: pass --site-url https://… or set {SITE_URL_ENV} to the address the runbook is "
    "published at (in GitHub Actions, a repository variable of that name)"
)


def _site(text: str | None, config_file: Path) -> SiteAddress | None:
    if not text:
        return None
    try:
        return site_address(text, config_file)
    except SiteUrlError as error:
        raise click.BadParameter(str(error), param_hint="'--site-url'") from None


@main.group()
def alerts() -> None:
    """Check alert rule files against the runbook, and print each alert's runbook_url."""


@alerts.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@source_option
@docs_option
@config_option
@site_url_option
@format_option
def check(
    paths: tuple[Path, ...], source: Path, docs: Path, config_file: Path, site_url: str | None, output_format: str
) -> None:
    """Check alert rule files (PATH...: files or folders; default: runbook.yaml's alert_rules) against the pages.

    Reads Prometheus, Thanos, Mimir and Loki rule files, Kubernetes PrometheusRule manifests and
    Grafana alerting provisioning files. Reports alerts without a runbook_url, a runbook_url
    outside the site, to a page or #anchor it does not have or to another page than the one that
    lists the alert, a severity label with no level in alert_levels, and alerts listed on one side
    only. Exits 1 on any error.
    """
    site = _site(site_url, config_file)
    if paths and site is None:
        raise click.UsageError(_NO_SITE_URL)
    result = check_alerts(source, docs, config_file=config_file, paths=paths, site=site)
    if result.nothing_to_check:
        click.echo(
            "runbook alerts check: no rule files given, and runbook.yaml lists none under alert_rules; "
            "nothing to check",
            err=True,
        )
        if output_format == "json":
            emit([], output_format)
        sys.exit(EXIT_OK)
    if result.needs_site_url:
        raise click.UsageError(_NO_SITE_URL)
    emit(result.diagnostics, output_format)
    if output_format == "text":
        verdict = "failed" if result.failed else "passed"
        read = f"{result.alerts} alert{'s' if result.alerts != 1 else ''} in {result.files} rule file"
        read += "s" if result.files != 1 else ""
        click.echo(f"runbook alerts check {verdict}: {summary(result.diagnostics)} ({read})", err=True)
    sys.exit(EXIT_PROBLEMS if result.failed else EXIT_OK)


@alerts.command("urls")
@source_option
@config_option
@site_url_option
def urls(source: Path, config_file: Path, site_url: str | None) -> None:
    """Print JSON {alert name: runbook_url}: the address of the page that lists each alert."""
    site = _site(site_url, config_file)
    if site is None:
        raise click.UsageError(_NO_SITE_URL)
    result = alert_page_urls(source, site)
    if result.diagnostics:
        emit(result.diagnostics)
        click.echo(f"runbook alerts urls: {summary(result.diagnostics)}; fix them first", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(json.dumps(result.urls, indent=2, ensure_ascii=False))
