"""The pipeline commands: ``check``, ``generate``, ``build``, ``linkcheck`` and ``triage``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    config_option,
    docs_option,
    emit,
    exit_on,
    format_option,
    main,
    report_generate,
    run_generate,
    source_option,
)
from generator.cli.paths import GivenPath
from generator.cli.report import summary
from generator.cli.triage import decision_json
from generator.diagnostics import display_path
from generator.pipeline import (
    TriageUsageError,
    build_site,
    check_links,
    check_source,
    today_from,
    triage_decision,
    triage_escalation,
    triage_text,
)


@main.command()
@source_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@format_option
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    help="Day to judge page reviews by (default: $RUNBOOK_TODAY, else the local date).",
)
def check(source: Path, strict: bool, output_format: str, today: str | None) -> None:
    """Validate every YAML file and every cross-reference; exit 1 on any error."""
    try:
        day = today_from(today)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    result = check_source(source, strict=strict, today=day)
    emit(result.diagnostics, output_format)
    if output_format == "text":
        verdict = "failed" if result.failed else "passed"
        click.echo(f"runbook check {verdict}: {summary(result.diagnostics)} in {display_path(source)}", err=True)
    sys.exit(EXIT_PROBLEMS if result.failed else EXIT_OK)


@main.command()
@source_option
@docs_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 and list the pages that differ when docs/ is stale.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@config_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="With --check, markdown: a table of the pages that differ, with their titles (for a job summary).",
)
def generate(source: Path, docs: Path, check_only: bool, strict: bool, config_file: Path, output_format: str) -> None:
    """Render the runbook into Markdown pages in docs/ (only changed pages are rewritten)."""
    if output_format == "markdown" and not check_only:
        raise click.UsageError("--format markdown lists the pages that differ; use it with --check")
    code = run_generate(
        source, docs, check_only=check_only, strict=strict, config_file=config_file, output_format=output_format
    )
    sys.exit(code)


@main.command()
@source_option
@docs_option
@config_option
@click.option(
    "--site-dir",
    type=GivenPath(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="Folder the static site is built into.",
)
@click.option("--strict", is_flag=True, help="Treat runbook warnings as errors (MkDocs is always strict).")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Render every page afresh: ignore the run cache and the build cache in .cache/runbook/ (RUNBOOK_CACHE=0).",
)
def build(source: Path, docs: Path, config_file: Path, site_dir: Path, strict: bool, no_cache: bool) -> None:
    """Generate docs/, then build the site with MkDocs --strict."""
    if not config_file.is_file():
        raise click.UsageError(f"{display_path(config_file)} not found; pass --config or run 'runbook init'")
    result = build_site(source, docs, config_file, site_dir, strict=strict, use_cache=not no_cache)
    if result.generated is not None:
        code = report_generate(result.generated, docs)
        if code != EXIT_OK:
            sys.exit(code)
    if result.engine_failed:
        emit(result.problems)
        click.echo(
            f"runbook: site build failed; fix what MkDocs reports in {display_path(config_file)} "
            "(or the page it names), then run 'runbook build' again",
            err=True,
        )
        sys.exit(EXIT_PROBLEMS)
    exit_on(result.problems)
    if result.cache_note:
        click.echo(f"runbook: {result.cache_note}", err=True)
    click.echo(f"runbook: site built in {display_path(site_dir)}", err=True)


@main.command()
@source_option
@docs_option
@click.option(
    "--site-dir",
    type=GivenPath(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="Folder of the built site to check.",
)
@format_option
def linkcheck(source: Path, docs: Path, site_dir: Path, output_format: str) -> None:
    """Check every link and #anchor of the built site offline (lychee); exit 1 on any broken link.

    A broken link is reported on the YAML line that made it (the related entry, the [[id]]
    reference, the owner or level id), or on its line in a hand-written page in docs/.
    """
    if not (site_dir / "index.html").is_file():
        raise click.UsageError(f"{display_path(site_dir)} holds no built site; run 'runbook build' first")
    result = check_links(site_dir, docs, source)
    if not result.ran:
        exit_on(result.diagnostics)
    emit(result.diagnostics, output_format)
    if output_format == "text":
        verdict = "failed" if result.diagnostics else "passed"
        errors = len(result.diagnostics)
        found = f"{errors} error{'s' if errors != 1 else ''}" if errors else "none broken"
        click.echo(
            f"runbook linkcheck {verdict}: {result.total} links checked in {display_path(site_dir)}, {found}", err=True
        )
    sys.exit(EXIT_PROBLEMS if result.diagnostics else EXIT_OK)


@main.command()
@source_option
@click.argument("answers", nargs=-1, metavar="DIMENSION=ANSWER...")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
def triage(source: Path, answers: tuple[str, ...], as_json: bool) -> None:
    """Decide the severity level for triage answers; unanswered questions take their mildest answer.

    DIMENSION=unsure ("not sure") takes that question's most severe answer. Prints the level,
    the role to page first and how, its response targets, the owner and contacts of every
    responsibility, and the pages to open: the same decision as the site's triage page.
    """
    import json

    checked = check_source(source)
    project = checked.usable
    if project is None:
        emit(checked.diagnostics)
        click.echo(f"runbook: {summary(checked.diagnostics)}; fix the sources before triage", err=True)
        sys.exit(EXIT_PROBLEMS)
    try:
        decision = triage_decision(project, answers)
    except TriageUsageError as error:
        raise click.UsageError(str(error)) from None
    if as_json:
        escalation = triage_escalation(project, decision)
        click.echo(json.dumps(decision_json(decision, escalation), indent=2, ensure_ascii=False))
    else:
        click.echo(triage_text(project, decision))


from generator.cli import editor as editor_commands  # noqa: E402, F401  (registers schema, init, new and serve)
