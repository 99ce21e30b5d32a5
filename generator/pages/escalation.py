"""A level's escalation chain as pages show it: who is paged, after how long, and links into PagerDuty."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from generator.pages.markdown import escape_inline, link
from generator.paging.chain import EscalationChain, level_chain
from generator.source.durations import minutes_text
from generator.source.project import Project


@dataclass(frozen=True)
class ChainStep:
    """One owner of a chain: after how long they are paged (None for the first) and their PagerDuty identity."""

    owner_id: str
    after: str | None
    pager: Markup | None


@dataclass(frozen=True)
class ChainView:
    steps: tuple[ChainStep, ...]
    policy: Markup | None
    """The level's PagerDuty escalation policy, linked when runbook.yaml gives pagerduty_url."""


def _tool_link(base: str | None, kind: str, words: str, item_id: str) -> Markup:
    """'PagerDuty schedule PI7DH85', linked to the account's page for it when its address is known."""
    text = f"PagerDuty {words} {item_id}"
    if base is None:
        return escape_inline(text)
    target = quote(f"{base.rstrip('/')}/{kind}/{item_id}", safe=":/?#[]@!$&'*+,;=%-._~")
    return link(text, target)


def _after(chain: EscalationChain, number: int) -> str:
    """How long after the first page step ``number`` is paged: '10 minutes', or 'another 4 business hours'."""
    if chain.delay_minutes is not None:
        return minutes_text(chain.delay_minutes * number)
    return chain.delay.text if number == 1 else f"another {chain.delay.text}"


def paging_identities(project: Project, owner_id: str) -> list[Markup]:
    """How each paging tool pages an owner: 'PagerDuty schedule PDSP001' (linked when the account is known)."""
    owner = next(o for o in project.owners.owners if o.id == owner_id)
    if owner.paging is None:
        return []
    paging = project.runbook.paging
    base = paging.pagerduty_url if paging is not None else None
    found = []
    pagerduty = owner.paging.pagerduty
    if pagerduty is not None and pagerduty.schedule is not None:
        found.append(_tool_link(base, "schedules", "schedule", pagerduty.schedule))
    elif pagerduty is not None and pagerduty.user is not None:
        found.append(_tool_link(base, "users", "user", pagerduty.user))
    grafana = owner.paging.grafana_oncall
    if grafana is not None and (grafana.schedule or grafana.user):
        kind = "schedule" if grafana.schedule else "user"
        found.append(escape_inline(f"Grafana OnCall {kind} {grafana.schedule or grafana.user}"))
    return found


def escalation_view(project: Project, index: int) -> ChainView | None:
    """The chain of the level at ``index`` as pages show it; None when it pages one owner and names no policy."""
    chain = level_chain(project, index)
    if chain is None or (len(chain.steps) < 2 and chain.policy_id is None):
        return None
    paging = project.runbook.paging
    base = paging.pagerduty_url if paging is not None else None
    steps = []
    for number, step in enumerate(chain.steps):
        target = step.target("pagerduty")
        pager = None
        if target is not None and target.schedule is not None:
            pager = _tool_link(base, "schedules", "schedule", target.schedule)
        elif target is not None and target.user is not None:
            pager = _tool_link(base, "users", "user", target.user)
        steps.append(ChainStep(step.owner.id, _after(chain, number) if number else None, pager))
    policy = None
    if chain.policy_id is not None:
        policy = _tool_link(base, "escalation_policies", "escalation policy", chain.policy_id)
    return ChainView(tuple(steps), policy)
