"""The triage verdict as a stressed reader meets it, and what sits around it: the count of open
questions, level colours ordered by severity and readable in both schemes, headings clear of the
sticky bars, a phone's verdict never cut, questions inside their boxes, no invisible Tab stop and
Material's dark search and tag text at 4.5:1. On the bundled runbook (expectations read from
source/) and on tests/fixtures/payments (five levels, long German level names)."""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from generator.i18n.catalog import Messages
from tests.browser.bundled import bundled, decision, one_combination_per_level
from tests.browser.test_other_runbooks import PAYMENTS_ANSWERS
from tests.browser.test_tables_fit import SCREENS

ENGLISH = Messages("en")

CONTRAST = """([element, colour]) => {
    // Colours as the reader sees them: each background laid over the ones under it, the text over that.
    const parse = value => {
        const n = value.match(/[\\d.]+/g).map(Number);
        return [n[0], n[1], n[2], n.length > 3 ? n[3] : 1];
    };
    const over = (top, under) => top.slice(0, 3).map((c, i) => c * top[3] + under[i] * (1 - top[3]));
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
        const fill = parse(getComputedStyle(e).backgroundColor);
        if (fill[3] > 0) layers.push(fill);
        if (fill[3] === 1) break;
    }
    let ground = [255, 255, 255];
    for (const fill of layers.reverse()) ground = over(fill, ground);
    const text = over(parse(colour || getComputedStyle(element).color), ground);
    const luminance = rgb => {
        const [r, g, b] = rgb.map(c => c / 255).map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [a, b] = [luminance(text), luminance(ground)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""

SATURATION = """element => {
    const [r, g, b] = getComputedStyle(element).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(c => c / 255);
    const [max, min] = [Math.max(r, g, b), Math.min(r, g, b)];
    const light = (max + min) / 2;
    return max === min ? 0 : (max - min) / (1 - Math.abs(2 * light - 1));
}"""


def _open_count(count: int) -> str:
    return ENGLISH.plural("%(count)s question unanswered", "%(count)s questions unanswered", count)


def _context(browser: Any, screen: str = "desktop", scheme: str = "light") -> Any:
    phone = screen == "phone"
    return browser.new_context(viewport=SCREENS[screen], is_mobile=phone, has_touch=phone, color_scheme=scheme)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_one_mild_answer_says_so_far_and_how_many_questions_are_open(browser: Any, base_url: str, screen: str) -> None:
    """Answering only the first question with its mildest answer gives the mildest level 'so far'."""
    first = bundled().runbook.triage[0]
    answers = {first.id: first.answers[0].id}
    level = decision(answers).level
    expected = f"{level.name} so far · {_open_count(len(bundled().runbook.triage) - 1)}"
    context = _context(browser, screen)
    try:
        page = context.new_page()
        page.goto(base_url + "triage/")
        page.locator(f'input[name="{first.id}"][value="{first.answers[0].id}"]').check()
        verdict = page.locator("#triage-verdict")
        expect(verdict).to_contain_text(expected)
        # On a phone the whole line is in the sticky bar, not cut off.
        assert verdict.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        expect(verdict.locator(".triage-verdict__open")).to_be_in_viewport()
        # Every question answered: no count, no "so far".
        for dimension in bundled().runbook.triage[1:]:
            page.locator(f'input[name="{dimension.id}"][value="{dimension.answers[0].id}"]').check()
        expect(verdict.locator(".triage-verdict__level")).to_have_text(level.name)
        expect(verdict).not_to_contain_text("unanswered")
        expect(verdict).not_to_contain_text("so far")
    finally:
        context.close()


def _verdict_colours(page: Any, url: str, combinations: list[dict[str, str]], scheme: str) -> list[tuple[float, float]]:
    """(saturation, distance from the page background) of each level's colour, most severe first;
    asserts the level's name is readable on it."""
    found = []
    for answers in combinations:
        page.goto(url + "triage/?" + urlencode(answers))
        name = page.locator("#triage-verdict .triage-verdict__level")
        expect(name).to_be_visible()
        text = name.inner_text()
        ratio = page.evaluate(CONTRAST, [name.element_handle(), None])
        assert ratio >= 4.5, f"{scheme}: '{text}' is {ratio:.2f}:1 on its colour"
        fill = name.evaluate("e => getComputedStyle(e).backgroundColor")
        bar = page.locator("#triage-verdict").evaluate("e => getComputedStyle(e).borderLeftColor")
        assert bar == fill, f"{scheme}: the bar of '{text}' is {bar}, its name {fill}"
        distance = page.evaluate(CONTRAST, [page.locator("article").element_handle(), fill])
        found.append((name.evaluate(SATURATION), distance))
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_level_colours_are_ordered_by_severity_and_readable(
    browser: Any, base_url: str, payments_url: str, scheme: str
) -> None:
    """The most severe level the most saturated and the furthest from the page, down to the mildest."""
    context = _context(browser, scheme=scheme)
    try:
        page = context.new_page()
        # The mildest level's combination is "no answer changed": answer every question mildly instead.
        mildest = {d.id: d.answers[0].id for d in bundled().runbook.triage}
        bundled_answers = [answers or mildest for answers in one_combination_per_level()]
        for url, combinations in ((base_url, bundled_answers), (payments_url, list(PAYMENTS_ANSWERS.values()))):
            colours = _verdict_colours(page, url, combinations, scheme)
            assert len(colours) >= 3
            for (saturation, distance), (milder_saturation, milder_distance) in itertools.pairwise(colours):
                assert saturation > milder_saturation and distance > milder_distance, colours
    finally:
        context.close()


