"""Live preview: a saved YAML edit regenerates docs/ and reaches the browser page by page.

One loop does the work after each burst of changes (editors save in several steps), in order:
regenerate docs/ from source/ (the caller's function, the same run as ``runbook generate``);
render the pages whose Markdown changed and reload the browsers; then bring the rest of the site
(navigation, category and tag listings, the search index, the sitemap) up to date with
:meth:`LiveSite.converge`, which gives way as soon as another save arrives and ends with exactly
what a full build makes. MkDocs' LiveReloadServer serves the files and reloads the browsers;
its own rebuild-everything loop is replaced by this one (through generator/engine/internals.py).
On an engine or theme version those internals were not verified on, the preview says so once
and rebuilds the whole site after each save instead, as ``mkdocs serve`` does.

A YAML mistake leaves docs/ and the site as they were; its ``PATH:LINE:COL`` lines are printed
and shown in a banner on every served page until a save fixes them.
"""

from __future__ import annotations

import gc
import html
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from generator.engine.build import BuildFailed, build_site, serve_with_full_rebuilds, show_messages
from generator.engine.choice import unverified
from generator.engine.internals import ReloadServer
from generator.preview.live import LiveSite, PageVanished
from generator.preview.snapshot import changed_paths, docs_snapshot

DEBOUNCE_SECONDS = 0.1
"""Quiet time after the last change before the loop runs (MkDocs waits as long)."""
_WATCHED_SUFFIXES = (".yaml", ".yml")
BANNER_ID = "runbook-serve-problems"


def is_source_file(path: str) -> bool:
    """Whether a change to ``path`` can change the site (editor swap and backup files cannot)."""
    name = Path(path).name
    return name.endswith(_WATCHED_SUFFIXES) and not name.startswith((".", "~", "#"))


def with_banner(page: bytes, problems: list[str]) -> bytes:
    """``page`` with a banner listing ``problems`` at the top of its body (served only, never written)."""
    lines = "\n".join(html.escape(line) for line in problems)
    banner = (
        f'<div id="{BANNER_ID}" role="alert" style="position:fixed;left:0;right:0;bottom:0;z-index:1000;'
        "max-height:40vh;overflow:auto;margin:0;padding:.6rem 1rem;background:#8b0000;color:#fff;"
        'font:14px/1.45 sans-serif">'
        "<strong>runbook serve: the last save has a mistake; these are the last good pages.</strong>"
        f'<pre style="margin:.4rem 0 0;white-space:pre-wrap;font:13px/1.45 monospace;color:#fff">{lines}</pre>'
        "</div>"
    ).encode()
    body = page.find(b"<body")
    at = page.find(b">", body) + 1 if body >= 0 else 0
    return page[:at] + banner + page[at:]


class _Changes(FileSystemEventHandler):
    """Tells the server that files under a folder changed (only YAML files, for source/)."""

    def __init__(self, server: PreviewServer, *, source: bool) -> None:
        self.server = server
        self.source = source

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or event.is_directory:
            return
        if self.source:
            paths = [event.src_path, getattr(event, "dest_path", "")]
            if not any(is_source_file(str(p)) for p in paths if p):
                return
        self.server.changed(source=self.source)


