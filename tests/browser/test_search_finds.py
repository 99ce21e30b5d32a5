"""Site search as a stressed reader types it: for each query, the page that answers it comes first.

The expected pages are the bundled runbook's; each query's words are checked against that page's
sources in ``source/`` first, so a reworded page fails here with a clear message rather than by
a ranking that silently moved. Material's per-page ``search.boost`` (triage up, owners down;
operations may set ``search_boost``) and the words in titles, headings and summaries are what
decide the order.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.bundled import skip_unless_source_has
from tests.conftest import ROOT

skip_unless_source_has(
    "operations/contacting-support.yaml",
    "operations/error-reports-and-support-codes.yaml",
    "operations/incident-response-runbook.yaml",
    "operations/migration-and-reindex-review.yaml",
    "owners.yaml",
    "runbook.yaml",
)

QUERIES = [
    ("purchase code", "operations/contacting-support/", ["operations/contacting-support.yaml"]),
    ("rollback", "operations/incident-response-runbook/", ["operations/incident-response-runbook.yaml"]),
    ("pager", "triage/", ["owners.yaml"]),
    ("refund", "triage/", ["runbook.yaml"]),
    ("checkout down", "triage/", ["runbook.yaml"]),
    ("api key", "triage/", ["runbook.yaml"]),
    ("restore backup", "operations/migration-and-reindex-review/", ["operations/migration-and-reindex-review.yaml"]),
    (
        "support code",
        "operations/error-reports-and-support-codes/",
        ["operations/error-reports-and-support-codes.yaml"],
    ),
    ("customer update", "operations/support-sla-and-escalation-matrix/", ["runbook.yaml"]),
    ("redact", "operations/contacting-support/", ["runbook.yaml", "operations/contacting-support.yaml"]),
    ("raw logs", "operations/contacting-support/", ["runbook.yaml"]),
    ("rate limit", "operations/error-reports-and-support-codes/", ["operations/error-reports-and-support-codes.yaml"]),
    ("staging", "operations/migration-and-reindex-review/", ["operations/migration-and-reindex-review.yaml"]),
]


@pytest.mark.parametrize(("query", "page", "sources"), QUERIES, ids=[q for q, _, _ in QUERIES])
def test_query_words_are_in_the_expected_pages_sources(query: str, page: str, sources: list[str]) -> None:
    text = " ".join((ROOT / "source" / name).read_text().lower() for name in sources)
    for word in query.split():
        assert word[:5] in text, f"'{word}' is no longer in {sources}: choose the page that now answers '{query}'"
    if page.startswith("operations/"):
        assert (ROOT / "source" / (page.rstrip("/") + ".yaml")).is_file()


def test_each_query_puts_its_page_first(browser: Any, base_url: str) -> None:
    assert len(QUERIES) >= 10
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        reader = context.new_page()
        reader.goto(base_url)
        search = reader.locator(".md-search__input")
        wrong = []
        results = reader.locator(".md-search-result__item")
        for query, expected, _ in QUERIES:
            search.click()
            # The previous query's results are cleared away first, so the first result read below is
            # this query's, even when both queries put the same page first ('refund', 'api key').
            search.fill("")
            search.press("End")
            expect(results).to_have_count(0)
            search.fill(query)
            search.press("End")  # Material searches on key events; one keypress, whole query
            first = reader.locator(".md-search-result__item > a").first
            try:
                expect(first).to_have_attribute("href", re.compile(re.escape(base_url + expected) + r"(\?|#|$)"))
            except AssertionError:
                wrong.append(f"'{query}': first is {first.get_attribute('href')}, expected {expected}")
            reader.keyboard.press("Escape")
        assert wrong == []
    finally:
        context.close()
