"""runbook paging export: PagerDuty's API shape (validated against PagerDuty's OpenAPI schemas) and Terraform.

tests/fixtures/paging is a runbook with PagerDuty and Grafana OnCall identities: level d1 pages
the primary schedule, then escalate_to's secondary schedule and the platform lead, waiting its
acknowledge_within (5 minutes); d2 waits escalate_after (15 minutes); d3 has no escalate_to, so
its page-first owner's backup follows, after escalate_after (2 hours).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openapi_schema_validator import OAS30ReadValidator

from tests.conftest import FIXTURES, run

HERE = Path(__file__).resolve().parent
OPENAPI = json.loads((HERE / "openapi" / "pagerduty-escalation-policies.json").read_text(encoding="utf-8"))
RECORDED = HERE / "recorded"
FIXTURE = FIXTURES / "paging"


def _validator(pointer: str) -> OAS30ReadValidator:
    """PagerDuty's schema at ``pointer`` in read (response) mode, its $refs resolved in the published document."""
    return OAS30ReadValidator({"$ref": pointer, "components": OPENAPI["components"], "paths": OPENAPI["paths"]})


POLICY = _validator("#/components/schemas/EscalationPolicy")
LIST_ANSWER = _validator("#/paths/~1escalation_policies/get/responses/200/content/application~1json/schema")


