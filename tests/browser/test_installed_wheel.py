"""Adoption from outside, as another team meets it: a wheel, a fresh venv, `runbook init`, `make site`.

The wheel is built from this repository's own files into a temporary folder and installed into
a new virtual environment there, far from the checkout and from any node_modules/. The project
`runbook init` writes then sets itself up with its own `make site` (its own .venv, installed
from the requirement init wrote), passes its own `make test`, builds its offline copy, and its
pages work in Chromium with every request to another host blocked and recorded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser.conftest import Watch
from tests.browser.test_site_pages import OPEN_SHADOW_ROOTS
from tests.conftest import ROOT
from tests.sites import served

PACKAGE_FILES = ("pyproject.toml", "README.md", "generator")
TITLE = "Payments Support Runbook"
REVIEWED = date.today()
REVIEW_EVERY_DAYS = 90


@dataclass(frozen=True)
class Adopted:
    wheel: Path
    venv: Path
    project: Path


def _outside_env() -> dict[str, str]:
    """This environment without this checkout's virtual environment on PATH."""
    ours = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", os.defpath).split(os.pathsep) if p and p != ours)
    env["PIP_NO_COMPILE"] = "1"  # Python compiles what it imports anyway; saves a minute of two installs
    return env


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run a command as a user would; its standard output."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> Adopted:
    work = tmp_path_factory.mktemp("adopt")
    env = _outside_env()
    python = shutil.which("python3", path=env["PATH"])
    assert python is not None, "python3 not on PATH"
    copy = work / "runbook-as-code"
    copy.mkdir()
    for name in PACKAGE_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copyfile(ROOT / name, copy / name)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(copy)], work, env)
    (wheel,) = (work / "dist").glob("runbook_as_code-*.whl")
    shutil.rmtree(copy)
    venv = work / "venv"
    _run([python, "-m", "venv", str(venv)], work, env)
    _run([str(venv / "bin/python"), "-m", "pip", "install", "--quiet", str(wheel)], work, env)
    _run([str(venv / "bin/runbook"), "init", "payments", "--title", TITLE], work, env)
    project = work / "payments"
    _schedule_a_review(project)
    for target in ("site", "test", "offline"):
        _run(["make", target], project, env)
    return Adopted(wheel, venv, project)


def _schedule_a_review(project: Path) -> None:
    """The team's first edit: its pages were reviewed today and are due again in 90 days."""
    categories = project / "source/categories.yaml"
    text = categories.read_text()
    assert "      primary_owner: support-lead\n" in text
    categories.write_text(
        text.replace(
            "      primary_owner: support-lead\n",
            f"      primary_owner: support-lead\n      review_every_days: {REVIEW_EVERY_DAYS}\n",
            1,
        )
    )
    for page in sorted((project / "source/operations").glob("*.yaml")):
        text = page.read_text()
        assert "\ncategory: support\n" in text, page
        page.write_text(text.replace("\ncategory: support\n", f"\ncategory: support\nlast_reviewed: {REVIEWED}\n", 1))


@pytest.fixture(scope="module")
def project_url(adopted: Adopted) -> Iterator[str]:
    with served(adopted.project / "site") as url:
        yield url


def _project_triage(adopted: Adopted, answer: str) -> dict[str, Any]:
    """The decision of the installed tool, run in the new project, as its CLI gives it."""
    result = _run(
        [str(adopted.project / ".venv/bin/runbook"), "triage", "--json", answer], adopted.project, _outside_env()
    )
    decision: dict[str, Any] = json.loads(result)
    return decision


def _worst_answer(adopted: Adopted) -> tuple[str, str]:
    """The first triage question's most severe answer: its ``dimension=answer`` and its label."""
    runbook = yaml.safe_load((adopted.project / "source/runbook.yaml").read_text())
    dimension = runbook["triage"][0]
    answer = dimension["answers"][-1]
    return f"{dimension['id']}={answer['id']}", answer["label"]


