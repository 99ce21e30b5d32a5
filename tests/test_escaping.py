"""Text from YAML is text: every payload below ends up as visible characters in the BUILT site.

One site is built (with the repository's own mkdocs.yml: same Markdown extensions, plugin and
generated navigation, and the site's name from runbook.yaml) from the base case with a hostile
value in many fields; each test then looks at the HTML a browser would get, parsed, not at the
Markdown.
"""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import BASE_CASE
from tests.sites import build_runbook

_SECTION = """\
sections:
  - title: "Steps {: onclick=\\"alert(4)\\" }"
    body: |
      ??? note "Injected details"

      ??? warning

      !!! danger "Injected admonition"

      <div markdown="1">**md in html**</div>

      Line one
      # not a heading

      - item with [[contacting-support|<b>bold link</b>]]
      - item two

      | a | b |
      | --- | --- |
      | c | d |
checklist:
  - "First step\\n# Injected heading\\n- injected item"
  - "1. ordered-looking"
  - "&lt;script&gt; pre-encoded"
common_mistakes:
  - "* star item"
  - "**bold** and `code`"
"""

SITE_TITLE = "Runbook </title><img src=x onerror=alert('home')>"
SITE_SUMMARY = "Summary <script>alert('summary')</script> end"

_EDITS = {
    "runbook.yaml": [
        ("title: Test Runbook", "title: \"Runbook </title><img src=x onerror=alert('home')>\""),
        (
            "summary: A small runbook used as the base of every defect case.",
            "summary: \"Summary <script>alert('summary')</script> end\"",
        ),
        ("name: Approve rollback", 'name: "Approve | rollback"'),
    ],
    "owners.yaml": [("title: Support lead", 'title: "Support lead </td><td>extra cell"')],
    "categories.yaml": [("name: Support", "name: \"Support <img src=x onerror=alert('category')>\"")],
    "operations/error-reports.yaml": [
        (
            "title: Error Reports",
            "title: \"Error </title><script>alert('title')</script><img src=x onerror=alert('title')> Reports\"",
        ),
        (
            "summary: What an error report contains.",
            "summary: \"Read [the guide](javascript:alert('link')) and <a href='javascript:alert(2)'>this</a>\"",
        ),
    ],
}


