"""The cross-reference map: every operation as a node, every related link as an edge.

Nodes link to their pages with Mermaid's ``click … href``. The target is written as the
page's ``.md`` path, like a Markdown link; generator/site/plugin.py turns it into the built
URL, so the same Markdown works with and without directory URLs (the offline copy).
"""

from __future__ import annotations

import posixpath

from generator.i18n.catalog import Messages
from generator.pages.embeds import mermaid_text
from generator.source.graph import RelatedGraph
from generator.source.model import Category, Operation


def mermaid_map(
    operations: dict[str, Operation],
    graph: RelatedGraph,
    categories: list[Category],
    page: str,
    operations_dir: str,
    messages: Messages,
) -> list[str]:
    """The lines of a Mermaid flowchart: category subgraphs, page nodes with links, related edges."""
    node = {op_id: f"op{i}" for i, op_id in enumerate(sorted(operations))}
    lines = [
        "flowchart TB",
        f"    accTitle: {mermaid_text(messages.text('Cross-reference map'))}",
        "    accDescr: "
        + mermaid_text(
            messages.text("Each runbook page, grouped by category, with an arrow to each page it relates to.")
        ),
    ]
    for number, category in enumerate(categories):
        members = sorted(op_id for op_id, op in operations.items() if op.category == category.id)
        if not members:
            continue
        lines.append(f'    subgraph cat{number}["{mermaid_text(category.name)}"]')
        lines += [f'        {node[op_id]}["{mermaid_text(operations[op_id].title)}"]' for op_id in members]
        lines.append("    end")
    for edge in graph.all_edges():
        if edge.source in operations and edge.target in operations:
            lines.append(f"    {node[edge.source]} --> {node[edge.target]}")
    base = posixpath.dirname(page) or "."
    for op_id in sorted(operations):
        target = posixpath.relpath(f"{operations_dir}/{op_id}.md", base)
        tooltip = mermaid_text(messages.text("Open %(page)s", page=operations[op_id].title))
        lines.append(f'    click {node[op_id]} href "{target}" "{tooltip}"')
    return lines
