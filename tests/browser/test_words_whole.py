"""No word is broken inside a table cell at 1366×900, at 390×844 or on A4 paper, on the bundled
runbook and on another organisation's (tests/fixtures/payments, whose level names hold long
German words): a table whose longest words do not fit its column is shown as cards instead.

Every word of every cell on screen is measured: a word whose pieces sit on two lines is broken.
A line may still end after a hyphen inside a word ("#team-" then "support"), as print does."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.browser.bundled import bundled, one_combination_per_level
from tests.browser.test_other_runbooks import PAYMENTS_ANSWERS
from tests.browser.test_tables_fit import A4_CONTENT_WIDTH, PAGES, SCREENS

BROKEN_WORDS = """() => {
    const broken = [];
    let measured = 0;
    const visible = e => e.getClientRects().length > 0;
    const shown = [...document.querySelectorAll("article table, article .level-cards")].filter(visible);
    const cells = [...document.querySelectorAll("article table td, article table th")];
    for (const cell of cells.filter(visible)) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            // A word, or the part of one up to and including a hyphen, where a line may end.
            const pieces = /[^\\s-]+-*|-+/g;
            for (let m = pieces.exec(node.data); m; m = pieces.exec(node.data)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const rects = [...range.getClientRects()].filter(r => r.width > 0);
                const lines = new Set(rects.map(r => Math.round(r.bottom)));
                measured += 1;
                if (lines.size > 1) {
                    broken.push(`'${m[0]}' in '${cell.innerText.trim().slice(0, 50)}' (${lines.size} lines)`);
                }
            }
        }
    }
    return {measured, broken, grids: shown.length, tables: document.querySelectorAll("article table").length};
}"""


def _triage_paths(combinations: list[dict[str, str]]) -> list[str]:
    """The triage page with the answers of the most and the least severe level: its owners table shown."""
    return [f"triage/?{urlencode(answers)}" for answers in (combinations[0], combinations[-1])]


MILDEST = {d.id: d.answers[0].id for d in bundled().runbook.triage}
BUNDLED_PAGES = [*PAGES, *_triage_paths([one_combination_per_level()[0], MILDEST])]
OTHER_PAGES = ["", "severity-levels/", "escalation-matrix/", *_triage_paths(list(PAYMENTS_ANSWERS.values()))]


def _broken_words(page: Any, url: str, paths: list[str]) -> tuple[int, list[str]]:
    """Words measured in the tables shown, and the broken ones; every page shows a table or its cards."""
    measured, broken = 0, []
    for path in paths:
        page.goto(url + path)
        expect(page.locator("article")).to_be_visible()
        # runbook.js has measured every table once each is marked as fitted, as a table or as cards.
        expect(page.locator("article .level-grid:not([data-fitted])")).to_have_count(0)
        if path.startswith("triage/?"):
            expect(page.locator(".triage-level:visible table")).to_have_count(1)
        result = page.evaluate(BROKEN_WORDS)
        assert result["grids"] > 0 or result["tables"] == 0, f"{path or 'home'}: neither a table nor its cards shown"
        measured += result["measured"]
        broken += [f"{path or 'home'}: {word}" for word in result["broken"]]
    return measured, broken


def _context(browser: Any, screen: str) -> Any:
    if screen == "paper":
        context = browser.new_context(viewport={"width": A4_CONTENT_WIDTH, "height": 1000})
        return context, "print"
    phone = screen == "phone"
    return browser.new_context(viewport=SCREENS[screen], is_mobile=phone, has_touch=phone), "screen"


@pytest.mark.parametrize("screen", ["desktop", "phone", "paper"])
def test_no_word_breaks_in_a_bundled_table(browser: Any, base_url: str, screen: str) -> None:
    context, media = _context(browser, screen)
    try:
        page = context.new_page()
        page.emulate_media(media=media)
        measured, broken = _broken_words(page, base_url, BUNDLED_PAGES)
        if screen == "desktop":  # at this width most tables stay tables: their words were measured
            assert measured >= len(bundled().severities.levels) + len(bundled().owners.owners)
        assert broken == []
    finally:
        context.close()


@pytest.mark.parametrize("screen", ["desktop", "phone", "paper"])
def test_no_word_breaks_in_another_runbooks_table(browser: Any, payments_url: str, screen: str) -> None:
    context, media = _context(browser, screen)
    try:
        page = context.new_page()
        page.emulate_media(media=media)
        measured, broken = _broken_words(page, payments_url, OTHER_PAGES)
        if screen == "desktop":
            assert measured >= len(PAYMENTS_ANSWERS)
        assert broken == []
    finally:
        context.close()
