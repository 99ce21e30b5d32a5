"""Commands for editors: ``schema``, ``init``, ``new operation`` and ``serve``.

They register themselves on the ``runbook`` group (``generator.cli`` imports this module); the
work is done by the pipeline (``export_schemas``, ``init_project``, ``new_operation``, ``serve``).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from generator import pipeline
from generator.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    config_option,
    docs_option,
    emit,
    exit_on,
    main,
    report_generate,
    source_option,
)
from generator.cli.paths import GivenPath
from generator.diagnostics import display_path
from generator.pipeline import SCHEMA_DIR, GenerateResult, export_schemas, init_project


@main.command()
@click.option(
    "--output",
    type=GivenPath(path_type=Path, file_okay=False),
    default=Path(SCHEMA_DIR),
    show_default=True,
    help="Folder the schemas are written to.",
)
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 when a schema differs.")
def schema(output: Path, check_only: bool) -> None:
    """Export a JSON Schema per YAML file kind, for completion and checking in editors."""
    result = export_schemas(output, check_only=check_only)
    if check_only:
        for name in result.stale:
            click.echo(f"{display_path(output / name)}: differs from the models")
        if result.stale:
            click.echo(f"runbook: {len(result.stale)} schema(s) stale; run 'runbook schema' and commit them", err=True)
            sys.exit(EXIT_PROBLEMS)
        click.echo(f"runbook: {display_path(output)} is up to date ({result.total} schemas)", err=True)
        return
    click.echo(
        f"runbook: {len(result.stale)} written, {result.total - len(result.stale)} unchanged in {display_path(output)}",
        err=True,
    )


@main.command()
@click.argument("directory", type=GivenPath(path_type=Path, file_okay=False))
@click.option("--title", help="Site title. Default: '<Product> Runbook'.")
@click.option("--product", help="The product this runbook supports. Default: from the folder name.")
def init(directory: Path, title: str | None, product: str | None) -> None:
    """Start a runbook project in DIRECTORY: source/, schema/, docs/, mkdocs.yml, Makefile and CI."""
    result = init_project(directory, title, product)
    if result.refused:
        raise click.UsageError(result.refused)
    if result.existing:
        shown = ", ".join(display_path(path) for path in result.existing[:3])
        more = f" and {len(result.existing) - 3} more" if len(result.existing) > 3 else ""
        raise click.UsageError(
            f"{shown}{more} already exist; runbook init never overwrites files: choose a new or empty folder"
        )
    click.echo(f"runbook: started {display_path(directory)} ({result.files} files)", err=True)
    assert result.generated is not None  # written, then generated
    code = report_generate(result.generated, directory / "docs")
    if code != EXIT_OK:
        sys.exit(code)
    # Quoted for the shell, so the line can be copied as it is whatever the folder is called.
    click.echo(
        f"Next: cd {shlex.quote(display_path(directory))} && make check, then make serve to preview while you edit.",
        err=True,
    )


@main.group()
def new() -> None:
    """Start a new file from a commented template that passes 'runbook check'."""


@new.command("operation")
@click.argument("op_id", metavar="ID")
@click.option("--title", required=True, help="Page title, in quotes.")
@click.option("--category", help="Category id from categories.yaml. Default: the first category.")
@source_option
def new_operation(op_id: str, title: str, category: str | None, source: Path) -> None:
    """Write source/operations/ID.yaml, a commented page to fill in."""
    result = pipeline.new_operation(source, op_id, title, category)
    if result.refused:
        raise click.UsageError(result.refused)
    if result.problem is not None:
        emit([result.problem])
        click.echo(f"runbook: {result.fix}", err=True)
        sys.exit(EXIT_PROBLEMS)
    assert result.path is not None
    click.echo(
        f"runbook: created {display_path(result.path)}; fill it in and run 'runbook check'. "
        f"Link it from another page (under 'related:', or [[{op_id}]] in a section) so staff can find it.",
        err=True,
    )


def _dev_addr(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """IP:PORT with a port of 1-65535 (a usage error otherwise, not a traceback from the socket)."""
    host, colon, port = value.rpartition(":")
    if not colon or not host.strip("[]") or not port.isascii() or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(
            f"'{value}' is not IP:PORT with a port from 1 to 65535; write it like 127.0.0.1:8000", ctx, param
        )
    return value


@main.command()
@source_option
@docs_option
@config_option
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="IP:PORT",
    callback=_dev_addr,
    help="Where to serve.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
def serve(source: Path, docs: Path, config_file: Path, dev_addr: str, open_browser: bool) -> None:
    """Preview the site while you edit: a change to source/ regenerates docs/ and reloads the page.

    The pages an edit changed reload first; navigation, listings and search follow. A mistake in
    the YAML prints its PATH:LINE:COL line here and in a banner on the served pages; the server
    keeps serving the last good pages until the file is fixed.
    """
    if not config_file.is_file():
        raise click.UsageError(f"{display_path(config_file)} not found; pass --config or run 'runbook init'")
    if not source.is_dir():
        raise click.UsageError(f"{display_path(source)} not found; pass --source or run 'runbook init'")

    def generated(result: GenerateResult) -> None:
        report_generate(result, docs)

    problems = pipeline.serve(
        source,
        docs,
        config_file,
        dev_addr,
        open_browser=open_browser,
        report=lambda line: click.echo(line, err=True),
        report_generate=generated,
    )
    exit_on(problems)
