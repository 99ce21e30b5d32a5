"""The alerts page: every alert the pages list, the page it leads to, and what its severity label means.

A page lists the alerts it answers (``alerts:``); runbook.yaml's ``alert_levels`` says which level
each value of the severity label means. The labels themselves are in the rule files, which the
caller reads (generator/alerts/) and hands over as plain data: an alert's severity values, one
per rule, so an alert written at two severities (as monitoring mixins do) shows both levels.
A runbook whose pages list no alert has no alerts page: an empty page in the navigation would
only cost a reader mid-incident a click.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import jinja2

from generator.pages.environment import render_page
from generator.pages.view import RenderedPage, SiteView
from generator.source.model import Severity
from generator.source.project import OPERATIONS_DIR, RUNBOOK_FILE, SEVERITIES_FILE

ALERTS_PAGE = "alerts.md"

AlertSeverities = Mapping[str, Sequence[str]]
"""Each alert name with the values its rules give the severity label (empty when none gives one)."""


@dataclass(frozen=True)
class AlertRow:
    """One line of the alerts table: an alert at one severity label value (None when it has none or none was read)."""

    name: str
    op_id: str
    label: str | None
    level: Severity | None
    in_rules: bool = True
    """False when the rule files read hold no alert of this name."""


def alert_rows(view: SiteView, severities: AlertSeverities | None) -> list[AlertRow]:
    """Every listed alert, by name, once per severity value its rules give it."""
    levels = {level.id: level for level in view.levels}
    rows = []
    listed: dict[str, str] = {}
    for op_id, operation in view.operations.items():
        for name in operation.alerts:
            listed.setdefault(name, op_id)
    for name, op_id in sorted(listed.items(), key=lambda item: (item[0].casefold(), item[0])):
        values: list[str | None] = list((severities or {}).get(name, ())) or [None]
        in_rules = severities is None or name in severities
        for value in values:
            level_id = view.runbook.alert_levels.get(value) if value is not None else None
            rows.append(AlertRow(name, op_id, value, levels.get(level_id or ""), in_rules))
    return rows


def label_levels(view: SiteView) -> list[tuple[str, Severity]]:
    """Each mapped severity label value with its level, most severe level first."""
    order = {level.id: index for index, level in enumerate(view.levels)}
    mapped = [(value, level_id) for value, level_id in view.runbook.alert_levels.items() if level_id in order]
    return [(value, view.levels[order[level_id]]) for value, level_id in sorted(mapped, key=lambda m: order[m[1]])]


def render_alerts_page(
    view: SiteView, environment: jinja2.Environment, severities: AlertSeverities | None
) -> dict[str, RenderedPage]:
    """The alerts page, or nothing when no page lists an alert."""
    rows = alert_rows(view, severities)
    if not rows:
        return {}
    sources = [view.source_path(n) for n in (RUNBOOK_FILE, SEVERITIES_FILE, f"{OPERATIONS_DIR}/")]
    return {
        ALERTS_PAGE: render_page(
            environment,
            ALERTS_PAGE,
            "alerts.md.j2",
            sources,
            rows=rows,
            rules_read=severities is not None,
            label_name=view.runbook.alert_severity_label,
            label_levels=label_levels(view),
        )
    }
