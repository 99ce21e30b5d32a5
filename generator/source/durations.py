"""The one grammar for lengths of time the runbook's YAML holds: '15 minutes', '1 hour', '4 business hours'.

A *clock* duration ('5 minutes', '1 hour 30 minutes', '2 days') runs on the wall clock and can
be turned into minutes: an escalation rule waits that long. A *working-time* duration
('4 business hours', '1 business day', '2 working days') runs only in office hours: people read
it, but a paging tool cannot wait for it. Anything else is free text ('next release').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "minute": 1,
    "minutes": 1,
    "min": 1,
    "mins": 1,
    "hour": 60,
    "hours": 60,
    "hr": 60,
    "hrs": 60,
    "day": 60 * 24,
    "days": 60 * 24,
    "week": 60 * 24 * 7,
    "weeks": 60 * 24 * 7,
}
_PART = re.compile(r"(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>[a-z]+)")
_JOINERS = re.compile(r"\s*(?:,|\band\b)\s*|\s+")
_WORKING = re.compile(r"\b(?:business|working|office)\s+(?:hours?|days?|weeks?)\b")


@dataclass(frozen=True)
class Duration:
    """What a duration text means: whole minutes of wall-clock time, or working time, or neither."""

    text: str
    minutes: int | None
    """Wall-clock minutes; None when the text is working time or not a duration at all."""
    working_time: bool = False
    """True for '4 business hours' and the like: a duration, but not on the wall clock."""

    @property
    def is_clock(self) -> bool:
        return self.minutes is not None


def parse_duration(text: str) -> Duration:
    """Read '15 minutes', '1 hour', '1 hour 30 minutes', '1.5 hours', '2 days' or '4 business hours'.

    Only texts made entirely of number-and-unit parts are clock durations; a part that does not
    come to whole minutes ('1.3 minutes') makes the text none.
    """
    cleaned = text.strip().lower()
    if _WORKING.search(cleaned):
        return Duration(text, None, working_time=True)
    total = 0.0
    position = 0
    found = False
    while position < len(cleaned):
        joiner = _JOINERS.match(cleaned, position)
        if joiner and joiner.end() > position:
            position = joiner.end()
            continue
        part = _PART.match(cleaned, position)
        if part is None or part.group("unit") not in _UNITS:
            return Duration(text, None)
        total += float(part.group("number")) * _UNITS[part.group("unit")]
        position = part.end()
        found = True
    if not found or total <= 0 or total != int(total):
        return Duration(text, None)
    return Duration(text, int(total))


def minutes_text(minutes: int) -> str:
    """Minutes as people write them: '5 minutes', '1 hour', '1 hour 30 minutes', '2 days'."""
    parts = []
    for size, unit in ((60 * 24, "day"), (60, "hour"), (1, "minute")):
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(f"{count} {unit}{'s' if count != 1 else ''}")
    return " ".join(parts) or "0 minutes"
