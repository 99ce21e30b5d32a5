"""``language:`` and ``messages:`` of runbook.yaml against the shipped catalogs.

A language without a catalog is a warning naming the shipped ones: the site's interface and
search still use it, the tool's own words stay English. A ``messages:`` entry must name a
message the tool writes and keep its placeholders, or the page would show a broken sentence.
"""

from __future__ import annotations

import difflib
from functools import cache

from babel.messages.pofile import read_po

from generator.diagnostics import Diagnostic
from generator.i18n.catalog import LOCALE_DIR, catalog_language, placeholders, shipped_languages
from generator.source.project import RUNBOOK_FILE, Project


@cache
def catalog_ids() -> dict[str, str | None]:
    """Every message id of the template, with its plural id (None for a message without plural forms)."""
    with (LOCALE_DIR / "runbook.pot").open("rb") as handle:
        template = read_po(handle)
    found: dict[str, str | None] = {}
    for message in template:
        if isinstance(message.id, tuple):
            found[str(message.id[0])] = str(message.id[1])
        elif message.id:
            found[str(message.id)] = None
    return found


def language_problems(project: Project) -> list[Diagnostic]:
    source, runbook = project.file(RUNBOOK_FILE), project.runbook
    problems = []
    if "language" in runbook.model_fields_set and catalog_language(runbook.language) is None:
        shipped = ", ".join(shipped_languages())
        problems.append(
            source.diagnostic(
                ("language",),
                "language-without-catalog",
                f"the tool has no catalog for '{runbook.language}' (shipped: {shipped}): its own words stay English, "
                "while the site's interface and search use the language; choose a shipped one, or set the words "
                "you need under 'messages:'",
                severity="warning",
            )
        )
    ids = catalog_ids()
    for message_id, text in runbook.messages.items():
        if message_id not in ids:
            close = difflib.get_close_matches(message_id, list(ids), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            problems.append(
                source.diagnostic(
                    ("messages", message_id),
                    "unknown-message",
                    f"the tool writes no message '{message_id}'; {hint}the ids are the English texts in "
                    "generator/i18n/locale/runbook.pot",
                    key=True,
                )
            )
            continue
        expected = placeholders(message_id) | placeholders(ids[message_id] or "")
        for form in [text] if isinstance(text, str) else text:
            if placeholders(form) != expected:
                wanted = ", ".join(f"%({name})s" for name in sorted(expected)) or "none"
                problems.append(
                    source.diagnostic(
                        ("messages", message_id),
                        "message-placeholders",
                        f"'{form}' must keep the placeholders of the message it replaces: {wanted}",
                    )
                )
    return problems
