"""`runbook triage` and the criteria proof, through the real entry point, on the bundled runbook."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.checks.triage import decide, script_json, triage_data
from generator.runtime.memo import RunCache
from generator.source.project import load_project
from tests.conftest import ROOT, run


@pytest.fixture
def bundled(in_tmp: Path) -> Path:
    """A copy of the bundled sources at ./source, to run from and to break."""
    shutil.copytree(ROOT / "source", in_tmp / "source")
    return in_tmp / "source"


def test_checkout_down_is_sev1_with_every_owner_and_contact(bundled: Path) -> None:
    result = run("triage", "production-impact=checkout-down")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("SEV-1 Critical (sev-1): Checkout or payments are failing")
    assert lines[1] == "Matched rule: production-impact=checkout-down"
    assert lines[2] == (
        "Assumed (not given): customer-visibility=admin-only, revenue-risk=none, privacy-exposure=none, "
        "data-correctness=correct, automation-state=not-involved"
    )
    assert "  Acknowledge within:     15 minutes" in lines
    assert "  Update customers: Customer communication owner" in lines
    assert (
        "    chat: #sophmate-incidents channel in the team chat (Share each draft update here for a quick check "
        "before it is sent.)" in lines
    )
    assert "  Contacting Support (operations/contacting-support.md)" in lines


def test_json_output_for_machines(bundled: Path) -> None:
    result = run("triage", "--json", "privacy-exposure=suspected", "customer-visibility=all-customers")
    decision = json.loads(result.stdout)
    assert decision["level"]["id"] == "sev-1"
    assert decision["matched_rule"] == {"privacy-exposure": ["suspected", "confirmed"]}
    assert [o["responsibility"]["id"] for o in decision["owners"]] == [
        "pause-workflows",
        "contact-hosting",
        "contact-provider",
        "open-codecanyon-support",
        "update-customers",
        "approve-rollback",
    ]
    assert decision["owners"][0]["contacts"][0] == {
        "method": "chat",
        "value": "#sophmate-support channel in the team chat",
        "note": "Mention the site administrator role group so whoever is on shift sees it.",
    }
    assert decision["response"]["update_cadence"] == "Every 30 minutes until recovery, then a closing update"
    assert "incident-response-runbook" in [op["id"] for op in decision["operations"]]


def test_no_answers_gives_the_mildest_level(bundled: Path) -> None:
    assert json.loads(run("triage", "--json").stdout)["level"]["id"] == "sev-4"


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (
            "production-impac=none",
            "Error: unknown dimension 'production-impac'; did you mean 'production-impact'? "
            "valid dimensions: production-impact, customer-visibility, revenue-risk, privacy-exposure, "
            "data-correctness, automation-state",
        ),
        (
            "speed=fast",
            "Error: unknown dimension 'speed'; valid dimensions: production-impact, customer-visibility, "
            "revenue-risk, privacy-exposure, data-correctness, automation-state",
        ),
        (
            "revenue-risk=big",
            "Error: unknown answer 'big' for revenue-risk; valid answers: none, indirect, direct, unsure",
        ),
        (
            "checkout",
            "Error: 'checkout' is not DIMENSION=ANSWER; dimensions: production-impact, customer-visibility, "
            "revenue-risk, privacy-exposure, data-correctness, automation-state",
        ),
    ],
)
def test_unknown_input_is_a_usage_error_listing_the_valid_choices(bundled: Path, argument: str, message: str) -> None:
    result = run("triage", argument)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message
    assert result.stderr.count("automation-state") == message.count("automation-state"), "listed at most once"


def test_conflicting_answers_are_a_usage_error(bundled: Path) -> None:
    result = run("triage", "revenue-risk=none", "revenue-risk=direct")
    assert result.exit_code == 2
    assert "revenue-risk is given twice (none and direct); give one answer" in result.stderr


def test_criteria_gap_in_severities_is_reported_with_its_line(bundled: Path) -> None:
    severities = bundled / "severities.yaml"
    text = severities.read_text()
    severities.write_text(text.replace("      - revenue-risk: [direct]\n", "", 1))
    result = run("check")
    assert result.exit_code == 1
    gap = next(line for line in result.stderr.splitlines() if "no severity level matches" in line)
    assert gap.startswith(
        "source/severities.yaml:13:9: error: no severity level matches 81 answer combinations, "
        "all with revenue-risk=direct, privacy-exposure=none, e.g. production-impact=none"
    )
    # Line 13 is a criteria rule of sev-1, the level that lost its revenue rule; the message names each rule.
    assert severities.read_text().splitlines()[12] == "      - privacy-exposure: [suspected, confirmed]"
    sev3_rule = next(
        number
        for number, line in enumerate(severities.read_text().splitlines(), 1)
        if line == "      - revenue-risk: [indirect]"
    )
    assert f"level 'sev-3' (rule on line {sev3_rule}) rejects revenue-risk=direct" in gap


def test_criteria_overlap_names_both_rules(bundled: Path) -> None:
    severities = bundled / "severities.yaml"
    severities.write_text(severities.read_text().replace("        revenue-risk: [none, indirect]\n", "", 1))
    result = run("check")
    assert result.exit_code == 1
    assert "levels 'sev-1' (rule on line 17) and 'sev-2' both match" in result.stderr


def test_page_data_carries_every_rule_and_is_safe_in_html() -> None:
    project, _ = load_project(ROOT / "source", RunCache.off())
    assert project is not None
    data = triage_data(project)
    assert [d["id"] for d in data["dimensions"]] == [d.id for d in project.runbook.triage]
    assert sum(len(level["rules"]) for level in data["levels"]) == 13
    embedded = script_json({"name": "</script><!-- & -->"})
    assert embedded == '{"name":"\\u003c/script\\u003e\\u003c!-- \\u0026 --\\u003e"}'
    assert json.loads(embedded) == {"name": "</script><!-- & -->"}
    assert decide(project, {"production-impact": "checkout-down"}).level.id == "sev-1"
