"""The Alerts page in Chromium, as on-call staff reach it: from the navigation, from search, and on to the page.

The project is the acceptance test's new team (tests/test_alerts_new_team.py): ``runbook init``,
seven alerts listed on two pages, one rule file named in runbook.yaml. Which alerts, pages and
levels to expect is read from that project's sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.sites import build_runbook, served
from tests.test_alerts_new_team import ALERT_PAGES, LISTED, start_alerts_team


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = start_alerts_team(tmp_path_factory.mktemp("alerts-team"))
    with served(build_runbook(project, config=None)) as url:
        yield url


def test_the_alerts_page_is_in_the_navigation_and_leads_to_each_alerts_page(page: Any, site: str) -> None:
    page.goto(site)
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Alerts", exact=True).click()
    expect(page).to_have_url(site + "alerts/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Alerts\W*$"))
    table = page.locator("article table").first
    assert len(ALERT_PAGES) == 7
    for name, target in ALERT_PAGES.items():
        row = table.locator("tr", has=page.get_by_role("cell", name=name, exact=True))
        expect(row).to_have_count(1)
        # Relative as built; Material's instant navigation rewrites it to the absolute address.
        leads_to = re.compile(rf"^(\.\./|{re.escape(site)}){re.escape(target)}$")
        expect(row.get_by_role("link").first).to_have_attribute("href", leads_to)
    name = LISTED["first-response"][0]
    table.locator("tr", has=page.get_by_role("cell", name=name, exact=True)).get_by_role("link").first.click()
    expect(page).to_have_url(site + "operations/first-response/")
    section = page.locator("#alerts-that-lead-here + ul")
    expect(section.get_by_role("listitem")).to_have_text(LISTED["first-response"])


def test_searching_an_alert_name_finds_its_page_and_the_alerts_page(page: Any, site: str) -> None:
    page.goto(site)
    search = page.locator(".md-search__input")
    search.click()
    search.fill("PaymentsWebhookFailures")
    search.press("End")
    results = page.locator(".md-search-result__item > a")
    expect(results.first).to_be_visible()
    hrefs = {re.sub(r"[?#].*$", "", href) for href in results.evaluate_all("links => links.map(a => a.href)")}
    assert {site + "alerts/", site + "operations/escalating-an-incident/"} <= hrefs
