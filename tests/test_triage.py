"""`runbook triage` and the criteria proof, through the real entry point, on the library fixture runbook.

tests/fixtures/library has three levels, four triage dimensions and five responsibilities; the
expected text below is that fixture's (the bundled runbook's triage is checked against the
browser's in tests/browser/test_triage_page.py, on every combination of its answers).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.pages.triagedata import script_json, triage_data
from generator.runtime.memo import RunCache
from generator.source.project import load_project
from generator.triage.decision import decide
from tests.conftest import FIXTURES, run

LIBRARY = FIXTURES / "library"


@pytest.fixture
def library(in_tmp: Path) -> Path:
    """A copy of the library fixture at ./source, to run from and to break."""
    shutil.copytree(LIBRARY, in_tmp / "source")
    return in_tmp / "source"


def test_lending_stopped_everywhere_is_p1_with_every_owner_and_contact(library: Path) -> None:
    result = run("triage", "lending=stopped", "branches-affected=all")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "P1 Critical (p1): Lending has stopped at every branch, or patron records may have been exposed."
    assert lines[1] == "Matched rule: lending=stopped, branches-affected=all"
    assert lines[2] == "Assumed (not given): patron-records=safe, workaround=exists"
    assert lines[4] == "Page first: IT on-call engineer"  # the level's lead role, with every contact
    assert lines[5] == "  phone: +44 20 7946 0321 (On-call phone, answered around the clock.)"
    assert lines[8:12] == [
        "Response targets:",
        "  Acknowledge within:        15 minutes",
        "  First notice to branches:  30 minutes",
        "  Then update:               Every hour until lending works at every branch",
    ]
    assert "  Call the LMS vendor: Systems librarian" in lines
    assert "    phone: +44 20 7946 0388 (Weekdays 08:00 to 18:00.)" in lines
    assert lines[-3:] == [
        "Operations to open:",
        "  Catalogue Outage (operations/catalogue-outage.md)",
        "  Patron Record Exposure (operations/patron-record-exposure.md)",
    ]


def test_json_output_for_machines(library: Path) -> None:
    result = run("triage", "--json", "patron-records=at-risk", "lending=slowed")
    decision = json.loads(result.stdout)
    assert decision["level"]["id"] == "p1"
    assert decision["assumed"] == ["branches-affected", "workaround"]
    assert decision["matched_rule"] == {"patron-records": ["at-risk"]}
    assert [o["responsibility"]["id"] for o in decision["owners"]] == [
        "lead-incident",
        "restore-network",
        "call-vendor",
        "brief-branches",
        "notify-data-protection",
    ]
    assert decision["owners"][0]["contacts"][0] == {
        "method": "phone",
        "value": "+44 20 7946 0321",
        "note": "On-call phone, answered around the clock.",
        "label": "phone",
    }
    assert decision["owners"][3]["backup"] is None
    assert decision["response"]["update_cadence"] == "Every hour until lending works at every branch"
    assert [op["id"] for op in decision["operations"]] == ["catalogue-outage", "patron-record-exposure"]


def test_no_answers_gives_the_mildest_level(library: Path) -> None:
    assert json.loads(run("triage", "--json").stdout)["level"]["id"] == "p3"


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (
            "lendin=normal",
            "Error: unknown dimension 'lendin'; did you mean 'lending'? "
            "valid dimensions: branches-affected, lending, patron-records, workaround",
        ),
        (
            "speed=fast",
            "Error: unknown dimension 'speed'; valid dimensions: "
            "branches-affected, lending, patron-records, workaround",
        ),
        ("lending=big", "Error: unknown answer 'big' for lending; valid answers: normal, slowed, stopped, unsure"),
        (
            "lending",
            "Error: 'lending' is not DIMENSION=ANSWER; dimensions: "
            "branches-affected, lending, patron-records, workaround",
        ),
    ],
)
def test_unknown_input_is_a_usage_error_listing_the_valid_choices(library: Path, argument: str, message: str) -> None:
    result = run("triage", argument)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message
    assert result.stderr.count("automation-state") == message.count("automation-state"), "listed at most once"


def test_conflicting_answers_are_a_usage_error(library: Path) -> None:
    result = run("triage", "lending=normal", "lending=stopped")
    assert result.exit_code == 2
    assert "lending is given twice (normal and stopped); give one answer" in result.stderr


def test_criteria_gap_in_severities_is_reported_with_its_line(library: Path) -> None:
    severities = library / "severities.yaml"
    text = severities.read_text()
    severities.write_text(text.replace("      - lending: [stopped]\n        branches-affected: [all]\n", "", 1))
    result = run("check")
    assert result.exit_code == 1
    gap = next(line for line in result.stderr.splitlines() if "no severity level matches" in line)
    assert gap.startswith(
        "source/severities.yaml:8:9: error: no severity level matches 2 answer combinations, "
        "all with branches-affected=all, lending=stopped, patron-records=safe, e.g. "
    )
    # Line 8 is the rule p1 kept; the message names the nearest rule of each level.
    assert severities.read_text().splitlines()[7] == "      - patron-records: [at-risk]"
    assert "level 'p2' (rule on line 27) rejects branches-affected=all" in gap


def test_criteria_overlap_names_both_rules(library: Path) -> None:
    severities = library / "severities.yaml"
    rule = "      - patron-records: [safe]\n        lending: [stopped]\n"
    severities.write_text(severities.read_text().replace(rule + "        branches-affected: [one, several]\n", rule, 1))
    result = run("check")
    assert result.exit_code == 1
    assert "source/severities.yaml:29:9: error: levels 'p1' (rule on line 9) and 'p2' both match 2" in result.stderr


def test_page_data_carries_every_rule_and_is_safe_in_html() -> None:
    project, _ = load_project(LIBRARY, RunCache.off())
    assert project is not None
    data = triage_data(project)
    assert [d["id"] for d in data["dimensions"]] == ["branches-affected", "lending", "patron-records", "workaround"]
    assert [len(level["rules"]) for level in data["levels"]] == [2, 3, 2]
    assert data["words"] == {
        "first_update": "first notice to branches",
        "not_sure": "Not sure",
        "page_first": "Page first",
    }
    # The script writes no sentence of its own: each of its messages is in the page data.
    # English messages are left out: the script shows the English id itself.
    assert data["messages"] == {}
    embedded = script_json({"name": "</script><!-- & -->"})
    assert embedded == '{"name":"\\u003c/script\\u003e\\u003c!-- \\u0026 --\\u003e"}'
    assert json.loads(embedded) == {"name": "</script><!-- & -->"}
    assert decide(project, {"lending": "stopped", "branches-affected": "several"}).level.id == "p2"


def test_owners_list_the_page_first_owners_paging_contact_first_as_the_pages_do() -> None:
    """In tests/fixtures/payments one level pages its lead by phone though its pager comes first in
    owners.yaml: wherever that owner owns a step at that level, its phone leads; elsewhere, YAML order."""
    project, diagnostics = load_project(FIXTURES / "payments", RunCache.off())
    assert project is not None, diagnostics
    owners = {o.id: o for o in project.owners.owners}
    moved = 0
    for level in project.severities.levels:
        rule = level.criteria[0]
        decision = decide(project, {dimension: answers[0] for dimension, answers in rule.items()})
        if decision.level.id != level.id:
            continue
        for step in decision.owners:
            methods = [c.method for c in step.contacts]
            yaml_order = [c.method for c in owners[step.owner_id].contact]
            if step.owner_id == level.page_first and level.page_by:
                assert methods[0] == level.page_by and sorted(methods) == sorted(yaml_order)
                moved += methods != yaml_order
            else:
                assert methods == yaml_order
    assert moved, "no level of the fixture moved a contact: the test checks nothing"
