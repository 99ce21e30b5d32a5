"""What ``runbook check`` says about paging: identities, escalate_to, escalate_after and policy ids.

Held to the rules of every other reference: an unknown owner gets the close id, a duplicate
names the line of the first, a wrong shape says what to write.
"""

from __future__ import annotations

import re

from generator.checks.owners import unknown_owner_message
from generator.diagnostics import Diagnostic
from generator.paging.chain import TOOLS, uses_paging
from generator.source.durations import parse_duration
from generator.source.load import SourceFile
from generator.source.model import PagingTarget, Severity
from generator.source.project import OWNERS_FILE, SEVERITIES_FILE, Project

_TOOL_ID = re.compile(r"^[A-Za-z0-9]+$")
"""PagerDuty ids (PI7DH85) and Grafana OnCall ids (U4DNY931HHJS5) are letters and digits."""
_EXAMPLE_ID = {"pagerduty": "PI7DH85", "grafana_oncall": "SBM7DV7BKFUYU"}


def paging_problems(project: Project) -> list[Diagnostic]:
    """Every error in the owners' paging identities and the levels' escalation."""
    problems = _identity_problems(project)
    source = project.file(SEVERITIES_FILE)
    titles = {o.id: o.title for o in project.owners.owners}
    exported = uses_paging(project)
    policies: dict[str, int] = {}
    for i, level in enumerate(project.severities.levels):
        problems += _escalate_to_problems(source, i, level, titles)
        problems += _delay_problems(source, i, level, exported)
        policy = level.paging.pagerduty if level.paging is not None else None
        if policy is None:
            continue
        path = ("levels", i, "paging", "pagerduty", "escalation_policy")
        if not _TOOL_ID.match(policy.escalation_policy):
            problems.append(source.diagnostic(path, "paging-id", _id_message(policy.escalation_policy, "pagerduty")))
        elif policy.escalation_policy in policies:
            other = policies[policy.escalation_policy]
            first = source.place(("levels", other, "paging", "pagerduty", "escalation_policy"))
            problems.append(
                source.diagnostic(
                    path,
                    "duplicate-policy",
                    f"escalation policy '{policy.escalation_policy}' already pages level "
                    f"'{project.severities.levels[other].id}' (line {first.line}); "
                    "each level has its own policy: give this level its own id, or remove the line",
                )
            )
        else:
            policies[policy.escalation_policy] = i
    return problems


def _identity_problems(project: Project) -> list[Diagnostic]:
    source = project.file(OWNERS_FILE)
    problems = []
    for i, owner in enumerate(project.owners.owners):
        if owner.paging is None:
            continue
        for tool, name in TOOLS.items():
            target: PagingTarget | None = getattr(owner.paging, tool)
            if target is None:
                continue
            path = ("owners", i, "paging", tool)
            given = [key for key in ("schedule", "user") if getattr(target, key) is not None]
            if len(given) != 1:
                found = "both" if given else "neither"
                problems.append(
                    source.diagnostic(
                        path,
                        "paging-identity",
                        f"'{tool}' gives {found} of 'schedule' and 'user'; write one: the {name} schedule that holds "
                        f"role '{owner.id}' ('schedule: ID'), or the one user ('user: ID')",
                        key=True,
                    )
                )
                continue
            value = getattr(target, given[0])
            if not _TOOL_ID.match(value):
                problems.append(source.diagnostic((*path, given[0]), "paging-id", _id_message(value, tool)))
    return problems


def _id_message(value: str, tool: str) -> str:
    return (
        f"'{value}' is not a {TOOLS[tool]} id: ids are letters and digits only, e.g. {_EXAMPLE_ID[tool]}; "
        "copy it from the address of its page in the tool"
    )


def _escalate_to_problems(source: SourceFile, i: int, level: Severity, titles: dict[str, str]) -> list[Diagnostic]:
    problems = []
    seen: dict[str, int] = {}
    for j, owner_id in enumerate(level.escalate_to):
        path = ("levels", i, "escalate_to", j)
        if owner_id not in titles:
            problems.append(source.diagnostic(path, "unknown-owner", unknown_owner_message(owner_id, titles)))
        elif owner_id == level.page_first:
            problems.append(
                source.diagnostic(
                    path,
                    "escalate-to-page-first",
                    f"'{owner_id}' is paged first at level '{level.id}' (page_first); escalate_to lists who is paged "
                    "next when nobody acknowledges: remove it, or name another owner",
                )
            )
        elif owner_id in seen:
            first = source.place(("levels", i, "escalate_to", seen[owner_id]))
            problems.append(
                source.diagnostic(
                    path,
                    "duplicate-escalation",
                    f"'{owner_id}' is already in escalate_to on line {first.line}; a step pages someone new: remove "
                    "this entry",
                )
            )
        else:
            seen[owner_id] = j
    return problems


def _delay_problems(source: SourceFile, i: int, level: Severity, exported: bool) -> list[Diagnostic]:
    if level.escalate_after is not None:
        if parse_duration(level.escalate_after).is_clock:
            return []
        return [
            source.diagnostic(
                ("levels", i, "escalate_after"),
                "escalate-after",
                f"escalate_after '{level.escalate_after}' is not a length of clock time a paging tool can wait; "
                "write minutes or hours, e.g. '10 minutes' or '1 hour'",
            )
        ]
    acknowledge = level.response.acknowledge_within
    if not exported or parse_duration(acknowledge).is_clock:
        return []
    return [
        source.diagnostic(
            ("levels", i, "response", "acknowledge_within"),
            "escalate-after",
            f"level '{level.id}' acknowledges within '{acknowledge}', which a paging tool cannot wait for, and this "
            "runbook's escalation is exported to one; add 'escalate_after: N minutes' (or hours) to the level, "
            "beside page_first: how long each step waits before the next is paged",
        )
    ]
