"""``runbook serve``: generate, then keep the served site up to date after every edit, until interrupted."""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.pipeline.generate import GenerateResult, generate_docs
from generator.pipeline.site import engine_problem
from generator.runtime.memo import RunCache
from generator.writer.navigation import nav_path
from generator.writer.write import docs_folder_problem

_ADDRESS_ERRORS = {errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT, errno.EACCES}
"""What binding the server's socket to the address fails with (EACCES: a port below 1024)."""


def serve(
    source: Path,
    docs: Path,
    config_file: Path,
    dev_addr: str,
    *,
    open_browser: bool,
    report: Callable[[str], None],
    report_generate: Callable[[GenerateResult], None],
) -> list[Diagnostic]:
    """Serve the site of ``source`` at ``dev_addr`` (IP:PORT) until interrupted; blocks.

    The pipeline never prints: ``report_generate`` receives every generate run (the first one
    and one after each save of source/), ``report`` the server's own lines. Returns the problems
    that kept it from serving (none after an interrupt). A failed generate leaves the last good
    pages served, with its problem lines in a banner on every page until a save fixes them.
    """
    engine = engine_problem()
    if engine is not None:
        return [engine]
    misplaced = docs_folder_problem(docs, source)
    if misplaced is not None:  # nothing to serve from: said once, instead of a MkDocs configuration error
        return [misplaced]
    cache = RunCache.for_source(source)  # kept in memory between edits
    unsaved = [False]

    def save_cache() -> None:
        """Write the cache of the last good run to disk, once the site is up to date."""
        if unsaved[0]:
            unsaved[0] = False
            cache.save()

    def regenerate() -> list[str]:
        """Generate as ``runbook generate`` does; the problem lines when it failed, else none."""
        cache.next_run()
        # The cache goes to disk once the site is up to date (``settled``), not before the page shows.
        result = generate_docs(source, docs, cache, config_file=config_file, save_cache=False)
        report_generate(result)
        if not result.failed:
            unsaved[0] = True
            return []
        report("runbook serve: docs/ unchanged; still serving the last good pages")
        return [str(problem) for problem in result.diagnostics]

    from generator.preview.serve import serve_site  # loads the engine: only when serving

    problems = regenerate()
    save_cache()
    nav = nav_path(config_file, docs)
    try:
        serve_site(
            config_file,
            source,
            docs,
            dev_addr,
            watched=[nav] if nav else [],
            regenerate=regenerate,
            report=report,
            open_browser=open_browser,
            problems=problems,
            settled=save_cache,
        )
    except OSError as error:
        if not isinstance(error, socket.gaierror) and error.errno not in _ADDRESS_ERRORS:
            raise  # a file the build could not read or write: the caller names it
        if error.errno == errno.EADDRINUSE:
            message = f"{dev_addr} is already in use; pass --dev-addr with a free port"
        else:
            message = (
                f"cannot serve at {dev_addr}: {error.strerror or error}; "
                "pass --dev-addr with an address of this machine, like 127.0.0.1:8000"
            )
        return [Diagnostic("", 0, 0, "error", "address", message)]
    finally:
        save_cache()
    return []
