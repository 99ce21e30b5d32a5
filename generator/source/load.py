"""Read YAML text into plain data, keeping the line and column of every node.

PyYAML's C parser composes the node tree (fast, with marks); this module turns nodes into
values itself so that duplicate keys, runaway aliases and merge keys are errors, not surprises.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from generator.diagnostics import Diagnostic, line_column
from generator.source.aliases import check_expansion
from generator.source.encoding import looks_utf16, source_text, undecodable
from generator.source.textslips import stray_byte_order_mark, tab_indent, unusual_break
from generator.source.yamlerrors import DASH_ITEM, dash_fix, syntax_diagnostic

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000
"""Nodes one file may expand to; aliases count each time they are used (billion laughs)."""
MAX_DEPTH = 50
"""Nesting levels one file may use; runbook files need fewer than ten."""

# An alias needs an anchor, and an anchor ('&name') follows a line start, a space or a flow
# indicator. A file with no such '&' and too few characters to hold MAX_NODES nodes (a node takes
# at least a quarter of a character) cannot exceed the limit, so the expansion count is skipped:
# it was a third of the load time of a thousand pages. The pattern starts with the '&' and looks
# back (the start of the text, or one of those characters, before it) so that the regex engine
# can skip to each '&' instead of trying every character: a twentieth of the time of
# r"(?:^|[\s\[{,])&\S" (with re.MULTILINE), which matches the same texts.
_MAYBE_ANCHOR = re.compile(r"&(?<![^\s\[{,]&)\S")
_SMALL_ENOUGH = MAX_NODES // 4
# A line with something other than blanks and a comment: the first character of a line (any line
# break str.splitlines knows) that is neither whitespace nor '#', after only blanks. A file without
# one is empty. Searching stops at the first such line, where splitting every file into lines and
# stripping each cost twenty times as much.
_LINE_BREAKS = r"\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_CONTENT_LINE = re.compile(rf"(?<![^{_LINE_BREAKS}])[^\S{_LINE_BREAKS}]*[^\s#]")
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

DataPath = tuple[str | int, ...]

_TAG_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
}


class Place(NamedTuple):
    """Where a node starts and ends in its file (1-based line and column; 0-based offsets).

    A named tuple rather than a frozen dataclass: every node gets one, and building a tuple
    is three times cheaper (a tenth of the load time at 1,000 pages).
    """

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
    digest: str | None = None
    """A digest of the file's bytes when it was read through the run cache: what later stages key their memos by."""

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
        line, column = line_column(self.text, offset)
        return Place(line, column, offset, offset)


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_ScalarNode = yaml.ScalarNode
_new_tuple = tuple.__new__
"""Builds a Place from a tuple in C; ``Place(...)`` runs NamedTuple's ``__new__``, written in Python."""


def _place(node: yaml.Node) -> Place:
    """Where ``node`` is written; called for every value and key, so it skips ``Place(...)``."""
    mark = node.start_mark
    # Quoted and block scalars are always text; only plain ones need an implicit-type hint.
    raw = node.value if isinstance(node, _ScalarNode) and not node.style else None
    return _new_tuple(Place, (mark.line + 1, mark.column + 1, mark.index, node.end_mark.index, raw))


