"""The printable runbook on A4 paper, the offline copy's build date, and the 404 page online and offline."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.bundled import first_operation
from tests.browser.conftest import Sites
from tests.conftest import ROOT

MAX_PRINTED_PAGES = 30
STAMP = re.compile(r"Built (\d{4}-\d\d-\d\d) \d\d:\d\d UTC from source revision ([0-9a-f]+)")


def _revision() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return result.stdout.strip()


def _pdf_pages(pdf: Path) -> int:
    """How many sheets Chromium printed, as a PDF reader counts them (pypdf, so no system tool is needed)."""
    reader = PdfReader(pdf)
    sizes = {(round(float(page.mediabox.width)), round(float(page.mediabox.height))) for page in reader.pages}
    assert sizes == {(595, 842)}, sizes  # every sheet A4 portrait, in points
    return len(reader.pages)


def test_printed_runbook_fits_in_thirty_a4_pages(page: Any, base_url: str, tmp_path: Path) -> None:
    page.goto(base_url + "print/")
    expect(page.locator("article h1")).to_have_text(re.compile("Printable runbook"))
    pdf = tmp_path / "runbook.pdf"
    pdf.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
    pages = _pdf_pages(pdf)
    print(f"printed runbook: {pages} A4 pages")  # noqa: T201  (the figure the issue asks for, in -s runs)
    assert 1 < pages <= MAX_PRINTED_PAGES


def test_print_keeps_rows_whole_hides_controls_and_shows_build_stamp(page: Any, base_url: str) -> None:
    page.goto(base_url + "print/")
    stamp = page.locator("article .build-stamp")
    expect(stamp).to_have_text(STAMP)
    found = STAMP.search(stamp.inner_text())
    assert found and _revision().startswith(found.group(2))
    page.emulate_media(media="print")
    expect(stamp).to_be_visible()
    breaks = page.evaluate(
        """() => [...document.querySelectorAll("article tr, article .level-card")]
            .filter(e => e.getClientRects().length)
            .map(e => getComputedStyle(e).breakInside)"""
    )
    assert breaks and set(breaks) == {"avoid"}
    controls = page.locator("article .md-button:visible, article .md-code__nav:visible, article .headerlink:visible")
    expect(controls).to_have_count(0)
    assert page.locator("article a[href$='print/'], article a[href='#']").count() == 0  # no link to itself


def test_offline_copy_shows_its_build_date(page: Any, sites: Sites) -> None:
    page.goto((sites.offline / "index.html").as_uri())
    footer = page.locator(".md-copyright")
    expect(footer).to_contain_text(STAMP)


def _not_found_links(page: Any) -> dict[str, str]:
    links = page.locator("article .not-found-links a")
    expect(links).to_have_count(3)
    return {links.nth(i).inner_text(): links.nth(i).get_attribute("href") for i in range(3)}


@pytest.mark.parametrize("where", ["online", "offline"])
def test_404_page_has_search_and_the_pages_to_start_from(page: Any, base_url: str, sites: Sites, where: str) -> None:
    url = base_url + "404.html" if where == "online" else (sites.offline / "404.html").as_uri()
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert set(_not_found_links(page)) == {"Triage a live problem", "Home", "Owners and how to reach them"}
    # The theme's stylesheet loaded: a button looks like one (no unstyled page from a broken path).
    border = page.locator("article .md-button").first.evaluate("e => getComputedStyle(e).borderTopStyle")
    assert border == "solid"
    page.get_by_role("button", name="Search the runbook").click()
    search = page.locator(".md-search__input")
    expect(search).to_be_focused()
    page.keyboard.type(first_operation()[1].title.split()[0])
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    home = yaml.safe_load((ROOT / "source" / "runbook.yaml").read_text())["title"]
    for name, title in (
        ("Triage a live problem", "Triage"),
        ("Owners and how to reach them", "Owners"),
        ("Home", home),
    ):
        page.goto(url)
        page.locator("article .not-found-links").get_by_role("link", name=name).click()
        expect(page).not_to_have_url(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(f"^{re.escape(title)}"))
