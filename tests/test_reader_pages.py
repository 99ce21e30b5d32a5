"""What a stressed reader relies on, on a fixture runbook: "not sure", whom to page first and how,
pages in order of relevance, contacts that dial, plain criteria and where a page comes from."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.i18n.catalog import english_messages
from generator.pages.contacts import contact_target
from generator.pages.render import render_site
from generator.runtime.memo import RunCache
from generator.site.stamp import build_time, stamp_text, with_build_stamp
from generator.source.project import Project, load_project
from generator.triage.plainrules import deciding_rules, rule_sentence
from tests.conftest import BASE_CASE, run


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.fixture
def source(in_tmp: Path) -> Path:
    """The base fixture with three answers to its question, addresses as contacts and page orders."""
    target = in_tmp / "source"
    shutil.copytree(BASE_CASE, target)

    def runbook(data: dict) -> None:  # type: ignore[type-arg]
        data["repo_url"] = "https://git.example.org/team/runbook/-/edit/main"
        data["triage"][0]["answers"].insert(1, {"id": "slow", "label": "Checkout is slow"})

    def owners(data: dict) -> None:  # type: ignore[type-arg]
        data["owners"][0]["contact"] = [
            {"method": "chat", "value": "support channel"},
            {"method": "pager", "value": "+44 20 7946 0000", "note": "Out of hours."},
            {"method": "email", "value": "support@example.org"},
            {"method": "url", "value": "https://status.example.org/support"},
        ]

    def severities(data: dict) -> None:  # type: ignore[type-arg]
        first, second = data["levels"]
        first["criteria"] = [{"impact": ["checkout"]}]
        second["criteria"] = [{"impact": ["none", "slow"]}]
        second["page_first"] = "site-admin"
        second["open_first"] = ["error-reports"]

    # A business pager number, not a customer's: waived, as the secret scan asks.
    (target / "allowlist.yaml").write_text(
        "waivers:\n  - file: owners.yaml\n    kind: phone-number\n    fingerprint: 1f3c1facffd98230\n"
        "    reason: The support team's own pager number, published on purpose.\n"
    )
    _edit(target / "runbook.yaml", runbook)
    _edit(target / "owners.yaml", owners)
    _edit(target / "severities.yaml", severities)
    _edit(target / "operations" / "contacting-support.yaml", lambda d: d.update(applies_to=["sev-1", "sev-2"]))
    _edit(target / "operations" / "error-reports.yaml", lambda d: d.update(applies_to=["sev-2"]))
    return target


@pytest.fixture
def project(source: Path) -> Project:
    loaded, diagnostics = load_project(source, RunCache.off())
    assert loaded is not None, diagnostics
    return loaded


def test_fixture_is_valid(source: Path) -> None:
    result = run("check")
    assert result.exit_code == 0, result.stderr


def test_not_sure_counts_as_the_most_severe_answer(source: Path) -> None:
    decision = json.loads(run("triage", "--json", "impact=unsure").stdout)
    assert decision["level"]["id"] == "sev-1"
    assert decision["answers"] == {"impact": "checkout"}
    assert decision["unsure"] == ["impact"] and decision["assumed"] == []
    text = run("triage", "impact=unsure").stdout
    assert "Not sure (counted as the most severe answer): impact=checkout" in text


def test_page_first_names_the_role_and_its_paging_contact_first(source: Path) -> None:
    decision = json.loads(run("triage", "--json", "impact=checkout").stdout)
    assert decision["page_first"] == {
        "id": "support-lead",
        "title": "Support lead",
        "contacts": [
            {"method": "pager", "value": "+44 20 7946 0000", "note": "Out of hours.", "label": "pager"},
            {"method": "chat", "value": "support channel", "label": "chat"},
            {"method": "email", "value": "support@example.org", "label": "e-mail"},
            {"method": "url", "value": "https://status.example.org/support", "label": "web"},
        ],
    }
    text = run("triage", "impact=checkout").stdout.splitlines()
    assert text[text.index("Page first: Support lead") + 1] == "  pager: +44 20 7946 0000 (Out of hours.)"
    assert "  e-mail: support@example.org" in text  # the words the pages use, not the method id
    milder = json.loads(run("triage", "--json", "impact=slow").stdout)
    assert milder["page_first"]["id"] == "site-admin"


def test_a_levels_pages_come_in_order_of_relevance(source: Path) -> None:
    # sev-2 lists error-reports first; contacting-support applies to every level, so it comes last.
    sev2 = json.loads(run("triage", "--json", "impact=none").stdout)
    assert [op["id"] for op in sev2["operations"]] == ["error-reports", "contacting-support"]
    sev1 = json.loads(run("triage", "--json", "impact=checkout").stdout)
    assert [op["id"] for op in sev1["operations"]] == ["contacting-support"]


def test_contacts_that_are_addresses_become_links(project: Project) -> None:
    assert contact_target("support@example.org") == "mailto:support@example.org"
    assert contact_target("+44 20 7946 0000") == "tel:+442079460000"
    assert contact_target("https://status.example.org/support") == "https://status.example.org/support"
    assert contact_target("#support channel in the team chat") is None
    assert contact_target("Emergency line listed in the control panel") is None
    owners = render_site(project, RunCache.off())["owners.md"].content
    assert "- e-mail: [support@example.org](mailto:support@example.org)" in owners
    assert "- pager: [&#43;44 20 7946 0000](tel:+442079460000) (Out of hours.)" in owners
    assert "- web: [https://status.example.org/support](https://status.example.org/support)" in owners


def test_an_other_contact_reads_as_its_value_alone(project: Project) -> None:
    """Methods read as words staff use (e-mail, web); "other: Fraud desk" would only add noise."""
    owner = project.owners.owners[0]
    other = owner.contact[0].model_copy(update={"method": "other", "value": "Front desk, ground floor", "note": None})
    owner.contact.insert(0, other)
    owners = render_site(project, RunCache.off())["owners.md"].content
    assert "- Front desk, ground floor\n" in owners
    assert "other:" not in owners


def test_whom_to_page_first_shows_on_home_severity_and_triage(project: Project) -> None:
    pages = render_site(project, RunCache.off())
    # The note is the contact's own, in brackets, whatever it says (no "When to use:" label before a
    # note such as "Ask for the duty manager"); the contacts are left out of search here, as they are
    # found on the owners page.
    line = (
        '[Support lead](owners.md#support-lead), by <span data-search-exclude="true">pager: '
        "[&#43;44 20 7946 0000](tel:+442079460000) (Out of hours)</span>. "
        'Other ways: <span data-search-exclude="true">chat: support channel;'
    )
    assert line in pages["index.md"].content
    assert f"**Page first:** {line}" in pages["severity-levels.md"].content
    assert f"**Page first:** {line}" in pages["triage.md"].content


def test_criteria_read_as_sentences_of_deciding_answers(project: Project) -> None:
    rules = deciding_rules(project)
    assert rules == {"sev-1": [{"impact": ["checkout"]}], "sev-2": [{}]}
    # Answer labels keep the capitals runbook.yaml gives them: the tool never changes YAML text's case.
    messages = english_messages()
    assert rule_sentence(project, rules["sev-1"][0], messages) == "Impact: Checkout is failing."
    assert rule_sentence(project, {"impact": ["none", "slow"]}, messages) == "Impact: No; or Checkout is slow."
    assert rule_sentence(project, {}, messages) == "Anything the levels above do not match."


def test_page_source_is_an_edit_link_or_one_quiet_line(source: Path, project: Project) -> None:
    page = render_site(project, RunCache.off())["operations/contacting-support.md"].content
    assert page.endswith(
        "[Edit this page](https://git.example.org/team/runbook/-/edit/main/source/operations/contacting-support.yaml)"
        "\n{: .page-source }\n"
    )
    _edit(source / "runbook.yaml", lambda d: d.pop("repo_url"))
    plain, _ = load_project(source, RunCache.off())
    assert plain is not None
    page = render_site(plain, RunCache.off())["operations/contacting-support.md"].content
    # Without a repository to edit in, no reader is shown the YAML file's path.
    assert "source/operations/" not in page.split("\n---\n", 1)[1]
    assert "page-source" not in page


def test_update_cadence_is_shown_as_written_after_its_label(project: Project) -> None:
    page = render_site(project, RunCache.off())["severity-levels.md"].content
    assert "; updates: every 30 minutes." in page


def test_build_stamp_fills_the_printable_pages_slot_only() -> None:
    when = build_time({"SOURCE_DATE_EPOCH": "1795000000"})
    assert when == datetime.datetime(2026, 11, 18, 11, 6, 40, tzinfo=datetime.UTC)
    stamp = stamp_text(when, "1a2b3c4d5e6f")
    assert stamp == "Built 2026-11-18 11:06 UTC from source revision 1a2b3c4d5e6f"
    page = '<article><p class="build-stamp" data-build-stamp></p></article>'
    assert with_build_stamp(page, stamp) == f'<article><p class="build-stamp">{stamp}.</p></article>'
    assert with_build_stamp("<article></article>", stamp) == "<article></article>"
    assert stamp_text(when, None).endswith("source revision unknown (not a git checkout)")


def test_staff_pages_name_no_tools(project: Project) -> None:
    for name, page in render_site(project, RunCache.off()).items():
        body = page.content.split("\n---\n", 1)[1]
        for tool in ("runbook check", "runbook generate", "runbook triage", "make offline", "`runbook"):
            assert tool not in body, f"{name} names '{tool}'"


def test_an_operation_can_weigh_more_in_search(source: Path) -> None:
    _edit(source / "operations" / "error-reports.yaml", lambda d: d.update(search_boost=2))
    boosted, _ = load_project(source, RunCache.off())
    assert boosted is not None
    pages = render_site(boosted, RunCache.off())
    assert 'search: {"boost": 2.0}' in pages["operations/error-reports.md"].content.split("\n---\n", 1)[0]
    assert 'search: {"boost": 2}' in pages["triage.md"].content.split("\n---\n", 1)[0]
    assert "search:" not in pages["operations/contacting-support.md"].content.split("\n---\n", 1)[0]


def _cells(page: str, row_start: str) -> list[str]:
    """The cells of every table row of a page that starts with ``row_start``."""
    return [line for line in page.splitlines() if line.startswith(row_start)]


def _methods(cell: str) -> list[str]:
    """The labels of the contacts in a 'Reach them' cell, one a line, in order."""
    return [re.sub(r"<[^>]+>", "", line).strip().split(":", 1)[0] for line in cell.split("<br>")]


def test_every_contact_wherever_an_owners_contacts_are_shown(project: Project) -> None:
    pages = render_site(project, RunCache.off())
    in_yaml_order = ["chat", "pager", "e-mail", "web"]
    # The matrix's contacts, the home page's and the triage page's (which the script copies per level).
    for name in ("escalation-matrix.md", "index.md", "triage.md"):
        (row,) = _cells(pages[name].content, "| [Support lead](owners.md#support-lead) |")
        assert _methods(row.split(" | ")[1]) == in_yaml_order, name
    # Each level's owners on the severity page: where the support lead is paged first, its pager
    # (no page_by: the pager before any other) leads; where another role is, owners.yaml's order.
    sections = pages["severity-levels.md"].content.split("\n## ")
    first = next(s for s in sections if s.startswith(project.severities.levels[0].name))
    second = next(s for s in sections if s.startswith(project.severities.levels[1].name))
    lead_rows = [r for r in _cells(first, "| ") if "(owners.md#support-lead) |" in r]
    assert lead_rows and all(_methods(r.split(" | ")[2]) == ["pager", "chat", "e-mail", "web"] for r in lead_rows)
    other_rows = [r for r in _cells(second, "| ") if "(owners.md#support-lead) |" in r]
    assert other_rows and all(_methods(r.split(" | ")[2]) == in_yaml_order for r in other_rows)


def test_triage_page_carries_each_owners_contacts_once(project: Project) -> None:
    triage = render_site(project, RunCache.off())["triage.md"].content
    # A link's text and address each time: once in the contacts table, once in each "Page first" line
    # that names the support lead; never again in a level's owners table, which the script builds.
    paged_first = sum(level.page_first == "support-lead" for level in project.severities.levels)
    assert triage.count("support@example.org") == 2 * (1 + paged_first)
    data = json.loads(triage.split('data-triage="', 1)[1].split('"', 1)[0].replace("&#34;", '"'))
    first = data["levels"][0]
    assert first["lead"] == ["support-lead", "pager"]
    assert len(first["owners"]) == len(data["responsibilities"]) == len(project.runbook.responsibilities)


def test_matrix_and_home_speak_of_levels_and_owners_not_rows_and_columns(project: Project) -> None:
    """Phones and paper show the matrix as one card per level: a row or a column is not there to find."""
    pages = render_site(project, RunCache.off())
    for name in ("escalation-matrix.md", "index.md"):
        body = pages[name].content.split("\n---\n", 1)[1]
        assert not re.search(r"\b(rows?|columns?)\b", body, re.IGNORECASE), name


def test_owned_pages_are_listed_by_title(source: Path) -> None:
    # Ids and titles in different orders: 'error-reports' is titled to sort before 'contacting-support'.
    _edit(source / "operations" / "error-reports.yaml", lambda d: d.update(title="Admin error reports"))
    loaded, _ = load_project(source, RunCache.off())
    assert loaded is not None
    owners = render_site(loaded, RunCache.off())["owners.md"].content
    checked: list[list[str]] = []
    for section in owners.split("\n## ")[1:]:
        if "**Owns these pages:**" not in section:
            continue
        listed = re.findall(r"^- \[([^\]]+)\]\(operations/", section.split("**Owns these pages:**", 1)[1], re.M)
        assert listed == sorted(listed, key=str.casefold), listed
        checked.append(listed)
    assert ["Admin error reports", "Contacting Support"] in [lst[:2] for lst in checked], checked
