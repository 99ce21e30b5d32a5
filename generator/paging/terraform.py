"""The chains as Terraform JSON (``*.tf.json``) for the PagerDuty and the Grafana providers.

The attributes follow each provider's documentation (the sources are named in
tests/paging/terraform/README.md): ``pagerduty_escalation_policy`` with its ``rule`` and ``target``
blocks, and Grafana OnCall's ``grafana_oncall_escalation_chain`` with one
``grafana_oncall_escalation`` step per owner and a ``wait`` step between two owners.
"""

from __future__ import annotations

import re
from typing import Any

from generator.paging.chain import EscalationChain, pagerduty_reference, policy_name
from generator.source.project import Project

GRAFANA_WAIT_SECONDS = (60, 86400)
"""The wait a Grafana OnCall escalation step accepts, in seconds (the provider documents 60-86400)."""


def resource_name(level_id: str) -> str:
    """A Terraform resource name for a level: 'level_' and its id with '-' as '_' (names cannot start with a digit)."""
    return "level_" + re.sub(r"[^A-Za-z0-9_]", "_", level_id)


def pagerduty_terraform(project: Project, found: list[EscalationChain]) -> dict[str, Any]:
    """``pagerduty_escalation_policy`` resources; a level that names its live policy gets an ``import`` block."""
    policies: dict[str, Any] = {}
    imports = []
    for chain in found:
        name = resource_name(chain.level.id)
        policies[name] = {
            "name": policy_name(project, chain.level),
            "description": chain.level.summary,
            "num_loops": 0,
            "rule": [
                {
                    "escalation_delay_in_minutes": chain.delay_minutes,
                    "target": [pagerduty_reference(step.target("pagerduty"))],
                }
                for step in chain.steps
            ],
        }
        if chain.policy_id is not None:
            imports.append({"to": f"pagerduty_escalation_policy.{name}", "id": chain.policy_id})
    document: dict[str, Any] = {}
    if imports:
        document["import"] = imports
    document["resource"] = {"pagerduty_escalation_policy": policies}
    return document


def grafana_oncall_terraform(project: Project, found: list[EscalationChain]) -> dict[str, Any]:
    """One ``grafana_oncall_escalation_chain`` per level, and its steps: notify each owner, wait between two."""
    escalation_chains: dict[str, Any] = {}
    steps: dict[str, Any] = {}
    for chain in found:
        name = resource_name(chain.level.id)
        escalation_chains[name] = {"name": policy_name(project, chain.level)}
        chain_id = f"${{grafana_oncall_escalation_chain.{name}.id}}"
        position = 0
        for number, step in enumerate(chain.steps):
            if number:
                steps[f"{name}_step_{position}"] = {
                    "escalation_chain_id": chain_id,
                    "position": position,
                    "type": "wait",
                    "duration": (chain.delay_minutes or 0) * 60,
                }
                position += 1
            target = step.target("grafana_oncall")
            notify: dict[str, Any] = {"escalation_chain_id": chain_id, "position": position}
            if target is not None and target.schedule is not None:
                notify |= {"type": "notify_on_call_from_schedule", "notify_on_call_from_schedule": target.schedule}
            elif target is not None:
                notify |= {"type": "notify_persons", "persons_to_notify": [target.user]}
            steps[f"{name}_step_{position}"] = notify
            position += 1
    return {
        "resource": {
            "grafana_oncall_escalation_chain": escalation_chains,
            "grafana_oncall_escalation": steps,
        }
    }
