"""Triage as a stressed reader uses it: no level before an answer, answers that survive reload,
scrolling, Back and sharing, on a desktop and on a phone, and a keyboard path to the questions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from generator.runtime.memo import RunCache
from generator.source.project import Project, load_project
from tests.browser.conftest import cli_json
from tests.conftest import ROOT

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def project() -> Project:
    loaded, diagnostics = load_project(ROOT / "source", RunCache.off())
    assert loaded is not None, diagnostics
    return loaded


@pytest.fixture(params=list(VIEWPORTS))
def reader(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    """A page at a desktop or a phone size, allowed to use the clipboard as a person's browser is."""
    phone = request.param == "phone"
    context = browser.new_context(
        viewport=VIEWPORTS[request.param],
        is_mobile=phone,
        has_touch=phone,
        permissions=["clipboard-read", "clipboard-write"],
    )
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def _label(project: Project, dimension: str, answer: str) -> str:
    found = next(d for d in project.runbook.triage if d.id == dimension)
    return next(a.label for a in found.answers if a.id == answer)


def _worst_dimension(project: Project) -> tuple[str, str, str]:
    """The first question, its most severe answer, and the level that answer alone gives."""
    dimension = project.runbook.triage[0]
    worst = dimension.answers[-1].id
    return dimension.id, worst, cli_json("triage", "--json", f"{dimension.id}={worst}")["level"]["id"]


def test_no_level_is_shown_before_an_answer(reader: Any, base_url: str, project: Project) -> None:
    reader.goto(base_url + "triage/")
    verdict = reader.locator("#triage-verdict")
    expect(verdict).to_contain_text("No level yet")
    for level in project.severities.levels:
        expect(verdict).not_to_have_attribute("data-level", level.id)
    expect(reader.locator(".triage-level:visible")).to_have_count(0)
    expect(reader.locator("#triage-form input:checked")).to_have_count(0)
    # Said once: an unsure reader takes the higher level.
    expect(reader.get_by_text("it counts as the most severe answer", exact=False)).to_have_count(1)


def test_not_sure_takes_the_higher_level_and_says_so(reader: Any, base_url: str, project: Project) -> None:
    dimension = project.runbook.triage[-1]
    decision = cli_json("triage", "--json", f"{dimension.id}=unsure")
    reader.goto(base_url + "triage/")
    reader.locator(f"#question-{dimension.id}").get_by_label("Not sure", exact=True).check()
    expect(reader.locator("#triage-verdict")).to_have_attribute("data-level", decision["level"]["id"])
    expect(reader.locator("#triage-notes")).to_contain_text(f"most severe answer: {dimension.name}")
    expect(reader).to_have_url(f"{base_url}triage/?{dimension.id}=unsure")


def test_answers_survive_scrolling_and_reload(reader: Any, base_url: str, project: Project) -> None:
    dimension, worst, level = _worst_dimension(project)
    reader.goto(base_url + "triage/")
    reader.get_by_label(_label(project, dimension, worst)).check()
    expect(reader).to_have_url(f"{base_url}triage/?{dimension}={worst}")
    # Scrolling past headings lets Material's navigation.tracking rewrite the hash; answers stay.
    reader.locator("#criteria").scroll_into_view_if_needed()
    reader.mouse.wheel(0, 600)
    expect(reader).to_have_url(re.compile(re.escape(f"{base_url}triage/?{dimension}={worst}") + r"(#[\w-]*)?$"))
    expect(reader.locator("#triage-verdict")).to_have_attribute("data-level", level)
    reader.reload()
    expect(reader.get_by_label(_label(project, dimension, worst))).to_be_checked()
    expect(reader.locator("#triage-verdict")).to_have_attribute("data-level", level)
    assert reader.url.startswith(f"{base_url}triage/?{dimension}={worst}")


def test_answers_survive_back_and_forward(reader: Any, base_url: str, project: Project) -> None:
    dimension, worst, level = _worst_dimension(project)
    reader.goto(base_url + "triage/")
    reader.get_by_label(_label(project, dimension, worst)).check()
    expect(reader).to_have_url(f"{base_url}triage/?{dimension}={worst}")
    reader.locator(".triage-level:visible").get_by_role("link").first.click()
    expect(reader).not_to_have_url(f"{base_url}triage/?{dimension}={worst}")
    reader.go_back()
    expect(reader.get_by_label(_label(project, dimension, worst))).to_be_checked()
    expect(reader.locator("#triage-verdict")).to_have_attribute("data-level", level)
    reader.go_forward()
    expect(reader).not_to_have_url(f"{base_url}triage/?{dimension}={worst}")  # the page it went on to
    reader.go_back()
    expect(reader).to_have_url(f"{base_url}triage/?{dimension}={worst}")
    expect(reader.locator("#triage-verdict")).to_have_attribute("data-level", level)


def test_share_copies_the_link_says_so_and_resets_nothing(reader: Any, base_url: str, project: Project) -> None:
    dimension, worst, level = _worst_dimension(project)
    reader.goto(base_url + "triage/")
    reader.get_by_label(_label(project, dimension, worst)).check()
    reader.get_by_role("button", name="Copy link to these answers").click()
    expect(reader.locator("#triage-share-status")).to_have_text(
        "Link copied: paste it in the incident thread to share these answers."
    )
    copied = reader.evaluate("navigator.clipboard.readText()")
    assert copied == f"{base_url}triage/?{dimension}={worst}"
    expect(reader.get_by_label(_label(project, dimension, worst))).to_be_checked()
    expect(reader.locator("#triage-verdict")).to_have_attribute("data-level", level)
    expect(reader).to_have_url(copied)
    shared = reader.context.new_page()
    shared.goto(copied)
    expect(shared.locator("#triage-verdict")).to_have_attribute("data-level", level)
    shared.close()


def test_keyboard_reaches_the_first_question_with_a_visible_ring(browser: Any, base_url: str, project: Project) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    try:
        page = context.new_page()
        page.goto(base_url + "triage/")
        expect(page.locator("#triage-form")).to_be_visible()
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(page.locator(":focus")).to_have_text("Skip to the first question")
        page.keyboard.press("Enter")
        first = project.runbook.triage[0]
        focused = page.locator(":focus")
        expect(focused).to_have_attribute("name", first.id)
        ring = focused.evaluate("e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]")
        assert ring[0] != "none" and ring[1] >= 2
    finally:
        context.close()


def test_sticky_verdict_is_at_most_two_lines_on_a_phone(browser: Any, base_url: str, project: Project) -> None:
    """The level, how many questions are open and the link to whom to page: two lines at most, so
    little of the page is under it (it wraps rather than cutting a word: test_verdict_and_bars.py)."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        dimension, worst, level = _worst_dimension(project)
        page.goto(f"{base_url}triage/?{dimension}={worst}")
        verdict = page.locator("#triage-verdict")
        expect(verdict).to_have_attribute("data-level", level)
        line = verdict.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
        box = verdict.bounding_box()
        assert box is not None and box["height"] < 3 * line + 12  # two lines and their padding
        # A jump to the result lands below the header and the verdict, not under them.
        verdict.get_by_role("link", name="Whom to page").click()
        heading = page.locator("#result")
        expect(heading).to_be_in_viewport()
        covered = page.evaluate(
            """() => {
                const v = document.getElementById("triage-verdict").getBoundingClientRect();
                return document.getElementById("result").getBoundingClientRect().top < v.bottom;
            }"""
        )
        assert covered is False
    finally:
        context.close()
