"""The triage page in a real browser: staff answer, the page decides as `runbook triage` does.

Which answers to click and what the page must then show are read from source/ (tests/browser/
bundled.py) and from `runbook triage --json`, so the tests hold for whatever runbook source/ holds.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.checks.criteria import matching_levels
from tests.browser.bundled import (
    bundled,
    decision,
    every_combination,
    label_for,
    one_answer_to,
    one_combination_per_level,
)
from tests.browser.conftest import Watch, cli_json

COMBINATIONS = [*one_combination_per_level(), {}]


def shown_owners(page: Any) -> list[tuple[str, str, str]]:
    """(responsibility, owner, first contact line) from the level block a person can see."""
    rows = page.locator(".triage-level:visible table tbody tr")
    shown = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        shown.append((cells.nth(0).inner_text(), cells.nth(1).inner_text(), cells.nth(2).inner_text().splitlines()[0]))
    return shown


def expected_owners(decided: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (o["responsibility"]["name"], o["owner"]["title"], f"{o['contacts'][0]['method']}: {o['contacts'][0]['value']}")
        for o in decided["owners"]
    ]


def test_most_severe_level_from_home_in_two_clicks(page: Any, base_url: str, watch: Watch) -> None:
    top = bundled().severities.levels[0]
    one_answer = one_answer_to(top.id)
    if one_answer is None:
        pytest.skip(f"no single answer in source/ gives {top.id}: it takes more than two clicks")
    dimension, answer = one_answer
    decided = cli_json("triage", "--json", f"{dimension}={answer}")
    page.goto(base_url)
    clicks = 0
    page.get_by_role("link", name="Triage a live problem").click()
    clicks += 1
    page.get_by_label(label_for(dimension, answer)).click()
    clicks += 1
    verdict = page.locator("#triage-verdict")
    assert clicks <= 2
    assert verdict.is_visible()
    assert decided["level"]["name"] == top.name
    assert f"Severity: {top.name}" in verdict.inner_text()
    assert f"Acknowledge within {decided['response']['acknowledge_within']}" in verdict.inner_text()
    assert page.locator(".triage-level:visible").count() == 1
    owners = shown_owners(page)
    assert owners == expected_owners(decided)
    assert all(owner and contact for _, owner, contact in owners)
    assert watch.errors == [] and watch.outside == []


@pytest.mark.parametrize("answers", COMBINATIONS, ids=lambda a: ",".join(f"{k}={v}" for k, v in a.items()) or "mildest")
def test_page_agrees_with_the_command_line(page: Any, base_url: str, answers: dict[str, str], watch: Watch) -> None:
    decided = cli_json("triage", "--json", *(f"{k}={v}" for k, v in answers.items()))
    page.goto(base_url + "triage/")
    for dimension, answer in answers.items():
        page.get_by_label(label_for(dimension, answer)).check()
    assert page.locator("#triage-verdict").get_attribute("data-level") == decided["level"]["id"]
    assert f"Severity: {decided['level']['name']}" in page.locator("#triage-verdict").inner_text()
    assert shown_owners(page) == expected_owners(decided)
    pages = page.locator(".triage-level:visible p", has_text="Open these pages").locator("a").all_inner_texts()
    assert pages == [op["title"] for op in decided["operations"]]
    assert watch.errors == []


def test_every_answer_combination_gets_the_level_the_command_line_gives(page: Any, base_url: str) -> None:
    page.goto(base_url + "triage/")
    combinations = every_combination()
    in_browser = page.evaluate(
        """combinations => {
            const data = JSON.parse(document.getElementById("triage-data").getAttribute("data-triage"));
            return combinations.map(answers => window.runbookTriage.matchingLevels(data, answers));
        }""",
        combinations,
    )
    expected = [[level.id for level in matching_levels(bundled().severities, answers)] for answers in combinations]
    assert in_browser == expected
    # `runbook triage` decides with the same rules: one level each, the one the browser shows.
    assert [[decision(answers).level.id] for answers in combinations] == in_browser


def test_answers_are_kept_in_the_address_to_share(page: Any, base_url: str) -> None:
    from playwright.sync_api import expect  # waits for the page's script, never a fixed sleep

    mildest = decision({}).level.id
    answers = next(a for a in one_combination_per_level() if a and decision(a).level.id != mildest)
    verdict = page.locator("#triage-verdict")
    page.goto(base_url + "triage/")
    for dimension, answer in answers.items():
        page.get_by_label(label_for(dimension, answer)).check()
    expect(verdict).to_have_attribute("data-level", decision(answers).level.id)
    shared = page.locator("#triage-share").get_attribute("href")
    assert shared is not None and all(f"{k}={v}" in shared for k, v in answers.items())
    page.goto(base_url + "triage/")  # a fresh page, then the shared address
    expect(verdict).to_have_attribute("data-level", mildest)
    page.goto(base_url + "triage/" + shared)
    for dimension, answer in answers.items():
        expect(page.get_by_label(label_for(dimension, answer))).to_be_checked()
    expect(verdict).to_have_attribute("data-level", decision(answers).level.id)
    page.get_by_role("button", name="Start again").click()
    expect(verdict).to_have_attribute("data-level", mildest)
    for dimension in bundled().runbook.triage:
        expect(page.get_by_label(label_for(dimension.id, dimension.answers[0].id))).to_be_checked()


def test_without_javascript_every_level_criteria_and_matrix_show(browser: Any, base_url: str) -> None:
    levels = bundled().severities.levels
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "triage/")
        assert not page.locator("#triage-form").is_visible()
        assert page.get_by_text("JavaScript is off").is_visible()
        assert page.locator(".triage-level:visible").count() == len(levels)
        criteria = page.locator("h2#criteria + p + table")
        assert criteria.locator("tbody tr").count() == sum(len(level.criteria) for level in levels)  # one per rule
        assert page.locator("h2#matrix ~ table").first.locator("tbody tr").count() == len(levels)
    finally:
        context.close()
