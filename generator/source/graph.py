"""The links between runbook pages, computed once per loaded project.

Two kinds of link join pages: a ``related`` entry (a target and when to follow it) and an
``[[operation-id]]`` reference inside prose. Validation (orphans), rendering (related lists,
"Referenced by", the map) and the page cache (which pages an edit touches) all read this one
graph instead of walking every page's links again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.source.model import Operation

INLINE_REFERENCE = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
"""``[[operation-id]]`` or ``[[operation-id|link text]]`` inside prose."""


def conditions(when: str | list[str]) -> list[str]:
    """A related operation's conditions as a list."""
    return [when] if isinstance(when, str) else list(when)


def inline_targets(operation: Operation) -> tuple[str, ...]:
    """Operation ids referenced with ``[[id]]`` in the page's prose, in order of appearance."""
    return tuple(
        match.group(1).strip() for section in operation.sections for match in INLINE_REFERENCE.finditer(section.body)
    )


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

    def __init__(self, operations: Mapping[str, Operation]) -> None:
        self.inline: dict[str, tuple[str, ...]] = {op_id: inline_targets(op) for op_id, op in operations.items()}
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
        """Pages that another page links to (the rest are orphans)."""
        return set(self.backlinks)

    def neighbours(self, op_id: str) -> set[str]:
        """Pages whose text shows this page (it links to them, or they to it), existing or not."""
        return {
            *(r for r, _ in self.grouped.get(op_id, [])),
            *self.inline.get(op_id, ()),
            *(b.operation_id for b in self.backlinks.get(op_id, [])),
        } - {op_id}
