"""The GitHub workflow, in this repository and as 'runbook init' writes it: linted, pinned, least privilege.

actionlint and zizmor (offline, pedantic) must report nothing on either file; the two files
are the same workflow but for how the tool is installed; and what the workflow runs on a pull
request passes here and fails, annotated on the YAML line, when a related entry names an
operation that does not exist.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.scaffold import project_files
from tests.conftest import ROOT, run

WORKFLOW = ROOT / ".github" / "workflows" / "runbook.yml"
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^\s*(?:- )?uses: (?P<action>[\w.-]+/[\w.-]+)@(?P<sha>\S+)(?: # (?P<release>\S+))?\s*$")


def _init_workflow() -> str:
    return project_files("Payments Runbook", "Payments")[".github/workflows/runbook.yml"]


@pytest.fixture(params=["repository", "init"])
def workflow(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The repository's workflow, or the one 'runbook init' writes, as a file in a .github/workflows/ folder."""
    if request.param == "repository":
        return WORKFLOW
    path = tmp_path / ".github" / "workflows" / "runbook.yml"
    path.parent.mkdir(parents=True)
    path.write_text(_init_workflow())
    return path


def _lint(*command: str) -> subprocess.CompletedProcess[str]:
    # CI=true makes zizmor colour its output even into a pipe; the tests read plain text.
    environment = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120, env=environment)


def _load(text: str) -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(text)
    return loaded


def _steps(workflow: dict[Any, Any], job: str = "build") -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return steps


def test_actionlint_reports_nothing(workflow: Path) -> None:
    result = _lint(str(BIN / "actionlint"), "-no-color", str(workflow))
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


