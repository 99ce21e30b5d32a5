"""The triage decision in the runbook's words: ``runbook triage``'s text and the triage page script's messages.

Both come from the runbook's catalog (generator/i18n/): the terminal text through
:func:`decision_lines`, the script through :func:`script_messages`, which writes every message
``runbook.js`` uses into the page data (the script holds no sentence of its own).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Protocol
from unicodedata import east_asian_width

from babel.messages.pofile import read_po

from generator.i18n.catalog import LOCALE_DIR, Messages
from generator.i18n.words import RunbookWords, contact_label, is_duration, runbook_messages, runbook_words
from generator.source.model import Contact, Runbook, Severity


class _Step(Protocol):
    @property
    def responsibility(self) -> str: ...
    @property
    def owner(self) -> str: ...
    @property
    def contacts(self) -> tuple[Contact, ...]: ...
    @property
    def backup(self) -> str | None: ...


class TriageDecision(Protocol):
    """What the text needs of generator.triage.decision.TriageDecision."""

    @property
    def answers(self) -> dict[str, str]: ...
    @property
    def assumed(self) -> tuple[str, ...]: ...
    @property
    def unsure(self) -> tuple[str, ...]: ...
    @property
    def level(self) -> Severity: ...
    @property
    def page_first(self) -> _Step: ...
    @property
    def matched_rule(self) -> dict[str, list[str]]: ...
    @property
    def owners(self) -> Sequence[_Step]: ...
    @property
    def operations(self) -> tuple[tuple[str, str], ...]: ...


SCRIPT = "runbook.js"


@cache
def script_message_ids() -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The messages runbook.js uses, as ``make messages`` found them: (plain ids, (singular, plural) pairs)."""
    with (LOCALE_DIR / "runbook.pot").open("rb") as handle:
        template = read_po(handle)
    plain, plurals = [], []
    for message in template:
        if not message.id or not any(path.endswith(SCRIPT) for path, _ in message.locations):
            continue
        if isinstance(message.id, tuple):
            plurals.append((str(message.id[0]), str(message.id[1])))
        else:
            plain.append(str(message.id))
    return tuple(plain), tuple(plurals)


def script_messages(messages: Messages, questions: int) -> dict[str, object]:
    """What runbook.js reads: each of its messages, each plural's form for 0 to ``questions``."""
    plain, plurals = script_message_ids()
    return messages.script_messages(plain, plurals, questions)


def decision_text(
    decision: TriageDecision, runbook: Runbook, escalation: str | None = None, most_severe: bool = False
) -> str:
    """The decision as staff read it in a terminal, in the runbook's language and words.

    ``escalation`` is the level's chain as the pages say it ('Escalation: … first; if nobody
    acknowledges, after 10 minutes …'), printed under whom to page first; ``most_severe`` says the
    level is the first of severities.yaml, which no further answer can raise.
    """
    messages = runbook_messages(runbook)
    words = runbook_words(runbook, messages)
    return "\n".join(decision_lines(decision, messages, words, escalation, most_severe))


def open_count_text(decision: TriageDecision, messages: Messages, most_severe: bool) -> str | None:
    """'SEV-4 Low so far · 5 questions unanswered', as the triage page's verdict says it; None when all are answered.

    "so far" is left out at the most severe level, which no answer can raise."""
    if not decision.assumed:
        return None
    count = messages.plural("%(count)s question unanswered", "%(count)s questions unanswered", len(decision.assumed))
    name = decision.level.name if most_severe else messages.text("%(level)s so far", level=decision.level.name)
    return f"{name} · {count}"


def decision_lines(
    decision: TriageDecision,
    messages: Messages,
    words: RunbookWords,
    escalation: str | None = None,
    most_severe: bool = False,
) -> list[str]:
    """The decision as staff read it in a terminal, in the runbook's language and words."""
    t = messages.text
    level, response = decision.level, decision.level.response
    matched = t(", ").join(f"{d}={'|'.join(a)}" for d, a in decision.matched_rule.items()) or t("any answers")
    lines = [f"{level.name} ({level.id}): {level.summary}"]
    open_count = open_count_text(decision, messages, most_severe)
    if open_count:
        lines.append(open_count)
    lines.append(t("Matched rule: %(rule)s", rule=matched))
    if decision.unsure:
        given = t(", ").join(f"{d}={decision.answers[d]}" for d in decision.unsure)
        lines.append(
            t("%(not_sure)s (counted as the most severe answer): %(answers)s", not_sure=words.not_sure, answers=given)
        )
    if decision.assumed:
        given = t(", ").join(f"{d}={decision.answers[d]}" for d in decision.assumed)
        lines.append(t("Assumed (not given): %(answers)s", answers=given))
    lead = decision.page_first
    lines += ["", t("%(label)s: %(value)s", label=words.page_first, value=lead.owner)]
    lines += [f"  {contact_text(contact_label(c, messages), c.value, c.note, messages)}" for c in lead.contacts]
    if escalation:
        lines += [escalation]
    first = words.first_update[:1].upper() + words.first_update[1:]
    targets = [
        (t("Acknowledge within"), response.acknowledge_within),
        (first, response.first_update_within),
        (t("Then update"), response.update_cadence),
    ]
    labels = [(t("%(label)s:", label=label), value) for label, value in targets]
    width = max(columns(label) for label, _ in labels) + 2
    lines += ["", t("Response targets:")]
    lines += ["  " + label + " " * (width - columns(label)) + value for label, value in labels]
    lines += ["", t("Owners:")]
    for step in decision.owners:
        lines.append("  " + t("%(label)s: %(value)s", label=step.responsibility, value=step.owner))
        lines += [f"    {contact_text(contact_label(c, messages), c.value, c.note, messages)}" for c in step.contacts]
        if step.backup:
            lines.append("    " + t("backup: %(owner)s", owner=step.backup))
    lines += ["", t("Operations to open:")]
    lines += [f"  {title} (operations/{op_id}.md)" for op_id, title in decision.operations] or ["  " + t("none")]
    return lines


def contact_text(label: str, value: str, note: str | None, messages: Messages) -> str:
    """As the pages write it, in the catalog's punctuation: the method's label, the value, the note."""
    text = messages.text("%(label)s: %(value)s", label=label, value=value) if label else value
    return messages.text("%(contact)s (%(note)s)", contact=text, note=note) if note else text


def target_summary(level: Severity, messages: Messages, words: RunbookWords) -> str:
    """'Acknowledge within 15 minutes · First customer update within 30 minutes': the verdict's targets line."""
    t = messages.text
    response = level.response
    first = words.first_update[:1].upper() + words.first_update[1:]
    parts = [
        t("Acknowledge within %(duration)s", duration=response.acknowledge_within)
        if is_duration(response.acknowledge_within)
        else t("Acknowledge: %(value)s", value=response.acknowledge_within),
        t("%(target)s within %(duration)s", target=first, duration=response.first_update_within)
        if is_duration(response.first_update_within)
        else t("%(target)s: %(value)s", target=first, value=response.first_update_within),
    ]
    return " · ".join(parts)


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes: wide and full-width characters (Japanese, Chinese,
    Korean; '：') take two, so labels in those languages line their values up too."""
    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)
