"""``runbook triage``'s JSON for machines; its text, in the runbook's language, is the pipeline's ``decision_text``."""

from __future__ import annotations

from typing import Any, Protocol

from generator.pipeline import TriageDecision


class _Contact(Protocol):
    """A contact as the decision carries it (owners.yaml's, with the label the pages print)."""

    value: str
    note: str | None

    @property
    def label(self) -> str: ...

    def model_dump(self, *, exclude_none: bool) -> dict[str, Any]: ...


def _contact_json(contact: _Contact) -> dict[str, str]:
    """The contact as written in owners.yaml, with ``label``: what the pages print before the value."""
    return {**contact.model_dump(exclude_none=True), "label": contact.label}


def decision_json(decision: TriageDecision, escalation: dict[str, Any] | None) -> dict[str, Any]:
    """The decision for machines: ids and display text, contacts in preference order.

    ``unanswered`` counts the questions not answered (each taken at its mildest answer, listed in
    ``assumed``): while it is above 0 the level may still rise, as the text's "so far" says.
    ``escalation`` is the level's chain (pipeline.triage_escalation)."""
    level = decision.level
    return {
        "level": {"id": level.id, "name": level.name, "summary": level.summary},
        "answers": decision.answers,
        "unanswered": len(decision.assumed),
        "assumed": list(decision.assumed),
        "unsure": list(decision.unsure),
        "matched_rule": decision.matched_rule,
        "page_first": {
            "id": decision.page_first.owner_id,
            "title": decision.page_first.owner,
            "contacts": [_contact_json(c) for c in decision.page_first.contacts],
        },
        "escalation": escalation,
        "response": level.response.model_dump(),
        "owners": [
            {
                "responsibility": {"id": s.responsibility_id, "name": s.responsibility},
                "owner": {"id": s.owner_id, "title": s.owner},
                "contacts": [_contact_json(c) for c in s.contacts],
                "backup": {"id": s.backup_id, "title": s.backup} if s.backup_id else None,
            }
            for s in decision.owners
        ],
        "operations": [
            {"id": op_id, "title": title, "page": f"operations/{op_id}.md"} for op_id, title in decision.operations
        ],
    }
