"""The links between runbook pages, computed once per loaded project.

Two kinds of link join pages: a ``related`` entry (a target and when to follow it) and an
``[[operation-id]]`` reference inside any text the page shows: its prose and lists, and the lines
it inherits from its category (generator/source/references.py). Validation (orphans), rendering (related lists,
"Referenced by", the map) and the page cache (which pages an edit touches) all read this one
graph instead of walking every page's links again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.runtime.identity import IdentityMemo
from generator.source.inheritance import page_settings
from generator.source.model import Category, Operation
from generator.source.references import INLINE_REFERENCE, targets_in

__all__ = ["INLINE_REFERENCE", "Backlink", "Edge", "RelatedGraph", "conditions", "inline_targets", "related_graph"]


def conditions(when: str | list[str]) -> list[str]:
    """A related operation's conditions as a list."""
    return [when] if isinstance(when, str) else list(when)


def inline_targets(operation: Operation, category: Category | None = None) -> tuple[str, ...]:
    """Operation ids referenced with ``[[id]]`` in the text the page shows, in order of appearance.

    That is the page's own summary, prose, lists and related conditions, and its owner lines and
    standard lines as inherited from ``category`` (only those the page does not clear or skip).
    Worked out once per record: ``runbook serve`` builds the graph again after every save.
    """
    return _inline_targets(operation, category)


def _targets(operation: Operation, category: Category | None) -> tuple[str, ...]:
    texts: list[str] = [operation.summary, *operation.use_when]
    texts += [section.body for section in operation.sections]
    if category is not None:
        settings = page_settings(operation, category)
        texts += [settings.responsible_for or "", settings.review_cadence or "", *settings.escalate_when]
        texts += [*settings.checklist, *settings.acceptance_checks]
    else:  # an unknown category (a check error): the page's own lines only
        own = operation.owner
        texts += [value for value in (own.responsible_for, own.review_cadence) if isinstance(value, str)]
        texts += [*operation.checklist, *operation.acceptance_checks, *(own.escalate_when or [])]
    texts += operation.common_mistakes
    texts += [when for related in operation.related for when in conditions(related.when)]
    return targets_in(texts)


_inline_targets: IdentityMemo[tuple[str, ...]] = IdentityMemo(_targets)


def category_targets(category: Category) -> tuple[str, ...]:
    """Operation ids referenced in a category's own text (its description and inherited lines)."""
    defaults = category.defaults
    texts = [category.description, *category.standard_checklist, *category.standard_acceptance_checks]
    for value in (defaults.responsible_for, defaults.review_cadence):
        if isinstance(value, str):
            texts.append(value)
    texts += defaults.escalate_when or []
    return targets_in(texts)


@dataclass(frozen=True)
class Edge:
    """One page pointing at another, with the conditions under which to follow it."""

    source: str
    target: str
    when: tuple[str, ...]


@dataclass(frozen=True)
class Backlink:
    """A page that links to another, with the conditions of its related entries (none for prose links)."""

    operation_id: str
    conditions: tuple[str, ...]


class RelatedGraph:
    """Every page's related entries and prose references, and the reverse: who links to whom."""

    def __init__(self, operations: Mapping[str, Operation], categories: Mapping[str, Category] | None = None) -> None:
        categories = categories or {}
        self.inline: dict[str, tuple[str, ...]] = {
            op_id: inline_targets(op, categories.get(op.category)) for op_id, op in operations.items()
        }
        """Each page's ``[[id]]`` references, in every text it shows (inherited lines included)."""
        self.category_targets: dict[str, tuple[str, ...]] = {
            category_id: category_targets(category) for category_id, category in categories.items()
        }
        """Each category's ``[[id]]`` references, shown on its category page."""
        self.grouped: dict[str, list[tuple[str, list[str]]]] = {}
        """Each page's related entries, every condition for one target under a single entry (self-links kept)."""
        self.edges: dict[str, list[Edge]] = {}
        """Each page's related links to other existing pages, conditions merged."""
        referrers: dict[str, dict[str, list[str]]] = {}
        for op_id, op in operations.items():
            grouped: dict[str, list[str]] = {}
            for related in op.related:
                whens = grouped.setdefault(related.operation, [])
                whens.extend(w for w in conditions(related.when) if w not in whens)
                if related.operation != op_id:
                    referrers.setdefault(related.operation, {}).setdefault(op_id, []).extend(conditions(related.when))
            self.grouped[op_id] = list(grouped.items())
            self.edges[op_id] = [
                Edge(op_id, target, tuple(whens))
                for target, whens in grouped.items()
                if target != op_id and target in operations
            ]
            for target in self.inline[op_id]:
                if target != op_id:
                    referrers.setdefault(target, {}).setdefault(op_id, [])
        self.backlinks: dict[str, list[Backlink]] = {
            target: [Backlink(source, tuple(dict.fromkeys(conds))) for source, conds in sorted(by_source.items())]
            for target, by_source in referrers.items()
        }
        """Pages linking to each page, in id order ("Referenced by")."""

    def all_edges(self) -> list[Edge]:
        """Every related link between two different existing pages, in id order."""
        return [edge for op_id in sorted(self.edges) for edge in self.edges[op_id]]

    def linked(self) -> set[str]:
        """Pages that another page or a category page links to (the rest are orphans)."""
        return set(self.backlinks).union(*self.category_targets.values())

    def neighbours(self, op_id: str) -> set[str]:
        """Pages whose text shows this page (it links to them, or they to it), existing or not."""
        return {
            *(r for r, _ in self.grouped.get(op_id, [])),
            *self.inline.get(op_id, ()),
            *(b.operation_id for b in self.backlinks.get(op_id, [])),
        } - {op_id}


_last: tuple[list[tuple[str, Operation]], Mapping[str, Category], RelatedGraph] | None = None
"""The graph the last call of :func:`related_graph` gave, with the records it was built from."""


def related_graph(operations: Mapping[str, Operation], categories: Mapping[str, Category]) -> RelatedGraph:
    """``RelatedGraph(operations, categories)``; the last one again when no page's links changed.

    ``runbook serve`` loads the project again after every save, and at 5,000 operations building
    the graph was a third of the time from a save to its page. An edit rarely touches links: when
    the same pages, in the same order and categories, hold the same ``related`` entries and
    ``[[id]]`` references as last time, the graph (ids and condition texts only, no records) is
    the same and is given again. Unchanged records are recognised by identity (the loader hands
    back the very same object for a file that did not change); an edited one is compared.
    """
    global _last
    graph = _last[2] if _last is not None and _same_links(_last[0], _last[1], operations, categories) else None
    if graph is None:
        graph = RelatedGraph(operations, categories)
    _last = (list(operations.items()), categories, graph)
    return graph


def _same_links(
    old: list[tuple[str, Operation]],
    old_categories: Mapping[str, Category],
    operations: Mapping[str, Operation],
    categories: Mapping[str, Category],
) -> bool:
    if len(old) != len(operations) or old_categories.keys() != categories.keys():
        return False
    if any(old_categories[key] is not category for key, category in categories.items()):
        return False  # a category's text may hold references, and its pages inherit it
    for (old_id, before), (op_id, now) in zip(old, operations.items(), strict=True):
        if before is now and old_id == op_id:
            continue
        if (
            old_id != op_id
            or before.category != now.category
            or before.related != now.related
            or inline_targets(before, categories.get(before.category))
            != inline_targets(now, categories.get(now.category))
        ):
            return False
    return True
