"""Every page of the built site in a browser: no console errors, nothing fetched from outside,
review banners by the reader's date, tags, backlinks, the map's node links and the printable page."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from generator.i18n.words import runbook_messages, runbook_words
from generator.source.inheritance import owner_ids, page_settings
from generator.source.model import Operation
from tests.browser.bundled import (
    bundled,
    category_of,
    first_operation,
    page_count,
    reviewed_operation,
    tag_anchor,
    with_embed,
)
from tests.browser.conftest import Sites, Watch

OPEN_SHADOW_ROOTS = """
    // Material draws diagrams in a closed shadow root; open it so the test can find the links.
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) { return attach.call(this, { ...init, mode: "open" }); };
"""


def test_no_page_logs_an_error_or_reaches_outside(page: Any, base_url: str, sites: Sites, watch: Watch) -> None:
    paths = sorted(p.relative_to(sites.online).parent.as_posix() for p in sites.online.rglob("index.html"))
    assert len(paths) >= page_count()
    for path in paths:
        page.goto(base_url + ("" if path == "." else path + "/"))
        assert watch.errors == [], f"{path}: {watch.errors}"
    page.goto(base_url + "map/")
    page.locator("div.mermaid").wait_for()
    assert watch.errors == []
    assert watch.outside == [], "pages requested other hosts"


def _reviewed() -> tuple[str, Operation, datetime.date]:
    reviewed = reviewed_operation()
    if reviewed is None:
        pytest.skip("no page in source/ has a review interval and a last_reviewed date")
    return reviewed


def _primary_owner_title(operation: Operation) -> str:
    """The first of the page's primary owners (a page may name several)."""
    owner_id = owner_ids(page_settings(operation, category_of(operation)).primary_owner)[0]
    return next(o.title for o in bundled().owners.owners if o.id == owner_id)


def test_overdue_page_shows_a_banner_by_the_readers_date(page: Any, base_url: str) -> None:
    op_id, operation, due = _reviewed()
    page.clock.set_fixed_time(f"{due + datetime.timedelta(days=30)}T09:00:00")
    page.goto(base_url + f"operations/{op_id}/")
    banner = page.locator(".review-overdue")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(f"This page was due for review on {due}")
    expect(banner).to_contain_text(_primary_owner_title(operation))


def test_page_within_its_review_interval_shows_no_banner(page: Any, base_url: str) -> None:
    op_id, operation, due = _reviewed()
    assert operation.last_reviewed is not None
    page.clock.set_fixed_time(f"{operation.last_reviewed + datetime.timedelta(days=1)}T09:00:00")
    page.goto(base_url + f"operations/{op_id}/")
    expect(page.locator(".review-overdue")).to_be_hidden()
    cadence = page.locator("h2#owner-and-cadence + ul").inner_text()
    every = (due - operation.last_reviewed).days
    assert f"last on {operation.last_reviewed}; every {every} days; next review due {due}" in cadence
    assert f"Primary owner: {_primary_owner_title(operation)}" in cadence


def test_level_tags_lead_to_the_pages_of_a_level(page: Any, base_url: str) -> None:
    project = bundled()
    names = {level.id: level.name for level in project.severities.levels}
    everyone = set(names)
    some = [(i, op) for i, op in sorted(project.operations.items()) if op.applies_to and set(op.applies_to) != everyone]
    assert some, "no page of source/ applies to some levels but not all"
    op_id, operation = some[0]
    page.goto(base_url + f"operations/{op_id}/")
    tags = {category_of(operation).name, *(names[level] for level in operation.applies_to)}
    assert sorted(page.locator(".md-tags .md-tag").all_inner_texts()) == sorted(tags)
    # A page for every level carries no level tag: it would not tell it apart from anything.
    for every_id, every in sorted(project.operations.items()):
        if set(every.applies_to) == everyone:
            page.goto(base_url + f"operations/{every_id}/")
            assert page.locator(".md-tags .md-tag").all_inner_texts() == [category_of(every).name]
            break
    page.goto(base_url + f"operations/{op_id}/")
    level = operation.applies_to[-1]
    page.locator(".md-tags").get_by_role("link", name=names[level]).click()
    expect(page).to_have_url(base_url + f"tags/#{tag_anchor(names[level])}")
    # Instant navigation may change the address before it swaps the page in: wait for the list.
    listing = page.locator(f'h2[id="{tag_anchor(names[level])}"] + ul')
    listing.wait_for()
    listed = listing.get_by_role("link").all_inner_texts()
    expected = [
        op.title for op in project.operations.values() if level in op.applies_to and set(op.applies_to) != everyone
    ]
    assert sorted(listed) == sorted(expected)


