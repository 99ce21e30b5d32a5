"""Live preview: regenerate docs/ whenever a file in source/ changes, while MkDocs serves the site.

Two watchers, each doing one job. A watchdog observer on ``source/`` runs the same generation
as ``runbook generate`` a moment after the last change (editors save in several steps). Only
pages whose text changed are rewritten, so MkDocs' own watcher on ``docs/`` rebuilds and the
browser reloads only when there is something new. A YAML mistake prints its diagnostic line,
leaves docs/ as it was, and the server keeps serving the last good pages.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

DEBOUNCE_SECONDS = 0.3
_WATCHED_SUFFIXES = (".yaml", ".yml")


def is_source_file(path: str) -> bool:
    """Whether a change to ``path`` can change the site (editor swap and backup files cannot)."""
    name = Path(path).name
    return name.endswith(_WATCHED_SUFFIXES) and not name.startswith((".", "~", "#"))


class _Debounced(FileSystemEventHandler):
    """Calls ``action`` once, ``delay`` seconds after the last relevant event."""

    def __init__(self, action: Callable[[], None], delay: float) -> None:
        self.action = action
        self.delay = delay
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if event.is_directory or not any(is_source_file(str(p)) for p in paths if p):
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.action)
            self._timer.daemon = True
            self._timer.start()


def watch_source(source: Path, regenerate: Callable[[], None], delay: float = DEBOUNCE_SECONDS) -> BaseObserver:
    """Start watching ``source`` (recursively); ``regenerate`` runs after each burst of changes."""
    observer = Observer()
    observer.schedule(_Debounced(regenerate, delay), str(source), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


def serve_site(config_file: Path, docs: Path, dev_addr: str, extra_watch: list[Path], open_browser: bool) -> None:
    """Run MkDocs' development server on ``docs`` until interrupted (blocks).

    Not strict: a broken link is a warning in the terminal, not a server that stops.
    """
    from mkdocs.commands.serve import serve

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    serve(
        config_file=str(config_file),
        docs_dir=str(docs.resolve()),
        dev_addr=dev_addr,
        strict=False,
        livereload=True,
        watch=[str(path) for path in extra_watch],
        open_in_browser=open_browser,
    )