@pytest.mark.parametrize("answered", [False, True], ids=["no-answer", "answered"])
def test_a_contents_link_lands_below_the_sticky_verdict(browser: Any, base_url: str, answered: bool) -> None:
    """At 1366 px the verdict sticks under the header; a heading reached from the contents starts below both."""
    context = _context(browser)
    try:
        page = context.new_page()
        query = "?" + urlencode(one_combination_per_level()[0]) if answered else ""
        page.goto(base_url + "triage/" + query)
        verdict = page.locator("#triage-verdict")
        expect(verdict).to_be_visible()
        contents = page.locator(".md-sidebar--secondary .md-nav__link[href$='#criteria']")
        contents.click()
        heading = page.locator("#criteria")
        expect(heading).to_be_in_viewport()
        # Once the jump is over the heading sits where it will stay: below the verdict's bottom edge.
        page.wait_for_function(
            """([heading, verdict]) => {
                const top = heading.getBoundingClientRect().top;
                return Math.abs(top - (window.__lastTop ?? NaN)) < 0.5 || ((window.__lastTop = top), false);
            }""",
            arg=[heading.element_handle(), verdict.element_handle()],
            polling=100,
        )
        top = heading.evaluate("e => e.getBoundingClientRect().top")
        bottom = verdict.evaluate("e => e.getBoundingClientRect().bottom")
        header = page.locator(".md-header").evaluate("e => e.getBoundingClientRect().bottom")
        assert top >= bottom, f"the heading starts at {top:.0f} px, under a verdict that ends at {bottom:.0f} px"
        assert top >= header
    finally:
        context.close()


def _inside(page: Any, inner: Any, outer: Any) -> bool:
    return bool(
        page.evaluate(
            """([inner, outer]) => {
                const [a, b] = [inner.getBoundingClientRect(), outer.getBoundingClientRect()];
                return a.width > 0 && a.left >= b.left - 0.5 && a.right <= b.right + 0.5 &&
                    a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
            }""",
            [inner.element_handle(), outer.element_handle()],
        )
    )


