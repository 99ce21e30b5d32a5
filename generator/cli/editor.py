"""Commands for editors: ``schema``, ``init``, ``new operation`` and ``serve``.

They register themselves on the ``runbook`` group (``generator.cli`` imports this module); the
work is done by plain functions in ``schema``, ``scaffold`` and ``serve``.
"""

from __future__ import annotations

import errno
import re
import shlex
import socket
import sys
from pathlib import Path

import click

from generator.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    config_option,
    docs_option,
    main,
    report_generate,
    run_generate,
    source_option,
)
from generator.cli.paths import GivenPath
from generator.cli.report import format_diagnostics
from generator.pipeline import generate_docs
from generator.runtime.memo import RunCache
from generator.scaffold import (
    BrokenProject,
    ScaffoldError,
    UnknownCategory,
    existing_files,
    operation_path,
    operation_text,
    page_with_title,
    project_files,
)
from generator.site.write import atomic_write, docs_folder_problem
from generator.source.project import display_path
from generator.source.schema import SCHEMA_DIR, render_schemas
from generator.source.slugs import explain_slug, is_slug, reserved_problem


def _unchanged(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode()
    except OSError:
        return False


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
    texts = render_schemas()
    stale = [name for name, text in texts.items() if not _unchanged(output / name, text)]
    if check_only:
        for name in stale:
            click.echo(f"{display_path(output / name)}: differs from the models")
        if stale:
            click.echo(f"runbook: {len(stale)} schema(s) stale; run 'runbook schema' and commit them", err=True)
            sys.exit(EXIT_PROBLEMS)
        click.echo(f"runbook: {display_path(output)} is up to date ({len(texts)} schemas)", err=True)
        return
    for name in stale:
        atomic_write(output / name, texts[name].encode())
    click.echo(
        f"runbook: {len(stale)} written, {len(texts) - len(stale)} unchanged in {display_path(output)}", err=True
    )


def _words(folder: Path) -> str:
    name = re.sub(r"[-_\s]+", " ", folder.resolve().name).strip()
    return " ".join(word[:1].upper() + word[1:] for word in name.split()) or "Support"


@main.command()
@click.argument("directory", type=GivenPath(path_type=Path, file_okay=False))
@click.option("--title", help="Site title. Default: '<Product> Runbook'.")
@click.option("--product", help="The product this runbook supports. Default: from the folder name.")
def init(directory: Path, title: str | None, product: str | None) -> None:
    """Start a runbook project in DIRECTORY: source/, schema/, docs/, mkdocs.yml, Makefile and CI."""
    product = (product or _words(directory).removesuffix(" Runbook").strip() or "Support").strip()
    title = (title or f"{product} Runbook").strip()
    if not product or not title:
        raise click.UsageError("--title and --product cannot be empty")
    files = project_files(title, product)
    existing = existing_files(directory, files)
    if existing:
        shown = ", ".join(display_path(path) for path in existing[:3])
        more = f" and {len(existing) - 3} more" if len(existing) > 3 else ""
        raise click.UsageError(
            f"{shown}{more} already exist; runbook init never overwrites files: choose a new or empty folder"
        )
    for name, text in files.items():
        atomic_write(directory / name, text.encode())
    click.echo(f"runbook: started {display_path(directory)} ({len(files)} files)", err=True)
    # Not strict: a warning about the given title or product (markup in it, say) is printed with
    # its line for the user to fix, instead of leaving a project without docs/ behind.
    code = run_generate(
        directory / "source", directory / "docs", check_only=False, strict=False, config_file=directory / "mkdocs.yml"
    )
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
    if not is_slug(op_id):
        raise click.UsageError(explain_slug(op_id, "operation id"))
    if reserved_problem(op_id, "operation id"):
        raise click.UsageError(reserved_problem(op_id, "operation id"))
    if not title.strip():
        raise click.UsageError("--title is empty; give the page title in quotes")
    path = operation_path(source, op_id)
    if path.exists():
        raise click.UsageError(f"{display_path(path)} already exists; choose another id, or edit that file")
    same_title = page_with_title(source, title)
    if same_title is not None:
        raise click.UsageError(
            f"{display_path(same_title)} already has the title '{title.strip()}'; give the new page a distinct title"
        )
    try:
        text = operation_text(source, op_id, title.strip(), category)
    except UnknownCategory as error:
        raise click.UsageError(str(error)) from None
    except BrokenProject as error:
        click.echo(str(error.problem), err=True)
        click.echo(f"runbook: {error.fix}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except ScaffoldError as error:
        click.echo(f"runbook: {error}", err=True)
        sys.exit(EXIT_PROBLEMS)
    atomic_write(path, text.encode())
    click.echo(
        f"runbook: created {display_path(path)}; fill it in and run 'runbook check'. "
        f"Link it from another page (under 'related:', or [[{op_id}]] in a section) so staff can find it.",
        err=True,
    )


_ADDRESS_ERRORS = {errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT, errno.EACCES}
"""What binding the server's socket to --dev-addr fails with (EACCES: a port below 1024)."""


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
    from generator.site.navigation import nav_path
    from generator.site.serve import serve_site

    if not config_file.is_file():
        raise click.UsageError(f"{display_path(config_file)} not found; pass --config or run 'runbook init'")
    if not source.is_dir():
        raise click.UsageError(f"{display_path(source)} not found; pass --source or run 'runbook init'")
    misplaced = docs_folder_problem(docs, source)
    if misplaced is not None:  # nothing to serve from: say so once, instead of a MkDocs configuration error
        click.echo(str(misplaced), err=True)
        sys.exit(EXIT_PROBLEMS)
    cache = RunCache.for_source(source)  # kept in memory between edits

    def regenerate() -> list[str]:
        """Generate as ``runbook generate`` does; the problem lines when it failed, else none."""
        cache.next_run()
        result = generate_docs(source, docs, cache, config_file=config_file)
        if report_generate(result, docs) == EXIT_OK:
            return []
        click.echo("runbook serve: docs/ unchanged; still serving the last good pages", err=True)
        return format_diagnostics(result.diagnostics, "text").splitlines()

    problems = regenerate()
    nav = nav_path(config_file, docs)
    try:
        serve_site(
            config_file,
            source,
            docs,
            dev_addr,
            watched=[nav] if nav else [],
            regenerate=regenerate,
            report=lambda line: click.echo(line, err=True),
            open_browser=open_browser,
            problems=problems,
        )
    except OSError as error:
        if not isinstance(error, socket.gaierror) and error.errno not in _ADDRESS_ERRORS:
            raise  # a file the build could not read or write: the group names it
        if error.errno == errno.EADDRINUSE:
            click.echo(
                f"runbook serve: error: {dev_addr} is already in use; pass --dev-addr with a free port", err=True
            )
        else:
            click.echo(
                f"runbook serve: error: cannot serve at {dev_addr}: {error.strerror or error}; "
                "pass --dev-addr with an address of this machine, like 127.0.0.1:8000",
                err=True,
            )
        sys.exit(EXIT_PROBLEMS)
