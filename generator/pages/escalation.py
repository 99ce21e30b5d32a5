"""A level's escalation chain as pages show it: who is paged, after how long, and links into PagerDuty."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from generator.i18n.catalog import N_, Messages
from generator.i18n.words import runbook_messages
from generator.pages.markdown import escape_inline, link
from generator.paging.chain import EscalationChain, level_chain
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


_NAMES = {
    "schedules": N_("PagerDuty schedule %(id)s"),
    "users": N_("PagerDuty user %(id)s"),
    "escalation_policies": N_("PagerDuty escalation policy %(id)s"),
}
"""How pages name a PagerDuty item, by the path of its page in the tool."""


def _tool_link(messages: Messages, base: str | None, kind: str, item_id: str) -> Markup:
    """'PagerDuty schedule PI7DH85', linked to the account's page for it when its address is known."""
    text = messages.text(_NAMES[kind], id=item_id)
    if base is None:
        return escape_inline(text)
    target = quote(f"{base.rstrip('/')}/{kind}/{item_id}", safe=":/?#[]@!$&'*+,;=%-._~")
    return link(text, target)


def duration_text(minutes: int, messages: Messages) -> str:
    """Minutes as people write them, in the runbook's language: '5 minutes', '1 hour 30 minutes', '2 days'."""
    days, rest = divmod(minutes, 60 * 24)
    hours, rest = divmod(rest, 60)
    parts = []
    if days:
        parts.append(messages.plural("%(count)s day", "%(count)s days", days))
    if hours:
        parts.append(messages.plural("%(count)s hour", "%(count)s hours", hours))
    if rest or not parts:
        parts.append(messages.plural("%(count)s minute", "%(count)s minutes", rest))
    return " ".join(parts)


def _after(chain: EscalationChain, number: int, messages: Messages) -> str:
    """How long after the first page step ``number`` is paged: '10 minutes', or 'another 4 business hours'."""
    if chain.delay_minutes is not None:
        return duration_text(chain.delay_minutes * number, messages)
    return chain.delay.text if number == 1 else messages.text("another %(duration)s", duration=chain.delay.text)


def paging_identities(project: Project, owner_id: str, messages: Messages | None = None) -> list[Markup]:
    """How each paging tool pages an owner: 'PagerDuty schedule PDSP001' (linked when the account is known)."""
    messages = messages or runbook_messages(project.runbook)
    owner = next(o for o in project.owners.owners if o.id == owner_id)
    if owner.paging is None:
        return []
    paging = project.runbook.paging
    base = paging.pagerduty_url if paging is not None else None
    found = []
    pagerduty = owner.paging.pagerduty
    if pagerduty is not None and pagerduty.schedule is not None:
        found.append(_tool_link(messages, base, "schedules", pagerduty.schedule))
    elif pagerduty is not None and pagerduty.user is not None:
        found.append(_tool_link(messages, base, "users", pagerduty.user))
    grafana = owner.paging.grafana_oncall
    if grafana is not None and grafana.schedule:
        found.append(escape_inline(messages.text("Grafana OnCall schedule %(id)s", id=grafana.schedule)))
    elif grafana is not None and grafana.user:
        found.append(escape_inline(messages.text("Grafana OnCall user %(id)s", id=grafana.user)))
    return found


def escalation_view(project: Project, index: int, messages: Messages | None = None) -> ChainView | None:
    """The chain of the level at ``index`` as pages show it; None when it pages one owner and names no policy."""
    messages = messages or runbook_messages(project.runbook)
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
            pager = _tool_link(messages, base, "schedules", target.schedule)
        elif target is not None and target.user is not None:
            pager = _tool_link(messages, base, "users", target.user)
        steps.append(ChainStep(step.owner.id, _after(chain, number, messages) if number else None, pager))
    policy = None
    if chain.policy_id is not None:
        policy = _tool_link(messages, base, "escalation_policies", chain.policy_id)
    return ChainView(tuple(steps), policy)


def escalation_text(project: Project, index: int, messages: Messages | None = None) -> str | None:
    """The chain in plain words, as the pages say it: 'Support lead first (PagerDuty schedule P1); if
    nobody acknowledges, after 10 minutes Engineering lead (PagerDuty schedule P2).'; None as for
    :func:`escalation_view`. For ``runbook triage``, which prints no links."""
    messages = messages or runbook_messages(project.runbook)
    chain = level_chain(project, index)
    if chain is None or (len(chain.steps) < 2 and chain.policy_id is None):
        return None
    t = messages.text
    owners = []
    for step in chain.steps:
        target = step.target("pagerduty")
        item = None
        if target is not None and target.schedule is not None:
            item = t(_NAMES["schedules"], id=target.schedule)
        elif target is not None and target.user is not None:
            item = t(_NAMES["users"], id=target.user)
        owners.append((step.owner.title, item))
    title, item = owners[0]
    text = t("%(owner)s first (%(pager)s)", owner=title, pager=item) if item else t("%(owner)s first", owner=title)
    if len(owners) > 1:
        steps = t(", ").join(
            t(
                "after %(time)s %(owner)s",
                time=_after(chain, number, messages),
                owner=t("%(owner)s (%(pager)s)", owner=title, pager=item) if item else title,
            )
            for number, (title, item) in enumerate(owners[1:], start=1)
        )
        text += t("; if nobody acknowledges, %(steps)s", steps=steps)
    stop = t(".")
    text += stop
    if chain.policy_id is not None:
        text += " " + t(_NAMES["escalation_policies"], id=chain.policy_id) + stop
    return f"{t('Escalation:')} {text}"
