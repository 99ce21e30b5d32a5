"""The runbook's side of the alert contract: alert names on pages, and the levels severity labels mean.

An alert leads to one page (its ``runbook_url``), so one page lists it; a second listing is an
error that says where the first one is. ``alert_levels`` in runbook.yaml maps severity label
values to level ids, which must exist. What the rule files say is compared elsewhere
(generator/alerts/), since ``runbook check`` reads only ``source/``.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic, did_you_mean
from generator.source.project import RUNBOOK_FILE, Project
from generator.source.slugs import shown


def alert_listings(project: Project) -> dict[str, list[tuple[str, int]]]:
    """Each alert name with every (operation id, index in its ``alerts:``) listing it, in id order."""
    found: dict[str, list[tuple[str, int]]] = {}
    for op_id in sorted(project.operations):
        for index, name in enumerate(project.operations[op_id].alerts):
            found.setdefault(name, []).append((op_id, index))
    return found


def _name_problem(name: str) -> str:
    if any(char in name for char in "\n\r\t"):
        return (
            f"alert name '{shown(name)}' holds a line break or tab; write the name on one line, "
            "as the rule file's 'alert:' (or Grafana's 'title:') spells it"
        )
    if name != name.strip():
        return (
            f"alert name '{shown(name)}' has spaces around it, so it would never match a rule; write '{name.strip()}'"
        )
    return ""


def alert_list_problems(project: Project) -> list[Diagnostic]:
    """Alert names a page cannot hold, and alerts listed more than once, each at the later listing."""
    problems = []
    for name, listings in alert_listings(project).items():
        first_op, first_index = listings[0]
        first_file = project.operation_file(first_op)
        message = _name_problem(name)
        if message:
            problems.append(first_file.diagnostic(("alerts", first_index), "alert-name", message))
        first_line = first_file.place(("alerts", first_index)).line
        for op_id, index in listings[1:]:
            source = project.operation_file(op_id)
            if op_id == first_op:
                again = f"is already listed on line {first_line} of this page; remove one"
            else:
                again = (
                    f"is already listed by {first_file.path}:{first_line}; an alert's runbook_url leads to one "
                    f"page, so list it on one: remove it here or there"
                )
            problems.append(source.diagnostic(("alerts", index), "duplicate-alert", f"alert '{shown(name)}' {again}"))
    return problems


def alert_level_problems(project: Project) -> list[Diagnostic]:
    """An error for each ``alert_levels`` entry naming a level that severities.yaml does not have."""
    source = project.file(RUNBOOK_FILE)
    levels = [level.id for level in project.severities.levels]
    return [
        source.diagnostic(
            ("alert_levels", label),
            "unknown-level",
            f"unknown level '{level_id}' for severity label value '{shown(label)}'; "
            f"{did_you_mean(level_id, levels, 'level ids')} (levels are the ids in severities.yaml)",
        )
        for label, level_id in project.runbook.alert_levels.items()
        if level_id not in levels
    ]


def alert_problems(project: Project) -> list[Diagnostic]:
    """Every problem with the alerts the pages list and the levels their labels mean."""
    return alert_list_problems(project) + alert_level_problems(project)
