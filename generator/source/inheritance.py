"""What a page shows once its category's defaults and standard lines are applied."""

from __future__ import annotations

from dataclasses import dataclass

from generator.source.model import Category, Operation


@dataclass(frozen=True)
class PageSettings:
    """A page's owner and cadence and its full lists, after inheritance."""

    primary_owner: str | None
    alternate_owner: str | None
    responsible_for: str | None
    review_cadence: str | None
    review_every_days: int | None
    escalate_when: tuple[str, ...]
    checklist: tuple[str, ...]
    acceptance_checks: tuple[str, ...]


def page_settings(operation: Operation, category: Category) -> PageSettings:
    """The operation's own values where set, its category's defaults elsewhere."""
    own, inherited = operation.owner, category.defaults
    return PageSettings(
        primary_owner=own.primary_owner or inherited.primary_owner,
        alternate_owner=own.alternate_owner or inherited.alternate_owner,
        responsible_for=own.responsible_for or inherited.responsible_for,
        review_cadence=own.review_cadence or inherited.review_cadence,
        review_every_days=own.review_every_days or inherited.review_every_days,
        escalate_when=tuple(own.escalate_when if own.escalate_when is not None else inherited.escalate_when or []),
        checklist=(*operation.checklist, *category.standard_checklist),
        acceptance_checks=(*operation.acceptance_checks, *category.standard_acceptance_checks),
    )
