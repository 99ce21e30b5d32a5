"""Paper, printed by Chromium to A4 and read back with pypdf: no page ends with a label ("Reach
them:") away from what it introduces, and no triage question is split over two
pages. On the bundled runbook (its questions read from source/) and on tests/fixtures/payments."""

from __future__ import annotations

import io
import unicodedata
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.bundled import bundled
from tests.conftest import FIXTURES

LABELS = """() => {
    const blocks = /^(UL|OL|DL|TABLE|PRE|DIV)$/;
    return [...document.querySelectorAll("article p")]
        .filter(p => p.innerText.trim().endsWith(":") && blocks.test(p.nextElementSibling?.tagName))
        .map(p => p.innerText.trim());
}"""


def _printed_pages(page: Any) -> list[list[str]]:
    """The text lines of each printed A4 sheet, as a PDF reader extracts them."""
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    # NFKC: the PDF's ligatures ("ﬀ") read as the letters they join.
    text = [unicodedata.normalize("NFKC", sheet.extract_text()) for sheet in reader.pages]
    return [[line.strip() for line in sheet.splitlines() if line.strip()] for sheet in text]


def _questions(fixture: str | None) -> list[tuple[str, str]]:
    """(name, question) of each triage dimension, as runbook.yaml gives them."""
    if fixture is None:
        return [(d.name, d.question) for d in bundled().runbook.triage]
    data = yaml.safe_load((FIXTURES / fixture / "runbook.yaml").read_text(encoding="utf-8"))
    return [(d["name"], d["question"]) for d in data["triage"]]


@pytest.fixture(params=["bundled", "payments"])
def runbook(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    """The address of a built runbook and the fixture it comes from (None: the bundled one in source/)."""
    if request.param == "bundled":
        return request.getfixturevalue("base_url"), None
    return request.getfixturevalue("payments_url"), "payments"


def test_no_printed_page_ends_with_a_label(page: Any, runbook: tuple[str, str | None]) -> None:
    url, _ = runbook
    page.goto(url + "print/")
    expect(page.locator("article h1")).to_be_visible()
    page.emulate_media(media="print")
    labels = set(page.evaluate(LABELS))
    assert labels  # the page has labels to strand
    sheets = _printed_pages(page)
    assert len(sheets) > 1
    stranded = [(number, lines[-1]) for number, lines in enumerate(sheets, start=1) if lines[-1] in labels]
    assert stranded == [], "pages ending with a label, away from what it introduces"


def test_no_triage_question_is_split_over_two_pages(page: Any, runbook: tuple[str, str | None]) -> None:
    """Each sheet holds as many "Not sure" answers, every question's last, as it holds question starts."""
    url, fixture = runbook
    page.goto(url + "triage/")
    expect(page.locator("#triage-form")).to_be_visible()
    not_sure = page.locator("#triage-form .triage-unsure").first.inner_text().strip()
    starts = [f"{name}: {question}"[:40] for name, question in _questions(fixture)]
    sheets = _printed_pages(page)
    found = 0
    for number, lines in enumerate(sheets, start=1):
        questions = sum(1 for start in starts if any(line.startswith(start) for line in lines))
        last_answers = sum(1 for line in lines if line == not_sure)
        assert questions == last_answers, f"sheet {number}: {questions} questions start, {last_answers} end"
        found += questions
    assert found == len(starts)
