"""The triage decision: answers in, severity level, response targets, owners and pages out.

The command line (``runbook triage``) and the triage page's script decide from the same
criteria: the page embeds them (generator/pages/triagedata.py), and both defaults are the same
here and in the browser: an unanswered question takes its mildest, first-listed answer, and "not sure"
(``DIM=unsure``) takes its most severe, last-listed one, so an unsure reader lands on the higher
level without any extra criteria.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.source.model import Contact, Owner, SeveritiesFile, Severity
from generator.source.project import Project

UNSURE = "unsure"
"""The answer every question offers besides its own: counts as the question's most severe answer."""

PAGING_METHODS = ("pager", "phone")
"""Contact methods that page someone, in order of preference; else an owner's first contact is used."""


def rule_matches(rule: Mapping[str, list[str]], answers: Mapping[str, str]) -> bool:
    """Whether one criteria rule accepts these answers (an omitted dimension accepts any)."""
    return all(answers.get(dimension) in accepted for dimension, accepted in rule.items())


def matching_levels(severities: SeveritiesFile, answers: Mapping[str, str]) -> list[Severity]:
    """Every level whose criteria accept the answers; exactly one in a valid runbook."""
    return [level for level in severities.levels if any(rule_matches(rule, answers) for rule in level.criteria)]


def paging_contacts(owner: Owner, page_by: str | None = None) -> tuple[Contact, ...]:
    """An owner's contacts with the one to page them by first (``page_by``, else pager, else phone, else first)."""
    for method in (page_by, *PAGING_METHODS) if page_by else PAGING_METHODS:
        for contact in owner.contact:
            if contact.method == method:
                return (contact, *(c for c in owner.contact if c is not contact))
    return tuple(owner.contact)


def level_pages(project: Project, level: Severity) -> list[str]:
    """Operation ids to open at a level, most relevant first.

    The level's own ``open_first`` list, then the pages whose ``applies_to`` names this level but
    not every level, then the pages that apply to every level; each group in id order.
    """
    level_ids = {lv.id for lv in project.severities.levels}
    applying = sorted(op_id for op_id, op in project.operations.items() if level.id in op.applies_to)
    specific = [op_id for op_id in applying if not level_ids <= set(project.operations[op_id].applies_to)]
    first = [op_id for op_id in level.open_first if op_id in project.operations]
    return list(dict.fromkeys([*first, *specific, *applying]))


class TriageUsageError(ValueError):
    """An argument names a dimension or answer that runbook.yaml does not define."""


@dataclass(frozen=True)
class OwnerStep:
    """Who owns one responsibility at the decided level, and how to reach them."""

    responsibility_id: str
    responsibility: str
    owner_id: str
    owner: str
    contacts: tuple[Contact, ...]
    backup_id: str | None
    backup: str | None


@dataclass(frozen=True)
class TriageDecision:
    """The level a set of answers gets, with everything staff need next."""

    answers: dict[str, str]
    """Every dimension's answer as decided: "not sure" already replaced by the most severe answer."""
    assumed: tuple[str, ...]
    """Dimension ids that were not given and took their mildest answer."""
    unsure: tuple[str, ...]
    """Dimension ids answered "not sure", which took their most severe answer."""
    level: Severity
    page_first: OwnerStep
    """The role that leads the response and is paged first, its paging contact first."""
    matched_rule: dict[str, list[str]]
    owners: tuple[OwnerStep, ...]
    operations: tuple[tuple[str, str], ...]
    """(operation id, title) of every page that applies to the level."""


def parse_answers(project: Project, arguments: Iterable[str]) -> dict[str, str]:
    """``DIMENSION=ANSWER`` arguments as a mapping; a usage error names the valid choices."""
    dimensions = {d.id: d for d in project.runbook.triage}
    given: dict[str, str] = {}
    for argument in arguments:
        dimension_id, sep, answer_id = argument.partition("=")
        dimension_id, answer_id = dimension_id.strip(), answer_id.strip()
        if not sep or not dimension_id or not answer_id:
            raise TriageUsageError(f"'{argument}' is not DIMENSION=ANSWER; dimensions: {', '.join(dimensions)}")
        dimension = dimensions.get(dimension_id)
        if dimension is None:
            close = difflib.get_close_matches(dimension_id, list(dimensions), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise TriageUsageError(
                f"unknown dimension '{dimension_id}'; {hint}valid dimensions: {', '.join(dimensions)}"
            )
        answer_ids = [a.id for a in dimension.answers] + [UNSURE]
        if answer_id not in answer_ids:
            raise TriageUsageError(
                f"unknown answer '{answer_id}' for {dimension_id}; valid answers: {', '.join(answer_ids)}"
            )
        if dimension_id in given and given[dimension_id] != answer_id:
            raise TriageUsageError(
                f"{dimension_id} is given twice ({given[dimension_id]} and {answer_id}); give one answer"
            )
        given[dimension_id] = answer_id
    return given


def decide(project: Project, given: dict[str, str]) -> TriageDecision:
    """The decision for these answers; unanswered dimensions take their mildest answer, unsure ones their worst."""
    answers = {d.id: effective_answer([a.id for a in d.answers], given.get(d.id)) for d in project.runbook.triage}
    assumed = tuple(d.id for d in project.runbook.triage if d.id not in given)
    unsure = tuple(d.id for d in project.runbook.triage if given.get(d.id) == UNSURE)
    levels = matching_levels(project.severities, answers)
    if len(levels) != 1:
        # `runbook check` proves this cannot happen in a valid runbook; never guess a level.
        names = ", ".join(level.id for level in levels) or "no level"
        raise ValueError(f"answers match {names}; run 'runbook check' to find the gap or overlap")
    level = levels[0]
    owners = {o.id: o for o in project.owners.owners}

    def step(responsibility_id: str, responsibility: str, owner: Owner, contacts: tuple[Contact, ...]) -> OwnerStep:
        backup = owners.get(owner.backup) if owner.backup else None
        return OwnerStep(
            responsibility_id,
            responsibility,
            owner.id,
            owner.title,
            contacts,
            backup.id if backup else None,
            backup.title if backup else None,
        )

    def contacts(owner: Owner) -> tuple[Contact, ...]:
        """Every contact in owners.yaml's order; the page-first owner's paging contact first, as pages show it."""
        return paging_contacts(owner, level.page_by) if owner.id == level.page_first else tuple(owner.contact)

    steps = [
        step(r.id, r.name, owners[level.owners[r.id]], contacts(owners[level.owners[r.id]]))
        for r in project.runbook.responsibilities
    ]
    # `runbook check` requires page_first; a project decided without checking falls back to the
    # owner of the first responsibility rather than naming no one.
    lead = owners[level.page_first or level.owners[project.runbook.responsibilities[0].id]]
    first = step("page-first", "page first", lead, paging_contacts(lead, level.page_by))
    operations = tuple((op_id, project.operations[op_id].title) for op_id in level_pages(project, level))
    matched = next(rule for rule in level.criteria if rule_matches(rule, answers))
    return TriageDecision(answers, assumed, unsure, level, first, dict(matched), tuple(steps), operations)


def effective_answer(answer_ids: list[str], given: str | None) -> str:
    """The answer a question counts as: unanswered is the mildest (first), "not sure" the most severe (last)."""
    if given is None:
        return answer_ids[0]
    return answer_ids[-1] if given == UNSURE else given