class PreviewServer(ReloadServer):
    """MkDocs' development server with the loop above in place of its full rebuilds."""

    def __init__(
        self,
        site: LiveSite,
        *,
        watched: list[Path],
        regenerate: Callable[[], list[str]],
        report: Callable[[str], None],
        host: str,
        port: int,
        settled: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(builder=lambda: None, host=host, port=port, root=str(site.site_dir))
        self.build_delay = DEBOUNCE_SECONDS
        self.site = site
        self.watched = watched
        self.regenerate = regenerate
        self.report = report
        self.settled = settled
        self.problems: list[str] = []
        """The lines of the last failed generation; shown on every page until a good save."""
        self._source_changed = False
        self._source_lock = threading.Lock()
        self._unfinished = False
        self._snapshot: dict[str, tuple[int, int, int]] = {}
        self._bound = False
        self.error_handler = self._error_page

    def bind(self) -> None:
        """Take the port now, so that a port in use is reported before the first build, not after."""
        super().server_bind()
        super().server_activate()
        self._bound = True

    def server_bind(self) -> None:
        if not self._bound:
            super().server_bind()

    def server_activate(self) -> None:
        if not self._bound:
            super().server_activate()

    def _error_page(self, code: int) -> bytes | None:
        return _error_page(Path(self.root), code)

    def changed(self, *, source: bool) -> None:
        """A file changed: ``source`` for source/ (generate first), otherwise docs/ or the configuration."""
        with self._source_lock:
            self._source_changed = self._source_changed or source
        self.note_change()

    def _interrupted(self) -> bool:
        """Whether the second pass should stop for a newer save (docs/ events, often our own writes, wait)."""
        return self._source_changed or self.stopping

    def build_first(self) -> None:
        """The whole site, before the server answers (as ``mkdocs serve`` builds it first)."""
        self._snapshot = docs_snapshot(self.site.docs, self.watched)
        start = time.perf_counter()
        self.site.converge()
        # What the first generate and build leave (records, caches, templates) lives as long as the
        # server: the garbage collector need not walk it after every save (a fifth of a save's CPU
        # at 5,000 operations).
        gc.freeze()
        self.report(f"runbook serve: site built in {time.perf_counter() - start:.1f} s")

    def run_loop(self) -> None:
        while self.next_change(lambda: self._unfinished):
            with self._source_lock:
                source, self._source_changed = self._source_changed, False
            try:
                self.update(source=source)
            except Exception as error:
                self._unfinished = False
                self.report(f"runbook serve: error: the site was not rebuilt: {type(error).__name__}: {error}")
                self._show([f"site build: {type(error).__name__}: {error}"])

    def _show(self, problems: list[str]) -> bool:
        """Set the banner's lines; whether they changed."""
        changed = problems != self.problems
        self.problems = problems
        return changed

    def update(self, *, source: bool) -> None:
        """One pass of the loop: generate, the changed pages, then the rest of the site."""
        banner_changed = False
        if source:
            problems = self.regenerate()
            banner_changed = self._show(problems)
            if problems:
                if banner_changed:
                    self.reload_browsers()
                return
        before, self._snapshot = self._snapshot, docs_snapshot(self.site.docs, self.watched)
        changed = changed_paths(before, self._snapshot)
        start = time.perf_counter()
        # Smallest first: an operation's page is ready before the long listings that name it, and
        # browsers reload as soon as it is written (again when the rest are: a listing takes longer).
        pages = sorted((p for p in changed if p.endswith(".md") and p in self._snapshot), key=self._size)
        written = self.site.refresh(pages[:1])
        if written or banner_changed:
            self.reload_browsers()
        rest = self.site.refresh(pages[1:])
        if rest:
            self.reload_browsers()
        written += rest
        if written:
            self.report(
                f"runbook serve: {len(written)} changed page(s) reloaded in {time.perf_counter() - start:.2f} s"
            )
        if not changed and not self._unfinished:
            return
        try:
            converged = self.site.converge(self._interrupted)
        except PageVanished as gone:
            self._unfinished = True
            self.report(f"runbook serve: docs/{gone} went away while the site was building; building again")
            return
        self._unfinished = converged is None
        if converged is None:
            return
        if converged.pages_written or converged.deleted:
            self.reload_browsers()
        self.report(
            f"runbook serve: site up to date in {time.perf_counter() - start:.2f} s "
            f"({len(converged.pages_written)} page(s) rewritten, {converged.deleted} removed)"
        )
        self.settled()

    def _size(self, uri: str) -> int:
        return self._snapshot[uri][1]

    def served_page(self, content: bytes) -> bytes:
        problems = self.problems
        return with_banner(content, problems) if problems else content


def _observe(server: PreviewServer, folder: Path, *, source: bool) -> BaseObserver:
    observer = Observer()
    observer.schedule(_Changes(server, source=source), str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


def serve_site(
    config_file: Path,
    source: Path,
    docs: Path,
    dev_addr: str,
    *,
    watched: list[Path],
    regenerate: Callable[[], list[str]],
    report: Callable[[str], None],
    open_browser: bool,
    problems: list[str] | None = None,
    settled: Callable[[], None] = lambda: None,
) -> None:
    """Serve the site of ``docs`` at ``dev_addr`` until interrupted (blocks); see the module docstring.

    ``regenerate`` brings docs/ up to date from ``source`` and returns the lines to show when it
    failed (it prints them itself); ``problems`` are those of the run made before this call.
    ``watched`` are the configuration files (mkdocs.yml, the generated navigation). Not strict: a
    broken link is a warning in the terminal, not a server that stops. ``settled`` is called
    each time the site is up to date after a change (the run cache is saved then).
    """
    import logging

    host, _, port = dev_addr.rpartition(":")
    host = host.strip("[]")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    show_messages(handler)
    site_dir = Path(tempfile.mkdtemp(prefix="runbook-serve-"))
    url = f"http://{host}:{port}/"
    watched = [config_file.resolve(), *(path.resolve() for path in watched)]
    try:
        reason = unverified()
        if reason is not None:
            report(f"runbook serve: {reason}; rebuilding the whole site after each save")
            _serve_full_rebuilds(
                config_file, site_dir, url, [*watched, source, docs], docs, regenerate, report, open_browser
            )
            return
        server = PreviewServer(
            LiveSite(config_file, docs, site_dir, url),
            watched=watched,
            regenerate=regenerate,
            report=report,
            host=host,
            port=int(port),
            settled=settled,
        )
        server.problems = list(problems or [])
        server.bind()
        server.build_first()
        for path in watched:
            server.watch(str(path))  # also what makes MkDocs put its reload script in pages
        observers = [_observe(server, source, source=True), _observe(server, docs, source=False)]
        try:
            server.serve(open_in_browser=open_browser)  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            for observer in observers:
                observer.stop()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _serve_full_rebuilds(
    config_file: Path,
    site_dir: Path,
    url: str,
    watched: list[Path],
    docs: Path,
    regenerate: Callable[[], list[str]],
    report: Callable[[str], None],
    open_browser: bool,
) -> None:
    """The plain preview: after each change, generate and build the whole site (no banner, public names only)."""

    def build() -> None:
        start = time.perf_counter()
        try:
            build_site(config_file, docs, site_dir, strict=False, site_url=url)
        except BuildFailed as failed:
            report(f"runbook serve: error: the site was not rebuilt: {failed}")
            return
        report(f"runbook serve: site built in {time.perf_counter() - start:.1f} s")

    def rebuild() -> None:
        if not regenerate():  # a mistake in source/ leaves the last good site served
            build()

    build()
    host, _, port = url.removeprefix("http://").rstrip("/").rpartition(":")
    serve_with_full_rebuilds(
        rebuild,
        host=host.strip("[]"),
        port=int(port),
        root=site_dir,
        watched=watched,
        open_browser=open_browser,
        error_page=lambda code: _error_page(site_dir, code),
    )


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
