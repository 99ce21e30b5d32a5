"""``runbook triage``'s output: the decision as staff read it in a terminal, and as JSON for machines."""

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


def _contact_text(contact: _Contact) -> str:
    """As the pages write it: the method's label, the value, the note."""
    text = f"{contact.label}: {contact.value}" if contact.label else contact.value
    return text + (f" ({contact.note})" if contact.note else "")


def _contact_json(contact: _Contact) -> dict[str, str]:
    """The contact as written in owners.yaml, with ``label``: what the pages print before the value."""
    return {**contact.model_dump(exclude_none=True), "label": contact.label}


def decision_text(decision: TriageDecision, first_update: str) -> str:
    """The decision as staff read it in a terminal, in the runbook's words (``first_update``: its name for that)."""
    level, response = decision.level, decision.level.response
    matched = ", ".join(f"{d}={'|'.join(a)}" for d, a in decision.matched_rule.items()) or "any answers"
    lines = [
        f"{level.name} ({level.id}): {level.summary}",
        f"Matched rule: {matched}",
    ]
    if decision.unsure:
        lines.append(
            "Not sure (counted as the most severe answer): "
            + ", ".join(f"{d}={decision.answers[d]}" for d in decision.unsure)
        )
    if decision.assumed:
        lines.append("Assumed (not given): " + ", ".join(f"{d}={decision.answers[d]}" for d in decision.assumed))
    lead = decision.page_first
    lines += ["", f"Page first: {lead.owner}", *(f"  {_contact_text(c)}" for c in lead.contacts)]
    targets = [
        ("Acknowledge within", response.acknowledge_within),
        (first_update[:1].upper() + first_update[1:], response.first_update_within),
        ("Then update", response.update_cadence),
    ]
    width = max(len(label) for label, _ in targets) + 3
    lines += ["", "Response targets:"]
    lines += [f"  {label + ':':<{width}}{value}" for label, value in targets]
    lines += ["", "Owners:"]
    for step in decision.owners:
        lines.append(f"  {step.responsibility}: {step.owner}")
        lines += [f"    {_contact_text(c)}" for c in step.contacts]
        if step.backup:
            lines.append(f"    backup: {step.backup}")
    lines += ["", "Operations to open:"]
    lines += [f"  {title} (operations/{op_id}.md)" for op_id, title in decision.operations] or ["  none"]
    return "\n".join(lines)


def decision_json(decision: TriageDecision) -> dict[str, Any]:
    """The decision for machines: ids and display text, contacts in preference order."""
    level = decision.level
    return {
        "level": {"id": level.id, "name": level.name, "summary": level.summary},
        "answers": decision.answers,
        "assumed": list(decision.assumed),
        "unsure": list(decision.unsure),
        "matched_rule": decision.matched_rule,
        "page_first": {
            "id": decision.page_first.owner_id,
            "title": decision.page_first.owner,
            "contacts": [_contact_json(c) for c in decision.page_first.contacts],
        },
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
