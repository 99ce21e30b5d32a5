"""The triage page's script data: the questions and every level's rules, as JSON safe inside HTML.

The page's script decides from these with the same defaults as ``runbook triage``
(generator/triage/decision.py).
"""

from __future__ import annotations

import json
from typing import Any

from generator.i18n.catalog import Messages
from generator.i18n.words import RunbookWords, runbook_messages, runbook_words
from generator.source.model import Severity
from generator.source.project import Project
from generator.triage.decision import paging_contacts
from generator.triage.text import script_messages, target_summary


def triage_data(
    project: Project, messages: Messages | None = None, words: RunbookWords | None = None
) -> dict[str, Any]:
    """What the triage page's script needs: the questions, every level's rules, and its words and messages."""
    messages = messages or runbook_messages(project.runbook)
    words = words or runbook_words(project.runbook, messages)
    return {
        "words": {"first_update": words.first_update, "not_sure": words.not_sure, "page_first": words.page_first},
        "messages": script_messages(messages, len(project.runbook.triage)),
        "dimensions": [
            {"id": d.id, "name": d.name, "answers": [a.id for a in d.answers]} for d in project.runbook.triage
        ],
        "responsibilities": [r.name for r in project.runbook.responsibilities],
        "levels": [
            {
                "id": level.id,
                "name": level.name,
                "targets": target_summary(level, messages, words),
                "page_first": _page_first_title(project, level),
                "rules": [dict(rule) for rule in level.criteria],
                # The owner of each responsibility (in "responsibilities" order) and the page-first
                # owner with the method it is paged by: the script builds the level's owners table
                # from these and the page's contacts table.
                "owners": [level.owners[r.id] for r in project.runbook.responsibilities],
                "lead": _lead(project, level),
            }
            for level in project.severities.levels
        ],
    }


def _page_first_title(project: Project, level: Severity) -> str | None:
    owner = next((o for o in project.owners.owners if o.id == level.page_first), None)
    return owner.title if owner else None


def _lead(project: Project, level: Severity) -> list[str] | None:
    """[owner id, method of the contact it is paged by first] of the level's page-first owner."""
    owner = next((o for o in project.owners.owners if o.id == level.page_first), None)
    contacts = paging_contacts(owner, level.page_by) if owner is not None else ()
    return [owner.id, contacts[0].method] if owner is not None and contacts else None


def script_json(data: object) -> str:
    """JSON with ``<``, ``>`` and ``&`` as \\u escapes, safe in any HTML context once attribute-quoted.

    No ``</script>``, comment or tag can form inside it, wherever a template places it; line and
    paragraph separators are escaped for older JavaScript parsers.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text
