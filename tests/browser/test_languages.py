"""The German and Japanese fixture runbooks in Chromium: triage answered, read in the language, and
search finding a word with an umlaut and a Japanese word. Each is built in a project `runbook init`
started, as another team has it."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

from generator.i18n.words import runbook_messages
from generator.runtime.memo import RunCache
from generator.source.project import load_project
from generator.triage.decision import decide
from generator.triage.text import open_count_text
from tests.browser.conftest import build_fixture_site
from tests.sites import served
from tests.test_languages import RUNBOOKS, english_found, english_fragments, own_text

SEARCHES = {
    "de": ("Zählerstände", "operations/zaehlerstaende-abgelehnt/"),
    "ja": ("振込", "operations/furikomi-chien/"),
}
"""A word of each runbook's own text, and the page a reader typing it must get first."""

VERDICT_LABEL = {"de": "Schweregrad:", "ja": "重大度："}
NOT_SURE = {"de": "Unklar", "ja": "わからない"}


@pytest.fixture(scope="module")
def urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with contextlib.ExitStack() as stack:
        yield {
            language: stack.enter_context(served(build_fixture_site(tmp_path_factory.mktemp(language), folder.name)))
            for language, folder in RUNBOOKS.items()
        }


def _runbook(language: str) -> Any:
    return yaml.safe_load((RUNBOOKS[language] / "runbook.yaml").read_text(encoding="utf-8"))


def _without_own_text(text: str, language: str) -> str:
    for value in sorted(own_text(RUNBOOKS[language]), key=len, reverse=True):
        text = text.replace(" ".join(value.split()), " ")
    return text


@pytest.mark.parametrize("language", sorted(RUNBOOKS))
def test_triage_after_answering_speaks_the_language(page: Any, urls: dict[str, str], language: str) -> None:
    """One question 'not sure', one answered, the rest open: verdict, notes and result, none in English."""
    questions = _runbook(language)["triage"]
    page.goto(urls[language] + "triage/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("#triage-form")).to_be_visible()
    page.locator(f'input[name="{questions[1]["id"]}"][value="{questions[1]["answers"][0]["id"]}"]').check()
    page.locator(f'input[name="{questions[0]["id"]}"][value="unsure"]').check()
    verdict = page.locator("#triage-verdict")
    expect(verdict).to_have_attribute("data-level", re.compile(r".+"))
    expect(verdict.locator(".triage-verdict__label")).to_have_text(VERDICT_LABEL[language])
    notes = page.locator("#triage-notes")
    expect(notes).to_contain_text(NOT_SURE[language])
    expect(page.locator(".triage-level:visible")).to_have_count(1)
    page.locator("#triage-share").click()
    expect(page.locator("#triage-share-status")).not_to_be_empty()
    shown = " ".join(
        page.locator(selector).inner_text()
        for selector in ("#triage-verdict", "#triage-notes", "#triage-share-status", ".triage-level:visible")
    )
    assert not english_found(_without_own_text(shown, language), english_fragments(language)), shown
    skip = page.locator("#runbook-skip-question")
    assert not english_found(skip.inner_text(), english_fragments(language))


@pytest.mark.parametrize("language", sorted(RUNBOOKS))
def test_a_level_so_far_reads_as_the_language_writes_it(page: Any, urls: dict[str, str], language: str) -> None:
    """One answer that gives a level below the most severe, the rest open: the verdict says the level
    'so far' where the language puts it (German after the name, Japanese in brackets with no space),
    word for word as runbook triage prints it."""
    project, diagnostics = load_project(RUNBOOKS[language], RunCache.off())
    assert project is not None, diagnostics
    question = project.runbook.triage[0]
    answers = {question.id: question.answers[1].id}
    decision = decide(project, answers)
    assert decision.level.id != project.severities.levels[0].id, "the second answer must not give the worst level"
    messages = runbook_messages(project.runbook)
    count = messages.plural("%(count)s question unanswered", "%(count)s questions unanswered", len(decision.assumed))
    expected = messages.text("%(level)s so far", level=decision.level.name) + " · " + count
    assert expected == open_count_text(decision, messages, most_severe=False)  # as runbook triage prints it
    page.goto(urls[language] + f"triage/?{question.id}={question.answers[1].id}")
    verdict = page.locator("#triage-verdict")
    expect(verdict).to_have_attribute("data-level", decision.level.id)
    # The verdict's words after its label, up to the link and the targets: the level, the language's
    # "so far" around it, and the count of open questions.
    told = verdict.evaluate(
        "v => Array.from(v.childNodes).slice(1).filter(n => n.nodeName !== 'A' && !(n.classList"
        " && n.classList.contains('triage-verdict__targets'))).map(n => n.textContent).join('').trim()"
    )
    assert told == expected


@pytest.mark.parametrize("language", sorted(RUNBOOKS))
def test_search_finds_a_word_of_the_language(browser: Any, urls: dict[str, str], language: str) -> None:
    query, expected = SEARCHES[language]
    assert any(query in text for text in own_text(RUNBOOKS[language]))
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        reader = context.new_page()
        reader.goto(urls[language])
        search = reader.locator(".md-search__input")
        search.click()
        search.fill(query)
        search.press("End")
        first = reader.locator(".md-search-result__item > a").first
        expect(first).to_have_attribute("href", re.compile(re.escape(urls[language] + expected) + r"(\?|#|$)"))
    finally:
        context.close()
