"""The runbook's escalation chains in the paging tools' own shapes: PagerDuty's API and Terraform.

Nothing here writes to a paging tool: a team applies the Terraform export (or reviews the API
shape) to change it. A chain that cannot be exported (an owner with no identity in the tool, a
level whose wait is not clock time) is a diagnostic on the YAML line to fix.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic
from generator.paging.chain import TOOLS, EscalationChain, chains, pagerduty_reference, policy_name
from generator.paging.terraform import GRAFANA_WAIT_SECONDS, grafana_oncall_terraform, pagerduty_terraform
from generator.source.project import OWNERS_FILE, SEVERITIES_FILE, Project

EXPORT_FORMATS = ("pagerduty", "pagerduty-terraform", "grafana-oncall-terraform")


@dataclass
class ExportResult:
    """The exported document as text (None when the chains cannot be exported) and every problem."""

    text: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def export_problems(project: Project, found: list[EscalationChain], tool: str) -> list[Diagnostic]:
    """Why ``found`` cannot be exported to ``tool``: owners without an identity in it, waits not on the clock."""
    owners_file = project.file(OWNERS_FILE)
    problems = []
    missing: dict[str, list[str]] = {}
    for chain in found:
        if chain.delay_minutes is None:
            problems.append(
                project.file(SEVERITIES_FILE).diagnostic(
                    chain.delay_path,
                    "escalate-after",
                    f"level '{chain.level.id}' waits '{chain.delay.text}' before escalating, which {TOOLS[tool]} "
                    "cannot wait for; add 'escalate_after: N minutes' (or hours) to the level, beside page_first",
                )
            )
        elif tool == "grafana_oncall" and not _fits(chain.delay_minutes * 60, GRAFANA_WAIT_SECONDS):
            problems.append(
                project.file(SEVERITIES_FILE).diagnostic(
                    chain.delay_path,
                    "escalate-after",
                    f"level '{chain.level.id}' waits {chain.wait_text} before escalating; a Grafana OnCall wait step "
                    "lasts 1 minute to 1 day: set 'escalate_after' on the level within that range",
                )
            )
        for step in chain.steps:
            if step.target(tool) is None:
                missing.setdefault(step.owner.id, []).append(chain.level.id)
    for i, owner in enumerate(project.owners.owners):
        if owner.id in missing:
            named = list(dict.fromkeys(missing[owner.id]))
            levels = ("levels " if len(named) > 1 else "level ") + ", ".join(f"'{level}'" for level in named)
            problems.append(
                owners_file.diagnostic(
                    ("owners", i, "id"),
                    "missing-paging-identity",
                    f"owner '{owner.id}' is in the escalation chain of {levels} but has no {TOOLS[tool]} "
                    f"identity; add 'paging: {{{tool}: {{schedule: ID}}}}' (or 'user: ID') to this owner",
                )
            )
    return sorted(problems)


def _fits(value: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= value <= bounds[1]


def pagerduty_policies(project: Project, found: list[EscalationChain]) -> list[dict[str, Any]]:
    """One PagerDuty ``EscalationPolicy`` per chain, in level order (REST API v2's shape)."""
    policies = []
    for chain in found:
        policy: dict[str, Any] = {"type": "escalation_policy"}
        if chain.policy_id is not None:
            policy["id"] = chain.policy_id
        policy["name"] = policy_name(project, chain.level)
        policy["description"] = chain.level.summary
        policy["num_loops"] = 0
        policy["escalation_rules"] = [
            {
                "escalation_delay_in_minutes": chain.delay_minutes,
                "targets": [pagerduty_reference(step.target("pagerduty"))],
            }
            for step in chain.steps
        ]
        policies.append(policy)
    return policies


_BUILDERS: dict[str, tuple[str, Callable[[Project, list[EscalationChain]], dict[str, Any]]]] = {
    "pagerduty": ("pagerduty", lambda project, found: {"escalation_policies": pagerduty_policies(project, found)}),
    "pagerduty-terraform": ("pagerduty", pagerduty_terraform),
    "grafana-oncall-terraform": ("grafana_oncall", grafana_oncall_terraform),
}


def export_chains(project: Project, to: str) -> ExportResult:
    """The export of every level's chain in format ``to`` (one of EXPORT_FORMATS), as JSON text."""
    tool, build = _BUILDERS[to]
    found = chains(project)
    problems = export_problems(project, found, tool)
    if problems:
        return ExportResult(None, problems)
    return ExportResult(json.dumps(build(project, found), indent=2, ensure_ascii=False) + "\n")
