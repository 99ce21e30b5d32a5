"""Owner fields of categories and pages: one id or a list, each defined, and null read as 'inherit'."""

from __future__ import annotations

import difflib

from generator.diagnostics import Diagnostic
from generator.source.inheritance import owner_ids
from generator.source.load import DataPath, SourceFile
from generator.source.model import Category
from generator.source.project import CATEGORIES_FILE


def owner_problems(
    source: SourceFile, path: DataPath, value: str | list[str] | None, owners: dict[str, str]
) -> list[Diagnostic]:
    """An error for each id in an owner field (one id or a list) that owners.yaml does not define."""
    problems = []
    for i, owner in enumerate(owner_ids(value)):
        if owner not in owners:
            where = path if isinstance(value, str) else (*path, i)
            problems.append(source.diagnostic(where, "unknown-owner", unknown_owner_message(owner, owners)))
    return problems


def unknown_owner_message(found: str, owners: dict[str, str]) -> str:
    """'unknown owner …' with the close id when it looks like a typo, else every owner id.

    Free text ('support lead or site administrator') is no typo of one id, however close one
    of its words is: it gets the list, and the ids its words name, in the form that names several.
    """
    if " " not in found.strip():
        close = difflib.get_close_matches(found, sorted(owners), n=1, cutoff=0.6)
        if close:
            return f"unknown owner '{found}'; did you mean '{close[0]}'? (owners are defined in owners.yaml)"
    listed = ", ".join(f"'{o}'" for o in sorted(owners))
    named = [o for o, title in owners.items() if title.lower() in found.lower() or o.replace("-", " ") in found.lower()]
    hint = ""
    if len(named) > 1:
        hint = f"; to name several owners, write a list of ids: [{', '.join(named)}]"
    elif named:
        hint = f"; write the id: {named[0]}"
    return f"unknown owner '{found}'; owners are: {listed} (defined in owners.yaml){hint}"


def null_problems(source: SourceFile, category: Category | None) -> list[Diagnostic]:
    """``null`` owner keys mean 'inherit', which a writer may take for 'none'."""
    data = source.data if isinstance(source.data, dict) else {}
    owner = data.get("owner", {})
    if not isinstance(owner, dict):
        return []
    problems = []
    for key, value in owner.items():
        if value is not None:
            continue
        if category is not None and getattr(category.defaults, key, None) not in (None, []):
            effect = f"the page shows the {key} of category '{category.id}' ({CATEGORIES_FILE})"
        else:
            effect = "the category sets none, so this line changes nothing"
        problems.append(
            source.diagnostic(
                ("owner", key),
                "null-inherits",
                f"'{key}: null' means inherit: {effect}; to show none whatever the category gives, "
                f"write '{key}: []'; to inherit, remove the line",
                severity="warning",
            )
        )
    return problems
