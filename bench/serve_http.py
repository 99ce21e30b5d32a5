"""Save-to-visible through HTTP: what an editor with ``runbook serve`` open waits for after a save.

Run in the workspace of one size (docs/ generated). It starts ``runbook serve`` on a free port,
then for each run saves an edit and follows the page as a browser does: it fetches the page,
and until the edit shows, waits on MkDocs' live-reload request (the one the page's script
makes), which answers when the server reloads browsers, and fetches again. Measured per run:

- ``visible_s``: a summary edit saved, to the operation's page served with it;
- ``converged_s``: the same save, to the server's "site up to date" line (navigation, listings
  and search index all rebuilt), read from its output;
- ``cpu_visible_s`` and ``cpu_converged_s``: the server's CPU time over those spans (from
  /proc), which a busy machine inflates far less than wall time;
- for a title edit, ``title_listed_s``: to every page whose Markdown links the operation
  (its category page, map parts, related operations) served with the new title, and
  ``title_converged_s`` (navigation and the tags page too).

Between runs it waits for the site to be up to date, as an editor reads before saving again.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import yaml

from bench.synth import edit_summary

UP_TO_DATE = "runbook serve: site up to date"
_RELOAD_SCRIPT = re.compile(r"livereload\((\d+), (\d+)\)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, timeout: float = 120) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return str(response.read().decode())


def page_url(base: str, docs_path: str) -> str:
    """The served address of a page of docs/ (directory URLs, as MkDocs serves them)."""
    stem = docs_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return base + stem.removesuffix("index")
    return f"{base}{stem}/"


class ServedSite:
    """A ``runbook serve`` process in ``folder``, its output in serve.log."""

    def __init__(self, runbook: str, folder: Path, timeout: float) -> None:
        self.folder = folder
        self.base = f"http://127.0.0.1:{_free_port()}/"
        self.log = folder / "serve.log"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
        with self.log.open("wb") as out:
            address = self.base.removeprefix("http://").rstrip("/")
            command = [runbook, "serve", "--dev-addr", address]
            self.process = subprocess.Popen(command, cwd=folder, stdout=out, stderr=subprocess.STDOUT, env=env)
        start = time.perf_counter()
        while True:
            try:
                _get(self.base, timeout=5)
                break
            except OSError:
                if self.process.poll() is not None or time.perf_counter() - start > timeout:
                    self.stop()
                    raise RuntimeError(f"runbook serve did not start:\n{self.output()[-3000:]}") from None
                time.sleep(0.5)
        self.startup_s = time.perf_counter() - start

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (user and system, from /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def up_to_date_count(self) -> int:
        return self.output().count(UP_TO_DATE)

    def visible(self, docs_path: str, needle: str, saved: float, timeout: float) -> float:
        """Seconds from ``saved`` until the page shows ``needle``, following live reloads as a browser does."""
        url = page_url(self.base, docs_path)
        while time.perf_counter() - saved < timeout:
            page = _get(url)
            if needle in page:
                return time.perf_counter() - saved
            found = _RELOAD_SCRIPT.search(page)
            if found is None:
                raise RuntimeError(f"{url} has no live-reload script")
            _get(f"{self.base}livereload/{found.group(1)}/{found.group(2)}")
        raise RuntimeError(f"{needle!r} not on {url} after {timeout} s:\n{self.output()[-3000:]}")

    def converged(self, count_before: int, saved: float, timeout: float) -> float:
        """Seconds from ``saved`` until the server reports the site up to date once more."""
        while self.up_to_date_count() <= count_before:
            if time.perf_counter() - saved > timeout or self.process.poll() is not None:
                raise RuntimeError(f"the site did not converge in {timeout} s:\n{self.output()[-3000:]}")
            time.sleep(0.05)
        return time.perf_counter() - saved

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _pages_linking(docs: Path, page: str) -> list[str]:
    """Pages of docs/ whose Markdown links ``page`` (its category page, map parts, related pages)."""
    name = Path(page).name
    return sorted(
        path.relative_to(docs).as_posix()
        for path in docs.rglob("*.md")
        if path.relative_to(docs).as_posix() != page and f"{name})" in path.read_text(encoding="utf-8")
    )


def measure_serve(
    runbook: str, folder: Path, edited: Path, renamed: Path, runs: int, timeout: float
) -> dict[str, object]:
    """Every save-to-visible figure for the workspace ``folder`` (see the module docstring)."""
    load_before = os.getloadavg()
    served = ServedSite(runbook, folder, timeout)
    try:
        page = f"operations/{edited.stem}.md"
        visible, converged, cpu_visible, cpu_converged = [], [], [], []
        for number in range(1, runs + 1):
            label = f"served {number} {time.time_ns()}"
            count = served.up_to_date_count()
            cpu = served.cpu_seconds()
            edit_summary(edited, label)
            saved = time.perf_counter()
            visible.append(served.visible(page, f"(edit {label})", saved, timeout))
            cpu_visible.append(served.cpu_seconds() - cpu)
            converged.append(served.converged(count, saved, timeout))
            cpu_converged.append(served.cpu_seconds() - cpu)
        listed_in = _pages_linking(folder / "docs", f"operations/{renamed.stem}.md")
        text = renamed.read_text(encoding="utf-8")
        new_title = f"{yaml.safe_load(text)['title']} Renamed"
        count = served.up_to_date_count()
        retitled = re.sub(r"^title:.*$", lambda _: f"title: {json.dumps(new_title)}", text, count=1, flags=re.M)
        renamed.write_text(retitled, encoding="utf-8")
        saved = time.perf_counter()
        listed = max(served.visible(path, new_title, saved, timeout) for path in listed_in)
        title_converged = served.converged(count, saved, timeout)
        return {
            "startup_s": round(served.startup_s, 2),
            "visible_s": [round(s, 3) for s in visible],
            "converged_s": [round(s, 3) for s in converged],
            "cpu_visible_s": [round(s, 2) for s in cpu_visible],
            "cpu_converged_s": [round(s, 2) for s in cpu_converged],
            "title_listed_s": round(listed, 3),
            "title_listed_pages": len(listed_in),
            "title_converged_s": round(title_converged, 3),
            # What the times are worth: the cores the server may use and the load around the runs.
            "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        }
    finally:
        served.stop()
