"""The one duration grammar: clock time a paging tool can wait, working time it cannot, and anything else."""

from __future__ import annotations

import pytest

from generator.source.durations import minutes_text, parse_duration


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("15 minutes", 15),
        ("1 minute", 1),
        ("1 hour", 60),
        ("2 hours", 120),
        ("1 hour 30 minutes", 90),
        ("1 hour and 30 minutes", 90),
        ("1.5 hours", 90),
        ("90 min", 90),
        ("1 day", 1440),
        ("2 Days", 2880),
        ("1 week", 10080),
    ],
)
def test_clock_durations_in_minutes(text: str, minutes: int) -> None:
    assert parse_duration(text).minutes == minutes


@pytest.mark.parametrize("text", ["4 business hours", "1 business day", "2 working days", "8 office hours"])
def test_working_time_is_a_duration_but_not_clock_time(text: str) -> None:
    parsed = parse_duration(text)
    assert (parsed.minutes, parsed.working_time) == (None, True)


@pytest.mark.parametrize("text", ["soon", "", "15", "minutes", "0 minutes", "1.3 minutes", "next release", "5 parsecs"])
def test_other_text_is_no_duration(text: str) -> None:
    parsed = parse_duration(text)
    assert (parsed.minutes, parsed.working_time) == (None, False)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(5, "5 minutes"), (60, "1 hour"), (90, "1 hour 30 minutes"), (1440, "1 day"), (2900, "2 days 20 minutes")],
)
def test_minutes_read_as_people_write_them(minutes: int, text: str) -> None:
    assert minutes_text(minutes) == text
