"""What a page shows once its category's defaults and standard lines are applied.

On a page's ``owner``, a key left out (or null) inherits the category's value and an empty
list (``[]``) clears it: the page shows none, whatever the category gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from generator.runtime.identity import IdentityMemo
from generator.source.model import Category, Operation

T = TypeVar("T")


@dataclass(frozen=True)
class PageSettings:
    """A page's owner and cadence and its full lists, after inheritance."""

    primary_owner: tuple[str, ...]
    alternate_owner: tuple[str, ...]
    responsible_for: str | None
    review_cadence: str | None
    review_every_days: int | None
    escalate_when: tuple[str, ...]
    checklist: tuple[str, ...]
    acceptance_checks: tuple[str, ...]


def owner_ids(value: str | list[str] | None) -> tuple[str, ...]:
    """One owner id or a list of them, as a tuple (none for null or ``[]``)."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _inherit(own: T | list[str] | None, inherited: T | list[str] | None) -> T | None:
    """The page's value; the category's when the page has none; None when the one that applies is []."""
    value = inherited if own is None else own
    return None if isinstance(value, list) else value


def page_settings(operation: Operation, category: Category) -> PageSettings:
    """The operation's own values where set, its category's defaults elsewhere.

    Validation, the link graph and the pages each ask; the answer is worked out once per record.
    """
    return _settings(operation, category)


def _page_settings(operation: Operation, category: Category) -> PageSettings:
    own, inherited = operation.owner, category.defaults
    skipped = set(operation.skip_standard)
    return PageSettings(
        primary_owner=owner_ids(own.primary_owner if own.primary_owner is not None else inherited.primary_owner),
        alternate_owner=owner_ids(
            own.alternate_owner if own.alternate_owner is not None else inherited.alternate_owner
        ),
        responsible_for=_inherit(own.responsible_for, inherited.responsible_for),
        review_cadence=_inherit(own.review_cadence, inherited.review_cadence),
        review_every_days=_inherit(own.review_every_days, inherited.review_every_days),
        escalate_when=tuple(own.escalate_when if own.escalate_when is not None else inherited.escalate_when or []),
        checklist=(
            *operation.checklist,
            *(() if "checklist" in skipped else category.standard_checklist),
        ),
        acceptance_checks=(
            *operation.acceptance_checks,
            *(() if "acceptance_checks" in skipped else category.standard_acceptance_checks),
        ),
    )


_settings: IdentityMemo[PageSettings] = IdentityMemo(_page_settings)