def _errors(validator: OAS30ReadValidator, document: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def _export(to: str, source: Path = FIXTURE) -> Any:
    result = run("paging", "export", "--source", str(source), "--to", to)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_every_exported_policy_validates_against_pagerduty_openapi() -> None:
    policies = _export("pagerduty")["escalation_policies"]
    assert len(policies) == 3
    for policy in policies:
        assert _errors(POLICY, policy) == []


def test_rules_follow_page_first_then_escalate_to_with_the_acknowledgement_delays() -> None:
    policies = _export("pagerduty")["escalation_policies"]
    chains = [
        (p.get("id"), p["name"], [(r["escalation_delay_in_minutes"], r["targets"]) for r in p["escalation_rules"]])
        for p in policies
    ]
    schedule = lambda id_: [{"type": "schedule_reference", "id": id_}]  # noqa: E731
    user = lambda id_: [{"type": "user_reference", "id": id_}]  # noqa: E731
    assert chains == [
        (
            "PESC0D1",
            "Rollbahn Dispatch On-call: D1 Dispatch down",
            [(5, schedule("PDSP001")), (5, schedule("PDSP002")), (5, user("PILSE01"))],
        ),
        (
            "PESC0D2",
            "Rollbahn Dispatch On-call: D2 Routes late",
            [(15, schedule("PDSP001")), (15, schedule("PDSP002"))],
        ),
        (None, "Rollbahn Dispatch On-call: D3 One carrier", [(120, user("PDESK01")), (120, user("PILSE01"))]),
    ]
    assert policies[0]["type"] == "escalation_policy"
    assert policies[0]["description"] == "No route reaches a driver, for every carrier."


def test_the_validator_rejects_what_pagerduty_would_not_return() -> None:
    """The schema check can fail: a rule without targets, a delay as text."""
    policy = _export("pagerduty")["escalation_policies"][0]
    policy["escalation_rules"][0]["targets"] = []
    policy["escalation_rules"][1]["escalation_delay_in_minutes"] = "5"
    assert _errors(POLICY, policy) == [
        "['escalation_rules', 0, 'targets']: [] should be non-empty",
        "['escalation_rules', 1, 'escalation_delay_in_minutes']: '5' is not of type 'integer'",
    ]


@pytest.mark.parametrize("page", ["escalation-policies-page-1.json", "escalation-policies-page-2.json"])
def test_recorded_answers_have_the_shape_pagerduty_publishes(page: str) -> None:
    answer = json.loads((RECORDED / page).read_text(encoding="utf-8"))
    assert _errors(LIST_ANSWER, answer) == []
    assert len(answer["escalation_policies"]) == 2


def test_out_writes_the_export_to_a_file(in_tmp: Path) -> None:
    result = run("paging", "export", "--source", str(FIXTURE), "--to", "pagerduty", "--out", "policies.json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "runbook paging export: pagerduty written to policies.json\n"
    assert json.loads((in_tmp / "policies.json").read_text(encoding="utf-8")) == _export("pagerduty")


def test_out_that_cannot_be_written_is_one_error_on_it_and_leaves_no_file(in_tmp: Path) -> None:
    (in_tmp / "exports").write_text("a file where the folder should be\n", encoding="utf-8")
    result = run("paging", "export", "--source", str(FIXTURE), "--to", "pagerduty", "--out", "exports/policies.json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "exports/policies.json:1:1: error: cannot write the export: File exists; a file is where a folder is "
        "needed: move or rename that file, then run the command again\n"
    )
    assert (in_tmp / "exports").read_text(encoding="utf-8") == "a file where the folder should be\n"


def test_out_replaces_an_earlier_export_whole(in_tmp: Path) -> None:
    (in_tmp / "policies.json").write_text("{}\n", encoding="utf-8")
    result = run("paging", "export", "--source", str(FIXTURE), "--to", "pagerduty", "--out", "policies.json")
    assert result.exit_code == 0, result.stderr
    assert json.loads((in_tmp / "policies.json").read_text(encoding="utf-8")) == _export("pagerduty")
    assert sorted(p.name for p in in_tmp.iterdir()) == ["policies.json"]  # no temporary left beside it


@pytest.mark.parametrize(
    ("to", "golden"), [("pagerduty-terraform", "pagerduty"), ("grafana-oncall-terraform", "grafana-oncall")]
)
def test_terraform_golden(to: str, golden: str, update_goldens: bool) -> None:
    result = run("paging", "export", "--source", str(FIXTURE), "--to", to)
    assert result.exit_code == 0, result.stderr
    expected = HERE / "terraform" / f"{golden}.tf.json"
    if update_goldens:
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8")


def _missing(block: dict[str, Any], required: set[str]) -> set[str]:
    return {key for key in required if block.get(key) in (None, [], "")}


def test_pagerduty_terraform_gives_every_argument_the_provider_requires() -> None:
    document = _export("pagerduty-terraform")
    policies = document["resource"]["pagerduty_escalation_policy"]
    assert sorted(policies) == ["level_d1", "level_d2", "level_d3"]
    for policy in policies.values():
        assert _missing(policy, {"name", "rule"}) == set()
        for rule in policy["rule"]:
            assert _missing(rule, {"escalation_delay_in_minutes", "target"}) == set()
            for target in rule["target"]:
                assert _missing(target, {"id"}) == set()
                assert target["type"] in ("user_reference", "schedule_reference")
    # The levels that name their live policy adopt it instead of creating a second one.
    assert document["import"] == [
        {"to": "pagerduty_escalation_policy.level_d1", "id": "PESC0D1"},
        {"to": "pagerduty_escalation_policy.level_d2", "id": "PESC0D2"},
    ]


def test_grafana_oncall_terraform_gives_every_argument_the_provider_requires() -> None:
    resources = _export("grafana-oncall-terraform")["resource"]
    chains = resources["grafana_oncall_escalation_chain"]
    for chain in chains.values():
        assert _missing(chain, {"name"}) == set()
    steps: dict[str, list[dict[str, Any]]] = {}
    for step in resources["grafana_oncall_escalation"].values():
        assert _missing(step, {"escalation_chain_id", "type"}) == set()
        assert isinstance(step["position"], int)
        steps.setdefault(step["escalation_chain_id"], []).append(step)
        if step["type"] == "wait":
            assert 60 <= step["duration"] <= 86400
        elif step["type"] == "notify_on_call_from_schedule":
            assert step["notify_on_call_from_schedule"]
        else:
            assert step["type"] == "notify_persons"
            assert step["persons_to_notify"]
    d1 = steps["${grafana_oncall_escalation_chain.level_d1.id}"]
    assert [s["position"] for s in d1] == [0, 1, 2, 3, 4]
    assert [(s["type"], s.get("duration")) for s in d1] == [
        ("notify_on_call_from_schedule", None),
        ("wait", 300),
        ("notify_on_call_from_schedule", None),
        ("wait", 300),
        ("notify_persons", None),
    ]
    assert set(chains) == {"level_d1", "level_d2", "level_d3"}


def test_an_owner_in_a_chain_without_an_identity_is_an_error_on_its_line(in_tmp: Path) -> None:
    shutil.copytree(FIXTURE, in_tmp / "source")
    owners = in_tmp / "source" / "owners.yaml"
    owners.write_text(owners.read_text().replace("      pagerduty: {user: PILSE01}\n", ""), encoding="utf-8")
    result = run("paging", "export", "--to", "pagerduty")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "source/owners.yaml:30:9: error: owner 'platform-lead' is in the escalation chain of levels 'd1', 'd3' but "
        "has no PagerDuty identity; add 'paging: {pagerduty: {schedule: ID}}' (or 'user: ID') to this owner\n"
        "runbook paging export failed: 1 error, 0 warnings; nothing exported\n"
    )
    # Grafana OnCall identities are all there: that export still works.
    assert run("paging", "export", "--to", "grafana-oncall-terraform").exit_code == 0


def test_a_level_without_a_clock_wait_cannot_be_exported(in_tmp: Path) -> None:
    shutil.copytree(FIXTURE, in_tmp / "source")
    severities = in_tmp / "source" / "severities.yaml"
    severities.write_text(severities.read_text().replace("    escalate_after: 2 hours\n", ""), encoding="utf-8")
    result = run("paging", "export", "--to", "pagerduty")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "source/severities.yaml:51:27: error: level 'd3' acknowledges within '4 business hours', which a paging "
        "tool cannot wait for, and this runbook's escalation is exported to one; add 'escalate_after: N minutes' "
        "(or hours) to the level, beside page_first: how long each step waits before the next is paged"
    )
