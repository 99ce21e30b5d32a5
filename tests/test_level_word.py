"""`words: {level: priority}`: a team that says "priority" never reads "severity" in what the tool writes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.pages.render import render_site
from generator.pages.triagedata import triage_data
from generator.runtime.memo import RunCache
from generator.source.project import load_project
from generator.triage.decision import decide
from generator.triage.text import decision_text
from tests.conftest import FIXTURES
from tests.test_catalog import _pieces, _yaml_strings

SEVERITY = re.compile(r"sever", re.IGNORECASE)


def _priority_project(folder: Path, tmp_path: Path, extra: str = ""):  # type: ignore[no-untyped-def]
    source = tmp_path / "source"
    shutil.copytree(folder, source)
    runbook = source / "runbook.yaml"
    text = runbook.read_text()
    if "\nwords:\n" in text:
        text = text.replace("\nwords:\n", "\nwords:\n  level: priority\n", 1)
    else:
        text += "\nwords:\n  level: priority\n"
    runbook.write_text(text + extra)
    project, problems = load_project(source, RunCache.off())
    assert project is not None, problems
    return project


def _shown(text: str) -> str:
    """What a reader sees of a page: link targets and heading ids (addresses may keep 'severity') left out."""
    text = re.sub(r"\]\([^)\s]*\)", "]", text)
    text = re.sub(r"\{#[^}]*\}", "", text)
    text = re.sub(r'(data-[a-z-]+|href|id|class|name|value)="[^"]*"', "", text)
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)


def _without(text: str, pieces: list[str]) -> str:
    text = re.sub(r"\\(.)", r"\1", text)
    for piece in pieces:
        text = text.replace(piece, " ")
    return text


@pytest.mark.parametrize("folder", [FIXTURES / "library", FIXTURES / "payments", FIXTURES / "one-level"], ids=str)
def test_priority_runbook_never_says_severity(folder: Path, tmp_path: Path) -> None:
    project = _priority_project(folder, tmp_path)
    own = [s for path in (tmp_path / "source").rglob("*.yaml") for s in _yaml_strings(yaml.safe_load(path.read_text()))]
    # The runbook's own text may say what it likes; what the tool adds may not.
    theirs = [piece for piece in _pieces(own) if SEVERITY.search(piece)]
    pages = render_site(project, RunCache.off())
    said = {name: SEVERITY.findall(_without(_shown(page.content), theirs)) for name, page in pages.items()}
    assert not {name: found for name, found in said.items() if found}
    assert "# Priority levels" in pages["severity-levels.md"].content
    given = {project.runbook.triage[0].id: "unsure"}
    text = decision_text(decide(project, given), project.runbook)
    assert not SEVERITY.search(_without(text, theirs))
    assert "highest-priority answer" in text
    data = triage_data(project)
    assert data["messages"]["Severity:"] == "Priority:"
    assert not any(SEVERITY.search(str(value)) for value in data["messages"].values())


def test_messages_override_any_message_by_its_id(tmp_path: Path) -> None:
    extra = 'messages:\n  "Priority levels": "Urgency levels"\n  "Whom to page first": "Call first"\n'
    project = _priority_project(FIXTURES / "payments", tmp_path, extra.replace("Priority levels", "Severity levels"))
    pages = render_site(project, RunCache.off())
    assert "# Urgency levels" in pages["severity-levels.md"].content
    assert "## Call first {#whom-to-page-first}" in pages["index.md"].content
