"""Diagnostics: problems with a place, printed the way compilers print them."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]

_ONE_LINE = {ord(char): f"\\u{ord(char):04x}" for char in "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"} | {ord("\n"): "\\n"}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file, at a 1-based line and column (0 when the file has no node).

    A problem with no file (an engine that is not installed, an address already in use) has the
    path "" and prints as ``runbook: error: MESSAGE``.
    """

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        if not self.path:
            return f"runbook: {self.severity}: {self.message}".translate(_ONE_LINE)
        # A problem with a file as a whole (missing, a folder, a name that is not an id) has no
        # node: it is placed at the file's start, so that every line reads PATH:LINE:COL, the
        # form editors and CI jump from. JSON output keeps line 0 for it.
        place = f"{self.path}:{self.line or 1}:{self.column or 1}"
        # One line per problem, always: a line break inside a message or a file name is written as an escape.
        return f"{place}: {self.severity}: {self.message}".translate(_ONE_LINE)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of the character at ``offset`` in ``text`` (lines end at '\\n')."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def did_you_mean(found: str, choices: Iterable[str], what: str = "choices") -> str:
    """A hint naming the closest valid choice, or listing the valid ones."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(found, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not options:
        return f"no {what} are defined"
    shown = ", ".join(f"'{o}'" for o in options[:12])
    more = f" and {len(options) - 12} more" if len(options) > 12 else ""
    return f"valid {what}: {shown}{more}"


def count_errors(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """Errors and warnings, counted."""
    errors = warnings = 0
    for d in diagnostics:
        if d.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def display_path(path: Path) -> str:
    """A path as a compiler prints it: relative to the current directory when it can be."""
    if not path.is_absolute() and ".." not in path.parts:
        return os.path.normpath(path)  # what relpath gives, without two getcwd calls per file
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