class _Walker:
    """Turns composed nodes into values, recording the place of every value and key.

    Most nodes of a runbook are text in a mapping or a list, so those loops take such a child
    themselves instead of calling :meth:`value` (a third of the walk at 1,000 pages). They do so
    only where :meth:`value` would not refuse the depth, so values, places and problems are the
    same either way.
    """

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.values = source.values
        self.keys = source.keys
        self.problems: list[Diagnostic] = []
        self.constructor: yaml.constructor.SafeConstructor | None = None

    def problem(self, node: yaml.Node, code: str, message: str) -> None:
        where = _place(node)
        self.problems.append(Diagnostic(self.source.path, where.line, where.column, "error", code, message))

    def value(self, node: yaml.Node, path: DataPath) -> Any:
        if len(path) > MAX_DEPTH:
            raise _TooDeep(node)
        self.values[path] = _place(node)
        tag = node.tag
        if tag not in _PLAIN_TAGS:
            self.problem(
                node,
                "yaml-tag",
                f"YAML tag '{tag.replace('tag:yaml.org,2002:', '!!')}' is not supported here; "
                "remove it (put the value in quotes to make it text)",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, path)
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, path: DataPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        values, keys = self.values, self.keys
        inline = len(path) < MAX_DEPTH  # a child's path is one longer
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self.problem(key_node, "merge-key", "merge keys ('<<') are not supported; write the keys out")
                continue
            if not isinstance(key_node, _ScalarNode):
                self.problem(
                    key_node,
                    "key-type",
                    "a key must be plain text, found a list or mapping; write the key as a word followed by ':'",
                )
                continue
            key = key_node.value
            child = (*path, key)
            if key in result:
                first = keys[child]
                self.problem(
                    key_node,
                    "duplicate-key",
                    f"duplicate key '{key}' (first written on line {first.line}); "
                    "YAML would silently keep only the last one: remove or rename one",
                )
                continue
            keys[child] = _place(key_node)
            if inline and value_node.tag == _STR_TAG and isinstance(value_node, _ScalarNode):
                values[child] = _place(value_node)
                result[key] = value_node.value
            else:
                result[key] = self.value(value_node, child)
        return result

    def sequence(self, node: yaml.SequenceNode, path: DataPath) -> list[Any]:
        result: list[Any] = []
        values = self.values
        inline = len(path) < MAX_DEPTH
        for index, item in enumerate(node.value):
            child = (*path, index)
            if inline and item.tag == _STR_TAG and isinstance(item, _ScalarNode):
                values[child] = _place(item)
                result.append(item.value)
            else:
                result.append(self.value(item, child))
        return result

    def scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG:
            return node.value
        # One constructor per file, made on first use: it remembers each node it built (an
        # alias's value) and each that failed (a second use then fails differently).
        if self.constructor is None:
            self.constructor = yaml.constructor.SafeConstructor()
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as error:
            if node.tag == "tag:yaml.org,2002:timestamp" and _DATE_SHAPE.match(node.value):
                message = (
                    f"'{node.value}' is not a real date ({error}); write a date as YYYY-MM-DD, "
                    f'or put the value in quotes if it is text: "{node.value}"'
                )
            else:
                message = _unreadable_tagged(node)
            self.problem(node, "yaml-value", message)
            return node.value
        except (LookupError, TypeError, AttributeError):
            # PyYAML's constructors assume the value matched the tag's pattern, which an explicit
            # tag ('!!bool maybe', '!!timestamp soon', '!!int _') skips: they fail with whatever
            # broke first, not with a ConstructorError.
            self.problem(node, "yaml-value", _unreadable_tagged(node))
            return node.value
        return value


_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
"""What YAML resolves as a date by itself; a value tagged !!timestamp by hand may look like anything."""


def _unreadable_tagged(node: yaml.Node) -> str:
    """The message for a scalar whose tag's constructor cannot read it: name the tag, say what to do."""
    what = _TAG_NAMES.get(node.tag, "that type")
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    return (
        f"cannot read '{node.value}' as {what}, which its tag '{tag}' asks for; remove the tag "
        f'(and put the value in quotes if it is text: "{node.value}")'
    )