def test_a_phones_verdict_is_never_cut(browser: Any, base_url: str, payments_url: str) -> None:
    """390 px: the prompt before any answer, and with payments' long level names, the link to whom to page, whole."""
    context = _context(browser, "phone")
    try:
        page = context.new_page()
        page.goto(base_url + "triage/")
        verdict = page.locator("#triage-verdict")
        expect(verdict).to_have_text(ENGLISH.text("No level yet: answer the first question that you can."))
        assert verdict.evaluate("e => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1")
        for answers in PAYMENTS_ANSWERS.values():
            page.goto(payments_url + "triage/?" + urlencode(answers))
            link = verdict.get_by_role("link", name="Whom to page")
            expect(link).to_be_visible()
            name = verdict.locator(".triage-verdict__level")
            assert verdict.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
            assert _inside(page, link, verdict), f"'Whom to page' is cut after {name.inner_text()!r}"
            assert _inside(page, name, verdict), f"{name.inner_text()!r} is cut"
    finally:
        context.close()


def test_each_question_stays_inside_its_box_on_a_phone(browser: Any, base_url: str, payments_url: str) -> None:
    """A question longer than a line sits inside its box, under the top border, not across it."""
    context = _context(browser, "phone")
    try:
        page = context.new_page()
        for url in (base_url, payments_url):
            page.goto(url + "triage/")
            boxes = page.locator("fieldset.triage-question")
            expect(boxes.first).to_be_visible()
            for index in range(boxes.count()):
                box = boxes.nth(index)
                legend = box.locator("legend")
                top = box.evaluate(
                    "e => e.getBoundingClientRect().top + parseFloat(getComputedStyle(e).borderTopWidth)"
                )
                assert legend.evaluate("e => e.getBoundingClientRect().top") >= top - 0.5, legend.inner_text()
                assert _inside(page, legend, box), legend.inner_text()
                first_answer = box.locator("label").first
                assert legend.evaluate("e => e.getBoundingClientRect().bottom") <= first_answer.evaluate(
                    "e => e.getBoundingClientRect().top + 0.5"
                )
    finally:
        context.close()


def test_every_tab_stop_before_the_navigation_is_visible(browser: Any, base_url: str) -> None:
    """The first Tab stops (skip links, logo, palette, search) up to the navigation: each one visible,
    not the closed search's results box."""
    context = _context(browser)
    try:
        page = context.new_page()
        for path in ("", "triage/"):
            page.goto(base_url + path)
            expect(page.locator("article")).to_be_visible()
            for stop in range(1, 16):
                page.keyboard.press("Tab")
                focused = page.locator(":focus")
                expect(focused).to_have_count(1)
                described = focused.evaluate("e => `${e.tagName.toLowerCase()}.${e.className}`")
                # A visually hidden radio of the colour palette shows its focus on the label beside it.
                visible = focused.evaluate(
                    """e => {
                        const shown = x => { const r = x.getBoundingClientRect();
                            return r.width > 0 && r.height > 0 && getComputedStyle(x).visibility === "visible"; };
                        const label = e.nextElementSibling;
                        return shown(e) || (e.type === "radio" && label && label.tagName === "LABEL" && shown(label));
                    }"""
                )
                assert visible, f"{path or 'home'}: Tab stop {stop} is {described}, which the reader cannot see"
                if "md-nav__link" in described:
                    break
            else:
                raise AssertionError(f"{path or 'home'}: 15 Tab stops without reaching the navigation")
    finally:
        context.close()


def test_dark_search_meta_and_tags_read_at_4_5_to_1(browser: Any, base_url: str) -> None:
    op_id, operation = next((i, op) for i, op in sorted(bundled().operations.items()) if op.applies_to)
    context = _context(browser, scheme="dark")
    try:
        page = context.new_page()
        page.goto(base_url + f"operations/{op_id}/")
        tags = page.locator("article .md-tag")
        expect(tags.first).to_be_visible()
        for index in range(tags.count()):
            ratio = page.evaluate(CONTRAST, [tags.nth(index).element_handle(), None])
            assert ratio >= 4.5, f"tag {tags.nth(index).inner_text()!r}: {ratio:.2f}:1"
        page.keyboard.press("/")
        page.locator(".md-search__input").fill(operation.title.split()[0])
        meta = page.locator(".md-search-result__meta")
        expect(meta).to_be_visible()
        ratio = page.evaluate(CONTRAST, [meta.element_handle(), None])
        assert ratio >= 4.5, f"search meta {meta.inner_text()!r}: {ratio:.2f}:1"
    finally:
        context.close()
