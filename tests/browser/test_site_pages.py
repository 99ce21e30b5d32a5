"""Every page of the built site in a browser: no console errors, nothing fetched from outside,
review banners by the reader's date, tags, backlinks, the map's node links and the printable page."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Sites, Watch

OPEN_SHADOW_ROOTS = """
    // Material draws diagrams in a closed shadow root; open it so the test can find the links.
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) { return attach.call(this, { ...init, mode: "open" }); };
"""


def test_no_page_logs_an_error_or_reaches_outside(page: Any, base_url: str, sites: Sites, watch: Watch) -> None:
    paths = sorted(p.relative_to(sites.online).parent.as_posix() for p in sites.online.rglob("index.html"))
    assert len(paths) >= 16
    for path in paths:
        page.goto(base_url + ("" if path == "." else path + "/"))
        assert watch.errors == [], f"{path}: {watch.errors}"
    page.goto(base_url + "map/")
    page.locator("div.mermaid").wait_for()
    assert watch.errors == []
    assert watch.outside == [], "pages requested other hosts"


def test_overdue_page_shows_a_banner_by_the_readers_date(page: Any, base_url: str) -> None:
    page.clock.set_fixed_time("2027-06-01T09:00:00")
    page.goto(base_url + "operations/contacting-support/")
    banner = page.locator(".review-overdue")
    assert banner.is_visible()
    assert "This page was due for review on 2027-02-16" in banner.inner_text()
    assert "Support lead" in banner.inner_text()


def test_page_within_its_review_interval_shows_no_banner(page: Any, base_url: str) -> None:
    page.clock.set_fixed_time("2026-12-01T09:00:00")
    page.goto(base_url + "operations/contacting-support/")
    assert not page.locator(".review-overdue").is_visible()
    cadence = page.locator("h2#owner-and-cadence + ul").inner_text()
    assert "last on 2026-11-18; every 90 days; next review due 2027-02-16" in cadence
    assert "Primary owner: Support lead" in cadence


def test_level_tags_lead_to_the_pages_of_a_level(page: Any, base_url: str) -> None:
    page.goto(base_url + "operations/incident-response-runbook/")
    assert page.locator(".md-tags .md-tag").all_inner_texts() == [
        "SEV-1 Critical",
        "SEV-2 Major",
        "SEV-3 Minor",
        "Support",
    ]
    # A page for every level carries no level tag: it would not tell it apart from anything.
    page.goto(base_url + "operations/contacting-support/")
    assert page.locator(".md-tags .md-tag").all_inner_texts() == ["Support"]
    page.goto(base_url + "operations/incident-response-runbook/")
    page.locator(".md-tags").get_by_role("link", name="SEV-1 Critical").click()
    assert page.url == base_url + "tags/#tag:sev-1-critical"
    # Instant navigation may change the address before it swaps the page in: wait for the list.
    listing = page.locator('h2[id="tag:sev-1-critical"] + ul')
    listing.wait_for()
    listed = listing.get_by_role("link").all_inner_texts()
    assert "Incident Response Runbook" in listed
    assert "Contacting Support" not in listed


def test_referenced_by_lists_the_pages_that_link_here(page: Any, base_url: str) -> None:
    page.goto(base_url + "operations/error-reports-and-support-codes/")
    backlinks = page.locator("h2#referenced-by + ul").get_by_role("link").all_inner_texts()
    assert "Contacting Support" in backlinks
    page.locator("h2#referenced-by + ul").get_by_role("link", name="Contacting Support").click()
    assert page.url == base_url + "operations/contacting-support/"


def test_map_nodes_are_links_to_their_pages(browser: Any, base_url: str) -> None:
    context = browser.new_context()
    context.add_init_script(OPEN_SHADOW_ROOTS)
    try:
        page = context.new_page()
        page.goto(base_url + "map/")
        node = page.locator("div.mermaid a", has_text="Contacting Support")
        node.click()
        page.wait_for_url(base_url + "operations/contacting-support/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Contacting Support")
    finally:
        context.close()


def test_support_report_and_update_templates(page: Any, base_url: str) -> None:
    page.goto(base_url + "operations/contacting-support/")
    template = page.locator("h3#support-report-template + .grid pre").inner_text()
    for field in (
        "Exact timestamp:",
        "Affected user:",
        "Affected screen:",
        "SophMate version:",
        "WordPress version:",
        "PHP version:",
        "Reproduction steps:",
    ):
        assert field in template
    rules = page.locator("h3#support-report-template + .grid .admonition").inner_text()
    assert "Before the report leaves the team" in rules and "REDACTED" in rules
    page.goto(base_url + "operations/support-sla-and-escalation-matrix/")
    update = page.locator("h3#customer-update-sev-2 + p + div pre").inner_text()
    assert "Subject: [SEV-2 Major]" in update
    assert "Next update: <a clock time with timezone> (SEV-2 Major: Every 2 hours until recovery" in update


def test_printable_page_holds_the_whole_runbook(page: Any, base_url: str) -> None:
    page.goto(base_url + "print/")
    headings = page.locator("article h2").all_inner_texts()
    for title in ("SophMate Support Runbook", "Severity levels", "Escalation matrix", "Owners", "Contacting Support"):
        assert any(h.startswith(title) for h in headings), title
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), "duplicate ids on the printable page"
    page.locator("article").get_by_role("link", name="Site administrator").first.click()
    assert page.url.startswith(base_url + "print/#print-owners--site-administrator")
