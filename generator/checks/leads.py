"""Who leads each level and what a reader opens first: page_first, page_by, open_first, and "not sure".

Kept apart from the matrix checks in validate.py, but held to the same rules: every level names
the role to page first, that role exists (a typo gets the close id), page_by is one of its
contact methods, and open_first names existing pages. An answer cannot use the id "unsure",
which every triage question already offers as "Not sure".
"""

from __future__ import annotations

from generator.checks.owners import unknown_owner_message
from generator.diagnostics import Diagnostic, did_you_mean
from generator.source.project import RUNBOOK_FILE, SEVERITIES_FILE, Project
from generator.triage.decision import UNSURE


def lead_problems(project: Project) -> list[Diagnostic]:
    """Errors in each level's page_first, page_by and open_first."""
    source = project.file(SEVERITIES_FILE)
    owners = {o.id: o for o in project.owners.owners}
    titles = {o.id: o.title for o in project.owners.owners}
    problems = []
    for i, level in enumerate(project.severities.levels):
        if level.page_first is None:
            problems.append(
                source.diagnostic(
                    ("levels", i),
                    "missing-page-first",
                    f"level '{level.id}' names no role to page first; add 'page_first: <owner-id>' "
                    "with the owner who leads the response at this level",
                    key=False,
                )
            )
        elif level.page_first not in owners:
            problems.append(
                source.diagnostic(
                    ("levels", i, "page_first"), "unknown-owner", unknown_owner_message(level.page_first, titles)
                )
            )
        lead = owners.get(level.page_first or "")
        if lead is not None and level.page_by is not None and all(c.method != level.page_by for c in lead.contact):
            methods = ", ".join(dict.fromkeys(c.method for c in lead.contact))
            problems.append(
                source.diagnostic(
                    ("levels", i, "page_by"),
                    "unknown-contact-method",
                    f"'{lead.id}' has no {level.page_by} contact in owners.yaml; "
                    f"page_by must be one of its methods: {methods}",
                )
            )
        for j, op_id in enumerate(level.open_first):
            if op_id not in project.operations:
                problems.append(
                    source.diagnostic(
                        ("levels", i, "open_first", j),
                        "unknown-operation",
                        f"unknown operation '{op_id}'; {did_you_mean(op_id, project.operations, 'operation ids')} "
                        "(operations are the files in operations/)",
                    )
                )
    return problems


def unsure_problems(project: Project) -> list[Diagnostic]:
    """An error for an answer whose id is the reserved 'unsure'."""
    source = project.file(RUNBOOK_FILE)
    return [
        source.diagnostic(
            ("triage", i, "answers", j, "id"),
            "reserved-id",
            f"answer id '{UNSURE}' is reserved: every question already offers 'Not sure', which counts as "
            "its most severe answer; give this answer another id",
        )
        for i, dimension in enumerate(project.runbook.triage)
        for j, answer in enumerate(dimension.answers)
        if answer.id == UNSURE
    ]
