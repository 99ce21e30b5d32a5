"""The runbook command as a user runs it: exit codes, messages, and what happens to docs/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cli.report import format_diagnostics
from generator.diagnostics import Diagnostic
from tests.conftest import run


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_generate_writes_pages_and_reports_counts(base_source: Path) -> None:
    result = run("generate")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "runbook: 12 created, 0 updated, 0 deleted, 0 unchanged in docs\n"
    assert (Path("docs/operations/contacting-support.md")).read_text().count("[Error Reports]") >= 1


def test_second_generate_rewrites_nothing(base_source: Path) -> None:
    run("generate")
    before = {p: p.stat().st_mtime_ns for p in Path("docs").rglob("*.md")}
    result = run("generate")
    assert result.stderr == "runbook: 0 created, 0 updated, 0 deleted, 12 unchanged in docs\n"
    assert {p: p.stat().st_mtime_ns for p in Path("docs").rglob("*.md")} == before


def test_generate_check_lists_stale_pages(base_source: Path) -> None:
    run("generate")
    page = base_source / "operations" / "error-reports.yaml"
    page.write_text(page.read_text().replace("What an error report contains.", "What a report holds."))
    result = run("generate", "--check")
    assert result.exit_code == 1
    assert result.stdout == (
        "docs/categories/support/index.md: differs from the sources\n"
        "docs/index.md: differs from the sources\n"
        "docs/operations/error-reports.md: differs from the sources\n"
        "docs/operations/index.md: differs from the sources\n"
        "docs/print.md: differs from the sources\n"
    )
    assert "5 file(s) stale" in result.stderr


def test_generate_check_passes_when_fresh(base_source: Path) -> None:
    run("generate")
    result = run("generate", "--check")
    assert result.exit_code == 0
    assert result.stderr == "runbook: docs is up to date (12 pages)\n"


def test_failed_generate_leaves_docs_untouched(base_source: Path) -> None:
    run("generate")
    before = _snapshot(Path("docs"))
    page = base_source / "operations" / "contacting-support.yaml"
    page.write_text(page.read_text().replace("operation: error-reports", "operation: eror-reports"))
    result = run("generate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("source/operations/contacting-support.yaml:8:16: error:")
    assert result.stderr.splitlines()[-1] == "runbook: 1 error, 0 warnings; nothing was written"
    assert _snapshot(Path("docs")) == before


def test_hand_written_page_with_a_generated_name_is_an_error(base_source: Path) -> None:
    Path("docs/operations").mkdir(parents=True)
    Path("docs/operations/error-reports.md").write_text("# My own notes\n")
    result = run("generate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "docs/operations/error-reports.md:1:1: error: hand-written page has the name of the page generated "
        "from source/operations/error-reports.yaml; it is left untouched: rename or move the hand-written page"
    )
    assert Path("docs/operations/error-reports.md").read_text() == "# My own notes\n"
    assert not Path("docs/index.md").exists()


def test_usage_error_exits_2(base_source: Path) -> None:
    result = run("check", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_no_source_folder_here_is_reported(in_tmp: Path) -> None:
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "source:1:1: error: source folder not found; pass --source DIR or run 'runbook init'"
    )


def test_folder_without_a_runbook_is_one_line_and_not_walked(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A --source naming a parent folder (--source /, a home folder) is not searched for YAML files."""
    Path("notes/deep").mkdir(parents=True)
    Path("notes/deep/settings.yaml").write_text("token: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n")
    walked: list[str] = []
    real_scandir = os.scandir
    monkeypatch.setattr(
        "generator.source.project.os.scandir", lambda path: walked.append(str(path)) or real_scandir(path)
    )
    result = run("check", "--source", "notes")
    assert result.exit_code == 1
    assert result.stderr == (
        "notes:1:1: error: this folder holds no runbook: none of runbook.yaml, owners.yaml, severities.yaml, "
        "categories.yaml or operations/ is in it; pass --source the folder that holds them, or run 'runbook init DIR' "
        "to start a runbook\nrunbook check failed: 1 error, 0 warnings in notes\n"
    )
    assert walked == []


def test_missing_source_folder_is_a_usage_error(base_source: Path) -> None:
    result = run("check", "--source", "sorce")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--source': folder 'sorce' not found; did you mean 'source'? "
        "pass the folder that holds runbook.yaml, or run 'runbook init' to start a runbook"
    )


def test_check_json_format(base_source: Path) -> None:
    page = base_source / "owners.yaml"
    page.write_text(page.read_text().replace("backup: site-admin", "backup: site-admn"))
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    assert '"path": "source/owners.yaml"' in result.stdout
    assert '"line": 10' in result.stdout
    assert "did you mean 'site-admin'?" in result.stdout


def test_check_github_format(base_source: Path) -> None:
    page = base_source / "owners.yaml"
    page.write_text(page.read_text().replace("backup: site-admin", "backup: site-admn"))
    result = run("check", "--format", "github")
    assert result.stdout.startswith("::error file=source/owners.yaml,line=10,col=13,title=unknown-owner::")


def test_unwritable_docs_folder_is_one_line_not_a_traceback(base_source: Path) -> None:
    Path("docs").mkdir()
    Path("docs/operations").write_text("a file where a folder should be\n")
    result = run("generate")
    assert result.exit_code == 1
    assert result.stderr == (
        "docs/operations:1:1: error: generated pages go into the folder operations/, and a file is in the way; "
        "it is left untouched: rename or move it\nrunbook: 1 error, 0 warnings; nothing was written\n"
    )
    assert not Path("docs/index.md").exists()


def test_mkdocs_config_mistake_is_a_line_per_problem(base_source: Path) -> None:
    Path("mkdocs.yml").write_text("site_name: Test\nnav: 5\n")
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        "mkdocs.yml:1:1: error: MkDocs: Config value 'nav': Expected nav to be a list, got a int: 5",
        "runbook: site build failed; fix what MkDocs reports in mkdocs.yml (or the page it names), "
        "then run 'runbook build' again",
    ]


def test_mkdocs_config_yaml_mistake_is_placed_on_its_line(base_source: Path) -> None:
    Path("mkdocs.yml").write_text("site_name: Test\nnav: [index.md\n")
    result = run("build")
    assert result.exit_code == 1
    problem = result.stderr.splitlines()[-2]
    assert problem.startswith("mkdocs.yml:3:1: error: MkDocs encountered an error parsing the configuration file: ")
    assert "Traceback" not in result.stderr


def test_file_in_the_way_of_an_output_folder_says_what_to_do(base_source: Path) -> None:
    Path("blocked").write_text("a file where a folder is needed\n")
    result = run("schema", "--output", "blocked/schema")
    assert result.exit_code == 1
    assert result.stderr == (
        "blocked/schema:1:1: error: Not a directory; a file is where a folder is needed: move or rename that file, "
        "then run the command again; nothing more was written\n"
    )


def test_a_problem_with_no_file_prints_as_runbook_error() -> None:
    """An unreachable service or a missing engine has no file to name: one 'runbook: error:' line."""
    problem = Diagnostic("", 0, 0, "error", "engine", "ProperDocs is not installed; pip install properdocs")
    said = "runbook: error: ProperDocs is not installed; pip install properdocs"
    assert format_diagnostics([problem], "text") == said
    assert format_diagnostics([problem], "github") == (
        "::error title=engine::ProperDocs is not installed; pip install properdocs"
    )
