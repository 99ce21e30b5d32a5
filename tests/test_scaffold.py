"""'runbook init' starts a project that checks and builds as it is; 'runbook new operation' a valid page."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.source.schema import directive
from tests.conftest import ROOT, run

PROJECT_FILES = [
    ".gitattributes",
    ".github/workflows/runbook.yml",
    ".gitignore",
    ".vscode/extensions.json",
    ".vscode/settings.json",
    "Makefile",
    "README.md",
    "mkdocs-offline.yml",
    "mkdocs.nav.yml",
    "mkdocs.yml",
    "requirements.txt",
    "schema/categories.schema.json",
    "schema/operation.schema.json",
    "schema/owners.schema.json",
    "schema/runbook.schema.json",
    "schema/severities.schema.json",
    "source/categories.yaml",
    "source/operations/escalating-an-incident.yaml",
    "source/operations/first-response.yaml",
    "source/owners.yaml",
    "source/runbook.yaml",
    "source/severities.yaml",
]


def _files(folder: Path) -> list[str]:
    """Files under ``folder``, the generator's own cache and lock file (ignored by git) aside."""
    found = (p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return sorted(name for name in found if not name.startswith(".cache/") and name != ".docs.runbook-lock")


@pytest.fixture
def project(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    result = run("init", "payments-runbook")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == "runbook: started payments-runbook (21 files)"
    assert result.stderr.splitlines()[-1] == (
        "Next: cd payments-runbook && make check, then make serve to preview while you edit."
    )
    monkeypatch.chdir(in_tmp / "payments-runbook")
    return in_tmp / "payments-runbook"


def test_init_writes_a_project_with_generated_docs(project: Path) -> None:
    files = _files(project)
    assert [f for f in files if not f.startswith("docs/")] == PROJECT_FILES
    assert "docs/operations/first-response.md" in files
    assert yaml.safe_load((project / ".vscode/settings.json").read_text())["yaml.yamlVersion"] == "1.1"
    for path in (project / "source").rglob("*.yaml"):
        name = path.relative_to(project / "source").as_posix()
        assert path.read_text().split("\n", 1)[0] == directive(name)


def test_new_project_passes_every_check_as_it_is(project: Path) -> None:
    result = run("check", "--strict")
    assert (result.exit_code, result.stderr) == (0, "runbook check passed: 0 errors, 0 warnings in source\n")
    assert run("generate", "--check").exit_code == 0
    assert run("schema", "--check").exit_code == 0


def test_new_project_pages_hold_no_editing_hints(project: Path) -> None:
    """The sample pages show readers runbook text; how to write YAML stays in comments."""
    page = (project / "docs" / "operations" / "first-response.md").read_text()
    section = page.split("## Place the report on a level {#place-the-report-on-a-level}\n\n", 1)[1].split(
        "\n\n<div", 1
    )[0]
    assert section.count("\n\n") == 1, section  # two paragraphs, as the YAML's blank line says
    for path in (project / "docs").rglob("*.md"):
        shown = path.read_text().split("\n---\n", 1)[-1]
        for hint in ("blank line", "runbook check", "runbook new", "[["):
            assert hint not in shown.lower(), (path, hint)


def test_new_project_builds_its_site(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        capture_output=True,
        text=True,
        check=False,
        env=None,
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "operations" / "first-response" / "index.html").is_file()
    home = (project / "site" / "index.html").read_text()
    assert "<title>Payments Runbook</title>" in home
    # Material reads its features from the page's configuration: code blocks get a copy button,
    # links load instantly, as on this repository's site.
    features = _material_features(home)
    assert {"content.code.copy", "navigation.instant", "search.suggest"} <= set(features)
    assert 'data-md-color-scheme="default"' in home  # the light palette, with its dark-mode toggle
    assert 'data-md-color-scheme="slate"' in home


def _material_features(page: str) -> list[str]:
    """The theme features a built page hands Material's script (its __config JSON)."""
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)
    assert match, "no Material configuration in the page"
    features: list[str] = json.loads(match.group(1))["features"]
    return features


def test_new_project_offline_copy_keeps_every_feature_but_instant_navigation(project: Path) -> None:
    """Instant navigation fetches pages, which browsers refuse on file://; the rest works offline too."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--config", "mkdocs-offline.yml", "--site-dir", "site-offline"],
        capture_output=True,
        text=True,
        check=False,
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    offline = _material_features((project / "site-offline" / "index.html").read_text())
    online = yaml.safe_load(_theme(project.joinpath("mkdocs.yml").read_text()))["theme"]["features"]
    assert offline == [f for f in online if not f.startswith("navigation.instant")]
    assert "content.code.copy" in offline


def test_init_next_step_can_be_pasted_into_a_shell_whatever_the_folder_name(in_tmp: Path) -> None:
    result = run("init", "Überweisungen Team")
    assert result.exit_code == 0, result.stderr
    last = result.stderr.splitlines()[-1]
    assert last == "Next: cd 'Überweisungen Team' && make check, then make serve to preview while you edit."
    command = last.removeprefix("Next: ").split(" && ", 1)[0]
    shell = subprocess.run(["sh", "-c", f"{command} && pwd"], cwd=in_tmp, capture_output=True, text=True, check=False)
    assert (shell.returncode, shell.stdout.strip()) == (0, str(in_tmp / "Überweisungen Team")), shell.stderr


def test_init_never_overwrites(in_tmp: Path) -> None:
    target = in_tmp / "ops"
    target.mkdir()
    (target / "mkdocs.yml").write_text("site_name: Mine\n")
    result = run("init", "ops")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: ops/mkdocs.yml already exist; runbook init never overwrites files: choose a new or empty folder"
    )
    assert (target / "mkdocs.yml").read_text() == "site_name: Mine\n"
    assert _files(target) == ["mkdocs.yml"]


def test_init_quotes_any_title_safely(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    title = 'Ops: "Payments" #1, no'
    assert run("init", "ops", "--title", title, "--product", "yes").exit_code == 0
    monkeypatch.chdir(in_tmp / "ops")
    assert run("check", "--strict").exit_code == 0
    assert yaml.safe_load(Path("source/runbook.yaml").read_text())["title"] == title
    assert yaml.safe_load(Path("source/runbook.yaml").read_text())["product"] == "yes"


def test_scaffold_uses_the_markdown_extensions_of_this_site() -> None:
    """Escaping is tested on this repository's site; a new project must parse Markdown the same way."""

    def extensions(text: str) -> str:
        match = re.search(r"(?ms)^markdown_extensions:\n.*?(?=^\S)", text)
        assert match, "no markdown_extensions block"
        return match.group(0)

    scaffold = (ROOT / "generator/scaffold/project/mkdocs.yml.j2").read_text()
    assert extensions(scaffold) == extensions((ROOT / "mkdocs.yml").read_text())


def _theme(text: str) -> str:
    match = re.search(r"(?ms)^theme:\n.*?(?=^\S)", text)
    assert match, "no theme block"
    return match.group(0)


def test_scaffold_uses_the_theme_of_this_site() -> None:
    """A new project's site reads as this one does: the same features (code copy, instant links) and palette."""
    scaffold = ROOT / "generator/scaffold/project"
    assert _theme((scaffold / "mkdocs.yml.j2").read_text()) == _theme((ROOT / "mkdocs.yml").read_text())
    assert _theme((scaffold / "mkdocs-offline.yml.j2").read_text()) == _theme((ROOT / "mkdocs-offline.yml").read_text())


def test_new_operation_writes_a_page_that_passes_check(base_source: Path) -> None:
    result = run("new", "operation", "refunds", "--title", "Refunds: when and how")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "runbook: created source/operations/refunds.yaml; fill it in and run 'runbook check'. "
        "Link it from another page (under 'related:', or [[refunds]] in a section) so staff can find it.\n"
    )
    page = base_source / "operations" / "refunds.yaml"
    assert page.read_text().split("\n", 1)[0] == "# yaml-language-server: $schema=../../schema/operation.schema.json"
    assert 'title: "Refunds: when and how"' in page.read_text()
    check = run("check")
    assert check.exit_code == 0
    sample = "is the sample line 'runbook new operation' wrote; replace it with what staff need here, or delete it"
    assert check.stderr == (
        "source/operations/refunds.yaml:7:8: warning: no other page links to 'refunds'; "
        "add it to a related list so staff can find it\n"
        f"source/operations/refunds.yaml:9:10: warning: 'One or two sentences on what this page is for.' {sample}\n"
        f"source/operations/refunds.yaml:13:5: warning: 'when this situation comes up' {sample}\n"
        f"source/operations/refunds.yaml:26:11: warning: 'Write the steps here.' {sample}\n"
        f"source/operations/refunds.yaml:39:5: warning: 'The first thing to confirm' {sample}\n"
        "runbook check passed: 0 errors, 5 warnings in source\n"
    )
    assert run("generate").exit_code == 0


