"""'runbook serve': a real server on a free port; edits show up, YAML mistakes are printed, it stays up."""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from importlib.metadata import distribution, version
from pathlib import Path

import pytest

from generator.preview.serve import is_source_file
from generator.scaffold import project_files
from tests.conftest import BASE_CASE, ROOT, run

TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(what: str, condition: Callable[[], bool], log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}; server output:\n{log.read_text()}")


class Server:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.url = f"http://127.0.0.1:{port}"
        self.log = folder / "serve.log"
        self.process: subprocess.Popen[bytes] | None = None

    def page(self, path: str) -> str | None:
        return _get(f"{self.url}/{path}")

    def output(self) -> str:
        return self.log.read_text()


@contextlib.contextmanager
def _serving(folder: Path, **env: str) -> Iterator[Server]:
    """``runbook serve`` in ``folder`` (source/ and mkdocs.yml in place) until the block ends."""
    running = Server(folder, _free_port())
    with running.log.open("wb") as log:
        running.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--dev-addr", running.url.removeprefix("http://")],
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        )
    try:
        _wait_for("the first page", lambda: running.page("operations/error-reports/") is not None, running.log)
        yield running
    finally:
        running.process.send_signal(signal.SIGINT)
        try:
            running.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            running.process.kill()
            running.process.wait()


def _project(folder: Path) -> Path:
    shutil.copytree(BASE_CASE, folder / "source")
    (folder / "mkdocs.yml").write_text(project_files("Serve test", "Testing")["mkdocs.yml"])
    return folder


def _edit_shows_up(server: Server) -> None:
    page = server.folder / "source" / "operations" / "error-reports.yaml"
    page.write_text(page.read_text().replace("title: Error Reports", "title: Error Reports, edited live"))
    _wait_for(
        "the edited title",
        lambda: "Error Reports, edited live" in (server.page("operations/error-reports/") or ""),
        server.log,
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with _serving(_project(tmp_path)) as running:
        yield running


def test_an_edit_to_the_yaml_shows_up_on_the_served_page(server: Server) -> None:
    _edit_shows_up(server)
    assert re.search(r"^runbook: 0 created, \d+ updated, 0 deleted, \d+ unchanged in docs$", server.output(), re.M)
    assert "WARNING" not in server.output()


def test_a_yaml_mistake_is_printed_and_the_server_keeps_serving(server: Server) -> None:
    page = server.folder / "source" / "operations" / "error-reports.yaml"
    good = page.read_text()
    page.write_text(good + "summary: Twice.\n")
    line = (
        "source/operations/error-reports.yaml:7:1: error: duplicate key 'summary' (first written on line 3); "
        "YAML would silently keep only the last one: remove or rename one"
    )
    _wait_for("the diagnostic line", lambda: line in server.output(), server.log)
    assert "runbook serve: docs/ unchanged; still serving the last good pages" in server.output()
    assert "Traceback" not in server.output()
    # The browser shows the same line in a banner over the last good page, on every page.
    for path in ("operations/error-reports/", "operations/contacting-support/", ""):
        served = server.page(path) or ""
        assert _banner(served) == line, path
        assert "<h1" in served and "Error Reports" in served
    page.write_text(good.replace("title: Error Reports", "title: Error Reports, fixed"))
    _wait_for(
        "the fixed page",
        lambda: "Error Reports, fixed" in (server.page("operations/error-reports/") or ""),
        server.log,
    )
    assert _banner(server.page("operations/error-reports/") or "") is None
    assert _banner(server.page("operations/contacting-support/") or "") is None


def test_runbook_engine_properdocs_serves_with_properdocs(tmp_path: Path) -> None:
    with _serving(_project(tmp_path), RUNBOOK_ENGINE="properdocs", NO_MKDOCS_2_WARNING="1") as server:
        # Material names the engine that built the page: ProperDocs gives its own version there.
        assert f'content="mkdocs-ProperDocs {version("properdocs")}, mkdocs-material-' in (server.page("") or "")
        _edit_shows_up(server)
        assert "not a version the page-by-page preview was verified on" not in server.output()
    assert "Traceback" not in server.output()


def test_an_unverified_material_is_said_once_and_the_preview_rebuilds_the_whole_site(tmp_path: Path) -> None:
    """A Material release the engine's internals were not checked against: plain full rebuilds, no crash."""
    # The installed Material's metadata, entry points included, under another version number, found first.
    installed = distribution("mkdocs-material")
    fake = tmp_path / "fake-dist" / "mkdocs_material-9.9.0.dist-info"
    fake.mkdir(parents=True)
    for name in ("METADATA", "entry_points.txt"):
        text = installed.read_text(name) or ""
        fake.joinpath(name).write_text(text.replace(f"Version: {installed.version}\n", "Version: 9.9.0\n", 1))
    project = _project(tmp_path / "project")
    with _serving(project, PYTHONPATH=os.pathsep.join([str(fake.parent), str(ROOT)])) as server:
        _edit_shows_up(server)
    said = (
        f"runbook serve: MkDocs {version('mkdocs')} with Material 9.9.0 is not a version the page-by-page "
        f"preview was verified on (MkDocs 1.6.1 with Material 9.7.5, 9.8.2); rebuilding the whole site after each save"
    )
    assert server.output().splitlines().count(said) == 1, server.output()
    assert "Traceback" not in server.output()


def _banner(page: str) -> str | None:
    """The problem lines of the serve banner on a served page, unescaped; None without a banner."""
    found = re.search(r'<div id="runbook-serve-problems"[^>]*>.*?<pre[^>]*>(.*?)</pre>', page, re.S)
    return None if found is None else html.unescape(found.group(1))


def test_a_port_in_use_is_one_clear_line(tmp_path: Path) -> None:
    shutil.copytree(BASE_CASE, tmp_path / "source")
    (tmp_path / "mkdocs.yml").write_text("site_name: Serve test\n")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "--dev-addr", address],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"runbook: error: {address} is already in use; pass --dev-addr with a free port"
    )


@pytest.mark.parametrize(
    ("path", "watched"),
    [
        ("source/operations/refunds.yaml", True),
        ("source/owners.yml", True),
        ("source/operations/.refunds.yaml.swp", False),
        ("source/operations/refunds.yaml~", False),
        ("source/operations/4913", False),
        ("source/.#owners.yaml", False),
    ],
)
def test_only_yaml_changes_trigger_a_regeneration(path: str, watched: bool) -> None:
    assert is_source_file(path) is watched


@pytest.mark.parametrize("address", ["abc", "127.0.0.1:", "127.0.0.1:99999", "127.0.0.1:-1", "[::1]:x", "host:0x50"])
def test_dev_addr_that_is_not_ip_port_is_a_usage_error(base_source: Path, address: str) -> None:
    """Checked before anything starts: the socket's ValueError or OverflowError was a traceback."""
    result = run("serve", "--dev-addr", address)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--dev-addr': '{address}' is not IP:PORT with a port from 1 to 65535; "
        "write it like 127.0.0.1:8000"
    )


def test_serve_into_the_project_folder_is_refused_before_anything_starts(base_source: Path) -> None:
    Path("mkdocs.yml").write_text("site_name: Test\n")
    result = run("serve", "--docs", ".")
    assert result.exit_code == 1
    assert result.stderr == (
        ".:1:1: error: the docs folder holds the source folder source; pass --docs the folder the pages go into, "
        "such as docs (it is created when missing)\n"
    )
