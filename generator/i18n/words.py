"""A runbook's words and messages: ``words:`` and ``messages:`` of runbook.yaml over its language's catalog."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.i18n.catalog import N_, Messages
from generator.source.model import Contact, Runbook

CONTACT_LABELS = {
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "chat": N_("chat"),
    "ticket": N_("ticket"),
    "url": N_("web"),
    "pager": N_("pager"),
}
"""What pages print before a contact's value, by its method (``other`` prints the value alone)."""


def contact_label(contact: Contact, messages: Messages) -> str:
    """The contact's label in the runbook's language: 'e-mail', 'Telefon', '電話'; empty for ``other``."""
    label = CONTACT_LABELS.get(contact.method)
    return messages.text(label) if label else ""


_NUMBER_FIRST = re.compile(r"^\d")
_DURATION_WORDS = 4


def is_duration(value: str) -> bool:
    """'30 minutes', '1 business day', '30 Minuten', '30分': a number first, a few words, one clause.

    Only a duration reads inside "within …"; any other response target is shown after its label.
    """
    return bool(_NUMBER_FIRST.match(value.strip())) and ";" not in value and len(value.split()) <= _DURATION_WORDS


@dataclass(frozen=True)
class RunbookWords:
    """Every ``words:`` key with the runbook's value, else its default in the runbook's language."""

    level: str
    first_update: str
    update: str
    update_subject: str | None
    checklist: str
    support_report: str
    escalation_matrix: str
    page_first: str
    not_sure: str
    triage: str
    owners: str
    acceptance_checks: str
    common_mistakes: str
    related_operations: str
    owner_and_cadence: str
    referenced_by: str


def runbook_messages(runbook: Runbook) -> Messages:
    """The catalog a runbook's pages, script and ``runbook triage`` read their words from."""
    return Messages(runbook.language, level=runbook.words.level, overrides=runbook.messages)


def runbook_words(runbook: Runbook, messages: Messages) -> RunbookWords:
    given = runbook.words
    t = messages.text
    subject: str | None = t("Subject")
    if "update_subject" in given.model_fields_set and given.update_subject is None:
        subject = None
    elif given.update_subject is not None:
        subject = given.update_subject
    return RunbookWords(
        level=given.level,
        first_update=given.first_update or t("first customer update"),
        update=given.update or t("customer update"),
        update_subject=subject,
        checklist=given.checklist or t("production checklist"),
        support_report=given.support_report or t("support report"),
        escalation_matrix=given.escalation_matrix or t("Escalation matrix"),
        page_first=given.page_first or t("Page first"),
        not_sure=given.not_sure or t("Not sure"),
        triage=given.triage or t("Triage"),
        owners=given.owners or t("Owners"),
        acceptance_checks=given.acceptance_checks or t("Acceptance checks"),
        common_mistakes=given.common_mistakes or t("Common mistakes"),
        related_operations=given.related_operations or t("Related operations"),
        owner_and_cadence=given.owner_and_cadence or t("Owner and cadence"),
        referenced_by=given.referenced_by or t("Referenced by"),
    )