class _Page(HTMLParser):
    """Elements and attributes of one HTML page, and the text inside chosen elements."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[tuple[str, list[str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in {"title", "h1", "h2", "li", "th", "td", "p", "a", "script"}:
            self._open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                name, parts = self._open.pop(index)
                text = " ".join("".join(parts).split())
                self.texts.setdefault(name, []).append(text.removesuffix("¶").rstrip())
                break

    def handle_data(self, data: str) -> None:
        for _, parts in self._open:
            parts.append(data)

    def text(self, tag: str) -> list[str]:
        return self.texts.get(tag, [])

    def count(self, tag: str, **attrs: str) -> int:
        return sum(
            1
            for name, found in self.elements
            if name == tag and all(attrs[k] in (found.get(k) or "").split() for k in attrs)
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("escaping")
    source = work / "source"
    shutil.copytree(BASE_CASE, source)
    for name, edits in _EDITS.items():
        path = source / name
        text = path.read_text()
        for old, new in edits:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text)
    page = source / "operations" / "error-reports.yaml"
    page.write_text(page.read_text() + _SECTION)
    return build_runbook(work)


def _page(site: Path, name: str) -> _Page:
    return _Page((site / name / "index.html").read_text())


def _all_pages(site: Path) -> list[tuple[str, _Page]]:
    return [(str(p.relative_to(site)), _Page(p.read_text())) for p in sorted(site.rglob("*.html"))]


def test_script_tag_in_a_summary_shows_as_text(site: Path) -> None:
    home = _page(site, ".")
    assert "Summary <script>alert('summary')</script> end" in home.text("p")
    assert not any("alert" in text for text in home.text("script"))


def test_img_onerror_in_a_title_shows_as_text(site: Path) -> None:
    page = _page(site, "operations/error-reports")
    title = "Error </title><script>alert('title')</script><img src=x onerror=alert('title')> Reports"
    assert page.text("h1") == [title]
    assert page.count("img", src="x") == 0


def test_a_title_cannot_close_the_title_element(site: Path) -> None:
    page = _page(site, "operations/error-reports")
    title = "Error </title><script>alert('title')</script><img src=x onerror=alert('title')> Reports"
    assert page.text("title") == [f"{title} - {SITE_TITLE}"]
    assert not any("alert" in text for text in page.text("script"))


def test_home_page_title_shows_as_text(site: Path) -> None:
    home = _page(site, ".")
    assert home.text("h1") == [SITE_TITLE]
    assert home.count("img", src="x") == 0


def test_site_name_and_description_from_runbook_yaml_show_as_text(site: Path) -> None:
    """mkdocs.yml leaves them out: the plugin hands Material escaped text, escaped once everywhere."""
    home = _page(site, ".")
    assert home.text("title") == [SITE_TITLE]
    logos = [attrs for tag, attrs in home.elements if tag == "a" and "md-logo" in (attrs.get("class") or "")]
    assert logos
    for attrs in logos:
        assert (attrs["title"], attrs["aria-label"]) == (SITE_TITLE, SITE_TITLE)
    descriptions = [a.get("content") for tag, a in home.elements if tag == "meta" and a.get("name") == "description"]
    assert descriptions == [SITE_SUMMARY]


def test_javascript_markdown_link_shows_as_text(site: Path) -> None:
    page = _page(site, "operations/error-reports")
    assert "Read [the guide](javascript:alert('link')) and <a href='javascript:alert(2)'>this</a>" in page.text("p")


def test_no_page_has_a_javascript_link_or_event_attribute(site: Path) -> None:
    for name, page in _all_pages(site):
        for tag, attrs in page.elements:
            for attribute, value in attrs.items():
                assert not attribute.startswith("on") or "alert" not in (value or ""), (name, tag, attribute)
                assert not (value or "").strip().lower().startswith("javascript:"), (name, tag, attribute)
        assert page.count("img", src="x") == 0, name
        assert not any("alert(" in text for text in page.text("script")), name


def test_pipe_in_a_matrix_header_does_not_add_a_column(site: Path) -> None:
    page = _page(site, "escalation-matrix")
    assert page.text("th")[:3] == ["Level", "Update customers", "Approve | rollback"]
    assert page.count("th") == 3 + 3  # the matrix, then the contacts table (Owner, Reach them, Backup)


def test_closing_a_cell_in_a_value_does_not_add_a_cell(site: Path) -> None:
    page = _page(site, "escalation-matrix")
    cells = page.text("td")
    assert cells[:3] == ["SEV-1", "Support lead </td><td>extra cell", "Site administrator"]
    assert page.count("td") == 2 * 3 + 2 * 3  # two levels of three cells, two owners of three cells


def test_newline_in_a_list_item_stays_inside_the_item(site: Path) -> None:
    page = _page(site, "operations/error-reports")
    assert "First step # Injected heading - injected item" in page.text("li")
    assert page.count("li", **{"class": "task-list-item"}) == 4  # three checklist lines and the category's one
    assert not any("Injected heading" in text for text in page.text("h1") + page.text("h2"))


def test_list_markers_at_the_start_of_an_item_are_text(site: Path) -> None:
    page = _page(site, "operations/error-reports")
    assert "1. ordered-looking" in page.text("li")
    assert "* star item" in page.text("li")
    assert page.count("ol") == page.count("ol", **{"class": "md-search-result__list"})  # only the theme's


def test_an_entity_in_a_value_shows_as_written(site: Path) -> None:
    assert "&lt;script&gt; pre-encoded" in _page(site, "operations/error-reports").text("li")


def test_attribute_list_in_a_heading_is_text(site: Path) -> None:
    page = _page(site, "operations/error-reports")
    assert 'Steps {: onclick="alert(4)" }' in page.text("h2")


def test_collapsible_and_admonition_markers_in_prose_are_text(site: Path) -> None:
    page = _page(site, "operations/error-reports")
    assert page.count("details") == 0
    assert '??? note "Injected details"' in page.text("p")
    assert "??? warning" in page.text("p")
    assert '!!! danger "Injected admonition"' in page.text("p")


def test_markdown_in_html_and_emphasis_are_text(site: Path) -> None:
    page = _page(site, "operations/error-reports")
    assert '<div markdown="1">**md in html**</div>' in page.text("p")
    assert "**bold** and `code`" in page.text("li")
    assert page.count("code") == 0  # nothing in the values became code


def test_heading_and_table_syntax_inside_prose_are_text(site: Path) -> None:
    page = _page(site, "operations/error-reports")
    assert "Line one # not a heading" in page.text("p")
    assert "| a | b | | --- | --- | | c | d |" in page.text("p")
    assert page.count("table") == 0


def test_inline_reference_link_text_is_escaped(site: Path) -> None:
    page = _page(site, "operations/error-reports")
    assert "<b>bold link</b>" in page.text("a")
    assert page.count("b") == 0


def test_category_name_in_navigation_and_tags_is_text(site: Path) -> None:
    category = "Support <img src=x onerror=alert('category')>"
    for name, page in _all_pages(site):
        assert page.count("img", src="x") == 0, name
    assert category in _page(site, "operations").text("h2")


def test_search_index_holds_no_markup(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text())
    for doc in index["docs"]:
        for field in ("title", "text"):
            value = doc.get(field, "")
            assert "<script" not in value and "<img" not in value and "</title" not in value, doc["location"]
