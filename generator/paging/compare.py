"""The runbook's chains against the policies PagerDuty holds: each disagreement a diagnostic on the runbook's line.

A level's policy is found by its ``escalation_policy`` id, else by the name the export gives it.
The runbook's side of each disagreement is the line that states it: page_first for the first
target, the escalate_to entry (or the lead's backup) for a later one, escalate_after (or
acknowledge_within) for a wait, the owner's ``paging:`` id for a target it does not name.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic
from generator.paging.chain import EscalationChain, EscalationStep, chains, policy_name
from generator.paging.export import export_problems
from generator.paging.live import LivePolicy, LiveTarget
from generator.source.durations import minutes_text
from generator.source.project import OWNERS_FILE, SEVERITIES_FILE, Project

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _nth(index: int) -> str:
    return _ORDINALS[index] if index < len(_ORDINALS) else f"number {index + 1}"


def _step_target(step: EscalationStep) -> LiveTarget | None:
    target = step.target("pagerduty")
    if target is None:
        return None
    if target.schedule is not None:
        return LiveTarget("schedule", target.schedule)
    return LiveTarget("user", target.user or "")


class _Comparison:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.problems: list[Diagnostic] = []
        self.known: dict[tuple[str, str], str] = {}
        """(kind, id) of every owner's PagerDuty identity, to the owner id."""
        for owner in project.owners.owners:
            target = owner.paging.pagerduty if owner.paging is not None else None
            if target is not None:
                kind, value = ("schedule", target.schedule) if target.schedule else ("user", target.user)
                self.known[(kind, value or "")] = owner.id

    def error(self, file: str, path: tuple[str | int, ...], code: str, message: str) -> None:
        self.problems.append(self.project.file(file).diagnostic(path, code, message))

    def who(self, target: LiveTarget) -> str:
        return target.describe(self.known.get((target.kind, target.id)))

    def identity_path(self, step: EscalationStep) -> tuple[str | int, ...]:
        index = next(i for i, o in enumerate(self.project.owners.owners) if o.id == step.owner.id)
        target = step.target("pagerduty")
        key = "schedule" if target is not None and target.schedule is not None else "user"
        return ("owners", index, "paging", "pagerduty", key)

    def chain(self, chain: EscalationChain, policy: LivePolicy) -> None:
        expected = [_step_target(step) for step in chain.steps]
        places = {target: k for k, rule in enumerate(policy.rules) for target in rule.targets}
        for k, step in enumerate(chain.steps):
            wanted = expected[k]
            if wanted is None:
                continue  # export_problems names the owner without an identity
            who = f"'{step.owner.id}' ({wanted.kind} {wanted.id})"
            if k >= len(policy.rules):
                self.error(
                    step.file,
                    step.path,
                    "paging-drift",
                    f"PagerDuty's policy {policy.describe()} has no {_nth(k)} rule; the runbook escalates to {who} "
                    f"{_nth(k)}",
                )
                continue
            rule = policy.rules[k]
            if wanted not in rule.targets:
                if wanted in places:
                    before = ", ".join(f"'{s.owner.id}'" for s in chain.steps[:k])
                    message = (
                        f"PagerDuty's policy {policy.describe()} pages {who} at its {_nth(places[wanted])} rule; "
                        f"the runbook pages it {_nth(k)}" + (f", after {before}" if before else "")
                    )
                else:
                    paged = " and ".join(self.who(t) for t in rule.targets) or "nobody"
                    message = (
                        f"PagerDuty's policy {policy.describe()} pages {paged} {_nth(k)}; the runbook pages {who} "
                        f"{_nth(k)} (level '{chain.level.id}')"
                    )
                self.error(step.file, step.path, "paging-drift", message)
            for extra in rule.targets:
                if extra != wanted and extra not in expected:
                    self.error(
                        OWNERS_FILE,
                        self.identity_path(step),
                        "paging-drift",
                        f"PagerDuty's policy {policy.describe()} also pages {self.who(extra)} at its {_nth(k)} rule, "
                        f"beside '{step.owner.id}'; the runbook names no such target at level '{chain.level.id}'",
                    )
            if chain.delay_minutes is not None and rule.delay_minutes != chain.delay_minutes:
                self.error(
                    SEVERITIES_FILE,
                    chain.delay_path,
                    "paging-drift",
                    f"PagerDuty's policy {policy.describe()} waits {minutes_text(rule.delay_minutes)} at its "
                    f"{_nth(k)} rule; the runbook waits {chain.wait_text} (level '{chain.level.id}')",
                )
        last = chain.steps[-1]
        for k in range(len(chain.steps), len(policy.rules)):
            paged = " and ".join(self.who(t) for t in policy.rules[k].targets) or "nobody"
            self.error(
                last.file,
                last.path,
                "paging-drift",
                f"PagerDuty's policy {policy.describe()} has a {_nth(k)} rule paging {paged}; the runbook's chain for "
                f"level '{chain.level.id}' ends with '{last.owner.id}'",
            )


def compare_policies(project: Project, live: list[LivePolicy]) -> list[Diagnostic]:
    """Every disagreement between the runbook's chains and ``live``, each on the runbook's line."""
    found = chains(project)
    comparison = _Comparison(project)
    comparison.problems += export_problems(project, found, "pagerduty")
    by_id = {policy.id: policy for policy in live}
    by_name = {policy.name: policy for policy in live}
    for chain in found:
        if chain.policy_id is not None:
            policy = by_id.get(chain.policy_id)
            if policy is None:
                comparison.error(
                    SEVERITIES_FILE,
                    ("levels", chain.index, "paging", "pagerduty", "escalation_policy"),
                    "paging-missing-policy",
                    f"PagerDuty has no escalation policy '{chain.policy_id}' (it holds {len(live)}); correct the id, "
                    "or create the policy from 'runbook paging export --to pagerduty-terraform'",
                )
                continue
        else:
            name = policy_name(project, chain.level)
            policy = by_name.get(name)
            if policy is None:
                comparison.error(
                    SEVERITIES_FILE,
                    ("levels", chain.index, "name"),
                    "paging-missing-policy",
                    f"PagerDuty has no escalation policy named '{name}' (it holds {len(live)}); name the live policy "
                    "under the level as 'paging: {pagerduty: {escalation_policy: ID}}', or create it from "
                    "'runbook paging export --to pagerduty-terraform'",
                )
                continue
        comparison.chain(chain, policy)
    return sorted(set(comparison.problems))
