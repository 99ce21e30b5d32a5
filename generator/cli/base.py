"""The ``runbook`` group, its shared options, and the reporting every command shares."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from generator.cli.paths import GivenPath
from generator.cli.report import FORMATS, changes_markdown, format_diagnostics, summary
from generator.diagnostics import Diagnostic, display_path
from generator.pipeline import GenerateResult, changed_pages, disk_problem, generate_docs, tune_process

EXIT_OK, EXIT_PROBLEMS = 0, 1  # click exits 2 on a usage error


def _existing_source(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """A --source given that is not a folder is a usage error (exit 2), with the nearest folder's name.

    Without --source, a missing source/ is left to the command, which reports the project as
    not found (or, as linkcheck, may not need it).
    """
    if value.is_dir() or ctx.get_parameter_source(param.name or "") is not ParameterSource.COMMANDLINE:
        return value
    parent = value.parent
    folders = [p.name for p in parent.iterdir() if p.is_dir() and not p.name.startswith(".")] if parent.is_dir() else []
    close = difflib.get_close_matches(value.name, folders, n=1, cutoff=0.6)
    hint = f"did you mean '{display_path(parent / close[0])}'? " if close else ""
    raise click.BadParameter(
        f"folder '{display_path(value)}' not found; {hint}pass the folder that holds runbook.yaml, "
        "or run 'runbook init' to start a runbook",
        ctx,
        param,
    )


source_option = click.option(
    "--source",
    "source",
    callback=_existing_source,
    type=GivenPath(path_type=Path, file_okay=False),
    default=Path("source"),
    show_default=True,
    help="Folder holding runbook.yaml, owners.yaml, severities.yaml, categories.yaml and operations/.",
)
docs_option = click.option(
    "--docs",
    "docs",
    type=GivenPath(path_type=Path, file_okay=False),
    default=Path("docs"),
    show_default=True,
    help="Folder the Markdown pages are generated into.",
)
config_option = click.option(
    "--config",
    "config_file",
    type=GivenPath(path_type=Path, dir_okay=False),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="MkDocs configuration file; the file it INHERITs receives the generated navigation.",
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: PATH:LINE:COL lines; json: machine-readable; github: Actions annotations.",
)
"""How a command prints its diagnostics (``emit``'s ``output_format``): one option, the same on every command."""


def emit(diagnostics: list[Diagnostic], output_format: str = "text") -> None:
    if output_format == "text":
        if diagnostics:
            click.echo(format_diagnostics(diagnostics, "text"), err=True)
        return
    click.echo(format_diagnostics(diagnostics, output_format))


def report_generate(result: GenerateResult, docs: Path, output_format: str = "text") -> int:
    """Print what a generate run found and did, as ``runbook generate`` does; the exit code.

    ``output_format`` 'markdown' (with a check) prints the pages that differ as a table with their titles.
    """
    if result.failed:
        emit(result.diagnostics)
        click.echo(f"runbook: {summary(result.diagnostics)}; nothing was written", err=True)
        return EXIT_PROBLEMS
    emit(result.diagnostics)
    plan = result.plan
    assert plan is not None  # a run that did not fail has planned the pages
    if output_format == "markdown":
        click.echo(changes_markdown(changed_pages(result, docs), result.nav_stale))
        return EXIT_PROBLEMS if result.stale else EXIT_OK
    if not result.written:
        if result.nav is not None and result.nav_stale:
            click.echo(f"{display_path(result.nav.path)}: navigation differs from the sources")
        if result.stale:
            for name in plan.create:
                click.echo(f"{display_path(docs / name)}: missing (would be created)")
            for name in plan.update:
                click.echo(f"{display_path(docs / name)}: differs from the sources")
            for name in plan.delete:
                click.echo(f"{display_path(docs / name)}: no longer generated (would be deleted)")
            stale = len(plan.changed) + result.nav_stale
            click.echo(f"runbook: {stale} file(s) stale; run 'runbook generate' and commit docs/", err=True)
            return EXIT_PROBLEMS
        click.echo(f"runbook: {display_path(docs)} is up to date ({len(result.pages)} pages)", err=True)
        return EXIT_OK
    click.echo(
        f"runbook: {len(plan.create)} created, {len(plan.update)} updated, {len(plan.delete)} deleted, "
        f"{len(plan.unchanged)} unchanged in {display_path(docs)}",
        err=True,
    )
    return EXIT_OK


def run_generate(
    source: Path,
    docs: Path,
    *,
    check_only: bool,
    strict: bool,
    config_file: Path = Path("mkdocs.yml"),
    output_format: str = "text",
    use_cache: bool = True,
) -> int:
    """``runbook generate`` with its own run cache: report, and return the exit code."""
    result = generate_docs(source, docs, config_file=config_file, strict=strict, check_only=check_only)
    return report_generate(result, docs, output_format)


class _RunbookGroup(click.Group):
    """Reports a failing disk (permission denied, disk full) as one line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except OSError as error:
            emit([disk_problem(error)])
            sys.exit(EXIT_PROBLEMS)


def exit_on(problems: list[Diagnostic]) -> None:
    """Print ``problems`` and exit 1 when there are any."""
    if problems:
        emit(problems)
        sys.exit(EXIT_PROBLEMS)


@click.group(cls=_RunbookGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="runbook-as-code", prog_name="runbook")
def main() -> None:
    """Turn runbook YAML in source/ into Markdown pages in docs/ and a static site."""
    tune_process()
