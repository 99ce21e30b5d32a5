"""Every way to reach every owner, wherever an owner's contacts are shown, on screen and on paper.

The triage result, each level's owners on the severity page, the escalation matrix's and the home
page's contacts: each lists every contact of each owner, in owners.yaml's order, except that at a
level the owner paged first has the contact it is paged by (``page_by``) first. Expected lines come
from the runbook's source (the bundled one, and tests/fixtures/payments, whose phone-first level
moves a pager down).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from generator.i18n.words import contact_label, runbook_messages
from generator.runtime.memo import RunCache
from generator.source.model import Owner, Severity
from generator.source.project import Project, load_project
from generator.triage.decision import decide, paging_contacts
from tests.conftest import FIXTURES, ROOT


def project_of(source: Path) -> Project:
    project, diagnostics = load_project(source, RunCache.off())
    assert project is not None, diagnostics
    return project


def lines(project: Project, owner: Owner, level: Severity | None) -> list[str]:
    """How the pages write each contact, in the order they must show them."""
    messages = runbook_messages(project.runbook)
    contacts = (
        paging_contacts(owner, level.page_by) if level is not None and level.page_first == owner.id else owner.contact
    )
    return [f"{contact_label(c, messages)}: {c.value}" if contact_label(c, messages) else c.value for c in contacts]


def answers_for(project: Project, level: Severity) -> dict[str, str]:
    """Triage answers the level is decided for: the first of its rules' first answers that decide it."""
    for rule in level.criteria:
        given = {dimension: answers[0] for dimension, answers in rule.items()}
        if decide(project, given).level.id == level.id:
            return given
    pytest.fail(f"no rule of {level.id} decides it on its own")


def cell_lines(cell: Any) -> list[str]:
    """A table cell's contacts, one a line, as the page lays them out (innerText keeps the breaks)."""
    text: str = cell.evaluate("e => e.innerText")
    return [line.strip() for line in text.split("\n") if line.strip()]


def shown_lines(block: Any, row: int, column: int) -> list[str]:
    """A cell's contacts as the reader sees them: in the table, or in its card when the table is
    hidden behind cards (a hidden element's innerText loses its line breaks)."""
    table = block.locator("table").first
    if table.is_visible():
        return cell_lines(table.locator("tbody tr").nth(row).locator("td").nth(column))
    line = block.locator(".level-card").nth(row).locator("li").nth(column - 1)
    expect(line).to_be_visible()
    label = (table.locator("thead th").nth(column).text_content() or "").strip()
    shown = cell_lines(line)
    assert shown[0].startswith(label), (label, shown)
    return [text for text in [shown[0].removeprefix(label).lstrip(":\u00a0 ").strip(), *shown[1:]] if text]


def owner_rows(table: Any) -> dict[str, Any]:
    """Rows of a table whose first cell or second links to an owner, keyed by owner id."""
    rows = {}
    for row in table.locator("tbody tr").all():
        link = row.locator("td a[href*='#']").first
        rows[link.get_attribute("href").split("#")[-1]] = row
    return rows


def check_contacts_table(page: Any, project: Project, table: Any) -> None:
    owners = {o.id: o for o in project.owners.owners}
    rows = owner_rows(table)
    assert set(rows) == set(owners)
    for owner_id, row in rows.items():
        assert cell_lines(row.locator("td").nth(1)) == lines(project, owners[owner_id], None), owner_id


def check_everywhere(page: Any, base_url: str, project: Project) -> None:
    owners = {o.id: o for o in project.owners.owners}
    responsibilities = project.runbook.responsibilities
    # Each level's triage result: Responsibility | Owner | Reach them | Backup, built by the script.
    for level in project.severities.levels:
        query = "&".join(f"{d}={a}" for d, a in answers_for(project, level).items())
        page.goto(f"{base_url}triage/?{query}")
        block = page.locator(f'.triage-level[data-level="{level.id}"]')
        expect(block).to_be_visible()
        rows = block.locator("table tbody tr")
        expect(rows).to_have_count(len(responsibilities))
        for index, responsibility in enumerate(responsibilities):
            owner = owners[level.owners[responsibility.id]]
            cells = rows.nth(index).locator("td")
            expect(cells.nth(0)).to_have_text(responsibility.name)
            expect(cells.nth(1)).to_have_text(owner.title)
            assert shown_lines(block, index, 2) == lines(project, owner, level), (level.id, responsibility.id)
            # On screen, as a table or as cards, whichever fits.
            for line in lines(project, owner, level):
                expect(block.get_by_text(line, exact=False).locator("visible=true").first).to_be_visible()
    # Each level's owners on the severity page, on screen and on paper.
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        page.goto(base_url + "severity-levels/")
        for level in project.severities.levels:
            table = page.locator(f'h2[id="{level.id}"] ~ .owner-contacts table').first
            rows = table.locator("tbody tr")
            expect(rows).to_have_count(len(responsibilities))
            for index, responsibility in enumerate(responsibilities):
                owner = owners[level.owners[responsibility.id]]
                cell = rows.nth(index).locator("td").nth(2)
                expect(cell).to_be_visible()
                assert cell_lines(cell) == lines(project, owner, level), (media, level.id, responsibility.id)
        # The escalation matrix's contacts and the home page's "How to reach each owner": every owner's all.
        for address in ("escalation-matrix/", ""):
            page.goto(base_url + address)
            table = page.locator("article .owner-contacts table").first
            expect(table).to_be_visible()
            check_contacts_table(page, project, table)
    page.emulate_media(media="screen")


def test_every_contact_of_every_owner_on_the_bundled_runbook(page: Any, base_url: str) -> None:
    check_everywhere(page, base_url, project_of(ROOT / "source"))


def test_every_contact_of_every_owner_on_another_runbook(page: Any, payments_url: str) -> None:
    project = project_of(FIXTURES / "payments")
    # The level whose page-first owner is paged by phone, though its pager comes first in owners.yaml.
    moved = [
        level
        for level in project.severities.levels
        if level.page_first
        and (owner := next(o for o in project.owners.owners if o.id == level.page_first))
        and paging_contacts(owner, level.page_by)[0] is not owner.contact[0]
    ]
    assert moved, "the fixture must have a level whose page_by is not its page-first owner's first contact"
    check_everywhere(page, payments_url, project)
