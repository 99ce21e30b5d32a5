"""Site search as a stressed reader types it, in the lunr search the site ships (Material's worker).

Two runbooks: the bundled one in ``source/`` and ``tests/fixtures/payments`` (another organisation's,
built with this repository's mkdocs.yml). For each, the queries any runbook answers the same way
are derived from its source: "who to call" and its owners' paging methods ("pager", "phone") lead to
the owners page, where every contact is; an operation's title leads to that operation. The bundled
runbook adds the queries a reader types mid-incident, each checked against the ``source/`` files
its words come from, so a reworded page fails here with a clear message rather than by a ranking
that silently moved.

Every search entry must also hold the page's words as the page shows them: no section the script
fills while it is a bare heading, no words joined where a line break or a table cell parts them
("team chatpager:"), no diagram source the page never shows.
"""

from __future__ import annotations

import html
import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

from tests.browser.bundled import skip_unless_source_has
from tests.conftest import FIXTURES, ROOT

PAGING_METHODS = {"pager": "pager", "phone": "phone"}
"""Contact methods a reader searches by name, with the word they type (the catalog's English label)."""

BUNDLED = [
    ("purchase code", "operations/contacting-support/", ["operations/contacting-support.yaml"]),
    ("refund", "triage/", ["runbook.yaml"]),
    ("checkout down", "triage/", ["runbook.yaml"]),
    # The provider owner rotates keys, from the provider's "API keys" page.
    ("api key", "owners/", ["owners.yaml"]),
    ("restore backup", "operations/migration-and-reindex-review/", ["operations/migration-and-reindex-review.yaml"]),
    (
        "support code",
        "operations/error-reports-and-support-codes/",
        ["operations/error-reports-and-support-codes.yaml"],
    ),
    ("customer update", "operations/support-sla-and-escalation-matrix/", ["runbook.yaml"]),
    ("redact", "operations/contacting-support/", ["runbook.yaml", "operations/contacting-support.yaml"]),
    # The provider owner raises rate-limit tiers; the hosting owner's ticket note says "never raw logs".
    ("rate limit", "owners/", ["owners.yaml"]),
    ("raw logs", "owners/", ["owners.yaml"]),
    ("staging", "operations/migration-and-reindex-review/", ["operations/migration-and-reindex-review.yaml"]),
    ("hosting", "owners/", ["owners.yaml"]),
    ("rollback", "owners/", ["owners.yaml"]),
]
"""(query, the page it must put first, the source files its words come from) on the bundled runbook."""

BUNDLED_PAGES = sorted(
    {name for _, _, sources in BUNDLED for name in sources if name.startswith("operations/")}
    | {page.rstrip("/") + ".yaml" for _, page, _ in BUNDLED if page.startswith("operations/")}
)
"""The bundled runbook's own pages these queries name: with another runbook in source/ they are absent."""

PAYMENTS = [("status page", "operations/merchant-status-updates/")]
"""Queries of tests/fixtures/payments beyond the derived ones (its words: its merchant-status-updates.yaml)."""


def derived_queries(source: Path) -> list[tuple[str, str]]:
    """Queries any runbook answers alike, read from its source: (query, the page it must put first)."""
    owners = yaml.safe_load((source / "owners.yaml").read_text(encoding="utf-8"))["owners"]
    methods = {contact["method"] for owner in owners for contact in owner["contact"]}
    queries = [("who to call", "owners/")]
    queries += [(word, "owners/") for method, word in PAGING_METHODS.items() if method in methods]
    for path in sorted((source / "operations").glob("*.yaml")):
        title = yaml.safe_load(path.read_text(encoding="utf-8"))["title"]
        # As a reader types a title: words, no brackets (Material's search splits on spaces and hyphens only).
        if not re.search(r"[()\[\]]", title):
            queries.append((title.lower(), f"operations/{path.stem}/"))
    return queries


