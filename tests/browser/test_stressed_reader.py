"""The issue's walkthrough: four questions a stressed reader brings to the home page, each answered
in at most two taps with nothing cut off at the side, on a desktop and on a phone.

Answers are derived from ``source/`` (through ``runbook triage --json`` and the YAML), never typed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

from generator.i18n.words import runbook_messages, runbook_words
from generator.source.model import Contact, UpdateField, upper_first
from tests.browser.bundled import bundled, contact_text
from tests.browser.conftest import cli_json
from tests.conftest import ROOT

SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
MAX_TAPS = 2


class Reader:
    """A browser page that counts the reader's taps and checks nothing needs sideways scrolling."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.taps = 0

    def tap(self, locator: Any) -> None:
        locator.click()
        self.taps += 1

    def open_search(self) -> Any:
        """The search field, tapping the header's search button where the field is folded away (phones)."""
        field = self.page.locator(".md-search__input")
        button = self.page.locator("label.md-header__button[for='__search']")
        self.tap(button if button.is_visible() else field)
        expect(field).to_be_focused()
        return field

    def assert_no_sideways_scroll(self, element: Any) -> None:
        width = self.page.evaluate("document.documentElement.clientWidth")
        assert self.page.evaluate("document.documentElement.scrollWidth") <= width
        box = element.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1


@pytest.fixture(params=list(SCREENS))
def reader(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[Reader]:
    phone = request.param == "phone"
    context = browser.new_context(viewport=SCREENS[request.param], is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.goto(base_url)
    yield Reader(page, base_url)
    context.close()


def _label(dimension: str, answer: str) -> str:
    runbook = yaml.safe_load((ROOT / "source" / "runbook.yaml").read_text())
    found = next(d for d in runbook["triage"] if d["id"] == dimension)
    return str(next(a["label"] for a in found["answers"] if a["id"] == answer))


def test_checkout_failing_what_level_whom_to_page_and_how(reader: Reader) -> None:
    runbook = yaml.safe_load((ROOT / "source" / "runbook.yaml").read_text())
    impact = runbook["triage"][0]
    worst = impact["answers"][-1]["id"]
    decision = cli_json("triage", "--json", f"{impact['id']}={worst}")
    reader.tap(reader.page.get_by_role("link", name="Triage a live problem"))
    reader.tap(reader.page.get_by_label(_label(impact["id"], worst)))
    expect(reader.page.locator("#triage-verdict")).to_contain_text(decision["level"]["name"])
    lead, first = decision["page_first"], decision["page_first"]["contacts"][0]
    answer = reader.page.locator(".triage-level:visible p", has_text="Page first:")
    expect(answer).to_contain_text(f"{lead['title']}, by {contact_text(first)}")
    reader.assert_no_sideways_scroll(answer)
    assert reader.taps <= MAX_TAPS, reader.taps
    print(f"checkout failing: {reader.taps} taps")  # noqa: T201


def test_who_approves_a_rollback_at_sev2_and_how_to_reach_them(reader: Reader) -> None:
    severities = yaml.safe_load((ROOT / "source" / "severities.yaml").read_text())
    owners = {o["id"]: o for o in yaml.safe_load((ROOT / "source" / "owners.yaml").read_text())["owners"]}
    runbook = yaml.safe_load((ROOT / "source" / "runbook.yaml").read_text())
    level = severities["levels"][1]
    responsibility = next((r for r in runbook["responsibilities"] if r["id"] == "approve-rollback"), None)
    if responsibility is None or len(severities["levels"]) < 2:
        pytest.skip("source/ has no approve-rollback responsibility: this is the bundled runbook's question")
    owner = owners[level["owners"]["approve-rollback"]]
    matrix = reader.page.locator("#who-owns-the-next-step + .level-grid")
    row = matrix.locator(".level-card", has_text=level["name"])
    if not row.is_visible():
        row = matrix.locator("tr", has_text=level["name"])
    link = row.get_by_role("link", name=owner["title"], exact=True).first
    if row.locator("td").count():
        columns = matrix.locator("thead th").all_inner_texts()
        link = row.locator("td").nth(columns.index(responsibility["name"])).get_by_role("link")
    else:
        expect(row).to_contain_text(f"{responsibility['name']} → {owner['title']}")
    expect(link).to_have_text(owner["title"])
    reader.tap(link)
    reach = reader.page.locator(f"h2#{owner['id']} ~ p", has_text="Reach them").first
    section = reach.locator("xpath=following-sibling::ul[1]")
    contact = Contact.model_validate(owner["contact"][0])
    expect(reader.page).to_have_url(re.compile(f"owners/#{owner['id']}$"))
    expect(section).to_contain_text(contact_text({"label": contact.label, "value": contact.value}))
    reader.assert_no_sideways_scroll(section)
    assert reader.taps <= MAX_TAPS, reader.taps
    print(f"rollback at SEV-2: {reader.taps} taps")  # noqa: T201


def test_what_never_to_paste_into_a_codecanyon_ticket(reader: Reader) -> None:
    runbook = yaml.safe_load((ROOT / "source" / "runbook.yaml").read_text())
    rule = next((r for r in runbook.get("redaction_rules", []) if "purchase code" in r), None)
    if rule is None or not (ROOT / "source" / "operations" / "contacting-support.yaml").is_file():
        pytest.skip("source/ says nothing about purchase codes: this is the bundled runbook's question")
    field = reader.open_search()
    field.fill("purchase code")
    field.press("End")
    first = reader.page.locator(".md-search-result__item > a").first
    expect(first).to_have_attribute("href", re.compile(r"operations/contacting-support/"))
    reader.tap(first)
    answer = reader.page.locator("article li", has_text=" ".join(rule.split()[:6]))
    expect(answer.first).to_be_attached()
    terms = reader.page.get_by_role("heading", name=re.compile("purchase code"))
    expect(terms).to_be_visible()
    reader.assert_no_sideways_scroll(terms)
    assert reader.taps <= MAX_TAPS, reader.taps
    print(f"never paste: {reader.taps} taps")  # noqa: T201


def test_first_sev1_customer_update_and_when_the_next_is_due(reader: Reader) -> None:
    project = bundled()
    level, standard = project.severities.levels[0], project.runbook.communication
    # The runbook's words as pages use them: its own, else its language's defaults.
    words = runbook_words(project.runbook, runbook_messages(project.runbook))
    if standard is None:
        pytest.skip("source/runbook.yaml has no communication standard, so no update template")
    reader.tap(reader.page.get_by_role("link", name=f"{level.name} {words.update}"))
    template = reader.page.locator(f"#customer-update-{level.id} ~ div pre").first
    if words.update_subject:
        expect(template).to_contain_text(f"{words.update_subject}: [{level.name}]")
    # The line that says when the next update is due: runbook.yaml's own label for it ("Next update", "Next post").
    cadence = [item for item in standard.includes if isinstance(item, UpdateField) and item.fill == "update-cadence"]
    for item in cadence:
        expect(template).to_contain_text(f"{item.label}: ")
        expect(template).to_contain_text(f"({level.name}: {level.response.update_cadence})")
    targets = reader.page.locator(f"#customer-update-{level.id} + p")
    expect(targets).to_contain_text(f"{upper_first(words.first_update)} within {level.response.first_update_within}")
    expect(targets).to_contain_text(level.response.update_cadence)
    reader.assert_no_sideways_scroll(template)
    assert reader.taps <= MAX_TAPS, reader.taps
    print(f"first SEV-1 update: {reader.taps} taps")  # noqa: T201
