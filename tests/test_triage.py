"""`runbook triage` and the criteria proof, through the real entry point, on the library fixture runbook.

tests/fixtures/library has three levels, four triage dimensions and five responsibilities; the
expected text below is that fixture's (the bundled runbook's triage is checked against the
browser's in tests/browser/test_triage_page.py, on every combination of its answers).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any
from unicodedata import east_asian_width

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
    # Two questions open; no "so far" at the most severe level, which no answer can raise.
    assert lines[1] == "P1 Critical · 2 questions unanswered"
    assert lines[2] == "Matched rule: lending=stopped, branches-affected=all"
    assert lines[3] == "Assumed (not given): patron-records=safe, workaround=exists"
    assert lines[5] == "Page first: IT on-call engineer"  # the level's lead role, with every contact
    assert lines[6] == "  phone: +44 20 7946 0321 (On-call phone, answered around the clock.)"
    # Who is paged next, and when, as the triage page says it.
    assert lines[8] == (
        "Escalation: IT on-call engineer first; if nobody acknowledges, after 15 minutes Systems librarian."
    )
    assert lines[10:14] == [
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


def test_a_mild_answer_says_the_level_is_so_far_and_how_many_questions_are_open(library: Path) -> None:
    lines = run("triage", "lending=slowed").stdout.splitlines()
    assert lines[1] == "P3 Minor so far · 3 questions unanswered"
    one_open = run("triage", "lending=slowed", "branches-affected=one", "patron-records=safe").stdout.splitlines()
    assert one_open[1] == "P3 Minor so far · 1 question unanswered"
    answered = ("lending=slowed", "branches-affected=one", "patron-records=safe", "workaround=exists")
    assert not any("unanswered" in line for line in run("triage", *answered).stdout.splitlines())


def test_the_escalation_chain_is_the_one_the_triage_page_gives(in_tmp: Path) -> None:
    """tests/fixtures/paging pages its owners through PagerDuty: each level's chain, with the
    PagerDuty identities, reads as on the generated triage page, links aside."""
    shutil.copytree(FIXTURES / "paging", in_tmp / "source")
    assert run("generate").exit_code == 0
    page = (in_tmp / "docs" / "triage.md").read_text(encoding="utf-8")
    on_page = [re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", line).replace("**", "") for line in page.splitlines()]
    chains = [line for line in on_page if line.startswith("Escalation:")]
    project = load_project(in_tmp / "source", RunCache.off())[0]
    assert project is not None and len(chains) == len(project.severities.levels)
    for level, chain in zip(project.severities.levels, chains, strict=True):
        dimension, answer = _an_answer_for(project, level.id)
        lines = run("triage", f"{dimension}={answer}").stdout.splitlines()
        assert chain in lines, (level.id, chain, lines)


def _an_answer_for(project: Any, level_id: str) -> tuple[str, str]:
    """One answer that, with the others left alone, gives this level (the mildest level: the first answer)."""
    for dimension in project.runbook.triage:
        for answer in dimension.answers:
            if decide(project, {dimension.id: answer.id}).level.id == level_id:
                return dimension.id, answer.id
    raise AssertionError(f"no single answer gives {level_id}")


def test_json_output_for_machines(library: Path) -> None:
    result = run("triage", "--json", "patron-records=at-risk", "lending=slowed")
    decision = json.loads(result.stdout)
    assert decision["level"]["id"] == "p1"
    assert decision["assumed"] == ["branches-affected", "workaround"]
    assert decision["unanswered"] == 2
    # P1's chain: its page-first owner, then (no escalate_to) that owner's backup, each waiting the
    # level's acknowledgement target.
    assert decision["escalation"] == {
        "steps": [
            {"id": "it-on-call", "title": "IT on-call engineer"},
            {"id": "systems-librarian", "title": "Systems librarian"},
        ],
        "wait": "15 minutes",
        "wait_minutes": 15,
        "pagerduty_escalation_policy": None,
    }
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


def test_response_targets_line_up_in_a_language_of_wide_characters(in_tmp: Path) -> None:
    """Japanese labels take two terminal columns a character: the values still start in one column."""
    shutil.copytree(FIXTURES / "netbank", in_tmp / "source")
    lines = run("triage").stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line == "対応目標：") + 1
    targets = lines[start : start + 3]
    assert all(line.startswith("  ") for line in targets), targets

    def value_column(line: str) -> int:
        label, value = line.split("：", 1)
        before = label + "：" + value[: len(value) - len(value.lstrip())]
        return sum(2 if east_asian_width(c) in "WF" else 1 for c in before)

    assert len({value_column(line) for line in targets}) == 1, targets
