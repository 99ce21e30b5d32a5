"""The triage page in a real browser: staff answer, the page decides as `runbook triage` does.

Every check of what the page shows goes through Playwright's ``expect``, which waits for the
page to get there: the script sets the page up after Material's instant navigation swaps it
in, so a plain read straight after a click or a navigation would race it.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from playwright.sync_api import expect

from generator.runtime.memo import RunCache
from generator.source.project import Project, load_project
from generator.triage.decision import decide, matching_levels
from generator.triage.plainrules import deciding_rules
from tests.browser.bundled import contact_text
from tests.browser.conftest import Watch, cli_json
from tests.conftest import ROOT


def _combinations() -> list[dict[str, str]]:
    """One answer set per rule of every level (its first accepted answers), and "Not sure" for each question."""
    loaded, diagnostics = load_project(ROOT / "source", RunCache.off())
    assert loaded is not None, diagnostics
    found = [
        {dimension: accepted[0] for dimension, accepted in rule.items()}
        for level in loaded.severities.levels
        for rule in level.criteria
        if rule
    ]
    found += [{dimension.id: "unsure"} for dimension in loaded.runbook.triage]
    return found


COMBINATIONS = _combinations()


@pytest.fixture(scope="module")
def project() -> Project:
    loaded, diagnostics = load_project(ROOT / "source", RunCache.off())
    assert loaded is not None, diagnostics
    return loaded


def label_for(project: Project, dimension: str, answer: str) -> str:
    found = next(d for d in project.runbook.triage if d.id == dimension)
    return next(a.label for a in found.answers if a.id == answer)


def shown_owners(page: Any) -> list[tuple[str, str, str]]:
    """(responsibility, owner, first contact line) from the level block a person can see."""
    expect(page.locator(".triage-level:visible")).to_have_count(1)
    rows = page.locator(".triage-level:visible table tbody tr")
    shown = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        shown.append((cells.nth(0).inner_text(), cells.nth(1).inner_text(), cells.nth(2).inner_text().splitlines()[0]))
    return shown


def answer(page: Any, project: Project, dimension: str, value: str) -> None:
    """Choose an answer as a person does: by its label within its question."""
    question = page.locator(f"#question-{dimension}")
    label = "Not sure" if value == "unsure" else label_for(project, dimension, value)
    question.get_by_label(label, exact=True).check()


def expected_owners(decision: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (o["responsibility"]["name"], o["owner"]["title"], contact_text(o["contacts"][0])) for o in decision["owners"]
    ]


def test_checkout_incident_from_home_in_two_clicks(page: Any, base_url: str, project: Project, watch: Watch) -> None:
    dimension = project.runbook.triage[0]
    worst = dimension.answers[-1].id
    decision = cli_json("triage", "--json", f"{dimension.id}={worst}")
    page.goto(base_url)
    # Two clicks, and nothing else: no scrolling, no typing. The answer is on screen where the
    # triage page opens, and the verdict comes into view as it is chosen.
    page.get_by_role("link", name="Triage a live problem").click()
    choice = page.get_by_label(label_for(project, dimension.id, worst))
    expect(choice).to_be_in_viewport()
    choice.click()
    verdict = page.locator("#triage-verdict")
    expect(verdict).to_be_in_viewport()
    expect(verdict).to_contain_text(f"Severity: {decision['level']['name']}")
    expect(verdict).to_contain_text(f"Acknowledge within {decision['response']['acknowledge_within']}")
    expect(verdict).to_contain_text(f"Page first: {decision['page_first']['title']}")
    owners = shown_owners(page)
    assert owners == expected_owners(decision)
    assert all(owner and contact for _, owner, contact in owners)
    lead = decision["page_first"]
    first = lead["contacts"][0]
    block = page.locator(".triage-level:visible p", has_text="Page first:")
    # The contact's note in brackets after it, as it is written: no "When to use:" label over a note
    # that may say anything else.
    note = f" ({first['note'].rstrip('.')})" if first.get("note") else ""
    expect(block).to_contain_text(f"Page first: {lead['title']}, by {contact_text(first)}{note}.")
    expect(block).not_to_contain_text("When to use")
    assert watch.errors == [] and watch.outside == []


@pytest.mark.parametrize("answers", COMBINATIONS, ids=lambda a: ",".join(f"{k}={v}" for k, v in a.items()))
def test_page_agrees_with_the_command_line(
    page: Any, base_url: str, project: Project, answers: dict[str, str], watch: Watch
) -> None:
    decision = cli_json("triage", "--json", *(f"{k}={v}" for k, v in answers.items()))
    page.goto(base_url + "triage/")
    for dimension, value in answers.items():
        answer(page, project, dimension, value)
    verdict = page.locator("#triage-verdict")
    expect(verdict).to_have_attribute("data-level", decision["level"]["id"])
    expect(verdict).to_contain_text(f"Severity: {decision['level']['name']}")
    assert shown_owners(page) == expected_owners(decision)
    pages = page.locator(".triage-level:visible p", has_text="Open these pages").locator("a")
    expect(pages).to_have_text([op["title"] for op in decision["operations"]])
    notes = page.locator("#triage-notes")
    for dimension in decision["unsure"]:
        name = next(d.name for d in project.runbook.triage if d.id == dimension)
        one = len(decision["unsure"]) == 1
        expect(notes).to_contain_text(f"Not sure, so counted as {'its' if one else 'their'} most severe answer: ")
        expect(notes).to_contain_text(name)
    assert watch.errors == []


def test_every_answer_combination_gets_the_level_python_gives(page: Any, base_url: str, project: Project) -> None:
    """Every combination of answers, "not sure" included, decides as `runbook triage` does."""
    page.goto(base_url + "triage/")
    expect(page.locator("#triage-form")).to_be_visible()
    dimensions = [d.id for d in project.runbook.triage]
    choices = [[a.id for a in d.answers] + ["unsure"] for d in project.runbook.triage]
    given = [dict(zip(dimensions, combo, strict=True)) for combo in itertools.product(*choices)]
    in_browser = page.evaluate(
        """combinations => {
            const data = JSON.parse(document.getElementById("triage-data").getAttribute("data-triage"));
            const triage = window.runbookTriage;
            const decide = given => triage.matchingLevels(data, triage.effectiveAnswers(data, given));
            return combinations.map(decide);
        }""",
        given,
    )
    expected = [
        [level.id for level in matching_levels(project.severities, decide(project, answers).answers)]
        for answers in given
    ]
    total = 1
    for options in choices:
        total *= len(options)
    assert len(given) == total
    assert in_browser == expected
    assert all(len(levels) == 1 for levels in in_browser)


def test_answers_are_kept_in_the_address_to_share(page: Any, base_url: str, project: Project) -> None:
    dimension = project.runbook.triage[-1]
    chosen = dimension.answers[-1].id
    level = cli_json("triage", "--json", f"{dimension.id}={chosen}")["level"]["id"]
    page.goto(base_url + "triage/")
    answer(page, project, dimension.id, chosen)
    expect(page).to_have_url(base_url + f"triage/?{dimension.id}={chosen}")
    page.goto(base_url + f"triage/?{dimension.id}={chosen}")
    expect(page.get_by_label(label_for(project, dimension.id, chosen))).to_be_checked()
    expect(page.locator("#triage-verdict")).to_have_attribute("data-level", level)
    page.get_by_role("button", name="Start again").click()
    expect(page.locator("#triage-verdict")).not_to_have_attribute("data-level", level)
    expect(page.locator("#triage-verdict")).to_contain_text("No level yet")
    expect(page.locator("#triage-form input:checked")).to_have_count(0)
    expect(page).to_have_url(base_url + "triage/")


def test_without_javascript_every_level_criteria_and_matrix_show(browser: Any, base_url: str, project: Project) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "triage/")
        assert not page.locator("#triage-form").is_visible()
        assert page.get_by_text("JavaScript is off").is_visible()
        assert page.locator(".triage-level:visible").count() == len(project.severities.levels)
        sentences = page.locator("h2#criteria ~ ul:not(h2#matrix ~ ul) > li")
        assert sentences.count() == sum(len(rules) for rules in deciding_rules(project).values())
        assert page.locator("h2#matrix ~ .level-grid table").first.locator("tbody tr").count() == len(
            project.severities.levels
        )
    finally:
        context.close()
