"""The ``runbook`` command line: parse options, run the pipeline, print diagnostics, exit once."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.checks.leakcheck import role_contacts, scan_pages, scan_sources
from generator.checks.validate import validate_project
from generator.cli.report import FORMATS, format_diagnostics, summary
from generator.diagnostics import Diagnostic
from generator.pages.render import render_site
from generator.runtime import memo
from generator.site.navigation import plan_nav, write_nav
from generator.site.write import plan_docs, write_docs
from generator.source.project import Project, display_path, load_project

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

source_option = click.option(
    "--source",
    "source",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("source"),
    show_default=True,
    help="Folder holding runbook.yaml, owners.yaml, severities.yaml, categories.yaml and operations/.",
)
docs_option = click.option(
    "--docs",
    "docs",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("docs"),
    show_default=True,
    help="Folder the Markdown pages are generated into.",
)
config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="MkDocs configuration file; the file it INHERITs receives the generated navigation.",
)


def _emit(diagnostics: list[Diagnostic], output_format: str = "text") -> None:
    if output_format == "text":
        if diagnostics:
            click.echo(format_diagnostics(diagnostics, "text"), err=True)
        return
    click.echo(format_diagnostics(diagnostics, output_format))


def _checked_project(source: Path, strict: bool) -> tuple[Project | None, list[Diagnostic], bool]:
    """The project and every diagnostic; the flag says whether the run must fail."""
    memo.configure(memo.cache_folder(source))
    project, diagnostics = load_project(source)
    if project is not None:
        diagnostics = sorted(diagnostics + validate_project(project))
    if source.is_dir():
        # Secrets are looked for in every file, even when another problem stops the load.
        leaks, seen = scan_sources(source, role_contacts(project.owners if project else None))
        diagnostics = sorted(diagnostics + leaks)
        if project is not None:
            project.secret_fingerprints = seen
    failed = any(d.is_error for d in diagnostics) or (strict and bool(diagnostics))
    return (None if failed else project), diagnostics, failed


def _fail(diagnostics: list[Diagnostic], output_format: str = "text") -> None:
    _emit(diagnostics, output_format)
    if output_format == "text":
        click.echo(f"runbook: {summary(diagnostics)}; nothing was written", err=True)
    sys.exit(EXIT_PROBLEMS)


class _RunbookGroup(click.Group):
    """Reports a failing disk (permission denied, disk full) as one line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except OSError as error:
            where = f"{display_path(Path(error.filename))}: " if error.filename else ""
            click.echo(f"{where}error: {error.strerror or error}; nothing more was written", err=True)
            sys.exit(EXIT_PROBLEMS)


@click.group(cls=_RunbookGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="runbook-as-code", prog_name="runbook")
def main() -> None:
    """Turn runbook YAML in source/ into Markdown pages in docs/ and a static site."""


@main.command()
@source_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: PATH:LINE:COL lines; json: machine-readable; github: Actions annotations.",
)
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    help="Day to judge page reviews by (default: $RUNBOOK_TODAY, else the local date).",
)
def check(source: Path, strict: bool, output_format: str, today: str | None) -> None:
    """Validate every YAML file and every cross-reference; exit 1 on any error."""
    from generator.checks.review import review_problems, today_from

    try:
        day = today_from(today)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    project, diagnostics, failed = _checked_project(source, strict)
    if project is not None:
        # Overdue reviews are warnings: they fail the check only under --strict.
        reviews = review_problems(project, day)
        diagnostics = sorted(diagnostics + reviews)
        failed = failed or (strict and bool(reviews))
    _emit(diagnostics, output_format)
    if output_format == "text":
        verdict = "failed" if failed else "passed"
        click.echo(f"runbook check {verdict}: {summary(diagnostics)} in {display_path(source)}", err=True)
    memo.save_all()
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


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
def generate(source: Path, docs: Path, check_only: bool, strict: bool, config_file: Path) -> None:
    """Render the runbook into Markdown pages in docs/ (only changed pages are rewritten)."""
    _generate(source, docs, check_only=check_only, strict=strict, config_file=config_file)