class _TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def parse_yaml(path: str, raw: bytes) -> tuple[SourceFile, list[Diagnostic]]:
    """Plain data and places from YAML bytes, or the problems that stopped parsing."""
    source = SourceFile(path=path, text="")
    if len(raw) > MAX_FILE_BYTES:
        return source, [_too_large(path, len(raw))]
    if looks_utf16(raw):
        return source, [
            Diagnostic(
                path,
                1,
                1,
                "error",
                "encoding",
                "file looks saved as UTF-16 (every other byte is zero); save it as UTF-8 "
                "(in VS Code: 'Save with Encoding', UTF-8)",
            )
        ]
    try:
        source.text = source_text(raw)
    except UnicodeDecodeError as error:
        return source, [undecodable(path, raw, error)]
    if not _CONTENT_LINE.search(source.text):
        return source, [_empty(path)]
    tab = unusual_break(path, source.text) or stray_byte_order_mark(path, source.text) or tab_indent(path, source.text)
    if tab:
        return source, [tab]
    try:
        node = yaml.compose(source.text, Loader=_Loader)
    except yaml.YAMLError as error:
        return source, [syntax_diagnostic(path, source.text, error)]
    if node is None:
        return source, [_empty(path)]
    walker = _Walker(source)
    expansion = None
    if len(source.text) > _SMALL_ENOUGH or _MAYBE_ANCHOR.search(source.text):
        expansion = check_expansion(node, MAX_NODES)
    if expansion is not None:
        if expansion.expanded:
            message = (
                f"aliases make this file expand to {expansion.expanded:,} values, over the limit of "
                f"{MAX_NODES:,}; this value is where the repetition explodes: write values out "
                "instead of repeating aliases (*name) of aliases"
            )
        else:
            message = "this value contains itself through an alias (*name inside its own &name); remove the alias"
        walker.problem(expansion.node, "alias-expansion", message)
        return source, walker.problems
    try:
        source.data = walker.value(node, ())
        walker.problems += _items_joined_to_text(source)
    except _TooDeep as too_deep:
        walker.problems = []
        walker.problem(
            too_deep.node,
            "too-deep",
            f"values are nested more than {MAX_DEPTH} levels deep here; runbook files need only a few levels: "
            "remove the extra nesting",
        )
        source.data = None
    return source, walker.problems


_JOINED_ITEM = re.compile(r"\n[ ]*- ")


def _items_joined_to_text(source: SourceFile) -> list[Diagnostic]:
    """List items indented under a key that already has text: YAML joins them to it.

    'name: Support' followed by an indented '- stray item' is one value, 'Support - stray
    item', as a plain value runs on over more indented lines. Only plain values holding ' - '
    are looked at, so a file without one costs a pass over its places.
    """
    problems = []
    text = source.text
    for path, place in source.values.items():
        if place.raw is None or " - " not in place.raw:
            continue
        joined = _JOINED_ITEM.search(text, place.start, place.end)
        if joined is None:
            continue
        if DASH_ITEM.match(place.raw):
            # '-First' then '- Second': the first item lacks its space, so both are one text.
            dash, code = source.offset_place(place.start), "dash-without-space"
            message = (
                f"no space after the dash of this list item, so YAML reads it and the items below as one text "
                f"('{place.raw[:40]}'); {dash_fix(text[place.start : joined.start()])}"
            )
        else:
            dash, code = source.offset_place(joined.end() - 2), "item-joined-to-text"
            key = f"'{path[-1]}'" if path and isinstance(path[-1], str) else "the item above"
            message = (
                f"this '- ' item is indented under {key}, which already has text, so YAML joins it to that text "
                f"('{place.raw[:40]}'); to make a list, move the text after {key} into an item, or remove "
                "the indentation or the '- '"
            )
        problems.append(Diagnostic(source.path, dash.line, dash.column, "error", code, message))
    return problems


def _empty(path: str) -> Diagnostic:
    return Diagnostic(
        path,
        1,
        1,
        "error",
        "empty-file",
        "file is empty (nothing but blank lines and comments); expected a mapping of keys like "
        "'title: ...': write its content, or delete the file",
    )


def _too_large(path: str, size: int) -> Diagnostic:
    return Diagnostic(
        path,
        1,
        1,
        "error",
        "too-large",
        f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}; split it into smaller files",
    )


def read_yaml(path: Path, display: str) -> tuple[SourceFile, list[Diagnostic]]:
    """Parse one file from disk; ``display`` is the path printed in diagnostics."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return SourceFile(display, ""), [_too_large(display, size)]
        raw = path.read_bytes()
    except OSError as error:
        return SourceFile(display, ""), [Diagnostic(display, 0, 0, "error", "unreadable", cannot_read(error))]
    return parse_yaml(display, raw)


def cannot_read(error: OSError, what: str = "file") -> str:
    """Why a source file or folder could not be read, and, for missing permission, what to do."""
    if error.errno in (errno.EACCES, errno.EPERM):
        mode = "a+rx" if what == "folder" else "a+r"
        return (
            f"cannot read this {what}: permission denied for the user running runbook; make it readable "
            f"for that user (chmod {mode}), then run the command again"
        )
    return f"cannot read this {what}: {error.strerror or error}"
