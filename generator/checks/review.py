"""Review dates: when each page is next due, and which pages are overdue on a given day.

Generated pages carry the due date, never "overdue": docs/ must not change with the calendar.
The browser compares the due date with its own clock (generator/site/assets/runbook.js), and
``runbook check`` compares it with ``--today`` or RUNBOOK_TODAY, so tests pin the day.
"""

from __future__ import annotations

import datetime
import os

from generator.diagnostics import Diagnostic
from generator.source.inheritance import page_settings
from generator.source.model import Category, Operation
from generator.source.project import CATEGORIES_FILE, Project

TODAY_VARIABLE = "RUNBOOK_TODAY"


def review_due(operation: Operation, category: Category) -> datetime.date | None:
    """The date the page's next review is due, when it has a last review and an interval."""
    every = page_settings(operation, category).review_every_days
    if operation.last_reviewed is None or every is None:
        return None
    return operation.last_reviewed + datetime.timedelta(days=every)


def today_from(option: str | None) -> datetime.date:
    """The day to judge reviews by: the option, else RUNBOOK_TODAY, else the local date."""
    # An empty --today is a slip (a variable that was never set), not "today": the same error as a bad date.
    text = option if option is not None else os.environ.get(TODAY_VARIABLE)
    if text is None or (option is None and not text):
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        source = "--today" if option is not None else TODAY_VARIABLE
        raise ValueError(f"{source} must be a date written as YYYY-MM-DD, found '{text}'") from None


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def review_problems(project: Project, today: datetime.date) -> list[Diagnostic]:
    """A warning for each page whose review is overdue, never done, or dated in the future."""
    categories = {c.id: c for c in project.categories.categories}
    problems = []
    for op_id, operation in sorted(project.operations.items()):
        category = categories.get(operation.category)
        if category is None:
            continue
        source = project.operation_file(op_id)
        every = page_settings(operation, category).review_every_days
        last = operation.last_reviewed
        if last is not None and last > today:
            problems.append(
                source.diagnostic(
                    ("last_reviewed",),
                    "review-in-future",
                    f"last_reviewed {last.isoformat()} is after today ({today.isoformat()}); "
                    "write the date the page was actually reviewed",
                    severity="warning",
                )
            )
            continue
        if every is None:
            continue
        if last is None:
            where = (
                "owner.review_every_days"
                if operation.owner.review_every_days
                else (f"review_every_days of category '{category.id}' in {CATEGORIES_FILE}")
            )
            problems.append(
                source.diagnostic(
                    ("title",),
                    "review-missing",
                    f"page is reviewed every {_days(every)} ({where}) but has no last_reviewed date; "
                    "review it and add last_reviewed: YYYY-MM-DD",
                    severity="warning",
                )
            )
            continue
        due = last + datetime.timedelta(days=every)
        if today > due:
            problems.append(
                source.diagnostic(
                    ("last_reviewed",),
                    "review-overdue",
                    f"review overdue by {_days((today - due).days)}: last reviewed {last.isoformat()}, "
                    f"due every {_days(every)}, so due {due.isoformat()}; review the page and update last_reviewed",
                    severity="warning",
                )
            )
    return problems
