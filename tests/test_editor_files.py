"""CI and pre-commit entry points, and the machine-readable report formats they rely on."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, run


def test_pre_commit_hooks_run_check_and_generate_check(monkeypatch: pytest.MonkeyPatch) -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert sorted(hooks) == ["runbook-check", "runbook-generate-check"]
    assert hooks["runbook-check"]["entry"] == "runbook check"
    assert hooks["runbook-generate-check"]["entry"] == "runbook generate --check"
    monkeypatch.chdir(ROOT)
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        result = run(*shlex.split(hook["entry"])[1:])
        assert result.exit_code == 0, f"{hook['entry']}:\n{result.stdout}{result.stderr}"


def test_pre_commit_hook_fails_with_the_diagnostic_line(base_source: Path) -> None:
    page = base_source / "operations" / "error-reports.yaml"
    page.write_text(page.read_text().replace("title:", "titel:"))
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "source/operations/error-reports.yaml:1:1: error: unknown key 'titel'; did you mean 'title'?"
    )


def _two_problems(source: Path) -> None:
    page = source / "operations" / "error-reports.yaml"
    page.write_text(page.read_text().replace("title:", "titel:"))
    owners = source / "owners.yaml"
    owners.write_text(owners.read_text().replace("title: Support lead", "title: Support: lead"))


def test_github_format_prints_one_annotation_per_problem(base_source: Path) -> None:
    _two_problems(base_source)
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=source/operations/error-reports.yaml,line=1,col=1,title=unknown-key::"
        "unknown key 'titel'; did you mean 'title'?\n"
        "::error file=source/owners.yaml,line=3,col=19,title=yaml-syntax::"
        "found ': ' inside a value; quote a value that contains ': ' (\"like: this\"), or, if a new key starts "
        "here, put it on its own line lined up with the keys above\n"
    )
    assert result.stderr == ""


def test_github_format_escapes_what_would_break_an_annotation(base_source: Path) -> None:
    (base_source / "operations" / "50%,done.yaml").write_text("title: x\n")
    result = run("check", "--format", "github")
    assert result.stdout.splitlines()[0].startswith(
        "::error file=source/operations/50%25%2Cdone.yaml,title=file-name::"
    )


def test_json_format_is_machine_readable(base_source: Path) -> None:
    _two_problems(base_source)
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "errors": 2,
        "warnings": 0,
        "diagnostics": [
            {
                "path": "source/operations/error-reports.yaml",
                "line": 1,
                "column": 1,
                "severity": "error",
                "code": "unknown-key",
                "message": "unknown key 'titel'; did you mean 'title'?",
            },
            {
                "path": "source/owners.yaml",
                "line": 3,
                "column": 19,
                "severity": "error",
                "code": "yaml-syntax",
                "message": "found ': ' inside a value; quote a value that contains ': ' (\"like: this\"), or, "
                "if a new key starts here, put it on its own line lined up with the keys above",
            },
        ],
    }
    assert result.stderr == ""


def test_vscode_reads_yaml_as_the_checker_does() -> None:
    """YAML 1.1, as PyYAML: the editor then underlines an unquoted 'no' in a text field too."""
    settings = json.loads((ROOT / ".vscode/settings.json").read_text())
    assert settings["yaml.yamlVersion"] == "1.1"
    assert json.loads((ROOT / ".vscode/extensions.json").read_text()) == {"recommendations": ["redhat.vscode-yaml"]}


def test_every_command_is_documented_in_the_readme() -> None:
    from generator.cli import main

    readme = (ROOT / "README.md").read_text()
    for name in main.commands:
        assert f"`runbook {name}" in readme, f"'runbook {name}' is missing from README.md"
