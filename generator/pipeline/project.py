"""Start a runbook or a page in one, export the editor schemas, and decide a triage: paths in, data out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, display_path
from generator.pages.escalation import escalation_text
from generator.paging.chain import level_chain
from generator.pipeline.generate import GenerateResult, generate_docs
from generator.scaffold import (
    BrokenProject,
    UnknownCategory,
    existing_files,
    operation_path,
    operation_text,
    page_with_title,
    project_files,
)
from generator.source.project import Project
from generator.source.schema import render_schemas
from generator.source.slugs import explain_slug, is_slug, reserved_problem
from generator.triage.decision import TriageDecision, decide, parse_answers
from generator.triage.text import decision_text
from generator.writer.write import atomic_write


@dataclass
class SchemaResult:
    """The editor schemas against ``output``: the names that differ, and whether they were written."""

    output: Path
    stale: list[str]
    total: int
    written: bool


def _unchanged(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode()
    except OSError:
        return False


def export_schemas(output: Path, *, check_only: bool = False) -> SchemaResult:
    """Write a JSON Schema per YAML file kind into ``output`` (only those that differ); with ``check_only``, none."""
    texts = render_schemas()
    stale = [name for name, text in texts.items() if not _unchanged(output / name, text)]
    if not check_only:
        for name in stale:
            atomic_write(output / name, texts[name].encode())
    return SchemaResult(output, stale, len(texts), written=not check_only)


@dataclass
class InitResult:
    """A new project: its title and product, the files written (or those already in the way), its first generate."""

    title: str
    product: str
    files: int = 0
    existing: list[Path] | None = None
    """Files that already exist: nothing was written."""
    generated: GenerateResult | None = None
    refused: str | None = None
    """A usage mistake in the options: nothing was written."""


def _words(folder: Path) -> str:
    name = re.sub(r"[-_\s]+", " ", folder.resolve().name).strip()
    return " ".join(word[:1].upper() + word[1:] for word in name.split()) or "Support"


def init_project(directory: Path, title: str | None = None, product: str | None = None) -> InitResult:
    """Write a runbook project into ``directory`` (never over a file), then generate its docs/.

    The product defaults to the folder's name in words, the title to '<Product> Runbook'. The
    first generate is not strict: a warning about the given title or product is reported with its
    line for the user to fix, instead of leaving a project without docs/ behind.
    """
    product = (product or _words(directory).removesuffix(" Runbook").strip() or "Support").strip()
    title = (title or f"{product} Runbook").strip()
    if not product or not title:
        return InitResult(title, product, refused="--title and --product cannot be empty")
    files = project_files(title, product)
    existing = existing_files(directory, files)
    if existing:
        return InitResult(title, product, existing=existing)
    for name, text in files.items():
        atomic_write(directory / name, text.encode())
    generated = generate_docs(directory / "source", directory / "docs", config_file=directory / "mkdocs.yml")
    return InitResult(title, product, len(files), generated=generated)


@dataclass
class NewOperation:
    """A new operation file: where it goes, and why it was not written when it was not."""

    path: Path | None
    refused: str | None = None
    """A usage mistake (the id, the title, the category): nothing was written."""
    problem: Diagnostic | None = None
    """The first problem of a project file the page is built from: nothing was written."""
    fix: str | None = None
    """What to do about ``problem``."""

    @property
    def written(self) -> bool:
        return self.refused is None and self.problem is None


def new_operation(source: Path, op_id: str, title: str, category: str | None = None) -> NewOperation:
    """Write source/operations/ID.yaml, a commented page that passes ``runbook check`` once filled in."""
    if not is_slug(op_id):
        return NewOperation(None, explain_slug(op_id, "operation id"))
    reserved = reserved_problem(op_id, "operation id")
    if reserved:
        return NewOperation(None, reserved)
    if not title.strip():
        return NewOperation(None, "--title is empty; give the page title in quotes")
    path = operation_path(source, op_id)
    if path.exists():
        return NewOperation(path, f"{display_path(path)} already exists; choose another id, or edit that file")
    same_title = page_with_title(source, title)
    if same_title is not None:
        return NewOperation(
            path,
            f"{display_path(same_title)} already has the title '{title.strip()}'; give the new page a distinct title",
        )
    try:
        text = operation_text(source, op_id, title.strip(), category)
    except UnknownCategory as error:
        return NewOperation(path, str(error))
    except BrokenProject as error:
        return NewOperation(path, problem=error.problem, fix=error.fix)
    atomic_write(path, text.encode())
    return NewOperation(path)


def triage_decision(project: Project, answers: Iterable[str]) -> TriageDecision:
    """The severity level and owners for ``DIMENSION=ANSWER`` arguments (TriageUsageError when one is unknown)."""
    return decide(project, parse_answers(project, answers))


def triage_text(project: Project, decision: TriageDecision) -> str:
    """``runbook triage``'s text: the decision, how many questions are open, and the level's escalation chain."""
    index = _level_index(project, decision)
    return decision_text(decision, project.runbook, escalation_text(project, index), most_severe=index == 0)


def _level_index(project: Project, decision: TriageDecision) -> int:
    """The decided level's place in severities.yaml (0 is the most severe)."""
    return next(i for i, level in enumerate(project.severities.levels) if level.id == decision.level.id)


def triage_escalation(project: Project, decision: TriageDecision) -> dict[str, Any] | None:
    """The decided level's escalation chain for machines: who is paged, in order, and how long each
    step waits for an acknowledgement; None when the level's page_first names no known owner."""
    chain = level_chain(project, _level_index(project, decision))
    if chain is None:
        return None
    return {
        "steps": [{"id": step.owner.id, "title": step.owner.title} for step in chain.steps],
        "wait": chain.wait_text,
        "wait_minutes": chain.delay_minutes,
        "pagerduty_escalation_policy": chain.policy_id,
    }
