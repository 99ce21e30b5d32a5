"""Built sites for tests: a runbook built as its team builds it, and a built site served over HTTP.

Tests of built pages (escaping, languages, alerts, the browser tests) start from the same two
steps: put a runbook in a project's ``source/`` beside a ``mkdocs.yml``, run ``runbook build``
in a process of its own as a team runs it, then read the pages or serve them to a browser.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.conftest import ROOT


def _runbook(folder: Path, *arguments: str) -> None:
    """``runbook ARGUMENTS`` run in ``folder`` as a team runs it: a process of its own, no run cache."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "RUNBOOK_CACHE": "0", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def start_project(folder: Path, name: str = "project", *options: str) -> Path:
    """A project ``runbook init`` started in ``folder`` (its own mkdocs.yml, sample source/): its path."""
    _runbook(folder, "init", name, *options)
    return folder / name


def build_runbook(project: Path, source: Path | None = None, *, config: Path | None = ROOT / "mkdocs.yml") -> Path:
    """``runbook build`` in ``project``, in a process of its own with no run cache: the built site's folder.

    ``source`` (a runbook's folder) replaces the project's ``source/`` when given; ``config`` is
    copied in as its ``mkdocs.yml`` (this repository's by default; None keeps the project's own,
    as ``runbook init`` wrote it).
    """
    if source is not None:
        shutil.rmtree(project / "source", ignore_errors=True)
        shutil.copytree(source, project / "source")
    if config is not None:
        shutil.copyfile(config, project / "mkdocs.yml")
    _runbook(project, "build", "--site-dir", "site")
    return project / "site"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """A built site served over HTTP on 127.0.0.1 (a free port) while the block runs; yields its address."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
