"""The triage verdict of a runbook wired to PagerDuty, in Chromium: the chosen level's escalation chain
(who is paged after how long) with its schedules, users and policy linked into the account."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Watch, build_fixture_site
from tests.browser.test_other_runbooks import _triage
from tests.browser.test_tables_fit import OVERFLOWS, SCREENS
from tests.sites import served

ACCOUNT = "https://rollbahn.pagerduty.com"


@pytest.fixture(scope="module")
def paging_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site: Path = build_fixture_site(tmp_path_factory.mktemp("paging"), "paging")
    with served(site) as url:
        yield url


def test_triage_verdict_shows_the_chosen_levels_chain_with_links(page: Any, paging_site: str, watch: Watch) -> None:
    page.goto(paging_site + "triage/")
    expect(_triage(page, {"dispatch": "stopped"})).to_have_attribute("data-level", "d1")
    chain = page.locator(".triage-level:visible p").filter(has_text="Escalation:")
    expect(chain).to_have_count(1)
    expect(chain).to_have_text(
        "Escalation: Dispatch on-call engineer first (PagerDuty schedule PDSP001); if nobody acknowledges, after "
        "5 minutes Dispatch secondary engineer (PagerDuty schedule PDSP002), after 10 minutes Platform lead "
        "(PagerDuty user PILSE01). PagerDuty escalation policy PESC0D1."
    )
    expect(chain.get_by_role("link", name="PagerDuty escalation policy PESC0D1")).to_have_attribute(
        "href", f"{ACCOUNT}/escalation_policies/PESC0D1"
    )
    expect(chain.get_by_role("link", name="PagerDuty user PILSE01")).to_have_attribute(
        "href", f"{ACCOUNT}/users/PILSE01"
    )
    # Another answer shows that level's chain instead: D3 has no escalate_to, so the backup follows.
    page.locator('input[name="dispatch"][value="normal"]').check()
    page.locator('input[name="carriers"][value="one"]').check()
    expect(page.locator("#triage-verdict")).to_have_attribute("data-level", "d3")
    expect(page.locator(".triage-level:visible p").filter(has_text="Escalation:")).to_have_text(
        "Escalation: Carrier desk first (PagerDuty user PDESK01); if nobody acknowledges, after 2 hours Platform "
        "lead (PagerDuty user PILSE01)."
    )
    assert watch.errors == [] and watch.outside == []


def test_chain_fits_a_phone(browser: Any, paging_site: str) -> None:
    context = browser.new_context(viewport=SCREENS["phone"], is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        problems = []
        for path in ("", "severity-levels/", "triage/", "owners/"):
            page.goto(paging_site + path)
            expect(page.locator("article")).to_be_visible()
            page.wait_for_function("() => document.readyState === 'complete'")
            problems += [f"{path or 'home'}: {p}" for p in page.evaluate(OVERFLOWS)["found"]]
        page.goto(paging_site + "triage/")
        expect(_triage(page, {"dispatch": "stopped"})).to_have_attribute("data-level", "d1")
        problems += [f"triage d1: {p}" for p in page.evaluate(OVERFLOWS)["found"]]
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
