"""The offline copy, opened from the file system as staff would when the site host is down."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.bundled import bundled, decision, label_for, page_count
from tests.browser.conftest import Sites, Watch


def test_triage_works_from_file(page: Any, sites: Sites, watch: Watch) -> None:
    project = bundled()
    dimension, answer = next(
        (d.id, a.id) for d in project.runbook.triage for a in d.answers[1:] if decision({d.id: a.id}).operations
    )
    decided = decision({dimension: answer})
    page.goto((sites.offline / "index.html").as_uri())
    page.get_by_role("link", name="Triage a live problem").click()
    expect(page).to_have_url(re.compile(r"/triage\.html$"))
    page.get_by_label(label_for(dimension, answer)).click()
    expect(page.locator("#triage-verdict")).to_contain_text(f"Severity: {decided.level.name}")
    owners = page.locator(".triage-level:visible table tbody tr")
    expect(owners).to_have_count(len(project.runbook.responsibilities))
    op_id, title = decided.operations[0]
    page.locator(".triage-level:visible").get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(re.compile(f"/operations/{re.escape(op_id)}\\.html$"))
    assert watch.errors == [] and watch.outside == []


def test_search_works_from_file(page: Any, sites: Sites, watch: Watch) -> None:
    owner = bundled().owners.owners[0]
    page.goto((sites.offline / "index.html").as_uri())
    page.locator(".md-search__input").click()
    page.keyboard.type(owner.title)
    results = page.locator(".md-search-result__meta")
    results.filter(has_text="matching document").wait_for()
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    expect(page.locator(".md-search-result")).to_contain_text(owner.title)
    assert watch.errors == [] and watch.outside == []


def test_every_offline_page_opens_without_errors(page: Any, sites: Sites, watch: Watch) -> None:
    # 404.html too: the offline copy's links it relative to the copy's root (generator/site/plugin.py).
    pages = sorted(sites.offline.rglob("*.html"))
    assert len(pages) >= page_count()
    for path in pages:
        page.goto(path.as_uri())
        assert watch.errors == [], f"{path.name}: {watch.errors}"
    page.goto((sites.offline / "map.html").as_uri())
    page.locator("div.mermaid").wait_for()
    assert watch.errors == [] and watch.outside == []
