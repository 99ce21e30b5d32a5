"""Slips that YAML reads differently from how an editor shows them, found in the text before parsing.

A tab in the indentation, and the line breaks U+0085, U+2028 and U+2029 that YAML honours but
editors do not display: each would make libyaml report a problem on the wrong line, or none.
"""

from __future__ import annotations

import re
import unicodedata

from generator.diagnostics import Diagnostic, line_column

_UNUSUAL_BREAKS = re.compile("[\x85\u2028\u2029]")


def unusual_break(path: str, text: str) -> Diagnostic | None:
    """U+0085, U+2028 and U+2029 end a line for YAML but not in most editors: every line after one is off."""
    found = None if text.isascii() else _UNUSUAL_BREAKS.search(text)
    if found is None:
        return None
    offset = found.start()
    line, column = line_column(text, offset)
    char = found.group(0)
    name = unicodedata.name(char, "NEXT LINE")
    return Diagnostic(
        path,
        line,
        column,
        "error",
        "yaml-character",
        f"found the invisible line break U+{ord(char):04X} ({name}), which YAML reads as the end of a line "
        "though editors do not; delete it or replace it with a space (it often comes with copied text)",
    )


def tab_indent(path: str, text: str) -> Diagnostic | None:
    """The first tab in an indentation: YAML refuses it, and editors show it as any number of spaces."""
    if "\t" not in text:
        return None
    for number, line in enumerate(text.split("\n"), start=1):
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


def stray_byte_order_mark(path: str, text: str) -> Diagnostic | None:
    """U+FEFF after the start: a byte-order mark left where two files were joined, invisible in editors."""
    offset = -1 if text.isascii() else text.find("\ufeff")
    if offset < 0:
        return None
    line, column = line_column(text, offset)
    return Diagnostic(
        path,
        line,
        column,
        "error",
        "yaml-character",
        "found the invisible character U+FEFF (a byte-order mark, often left where two files were joined or "
        "text was pasted); delete it",
    )