def first_hits(browser: Any, base_url: str, queries: list[tuple[str, str]]) -> list[str]:
    """Each query typed into the site's search box; the queries whose first result is not the expected page."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    wrong = []
    try:
        reader = context.new_page()
        reader.goto(base_url)
        search = reader.locator(".md-search__input")
        results = reader.locator(".md-search-result__item")
        for query, expected in queries:
            search.click()
            # The previous query's results are cleared away first, so the first result read below is
            # this query's, even when both queries put the same page first.
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
    finally:
        context.close()
    return wrong


@pytest.mark.parametrize(("query", "page", "sources"), BUNDLED, ids=[q for q, _, _ in BUNDLED])
def test_query_words_are_in_the_expected_pages_sources(query: str, page: str, sources: list[str]) -> None:
    # A query whose words come from runbook.yaml or owners.yaml alone still belongs to the bundled
    # runbook: another team's source/ has those files, not these words.
    skip_unless_source_has(*dict.fromkeys([*BUNDLED_PAGES, *sources]))
    text = " ".join((ROOT / "source" / name).read_text().lower() for name in sources)
    for word in query.split():
        assert word[:5] in text, f"'{word}' is no longer in {sources}: choose the page that now answers '{query}'"
    if page.startswith("operations/"):
        assert (ROOT / "source" / (page.rstrip("/") + ".yaml")).is_file()


def test_bundled_runbook_queries_put_their_page_first(browser: Any, base_url: str) -> None:
    skip_unless_source_has(*dict.fromkeys([*BUNDLED_PAGES, *(name for _, _, sources in BUNDLED for name in sources)]))
    queries = derived_queries(ROOT / "source") + [(q, page) for q, page, _ in BUNDLED]
    assert len(queries) >= 15
    assert first_hits(browser, base_url, queries) == []


def test_another_runbooks_queries_put_their_page_first(browser: Any, payments_url: str) -> None:
    source = FIXTURES / "payments"
    assert "status page" in (source / "operations" / "merchant-status-updates.yaml").read_text(encoding="utf-8")
    queries = derived_queries(source) + PAYMENTS
    assert ("pager", "owners/") in queries and ("phone", "owners/") in queries
    assert len(queries) >= 15
    assert first_hits(browser, payments_url, queries) == []


def index_entries(base_url: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(base_url + "search/search_index.json", timeout=10) as response:
        data = json.load(response)
    entries: list[dict[str, Any]] = data["docs"]
    return entries


def words(text: str) -> Iterator[str]:
    """Words as Material's search worker splits text (spaces and hyphens), lower case, without the
    punctuation around them ('level,' and 'level' are one word; 'chatpager:' is not 'pager')."""
    for word in re.split(r"[\s\-]+", text):
        core = re.sub(r"^\W+|\W+$", "", word.lower())
        if core:
            yield core


def entry_words(text: str) -> Iterator[str]:
    """An entry's words: every tag parts text, as in Material's worker."""
    for piece in re.split(r"<[^>]*>", text):
        yield from words(html.unescape(piece))


def words_not_shown(page: Any, base_url: str, entries: list[dict[str, Any]]) -> list[str]:
    """Words of search entries that the page they lead to never shows, page by page."""
    by_page: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_page.setdefault(entry["location"].split("#")[0], []).append(entry)
    missing = []
    for location, found in by_page.items():
        page.goto(base_url + location)
        expect(page.locator("article h1").first).to_be_visible()
        # Everything the page can show: what a question, a link or a wider screen reveals counts.
        shown = page.evaluate(
            """() => {
                document.querySelectorAll('article [hidden]').forEach(e => e.hidden = false);
                document.querySelectorAll('article details').forEach(e => e.open = true);
                return document.querySelector('article').innerText;
            }"""
        )
        seen = set(words(shown))
        for entry in found:
            absent = sorted({w for w in entry_words(entry["text"]) if w not in seen})
            if absent:
                missing.append(f"{entry['location']}: {absent[:8]}")
    return missing


def test_bundled_search_entries_hold_the_words_the_pages_show(page: Any, base_url: str) -> None:
    entries = index_entries(base_url)
    assert not [e["location"] for e in entries if not e["text"].strip() and e["location"].startswith("triage/#")], (
        "a triage section the script fills is a search entry while it is a bare heading"
    )
    assert "triage/#result" not in {e["location"] for e in entries}
    missing = words_not_shown(page, base_url, entries)
    assert not missing, "\n".join(missing)


def test_another_runbooks_search_entries_hold_the_words_the_pages_show(page: Any, payments_url: str) -> None:
    entries = index_entries(payments_url)
    assert "triage/#result" not in {e["location"] for e in entries}
    missing = words_not_shown(page, payments_url, entries)
    assert not missing, "\n".join(missing)