def test_a_new_page_fails_strict_check_until_its_sample_lines_are_replaced(base_source: Path) -> None:
    """CI runs check --strict: a page published with the template's sample lines would say nothing."""
    assert run("new", "operation", "refunds", "--title", "Refunds").exit_code == 0
    page = base_source / "operations" / "refunds.yaml"
    other = base_source / "operations" / "contacting-support.yaml"
    assert "\nrelated:\n" in other.read_text()
    other.write_text(
        other.read_text().replace(
            "\nrelated:\n", "\nrelated:\n  - operation: refunds\n    when: when a refund is asked for\n"
        )
    )
    strict = run("check", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.count("is the sample line 'runbook new operation' wrote") == 4, strict.stderr
    assert "no other page links" not in strict.stderr
    text = page.read_text()
    for sample, real in (
        ("One or two sentences on what this page is for.", "How a refund is approved and sent."),
        ("when this situation comes up", "when a customer asks for their money back"),
        ("Write the steps here.", "Check the order, then refund it from the payment provider's dashboard."),
        ("The first thing to confirm", "The customer received the refund confirmation."),
    ):
        assert sample in text
        text = text.replace(sample, real)
    page.write_text(text)
    result = run("check", "--strict")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "runbook check passed: 0 errors, 0 warnings in source\n"


def test_new_operation_names_an_owner_when_the_category_has_none(base_source: Path) -> None:
    categories = base_source / "categories.yaml"
    categories.write_text(categories.read_text().replace("      primary_owner: support-lead\n", ""))
    for name in ("contacting-support", "error-reports"):
        page = base_source / "operations" / f"{name}.yaml"
        page.write_text(page.read_text() + "owner:\n  primary_owner: support-lead\n")
    assert run("new", "operation", "refunds", "--title", "Refunds").exit_code == 0
    assert "owner:\n  primary_owner: support-lead\n" in (base_source / "operations/refunds.yaml").read_text()
    result = run("check")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("op_id", "message"),
    [
        (
            "Contacting Support",
            "'Contacting Support' is not a valid operation id: it contains the capital letter 'C' and a space; "
            "use lowercase letters a-z, digits 0-9 and single hyphens between them, like 'contacting-support'; "
            "did you mean 'contacting-support'?",
        ),
        (
            "../evil",
            "'../evil' is not a valid operation id: it contains path characters ('/', '\\' or '..'); "
            "use lowercase letters a-z, digits 0-9 and single hyphens between them, like 'contacting-support'; "
            "did you mean 'evil'?",
        ),
        (
            "c\u043efund",
            "'c\u043efund' is not a valid operation id: it contains '\u043e' (U+043E CYRILLIC SMALL LETTER O), "
            "which is not a-z; use lowercase letters a-z, digits 0-9 and single hyphens between them, "
            "like 'contacting-support'; did you mean 'cofund'?",
        ),
    ],
)
def test_new_operation_refuses_an_id_that_is_not_a_slug(base_source: Path, op_id: str, message: str) -> None:
    before = _files(base_source)
    result = run("new", "operation", op_id, "--title", "X")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"
    assert _files(base_source) == before
    assert not (base_source.parent / "evil.yaml").exists()