def _generate(
    source: Path, docs: Path, *, check_only: bool, strict: bool, config_file: Path = Path("mkdocs.yml")
) -> None:
    project, diagnostics, failed = _checked_project(source, strict)
    if failed or project is None:
        _fail(diagnostics)
        return
    _emit(diagnostics)
    # --check is what CI runs: it renders every page afresh rather than trust the cache.
    pages = render_site(project, remember=not check_only)
    leaks = scan_pages(docs, pages, project.secret_fingerprints, role_contacts(project.owners))
    if leaks:
        _fail(leaks)
    plan = plan_docs(docs, pages)
    if plan.conflicts:
        _fail(plan.conflicts)
    nav = plan_nav(config_file, docs, project, pages)
    nav_stale = nav is not None and nav.changed
    if check_only:
        if nav is not None and nav_stale:
            click.echo(f"{display_path(nav.path)}: navigation differs from the sources")
        if plan.changed or nav_stale:
            for name in plan.create:
                click.echo(f"{display_path(docs / name)}: missing (would be created)")
            for name in plan.update:
                click.echo(f"{display_path(docs / name)}: differs from the sources")
            for name in plan.delete:
                click.echo(f"{display_path(docs / name)}: no longer generated (would be deleted)")
            stale = len(plan.changed) + nav_stale
            click.echo(f"runbook: {stale} file(s) stale; run 'runbook generate' and commit docs/", err=True)
            sys.exit(EXIT_PROBLEMS)
        click.echo(f"runbook: {display_path(docs)} is up to date ({len(pages)} pages)", err=True)
        return
    write_docs(docs, pages, plan)
    if nav is not None and nav_stale:
        write_nav(nav)
    memo.save_all()
    click.echo(
        f"runbook: {len(plan.create)} created, {len(plan.update)} updated, {len(plan.delete)} deleted, "
        f"{len(plan.unchanged)} unchanged in {display_path(docs)}",
        err=True,
    )


@main.command()
@source_option
@docs_option
@config_option
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="Folder the static site is built into.",
)
@click.option("--strict", is_flag=True, help="Treat runbook warnings as errors (MkDocs is always strict).")
def build(source: Path, docs: Path, config_file: Path, site_dir: Path, strict: bool) -> None:
    """Generate docs/, then build the site with MkDocs --strict."""
    from generator.site.build import SiteBuildError, build_site

    if not config_file.is_file():
        raise click.UsageError(f"{display_path(config_file)} not found; pass --config or run 'runbook init'")
    _generate(source, docs, check_only=False, strict=strict, config_file=config_file)
    try:
        build_site(config_file, docs, site_dir)
    except SiteBuildError as error:
        click.echo(f"{display_path(config_file)}: error: site build failed:\n{error}", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"runbook: site built in {display_path(site_dir)}", err=True)


@main.command()
@source_option
@click.argument("answers", nargs=-1, metavar="DIMENSION=ANSWER...")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
def triage(source: Path, answers: tuple[str, ...], as_json: bool) -> None:
    """Decide the severity level for triage answers; unanswered questions take their mildest answer.

    Prints the level, its response targets, the owner and contacts of every responsibility,
    and the pages to open: the same decision as the site's triage page.
    """
    import json

    from generator.checks.triage import TriageUsageError, decide, decision_json, decision_text, parse_answers

    project, diagnostics, failed = _checked_project(source, strict=False)
    if failed or project is None:
        _emit(diagnostics)
        click.echo(f"runbook: {summary(diagnostics)}; fix the sources before triage", err=True)
        sys.exit(EXIT_PROBLEMS)
    try:
        decision = decide(project, parse_answers(project, answers))
    except TriageUsageError as error:
        raise click.UsageError(str(error)) from None
    if as_json:
        click.echo(json.dumps(decision_json(decision), indent=2, ensure_ascii=False))
    else:
        click.echo(decision_text(decision))


from generator.cli import editor as editor_commands  # noqa: E402, F401  (registers schema, init, new and serve)
