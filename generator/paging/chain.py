"""Each level's escalation chain: who is paged first, who next when nobody acknowledges, and after how long."""

from __future__ import annotations

from dataclasses import dataclass

from generator.source.durations import Duration, minutes_text, parse_duration
from generator.source.load import DataPath
from generator.source.model import Owner, PagingTarget, Severity
from generator.source.project import OWNERS_FILE, SEVERITIES_FILE, Project

TOOLS = {"pagerduty": "PagerDuty", "grafana_oncall": "Grafana OnCall"}
"""Paging tools by the key owners.yaml names them with, and the name people know them by."""


@dataclass(frozen=True)
class EscalationStep:
    """One owner in a chain, and the YAML line that puts it there."""

    owner: Owner
    file: str
    """SEVERITIES_FILE for page_first and escalate_to, OWNERS_FILE for the default backup step."""
    path: DataPath

    def target(self, tool: str) -> PagingTarget | None:
        """This owner's identity in ``tool`` ('pagerduty' or 'grafana_oncall'), if it has one."""
        paging = self.owner.paging
        return getattr(paging, tool, None) if paging is not None else None


@dataclass(frozen=True)
class EscalationChain:
    """A level's chain of owners; every step waits ``delay`` for an acknowledgement before the next."""

    level: Severity
    index: int
    """The level's position in severities.yaml (its path is ('levels', index))."""
    steps: tuple[EscalationStep, ...]
    delay: Duration
    delay_path: DataPath
    """The line the delay comes from: escalate_after, else response.acknowledge_within."""

    @property
    def delay_minutes(self) -> int | None:
        return self.delay.minutes

    @property
    def policy_id(self) -> str | None:
        paging = self.level.paging
        return paging.pagerduty.escalation_policy if paging is not None and paging.pagerduty is not None else None

    @property
    def wait_text(self) -> str:
        """'15 minutes' (normalised) for a clock delay, else the text as written."""
        return minutes_text(self.delay.minutes) if self.delay.minutes is not None else self.delay.text


def level_chain(project: Project, index: int) -> EscalationChain | None:
    """The chain of the level at ``index``; None when its page_first names no known owner.

    The chain is page_first, then each escalate_to owner in order; without escalate_to, the
    page-first owner's backup, one step only (backups often name each other). Unknown owners are
    left out: ``runbook check`` reports them.
    """
    level = project.severities.levels[index]
    owners = {o.id: (i, o) for i, o in enumerate(project.owners.owners)}
    if level.page_first not in owners:
        return None
    lead_index, lead = owners[level.page_first]
    steps = [EscalationStep(lead, SEVERITIES_FILE, ("levels", index, "page_first"))]
    if level.escalate_to:
        for j, owner_id in enumerate(level.escalate_to):
            if owner_id in owners:
                steps.append(EscalationStep(owners[owner_id][1], SEVERITIES_FILE, ("levels", index, "escalate_to", j)))
    elif lead.backup in owners and lead.backup != lead.id:
        steps.append(EscalationStep(owners[lead.backup][1], OWNERS_FILE, ("owners", lead_index, "backup")))
    delay_path: DataPath
    if level.escalate_after is not None:
        delay, delay_path = parse_duration(level.escalate_after), ("levels", index, "escalate_after")
    else:
        delay = parse_duration(level.response.acknowledge_within)
        delay_path = ("levels", index, "response", "acknowledge_within")
    return EscalationChain(level, index, tuple(steps), delay, delay_path)


def chains(project: Project) -> list[EscalationChain]:
    """Every level's chain, in level order (levels without a known page_first are skipped)."""
    found = (level_chain(project, i) for i in range(len(project.severities.levels)))
    return [chain for chain in found if chain is not None]


def uses_paging(project: Project) -> bool:
    """Whether the runbook states anything about paging: an identity, a level's policy or its escalation."""
    return any(o.paging is not None for o in project.owners.owners) or any(
        level.paging is not None or level.escalate_to or level.escalate_after is not None
        for level in project.severities.levels
    )


def pagerduty_reference(target: PagingTarget | None) -> dict[str, str]:
    """A schedule or user as PagerDuty references it in an escalation rule (export checks every target is given)."""
    if target is None:
        raise ValueError("an owner without a PagerDuty identity cannot be exported")
    if target.schedule is not None:
        return {"type": "schedule_reference", "id": target.schedule}
    return {"type": "user_reference", "id": target.user or ""}


def policy_name(project: Project, level: Severity) -> str:
    """The name an exported policy or chain carries: the runbook's title and the level's name."""
    return f"{project.runbook.title}: {level.name}"