def test_new_operation_refuses_an_existing_file(base_source: Path) -> None:
    before = (base_source / "operations/error-reports.yaml").read_text()
    result = run("new", "operation", "error-reports", "--title", "X")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: source/operations/error-reports.yaml already exists; choose another id, or edit that file"
    )
    assert (base_source / "operations/error-reports.yaml").read_text() == before


def test_new_operation_refuses_an_unknown_category(base_source: Path) -> None:
    result = run("new", "operation", "refunds", "--title", "Refunds", "--category", "suport")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: unknown category 'suport'; did you mean 'support'? (categories are defined in categories.yaml)"
    )


def test_new_operation_in_a_broken_project_names_the_problem(base_source: Path) -> None:
    categories = base_source / "categories.yaml"
    categories.write_text(categories.read_text().replace("name: Support", "name: Support: team"))
    result = run("new", "operation", "refunds", "--title", "Refunds")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("source/categories.yaml:3:18: error: found ': '")
    assert result.stderr.splitlines()[1] == (
        "runbook: fix source/categories.yaml first ('runbook check' lists every problem), then run this again"
    )
    assert not (base_source / "operations/refunds.yaml").exists()


def test_disk_full_while_building_names_the_site_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(source: str, target: str, *args: object, **kwargs: object) -> None:
        # As shutil reports a failed copy: the file read first, the file being written second.
        error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        error.filename, error.filename2 = source, target
        raise error

    monkeypatch.setattr(shutil, "copyfile", disk_full)
    result = run("build")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[-1]
    assert first.startswith("site/")
    assert first.endswith(
        f": error: {os.strerror(errno.ENOSPC)} while building the site; site is incomplete: "
        "fix the cause and run 'runbook build' again"
    )
    assert ".venv" not in result.stderr and "site-packages" not in result.stderr


def test_init_with_markup_in_the_title_warns_and_still_finishes(in_tmp: Path) -> None:
    result = run("init", "desk", "--title", "<b>Help</b> Desk Runbook", "--product", "Help Desk")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1] == (
        "desk/source/runbook.yaml:7:9: warning: '<b>' looks like HTML, but text is shown exactly as written: "
        "the page will show these characters, not markup; remove the tag or describe it in words"
    )
    assert (in_tmp / "desk" / "docs" / "index.md").is_file()


def test_new_page_with_the_title_of_another_is_refused(base_source: Path) -> None:
    result = run("new", "operation", "reports-again", "--title", "error  REPORTS")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: source/operations/error-reports.yaml already has the title 'error  REPORTS'; "
        "give the new page a distinct title"
    )
    assert not (base_source / "operations" / "reports-again.yaml").exists()
