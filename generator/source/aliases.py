"""Bound what YAML aliases expand to, before any value is built.

PyYAML's composer shares the node an anchor names with every alias to it, so a "billion
laughs" document is a small graph that only explodes when it is turned into values. Counting
each node's expanded size once (memoised by identity) measures the explosion in time and
memory proportional to the file, and finds a node that contains itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class ExpansionProblem:
    """Why a document cannot be expanded, and the node to point at."""

    node: yaml.Node
    expanded: int
    """Values the document would expand to; 0 when a node contains itself."""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _sizes(root: yaml.Node) -> dict[int, int] | ExpansionProblem:
    """Expanded size of every node (itself plus everything under it, aliases repeated)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            return ExpansionProblem(node, 0)
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                return ExpansionProblem(child, 0)
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes


def check_expansion(root: yaml.Node, limit: int) -> ExpansionProblem | None:
    """None when the document expands to at most ``limit`` values, else where it blows up.

    The node reported is the innermost one that alone exceeds the limit: the anchor whose
    repeated aliases cause the growth, not the top of the document.
    """
    sizes = _sizes(root)
    if isinstance(sizes, ExpansionProblem):
        return sizes
    total = sizes[id(root)]
    if total <= limit:
        return None
    node = root
    while True:
        bigger = [child for child in _children(node) if sizes[id(child)] > limit]
        if not bigger:
            return ExpansionProblem(node, total)
        node = max(bigger, key=lambda child: sizes[id(child)])
