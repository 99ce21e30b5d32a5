"""Cheap prefilters and the line rule that the secret detectors are built from.

Running dozens of regular expressions over every character of thousands of pages is too slow
in Python, so each rule names literal anchors (found with C-speed ``str.find``) or a gate
pattern that starts with a literal; the full pattern then runs only on the lines they hit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from generator.secretscan_kinds import KIND_DESCRIPTIONS, Candidate

LineBounds = tuple[int, int]

# Whole values that stand for a secret kept elsewhere: <your key>, {{ var }}, ${VAR}, %VAR%.
TEMPLATE_RE = re.compile(r"^(?:<[^<>]*>|\{\{.*\}\}|\$\{[^{}]*\}|%\w+%)$")
# Masks, ellipses and stand-in words anywhere in a value: sk-xxxxxxxx, ****, …, YOUR_KEY.
STAND_IN_RE = re.compile(r"x{4}|\*{3}|\.{3}|…|•|redacted|placeholder|your[_-]|_here$|^example", re.IGNORECASE)
REPEATED_CHAR_RE = re.compile(r"^(.)\1*$")


def is_template(value: str) -> bool:
    """Whether the whole value is a template or variable reference."""
    return bool(TEMPLATE_RE.match(value))


def is_placeholder(value: str) -> bool:
    """Whether a value is a template, a mask or a stand-in instead of a real secret."""
    return is_template(value) or bool(STAND_IN_RE.search(value) or REPEATED_CHAR_RE.match(value))


class ScanText:
    """A text being scanned, with the lookups the detectors share computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Several detectors share one gate (e.g. every number-shaped rule): scan for it once.
        self._gated_lines: dict[re.Pattern[str], list[LineBounds]] = {}

    @cached_property
    def lowered(self) -> str:
        """Lower-cased text with the same offsets as the original."""
        lowered = self.text.lower()
        if len(lowered) == len(self.text):
            return lowered
        # A few characters (e.g. 'İ') lower to two; keep those as they are so offsets hold.
        return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in self.text)

    def line_bounds(self, offset: int) -> LineBounds:
        """Start and end offsets of the line holding `offset`, without its newline."""
        text = self.text
        end = text.find("\n", offset)
        return text.rfind("\n", 0, offset) + 1, len(text) if end == -1 else end

    def lines_with(self, anchors: Iterable[str], *, ignore_case: bool = False) -> list[LineBounds]:
        """Lines that contain at least one of the literal anchors, in text order."""
        haystack = self.lowered if ignore_case else self.text
        found: set[LineBounds] = set()
        for anchor in anchors:
            pos = haystack.find(anchor)
            while pos != -1:
                bounds = self.line_bounds(pos)
                found.add(bounds)
                pos = haystack.find(anchor, bounds[1])
        return sorted(found)

    def lines_matching(self, gate: re.Pattern[str]) -> list[LineBounds]:
        """Lines on which the gate pattern matches, in text order."""
        cached = self._gated_lines.get(gate)
        if cached is not None:
            return cached
        found: list[LineBounds] = []
        match = gate.search(self.text)
        while match:
            bounds = self.line_bounds(match.start())
            found.append(bounds)
            match = gate.search(self.text, bounds[1])
        self._gated_lines[gate] = found
        return found


Detector = Callable[[ScanText], Iterable[Candidate]]


@dataclass(frozen=True)
class LineRule:
    """A pattern run on the lines its anchors or its gate point at; one candidate per match.

    `reach` lets a match that starts on such a line run on into the next `reach` characters,
    for blocks such as a private key or a stack trace.
    """

    kind: str
    pattern: re.Pattern[str]
    anchors: tuple[str, ...] = ()
    gate: re.Pattern[str] | None = None
    ignore_case_anchors: bool = False
    group: str | int = 0
    reach: int = 0
    description: str = ""
    accept: Callable[[re.Match[str]], bool] | None = None
    describe: Callable[[re.Match[str]], str] | None = None

    def lines(self, scan: ScanText) -> list[LineBounds]:
        """The lines worth running the full pattern on."""
        if self.gate is not None:
            return scan.lines_matching(self.gate)
        return scan.lines_with(self.anchors, ignore_case=self.ignore_case_anchors)

    def __call__(self, scan: ScanText) -> Iterator[Candidate]:
        default = self.description or KIND_DESCRIPTIONS[self.kind]
        text_length = len(scan.text)
        for start, end in self.lines(scan):
            stop = min(text_length, end + self.reach)
            for match in self.pattern.finditer(scan.text, start, stop):
                if match.start() >= end:
                    break
                if self.accept is not None and not self.accept(match):
                    continue
                description = self.describe(match) if self.describe is not None else default
                yield Candidate(match.start(self.group), match.end(self.group), self.kind, description)


def has_letter_and_digit(value: str) -> bool:
    """Real keys mix letters and digits; words, slugs and numbers do not."""
    return bool(_DIGIT_RE.search(value)) and bool(_LETTER_RE.search(value))


_DIGIT_RE = re.compile(r"\d")
_LETTER_RE = re.compile(r"[A-Za-z]")
