"""Every table a reader needs fits its column at 1366×900, at 390×844 and on A4 paper: nothing is
cut off and nothing scrolls sideways. Wide level tables turn into one card per level instead."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.bundled import bundled, with_embed


def _two_operation_pages() -> list[str]:
    """The operation page with the most list items and the one that embeds an update template, else the next."""
    project = bundled()
    ops = sorted(project.operations.items())
    longest = max(ops, key=lambda item: len(item[1].checklist) + len(item[1].common_mistakes))[0]
    embedding = [i for i, op in ops if any(s.embed for s in op.sections) and i != longest]
    other = embedding[0] if embedding else next(i for i, _ in ops if i != longest)
    return [f"operations/{longest}/", f"operations/{other}/"]


PAGES = ["", "severity-levels/", "escalation-matrix/", "owners/", *_two_operation_pages()]
SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
A4_CONTENT_WIDTH = 703
"""A4's 210 mm less the stylesheet's 12 mm margins, in CSS pixels (96 per inch)."""

OVERFLOWS = """() => {
    const limit = document.documentElement.clientWidth;
    const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
    const found = [];
    const selector = "article table, article .md-typeset__scrollwrap, article pre > code, article .level-card";
    for (const box of [...document.querySelectorAll(selector)].filter(shown)) {
        const r = box.getBoundingClientRect();
        const name = `${box.tagName.toLowerCase()}.${box.className} near '${box.innerText.slice(0, 40)}'`;
        if (box.scrollWidth > box.clientWidth + 1) {
            found.push(`${name} scrolls: ${box.scrollWidth} > ${box.clientWidth}`);
        }
        if (r.right > limit + 1 || r.left < -1) {
            found.push(`${name} is cut off: ${Math.round(r.left)}..${Math.round(r.right)} of ${limit}`);
        }
    }
    return {tables: document.querySelectorAll("article table").length, found};
}"""


def _check(page: Any, path: str) -> list[str]:
    result = page.evaluate(OVERFLOWS)
    assert path in PAGES
    return [f"{path or 'home'}: {problem}" for problem in result["found"]]


@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_table_overflows_on_screen(browser: Any, base_url: str, screen: str) -> None:
    phone = screen == "phone"
    context = browser.new_context(viewport=SCREENS[screen], is_mobile=phone, has_touch=phone)
    try:
        page = context.new_page()
        problems: list[str] = []
        measured = 0
        for path in PAGES:
            page.goto(base_url + path)
            expect(page.locator("article")).to_be_visible()
            # runbook.js has decided between table and cards once the grids are marked either way.
            page.wait_for_function("() => document.readyState === 'complete'")
            measured += page.locator("article table").count()
            problems += _check(page, path)
        assert measured >= len(PAGES)
        assert problems == []
    finally:
        context.close()


def test_the_level_stays_in_sight_in_a_matrix_card_on_a_phone(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=SCREENS["phone"], is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base_url + "escalation-matrix/")
        grid = page.locator("article .level-grid").first
        expect(grid).to_have_class(re.compile(r"\blevel-grid--cards\b"))
        card = grid.locator(".level-card").first
        expect(card).to_be_visible()
        expect(card.locator("strong").first).to_be_in_viewport()
        expect(grid.locator("table")).to_be_hidden()
    finally:
        context.close()


def test_no_table_overflows_on_paper(browser: Any, base_url: str) -> None:
    """Print media at the width of A4's printable area: the browser lays out the page as it prints it."""
    context = browser.new_context(viewport={"width": A4_CONTENT_WIDTH, "height": 1000})
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        problems: list[str] = []
        for path in PAGES:
            page.goto(base_url + path)
            expect(page.locator("article")).to_be_visible()
            problems += _check(page, path)
            hidden_tables = page.locator("article .level-grid:not(.level-grid--auto) table:visible")
            assert hidden_tables.count() == 0, f"{path}: a level table prints instead of its cards"
        assert problems == []
    finally:
        context.close()


def test_update_templates_wrap_clear_of_the_copy_button(browser: Any, request: pytest.FixtureRequest) -> None:
    _, url, op_id = with_embed("customer-update", request)
    context = browser.new_context(viewport=SCREENS["phone"], is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(url + f"operations/{op_id}/")
        code = page.locator("article pre > code").first
        expect(code).to_be_visible()
        assert code.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        # The copy button sits in the padding the stylesheet keeps free on the right.
        padding = code.evaluate("e => parseFloat(getComputedStyle(e).paddingRight)")
        button = page.locator("article pre .md-code__button").first
        expect(button).to_be_attached()
        box = button.bounding_box()
        text = code.bounding_box()
        assert box is not None and text is not None
        assert box["x"] >= text["x"] + text["width"] - padding - 1
    finally:
        context.close()
