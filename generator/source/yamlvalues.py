"""Every scalar of a YAML text as YAML reads it, with where it is written: for the secret scan.

The scan looks at a file's text as written, where ``"sk_live_4eC39Hq\\`` and a newline, or an
escape such as ``\\x73``, keep a key apart; YAML joins and decodes those into the value that
pages show. This module gives those values back with their offsets in the text, without the
checks of :mod:`generator.source.load` (the scan runs even on a file that fails them).
"""

from __future__ import annotations

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

ScalarAt = tuple[int, int, str]
"""Start and end offsets of a scalar in the text, and its value."""


def decoded_scalars(text: str) -> list[ScalarAt]:
    """Every scalar (keys too) in document order; none when the text is not valid YAML."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return []  # the loader reports the syntax error; the text as written is still scanned
    found: list[ScalarAt] = []
    pending: list[yaml.Node] = [root] if root is not None else []
    visited: set[int] = set()
    while pending:
        node = pending.pop()
        if id(node) in visited:  # an alias: the same node again
            continue
        visited.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            found.append((node.start_mark.index, node.end_mark.index, node.value))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                pending.extend((value, key))
    return found
