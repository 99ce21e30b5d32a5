"""Pages whose size does not grow with the runbook: every long list is cut into category parts.

At 1,000 operations the pages that listed every operation had grown to 200-300 KB (home,
owners, severity levels, triage), the cross-reference map to 2 MB and the printable runbook to
19 MB, and a link check of that one page took minutes. Staff do not read a list of 500 pages
either. So a list of operations is written out only while it is short (:data:`LIST_LIMIT`);
a longer one names each category with a count and links to that category's page. A category
page holds at most :data:`PART_SIZE` operations, a map page :data:`MAP_PART_SIZE`: a category
with more is split into parts, in title order.

A runbook of up to :data:`PART_SIZE` operations has one map page and one printable page of
everything. A larger one has a printable page of the shared pages only: each operation page
prints on its own, and 1,000 operations would be some 5,000 sheets of paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.source.model import Category, Operation

LIST_LIMIT = 25
"""Most operations a list on a shared page names one by one."""

PART_SIZE = 50
"""Most operations on one category page; a larger runbook also gets a map in parts."""

MAP_PART_SIZE = 15
"""Most operations on one page of the map: each brings a diagram node and a line of links."""

CATEGORIES_DIR = "categories"
MAP_DIR = "map"


@dataclass(frozen=True)
class Part:
    """Up to PART_SIZE operations of one category, in title order."""

    category: Category
    number: int
    of: int
    operations: tuple[str, ...]
    total: int
    """Operations in the whole category."""

    def page(self, folder: str) -> str:
        """This part's page in ``folder``: ``folder/<category>/index.md`` for the first part."""
        name = "index" if self.number == 1 else str(self.number)
        return f"{folder}/{self.category.id}/{name}.md"


def category_parts(
    categories: Iterable[Category], operations: Mapping[str, Operation], size: int = PART_SIZE
) -> dict[str, list[Part]]:
    """The parts of every category that has operations, in the order categories.yaml gives."""
    members: dict[str, list[tuple[str, str]]] = {}
    for op_id, operation in operations.items():
        members.setdefault(operation.category, []).append((operation.title.casefold(), op_id))
    parts: dict[str, list[Part]] = {}
    for category in categories:
        ordered = [op_id for _, op_id in sorted(members.get(category.id, []))]
        if not ordered:
            continue
        chunks = [tuple(ordered[i : i + size]) for i in range(0, len(ordered), size)]
        parts[category.id] = [Part(category, n, len(chunks), chunk, len(ordered)) for n, chunk in enumerate(chunks, 1)]
    return parts