def test_referenced_by_lists_the_pages_that_link_here(page: Any, base_url: str) -> None:
    project = bundled()
    source_id, target_id = next(
        (op_id, r.operation)
        for op_id, op in sorted(project.operations.items())
        for r in op.related
        if r.operation != op_id
    )
    title = project.operations[source_id].title
    page.goto(base_url + f"operations/{target_id}/")
    backlinks = page.locator("h2#referenced-by + ul").get_by_role("link").all_inner_texts()
    assert title in backlinks
    page.locator("h2#referenced-by + ul").get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(base_url + f"operations/{source_id}/")


def test_map_nodes_are_links_to_their_pages(browser: Any, base_url: str) -> None:
    op_id, operation = first_operation()
    context = browser.new_context()
    context.add_init_script(OPEN_SHADOW_ROOTS)
    try:
        page = context.new_page()
        page.goto(base_url + "map/")
        node = page.locator("div.mermaid a", has_text=operation.title)
        node.first.click()
        page.wait_for_url(base_url + f"operations/{op_id}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^" + re.escape(operation.title)))
    finally:
        context.close()


def test_support_report_template(page: Any, request: pytest.FixtureRequest) -> None:
    project, url, op_id = with_embed("support-report", request)
    runbook = project.runbook
    page.goto(url + f"operations/{op_id}/")
    template = page.locator("h3#support-report-template + .grid pre").inner_text()
    for field in runbook.evidence:
        assert f"{field.label}:" in template
    if runbook.redaction_rules:
        rules = page.locator("h3#support-report-template + .grid .admonition").inner_text()
        assert "Before the report leaves the team" in rules
        shown = " ".join(rules.split())
        assert all(" ".join(rule.split()) in shown for rule in runbook.redaction_rules)


def test_update_templates(page: Any, request: pytest.FixtureRequest) -> None:
    project, url, op_id = with_embed("customer-update", request)
    runbook, level = project.runbook, project.severities.levels[-1]
    assert runbook.communication is not None
    page.goto(url + f"operations/{op_id}/")
    update = page.locator(f"h3#customer-update-{level.id} + p + div pre").inner_text()
    subject = runbook_words(runbook, runbook_messages(runbook)).update_subject  # its own, else the catalog's
    if subject:
        assert f"{subject}: [{level.name}]" in update
    for item in runbook.communication.includes:
        label = item if isinstance(item, str) else item.label
        assert f"{label}: " in update
        if not isinstance(item, str) and item.fill == "update-cadence":
            assert f"({level.name}: {level.response.update_cadence})" in update


def test_printable_page_holds_the_whole_runbook(page: Any, base_url: str) -> None:
    project = bundled()
    page.goto(base_url + "print/")
    headings = page.locator("article h2").all_inner_texts()
    titles = [project.runbook.title, "Severity levels", "Escalation matrix", "Owners", first_operation()[1].title]
    for title in titles:
        assert any(h.startswith(title) for h in headings), title
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), "duplicate ids on the printable page"
    first = project.severities.levels[0]
    owner = next(o for o in project.owners.owners if o.id == first.owners[project.runbook.responsibilities[0].id])
    page.locator("article").get_by_role("link", name=owner.title, exact=True).first.click()
    expect(page).to_have_url(re.compile("^" + re.escape(base_url + f"print/#print-owners--{owner.id}")))
