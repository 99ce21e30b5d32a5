"""The triage page in a real browser: staff answer, the page decides as `runbook triage` does."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from generator.checks.criteria import matching_levels
from generator.runtime.memo import RunCache
from generator.source.project import Project, load_project
from tests.browser.conftest import Watch, cli_json
from tests.conftest import ROOT

COMBINATIONS = [
    {"production-impact": "checkout-down"},
    {"privacy-exposure": "suspected", "customer-visibility": "some-customers"},
    {"production-impact": "workflow-down", "automation-state": "pausable"},
    {"data-correctness": "published-wrong", "revenue-risk": "indirect"},
    {"production-impact": "degraded", "customer-visibility": "some-customers"},
    {"automation-state": "pausable"},
    {},
]


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
    rows = page.locator(".triage-level:visible table tbody tr")
    shown = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        shown.append((cells.nth(0).inner_text(), cells.nth(1).inner_text(), cells.nth(2).inner_text().splitlines()[0]))
    return shown


def expected_owners(decision: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (o["responsibility"]["name"], o["owner"]["title"], f"{o['contacts'][0]['method']}: {o['contacts'][0]['value']}")
        for o in decision["owners"]
    ]


def test_checkout_incident_from_home_in_two_clicks(page: Any, base_url: str, project: Project, watch: Watch) -> None:
    decision = cli_json("triage", "--json", "production-impact=checkout-down")
    page.goto(base_url)
    clicks = 0
    page.get_by_role("link", name="Triage a live problem").click()
    clicks += 1
    page.get_by_label(label_for(project, "production-impact", "checkout-down")).click()
    clicks += 1
    verdict = page.locator("#triage-verdict")
    assert clicks <= 2
    assert verdict.is_visible()
    assert decision["level"]["name"] == "SEV-1 Critical"
    assert "Severity: SEV-1 Critical" in verdict.inner_text()
    assert f"Acknowledge within {decision['response']['acknowledge_within']}" in verdict.inner_text()
    assert page.locator(".triage-level:visible").count() == 1
    owners = shown_owners(page)
    assert owners == expected_owners(decision)
    assert all(owner and contact for _, owner, contact in owners)
    assert watch.errors == [] and watch.outside == []


@pytest.mark.parametrize("answers", COMBINATIONS, ids=lambda a: ",".join(f"{k}={v}" for k, v in a.items()) or "mildest")
def test_page_agrees_with_the_command_line(
    page: Any, base_url: str, project: Project, answers: dict[str, str], watch: Watch
) -> None:
    decision = cli_json("triage", "--json", *(f"{k}={v}" for k, v in answers.items()))
    page.goto(base_url + "triage/")
    for dimension, answer in answers.items():
        page.get_by_label(label_for(project, dimension, answer)).check()
    assert page.locator("#triage-verdict").get_attribute("data-level") == decision["level"]["id"]
    assert f"Severity: {decision['level']['name']}" in page.locator("#triage-verdict").inner_text()
    assert shown_owners(page) == expected_owners(decision)
    pages = page.locator(".triage-level:visible p", has_text="Open these pages").locator("a").all_inner_texts()
    assert pages == [op["title"] for op in decision["operations"]]
    assert watch.errors == []


def test_every_answer_combination_gets_the_level_python_gives(page: Any, base_url: str, project: Project) -> None:
    page.goto(base_url + "triage/")
    dimensions = [d.id for d in project.runbook.triage]
    combinations = [
        dict(zip(dimensions, combo, strict=True))
        for combo in itertools.product(*([a.id for a in d.answers] for d in project.runbook.triage))
    ]
    in_browser = page.evaluate(
        """combinations => {
            const data = JSON.parse(document.getElementById("triage-data").getAttribute("data-triage"));
            return combinations.map(answers => window.runbookTriage.matchingLevels(data, answers));
        }""",
        combinations,
    )
    expected = [[level.id for level in matching_levels(project.severities, answers)] for answers in combinations]
    assert len(combinations) == 972
    assert in_browser == expected


def test_answers_are_kept_in_the_address_to_share(page: Any, base_url: str, project: Project) -> None:
    page.goto(base_url + "triage/")
    page.get_by_label(label_for(project, "data-correctness", "published-wrong")).check()
    shared = page.locator("#triage-share").get_attribute("href")
    assert shared is not None and "data-correctness=published-wrong" in shared
    page.goto(base_url + "triage/" + shared)
    assert page.get_by_label(label_for(project, "data-correctness", "published-wrong")).is_checked()
    assert page.locator("#triage-verdict").get_attribute("data-level") == "sev-2"
    page.get_by_role("button", name="Start again").click()
    assert page.locator("#triage-verdict").get_attribute("data-level") == "sev-4"
    assert page.get_by_label(label_for(project, "data-correctness", "correct")).is_checked()


def test_without_javascript_every_level_criteria_and_matrix_show(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "triage/")
        assert not page.locator("#triage-form").is_visible()
        assert page.get_by_text("JavaScript is off").is_visible()
        assert page.locator(".triage-level:visible").count() == 4
        criteria = page.locator("h2#criteria + p + table")
        assert criteria.locator("tbody tr").count() == 13  # one row per rule in severities.yaml
        assert page.locator("h2#matrix ~ table").first.locator("tbody tr").count() == 4
    finally:
        context.close()