def test_zizmor_reports_nothing(workflow: Path) -> None:
    result = _lint(
        str(BIN / "zizmor"), "--offline", "--persona", "pedantic", "--no-progress", "--color", "never", str(workflow)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "No findings to report. Good job!"


def test_zizmor_would_report_an_unpinned_action(tmp_path: Path) -> None:
    """The audit above can fail: the same workflow with one action on a tag is a finding."""
    unpinned = tmp_path / "runbook.yml"
    unpinned.write_text(re.sub(r"actions/checkout@\S+ # \S+", "actions/checkout@v7", WORKFLOW.read_text(), count=1))
    result = _lint(str(BIN / "zizmor"), "--offline", "--no-progress", "--color", "never", str(unpinned))
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout


def test_every_action_is_pinned_to_a_commit_with_its_release(workflow: Path) -> None:
    uses = [line for line in workflow.read_text().splitlines() if "uses:" in line]
    assert len(uses) == 10  # build: checkout x2, setup-python, configure-pages, cache, two uploads; deploy: 3
    for line in uses:
        match = PINNED.match(line)
        assert match, line
        assert re.fullmatch(r"[0-9a-f]{40}", match["sha"]), line
        assert match["release"] and re.fullmatch(r"v\d+\.\d+\.\d+", match["release"]), line


def test_init_writes_the_same_workflow_but_for_the_install() -> None:
    mine, theirs = _load(WORKFLOW.read_text()), _load(_init_workflow())
    for job in ("build", "paging"):
        installs = []
        for workflow in (mine, theirs):
            (install,) = [step for step in _steps(workflow, job) if step.get("name", "").startswith("Install runbook")]
            installs.append(install.pop("run"))
        assert installs[1] == "python -m pip install -r requirements.txt"
        assert installs[0].startswith("python -m pip install -c requirements-site.txt -e .\n")
    assert mine == theirs


def test_pull_requests_check_build_and_link_check(workflow: Path) -> None:
    loaded = _load(workflow.read_text())
    assert sorted(loaded[True]) == ["pull_request", "push", "schedule"]  # PyYAML (YAML 1.1) reads 'on' as true
    assert loaded["jobs"]["build"]["if"] == "github.event_name != 'schedule'"
    commands = [step["run"] for step in _steps(loaded) if "run" in step]
    assert [c.split("\n")[0] for c in commands if c.startswith("runbook ")] == [
        "runbook check --format github",
        "runbook generate --check",
        "runbook schema --check",
        "runbook alerts check --format github",
        "runbook build",
        "runbook build --config mkdocs-offline.yml --site-dir site-offline",
        "runbook linkcheck --format github",
    ]
    summary = next(c for c in commands if "GITHUB_STEP_SUMMARY" in c)
    assert "runbook generate --check --docs .runbook-base/docs --config .runbook-base/mkdocs.yml --format markdown" in (
        summary
    )


def test_main_deploys_once_with_least_privilege(workflow: Path) -> None:
    loaded = _load(workflow.read_text())
    assert loaded["permissions"] == {}
    build, deploy = loaded["jobs"]["build"], loaded["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["if"] == "github.event_name == 'push'" and deploy["needs"] == "build"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["environment"]["name"] == "github-pages"
    steps = {step.get("name", step.get("id")): step for step in _steps(loaded)}
    assert steps["Build the site"]["env"] == {"RUNBOOK_SITE_URL": "${{ steps.pages.outputs.base_url }}"}
    assert steps["Find the Pages URL"]["uses"].startswith("actions/configure-pages@")
    handoff = steps["Hand site/ to the deploy job"]
    assert handoff["uses"].startswith("actions/upload-pages-artifact@") and handoff["with"] == {"path": "site/"}
    assert [step["uses"].split("@")[0] for step in _steps(loaded, "deploy")] == ["actions/deploy-pages"]


def test_offline_copy_is_attached_to_every_run(workflow: Path) -> None:
    steps = {step.get("name"): step for step in _steps(_load(workflow.read_text()))}
    offline = steps["Build the offline copy"]
    assert "runbook build --config mkdocs-offline.yml --site-dir site-offline" in offline["run"]
    assert '-offline-$(date -u +%Y-%m-%d).zip"' in offline["run"]
    attach = steps["Attach the offline copy"]
    assert "if" not in attach and "if" not in offline
    assert attach["with"] == {
        "path": "${{ steps.offline.outputs.zip }}",
        "archive": False,
        "if-no-files-found": "error",
    }


def test_workflow_checks_pass_on_this_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build and link check are tests/test_site.py; the other checks run here as the workflow runs them."""
    monkeypatch.chdir(ROOT)
    for step in _steps(_load(WORKFLOW.read_text())):
        command = step.get("run", "")
        if command.startswith("runbook ") and command.split()[1] in ("check", "generate", "schema", "alerts"):
            result = run(*shlex.split(command)[1:])
            assert result.exit_code == 0, f"{command}:\n{result.stdout}{result.stderr}"


def test_renamed_related_operation_fails_the_workflow_on_its_yaml_line(base_source: Path) -> None:
    """The pull request of the issue: one related entry names an operation id that does not exist."""
    page = base_source / "operations" / "contacting-support.yaml"
    page.write_text(page.read_text().replace("  - operation: error-reports", "  - operation: error-report"))
    first = next(
        step["run"] for step in _steps(_load(WORKFLOW.read_text())) if step.get("run", "").startswith("runbook")
    )
    result = run(*shlex.split(first)[1:])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=source/operations/contacting-support.yaml,line=8,col=16,title=unknown-operation::"
        "unknown operation 'error-report'; did you mean 'error-reports'? "
        "(operations are the files in source/operations/)"
    ]


def _paging_script(workflow: Path) -> tuple[dict[str, Any], str]:
    loaded = _load(workflow.read_text())
    job = loaded["jobs"]["paging"]
    (step,) = [step for step in job["steps"] if "PAGERDUTY_TOKEN" in step.get("env", {})]
    return job, step["run"]


def test_paging_check_runs_daily_and_on_pull_requests_with_only_the_token(workflow: Path) -> None:
    loaded = _load(workflow.read_text())
    assert loaded[True]["schedule"] == [{"cron": "17 6 * * *"}]
    job, _ = _paging_script(workflow)
    assert job["if"] == "github.event_name != 'push'"
    assert job["permissions"] == {"contents": "read"}
    assert job["environment"] == "pagerduty"
    (step,) = [step for step in job["steps"] if "env" in step]
    assert step["env"] == {"PAGERDUTY_TOKEN": "${{ secrets.PAGERDUTY_TOKEN }}"}


def test_paging_step_without_the_secret_prints_a_notice_and_passes(workflow: Path, tmp_path: Path) -> None:
    _, script = _paging_script(workflow)
    environment = {key: value for key, value in os.environ.items() if key != "PAGERDUTY_TOKEN"}
    result = subprocess.run(["bash", "-e", "-c", script], capture_output=True, text=True, env=environment, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("::notice title=PagerDuty not checked::No PAGERDUTY_TOKEN secret;")


def test_paging_step_with_the_secret_runs_the_live_check_and_fails_with_it(workflow: Path, tmp_path: Path) -> None:
    """With a token the step runs 'runbook paging check --pagerduty --format github' and keeps its exit code."""
    shim = tmp_path / "bin" / "runbook"
    shim.parent.mkdir()
    shim.write_text('#!/bin/sh\necho "runbook $*"\nexit 1\n')
    shim.chmod(0o755)
    _, script = _paging_script(workflow)
    environment = {**os.environ, "PAGERDUTY_TOKEN": "u+test", "PATH": f"{shim.parent}:{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-e", "-c", script], capture_output=True, text=True, env=environment, check=False)
    assert (result.returncode, result.stdout) == (1, "runbook paging check --pagerduty --format github\n")


def _alerts_step(workflow: dict[Any, Any]) -> dict[str, Any]:
    (step,) = [step for step in _steps(workflow) if step.get("run", "").startswith("runbook alerts")]
    return step


def test_alert_rules_are_checked_against_the_published_address(workflow: Path) -> None:
    """Before the build: the repository variable RUNBOOK_SITE_URL, else (on main) the Pages address."""
    loaded = _load(workflow.read_text())
    step = _alerts_step(loaded)
    assert step["run"] == "runbook alerts check --format github"
    assert step["env"] == {"RUNBOOK_SITE_URL": "${{ vars.RUNBOOK_SITE_URL || steps.pages.outputs.base_url }}"}
    names = [s.get("name") for s in _steps(loaded)]
    assert names.index("Find the Pages URL") < names.index(step["name"]) < names.index("Build the site")


def test_alert_rules_listed_in_runbook_yaml_fail_the_workflow_on_their_line(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A runbook that lists alert_rules gets them checked; one without a runbook_url is annotated on its line."""
    from tests.test_alert_cases import ALERT_BASE, assemble

    assemble(ALERT_BASE, in_tmp)
    runbook = in_tmp / "source" / "runbook.yaml"
    runbook.write_text(runbook.read_text() + "alert_rules:\n  - rules\n")
    command = shlex.split(_alerts_step(_load(WORKFLOW.read_text()))["run"])[1:]
    monkeypatch.setenv("RUNBOOK_SITE_URL", "https://runbook.example.com")
    assert run(*command).exit_code == 0
    rules = in_tmp / "rules" / "shop.rules.yaml"
    rules.write_text(
        rules.read_text().replace(
            "          runbook_url: https://runbook.example.com/operations/contacting-support/\n", ""
        )
    )
    result = run(*command)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "::error file=rules/shop.rules.yaml,line=4,col=16,title=missing-runbook-url::alert 'SupportQueueStalled' "
        "has no runbook_url annotation"
    )


def test_build_cache_is_restored_before_the_site_build_and_keyed_by_commit(workflow: Path) -> None:
    steps = _steps(_load(workflow.read_text()))
    names = [step.get("name") for step in steps]
    step = next(step for step in steps if str(step.get("uses", "")).startswith("actions/cache@"))
    assert names.index(step["name"]) < names.index("Build the site")
    assert step["with"] == {
        "path": ".cache/runbook/site-*",
        "key": "runbook-build-${{ runner.os }}-${{ github.sha }}",
        "restore-keys": "runbook-build-${{ runner.os }}-",
    }
