"""Other teams' runbooks in Chromium: one level, five levels with digits-only ids, seven
responsibilities, four triage questions. Each fixture under tests/fixtures is built as a project
of its own and read at a phone's and a laptop's width, as staff of that team would."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

from tests.browser.conftest import build_fixture_site
from tests.browser.test_tables_fit import OVERFLOWS, SCREENS
from tests.conftest import FIXTURES
from tests.sites import served

FIXTURE_NAMES = ("one-level", "payments", "library")
PAYMENTS_ANSWERS = {
    "0": {"money-movement": "stopped"},
    "1": {"money-movement": "failing-some", "merchants": "all", "cardholder-data": "safe"},
    "2": {"money-movement": "failing-some", "merchants": "some", "cardholder-data": "safe"},
    "3": {"money-movement": "delayed", "merchants": "one", "cardholder-data": "safe"},
    "4": {"money-movement": "flowing", "merchants": "one", "cardholder-data": "safe"},
}
"""Answers that place a problem at each level of tests/fixtures/payments, by level id."""


@pytest.fixture(scope="module")
def urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Each fixture's built site, served over HTTP on 127.0.0.1: its base address by fixture name."""
    with contextlib.ExitStack() as stack:
        yield {
            name: stack.enter_context(served(build_fixture_site(tmp_path_factory.mktemp(name), name)))
            for name in FIXTURE_NAMES
        }


def _yaml(fixture: str, name: str) -> Any:
    return yaml.safe_load((FIXTURES / fixture / name).read_text(encoding="utf-8"))


def _triage(page: Any, answers: dict[str, str]) -> Any:
    expect(page.locator("#triage-form")).to_be_visible()
    for dimension, answer in answers.items():
        page.locator(f'input[name="{dimension}"][value="{answer}"]').check()
    return page.locator("#triage-verdict")


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("fixture", ["one-level", "payments"])
def test_tables_fit_whatever_the_number_of_levels_and_responsibilities(
    browser: Any, urls: dict[str, str], fixture: str, screen: str
) -> None:
    phone = screen == "phone"
    context = browser.new_context(viewport=SCREENS[screen], is_mobile=phone, has_touch=phone)
    try:
        page = context.new_page()
        problems: list[str] = []
        for path in ("", "triage/", "severity-levels/", "escalation-matrix/", "owners/"):
            page.goto(urls[fixture] + path)
            expect(page.locator("article")).to_be_visible()
            page.wait_for_function("() => document.readyState === 'complete'")
            problems += [f"{path or 'home'}: {p}" for p in page.evaluate(OVERFLOWS)["found"]]
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_triage_result_fits_with_seven_responsibilities_and_long_addresses(
    browser: Any, urls: dict[str, str], screen: str
) -> None:
    """The owners of the chosen level fit the column, as a table where it fits, else as cards."""
    phone = screen == "phone"
    context = browser.new_context(viewport=SCREENS[screen], is_mobile=phone, has_touch=phone)
    try:
        page = context.new_page()
        problems: list[str] = []
        for level_id, answers in PAYMENTS_ANSWERS.items():
            page.goto(urls["payments"] + "triage/")
            expect(_triage(page, answers)).to_have_attribute("data-level", level_id)
            block = page.locator(".triage-level:visible")
            expect(block.locator("table, .level-card").filter(visible=True).first).to_be_visible()
            problems += [f"level {level_id}: {p}" for p in page.evaluate(OVERFLOWS)["found"]]
            for name in [r["name"] for r in _yaml("payments", "runbook.yaml")["responsibilities"]]:
                shown = block.get_by_text(re.compile(rf"^{re.escape(name)}:?$")).filter(visible=True)
                expect(shown).to_have_count(1)
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


def test_each_level_with_a_digits_only_id_is_reached_by_triage(page: Any, urls: dict[str, str], watch: Any) -> None:
    """Level ids "0" to "4" are anchors and data attributes like any other; one answer set per level."""
    levels = _yaml("payments", "severities.yaml")["levels"]
    assert sorted(PAYMENTS_ANSWERS) == sorted(level["id"] for level in levels)
    for level in levels:
        page.goto(urls["payments"] + "triage/")
        verdict = _triage(page, PAYMENTS_ANSWERS[level["id"]])
        expect(verdict).to_have_attribute("data-level", level["id"])
        expect(verdict).to_contain_text(f"Severity: {level['name']}")
        expect(verdict).to_contain_text("First status page post within")  # the runbook's word, a line's first
        expect(page.locator(f'.triage-level[data-level="{level["id"]}"]')).to_be_visible()
        page.get_by_role("link", name="Whom to page").click()
        block = page.locator(".triage-level:visible")
        expect(block).to_have_count(1)
        block.get_by_role("link", name=level["name"], exact=True).click()
        expect(page).to_have_url(urls["payments"] + f"severity-levels/#{level['id']}")
        expect(page.locator(f'[id="{level["id"]}"]')).to_be_in_viewport()
    assert watch.errors == []


def test_the_only_level_of_a_one_level_runbook(page: Any, urls: dict[str, str], watch: Any) -> None:
    level = _yaml("one-level", "severities.yaml")["levels"][0]
    question = _yaml("one-level", "runbook.yaml")["triage"][0]
    page.goto(urls["one-level"] + "triage/")
    verdict = _triage(page, {question["id"]: question["answers"][-1]["id"]})
    expect(verdict).to_have_attribute("data-level", level["id"])
    expect(verdict).to_contain_text(f"Severity: {level['name']}")
    expect(page.locator("#triage-notes")).to_be_hidden()
    expect(page.locator("article")).to_contain_text("This runbook has one level: every problem belongs to it.")
    expect(page.locator("article")).not_to_contain_text("levels above")
    assert watch.errors == []


def test_unanswered_questions_are_named_in_the_number_they_are(page: Any, urls: dict[str, str]) -> None:
    """One question left: "its mildest answer … Answer it"; several: "their … Answer them"."""
    names = {d["id"]: d["name"] for d in _yaml("library", "runbook.yaml")["triage"]}
    page.goto(urls["library"] + "triage/")
    notes = page.locator("#triage-notes")
    _triage(page, {"branches-affected": "one"})
    rest = ", ".join(name for dimension, name in names.items() if dimension != "branches-affected")
    expect(notes).to_have_text(
        f"Not answered yet, so counted as their mildest answer: {rest}. Answer them: the level can only go up."
    )
    _triage(page, {"lending": "slowed", "patron-records": "safe"})
    expect(notes).to_have_text(
        f"Not answered yet, so counted as its mildest answer: {names['workaround']}. "
        "Answer it: the level can only go up."
    )
    _triage(page, {"workaround": "exists"})
    expect(notes).to_be_hidden()