def test_the_new_project_runs_the_installed_wheel_from_outside_the_checkout(adopted: Adopted) -> None:
    requirement = [
        line
        for line in (adopted.project / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert len(requirement) == 1
    assert requirement[0].startswith(f"runbook-as-code @ {adopted.wheel.as_uri()}#sha256=")
    located = _run(
        [str(adopted.project / ".venv/bin/python"), "-c", "import generator.site.plugin as p; print(p.__file__)"],
        adopted.project,
        _outside_env(),
    )
    assert Path(located.strip()).is_relative_to(adopted.project / ".venv")
    assert not ROOT.is_relative_to(adopted.project.parent) and not adopted.project.is_relative_to(ROOT)
    assert not list(adopted.project.parent.rglob("node_modules"))
    for site in ("site", "site-offline"):
        for shipped in ("assets/runbook/runbook.js", "assets/vendor/mermaid/mermaid.min.js"):
            assert (adopted.project / site / shipped).is_file(), f"{site}/{shipped}"
    assert (adopted.project / "site-offline/assets/vendor/iframe-worker/shim.js").is_file()


def test_triage_page_gives_a_level_with_no_request_off_this_machine(
    page: Any, project_url: str, adopted: Adopted, watch: Watch
) -> None:
    from playwright.sync_api import expect

    answer, label = _worst_answer(adopted)
    decision = _project_triage(adopted, answer)
    page.goto(f"{project_url}triage/")
    expect(page).to_have_title(f"Triage - {TITLE}")
    page.get_by_label(label).check()
    expect(page.locator("#triage-verdict")).to_contain_text(f"Severity: {decision['level']['name']}")
    expect(page.locator(".triage-level:visible")).to_have_count(1)
    assert watch.errors == [] and watch.outside == []


def test_map_draws_its_diagram_from_the_vendored_mermaid(
    page: Any, project_url: str, adopted: Adopted, watch: Watch
) -> None:
    from playwright.sync_api import expect

    title = yaml.safe_load((adopted.project / "source/operations/first-response.yaml").read_text())["title"]
    page.add_init_script(OPEN_SHADOW_ROOTS)
    page.goto(f"{project_url}map/")
    page.locator("div.mermaid a", has_text=title).click()
    expect(page).to_have_url(f"{project_url}operations/first-response/")
    assert watch.errors == [] and watch.outside == []


def test_no_review_banner_before_the_due_date(page: Any, project_url: str, watch: Watch) -> None:
    from playwright.sync_api import expect

    # The clock is set before the page opens: changing it under a loaded page makes Playwright's
    # fake timers cancel the page's pending timers and log "executing a cancelled action".
    page.clock.set_fixed_time(f"{(REVIEWED + timedelta(days=1)).isoformat()}T09:00:00")
    page.goto(f"{project_url}operations/first-response/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".review-overdue")).to_be_hidden()
    assert watch.errors == [] and watch.outside == []


def test_review_banner_appears_when_the_readers_date_passes_the_due_date(
    page: Any, project_url: str, watch: Watch
) -> None:
    from playwright.sync_api import expect

    due = REVIEWED + timedelta(days=REVIEW_EVERY_DAYS)
    page.clock.set_fixed_time(f"{(due + timedelta(days=30)).isoformat()}T09:00:00")
    page.goto(f"{project_url}operations/first-response/")
    banner = page.locator(".review-overdue")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(f"This page was due for review on {due.isoformat()}")
    assert watch.errors == [] and watch.outside == []


def test_offline_copy_triages_from_the_file_system(page: Any, adopted: Adopted, watch: Watch) -> None:
    from playwright.sync_api import expect

    answer, label = _worst_answer(adopted)
    decision = _project_triage(adopted, answer)
    page.goto((adopted.project / "site-offline/triage.html").as_uri())
    page.get_by_label(label).check()
    expect(page.locator("#triage-verdict")).to_contain_text(f"Severity: {decision['level']['name']}")
    assert watch.errors == [] and watch.outside == []
