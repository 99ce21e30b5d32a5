"""What the browser tests expect, read from the runbook in source/ rather than written down.

Whatever runbook source/ holds, these say which answer to click, which page to open and what
each should then show, so the browser tests hold for any valid runbook.
"""

from __future__ import annotations

import datetime
import itertools
import re
from functools import cache

import pytest

from generator.checks.review import review_due
from generator.pages.render import render_site
from generator.runtime.memo import RunCache
from generator.source.model import Category, Operation
from generator.source.project import Project, load_project
from generator.triage.decision import TriageDecision, decide
from tests.conftest import FIXTURES, ROOT


@cache
def bundled() -> Project:
    loaded, diagnostics = load_project(ROOT / "source", RunCache.off())
    assert loaded is not None, diagnostics
    return loaded


def contact_text(contact: dict[str, str]) -> str:
    """A contact from ``runbook triage --json`` as the pages print it: its label, then its value."""
    return f"{contact['label']}: {contact['value']}" if contact["label"] else contact["value"]


def label_for(dimension: str, answer: str) -> str:
    found = next(d for d in bundled().runbook.triage if d.id == dimension)
    return next(a.label for a in found.answers if a.id == answer)


def decision(answers: dict[str, str]) -> TriageDecision:
    """What `runbook triage` decides for these answers (unanswered ones take their mildest)."""
    return decide(bundled(), answers)


def every_combination() -> list[dict[str, str]]:
    dimensions = bundled().runbook.triage
    return [
        {d.id: answer for d, answer in zip(dimensions, combo, strict=True)}
        for combo in itertools.product(*([a.id for a in d.answers] for d in dimensions))
    ]


def one_combination_per_level() -> list[dict[str, str]]:
    """For each level, the first combination that lands on it, as the answers that differ from the mildest."""
    mildest = {d.id: d.answers[0].id for d in bundled().runbook.triage}
    found: dict[str, dict[str, str]] = {}
    for answers in every_combination():
        found.setdefault(decision(answers).level.id, {k: v for k, v in answers.items() if v != mildest[k]})
    return [found[level.id] for level in bundled().severities.levels if level.id in found]


def one_answer_to(level_id: str) -> tuple[str, str] | None:
    """A single answer that, with every other question left alone, gives this level."""
    for dimension in bundled().runbook.triage:
        for answer in dimension.answers[1:]:
            if decision({dimension.id: answer.id}).level.id == level_id:
                return dimension.id, answer.id
    return None


def category_of(operation: Operation) -> Category:
    return next(c for c in bundled().categories.categories if c.id == operation.category)


def first_operation() -> tuple[str, Operation]:
    return min(bundled().operations.items())


def reviewed_operation() -> tuple[str, Operation, datetime.date] | None:
    """The first page, by id, with a review due date."""
    for op_id, operation in sorted(bundled().operations.items()):
        due = review_due(operation, category_of(operation))
        if due is not None:
            return op_id, operation, due
    return None


def tag_anchor(name: str) -> str:
    """The id Material's tags plugin gives a tag's heading."""
    return "tag:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def page_count() -> int:
    """How many pages `runbook generate` writes for source/: each is one page of the built site."""
    return len(render_site(bundled(), RunCache.off()))


def embedding(project: Project, embed: str) -> str | None:
    """The first page, by id, with a section that embeds ``embed`` (and the data it is built from)."""
    needs = {"customer-update": project.runbook.communication, "support-report": project.runbook.evidence}
    if not needs.get(embed, True):
        return None
    return next((i for i, op in sorted(project.operations.items()) if any(s.embed == embed for s in op.sections)), None)


@cache
def fixture_project(name: str) -> Project:
    loaded, diagnostics = load_project(FIXTURES / name, RunCache.off())
    assert loaded is not None, diagnostics
    return loaded


def with_embed(embed: str, request: pytest.FixtureRequest) -> tuple[Project, str, str]:
    """(runbook, site address, page id) of a page that embeds ``embed``: source/'s, else tests/fixtures/payments'.

    A runbook without a support report or update template (tests/fixtures/library has neither)
    shows none, so the template is checked on the payments fixture, which has both, instead of skipped.
    """
    op_id = embedding(bundled(), embed)
    if op_id is not None:
        return bundled(), str(request.getfixturevalue("base_url")), op_id
    project = fixture_project("payments")
    op_id = embedding(project, embed)
    assert op_id is not None, f"tests/fixtures/payments embeds no {embed}"
    return project, str(request.getfixturevalue("payments_url")), op_id


def skip_unless_source_has(*names: str) -> None:
    """Skip a module written for the bundled runbook's own pages when source/ holds another runbook.

    A walkthrough of real questions ("what must I never paste into a marketplace ticket?") or a
    search for real words can only name the pages that answer them; with another team's source/
    those pages do not exist, and the module says so instead of failing on someone else's runbook.
    """
    missing = [name for name in names if not (ROOT / "source" / name).is_file()]
    if missing:
        pytest.skip(
            f"source/ has no {', '.join(missing)}: this module checks the bundled runbook's own pages",
            allow_module_level=True,
        )
