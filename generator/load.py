"""Read YAML text into plain data, keeping the line and column of every node.

PyYAML's C parser composes the node tree (fast, with marks); this module turns nodes into
values itself so that duplicate keys, runaway aliases and merge keys are errors, not surprises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000
"""Nodes one file may expand to; aliases count each time they are used (billion laughs)."""

DataPath = tuple[str | int, ...]

_TAG_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
}


@dataclass(frozen=True)
class Place:
    """Where a node starts and ends in its file (1-based line and column; 0-based offsets)."""

    line: int
    column: int
    start: int = 0
    end: int = 0
    raw: str | None = None
    """The scalar's text as written, for messages about YAML's implicit types."""


@dataclass
class SourceFile:
    """One YAML file: its plain data and where each value (and each mapping key) is written."""

    path: str
    text: str
    data: Any = None
    values: dict[DataPath, Place] = field(default_factory=dict)
    keys: dict[DataPath, Place] = field(default_factory=dict)

    def place(self, path: DataPath, *, key: bool = False) -> Place:
        """The place of the deepest known node on ``path`` (the key itself when ``key``)."""
        if key and path in self.keys:
            return self.keys[path]
        probe = path
        while probe not in self.values and probe:
            probe = probe[:-1]
        return self.values.get(probe, Place(1, 1))

    def diagnostic(
        self, path: DataPath, code: str, message: str, *, key: bool = False, severity: str = "error"
    ) -> Diagnostic:
        where = self.place(path, key=key)
        return Diagnostic(self.path, where.line, where.column, severity, code, message)  # type: ignore[arg-type]

    def offset_place(self, offset: int) -> Place:
        """Line and column of a character offset into the file's text."""
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return Place(line, column, offset, offset)


class _Walker:
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.problems: list[Diagnostic] = []
        self.nodes = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def place(self, node: yaml.Node) -> Place:
        raw = None
        # Quoted and block scalars are always text; only plain ones need an implicit-type hint.
        if isinstance(node, yaml.ScalarNode) and not node.style:
            raw = node.value
        return Place(
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            node.start_mark.index,
            node.end_mark.index,
            raw,
        )

    def problem(self, node: yaml.Node, code: str, message: str) -> None:
        where = self.place(node)
        self.problems.append(Diagnostic(self.source.path, where.line, where.column, "error", code, message))

    def value(self, node: yaml.Node, path: DataPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge(node)
        self.source.values[path] = self.place(node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, path: DataPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, "merge-key", "merge keys ('<<') are not supported; write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "key-type", "a key must be plain text, found a list or mapping")
                continue
            key = key_node.value
            if key in result:
                first = self.source.keys[(*path, key)]
                self.problem(
                    key_node,
                    "duplicate-key",
                    f"duplicate key '{key}' (first written on line {first.line}); "
                    "YAML would silently keep only the last one: remove or rename one",
                )
                continue
            self.source.keys[(*path, key)] = self.place(key_node)
            result[key] = self.value(value_node, (*path, key))
        return result

    def scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as error:
            self.problem(node, "yaml-value", f"cannot read value {node.value!r}: {error}")
            return node.value
        return value


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _undecodable(path: str, raw: bytes, error: UnicodeDecodeError) -> Diagnostic:
    before = raw[: error.start]
    line = before.count(b"\n") + 1
    column = error.start - (before.rfind(b"\n") + 1) + 1
    return Diagnostic(
        path,
        line,
        column,
        "error",
        "encoding",
        f"file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8",
    )


def _tab_indent(path: str, text: str) -> Diagnostic | None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            column = indent.index("\t") + 1
            return Diagnostic(
                path,
                number,
                column,
                "error",
                "tab-indent",
                "tab used for indentation; YAML allows spaces only: replace the tab with spaces",
            )
    return None


def parse_yaml(path: str, raw: bytes) -> tuple[SourceFile, list[Diagnostic]]:
    """Plain data and places from YAML bytes, or the problems that stopped parsing."""
    source = SourceFile(path=path, text="")
    if len(raw) > MAX_FILE_BYTES:
        message = f"file is {len(raw):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; split it up"
        return source, [Diagnostic(path, 1, 1, "error", "too-large", message)]
    try:
        # A UTF-8 byte-order mark is accepted and dropped, as editors on Windows add one.
        source.text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return source, [_undecodable(path, raw, error)]
    if not source.text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in source.text.splitlines()
    ):
        return source, [Diagnostic(path, 1, 1, "error", "empty-file", "file is empty; expected a mapping of keys")]
    tab = _tab_indent(path, source.text)
    if tab:
        return source, [tab]
    try:
        node = yaml.compose(source.text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "invalid YAML"
        context = f" {error.context}" if error.context else ""
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {problem}{context}; check indentation, colons and quotes here"
        return source, [Diagnostic(path, line, column, "error", "yaml-syntax", message)]
    except yaml.YAMLError as error:
        return source, [Diagnostic(path, 1, 1, "error", "yaml-syntax", f"YAML syntax error: {error}")]
    if node is None:
        return source, [Diagnostic(path, 1, 1, "error", "empty-file", "file is empty; expected a mapping of keys")]
    walker = _Walker(source)
    try:
        source.data = walker.value(node, ())
    except _TooLarge as too_large:
        walker.problems = []
        walker.problem(
            too_large.node,
            "too-many-nodes",
            f"document expands to more than {MAX_NODES:,} values (aliases repeated?); write it out plainly",
        )
        source.data = None
    except RecursionError:
        walker.problems = []
        walker.problem(node, "too-deep", "document is nested too deeply or refers to itself through an alias")
        source.data = None
    return source, walker.problems


def read_yaml(path: Path, display: str) -> tuple[SourceFile, list[Diagnostic]]:
    """Parse one file from disk; ``display`` is the path printed in diagnostics."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return parse_yaml(display, b"\0" * (MAX_FILE_BYTES + 1))
        raw = path.read_bytes()
    except OSError as error:
        return SourceFile(display, ""), [
            Diagnostic(display, 0, 0, "error", "unreadable", f"cannot read file: {error.strerror}")
        ]
    return parse_yaml(display, raw)
