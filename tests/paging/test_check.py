"""runbook paging check: the runbook's chains against PagerDuty, from a saved answer and from the live API.

The live API is a local HTTPS server (tests/paging/server.py) answering the recorded pages in
tests/paging/recorded, two policies a page, through PagerDuty's official client; a refused
token, rate limiting and an unreachable host are one line and exit 3.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.paging import pagerduty_api
from tests.conftest import FIXTURES, ROOT, run
from tests.paging.server import FakePagerDuty, self_signed_certificate, serving

HERE = Path(__file__).resolve().parent
FIXTURE = FIXTURES / "paging"
TOKEN = "u+Fake-Token-4b1d-never-printed"


def _recorded() -> list[dict[str, Any]]:
    policies: list[dict[str, Any]] = []
    for page in ("escalation-policies-page-1.json", "escalation-policies-page-2.json"):
        policies += json.loads((HERE / "recorded" / page).read_text(encoding="utf-8"))["escalation_policies"]
    return policies


def _first_target_changed(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Someone made the secondary schedule the first target of D1's policy in PagerDuty."""
    changed = copy.deepcopy(policies)
    d1 = next(p for p in changed if p["id"] == "PESC0D1")
    d1["escalation_rules"][0]["targets"] = [
        {"id": "PDSP002", "type": "schedule_reference", "summary": "Dispatch secondary"}
    ]
    return changed


def _saved(folder: Path, policies: list[dict[str, Any]]) -> Path:
    path = folder / "escalation_policies.json"
    answer = {"escalation_policies": policies, "limit": 100, "offset": 0, "more": False, "total": None}
    path.write_text(json.dumps(answer, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def source(in_tmp: Path) -> Path:
    """The fixture runbook as ./source (paths print relative to the test's folder)."""
    shutil.copytree(FIXTURE, in_tmp / "source")
    return in_tmp / "source"


DRIFT_LINE = (
    "source/severities.yaml:14:17: error: PagerDuty's policy 'Rollbahn Dispatch On-call: D1 Dispatch down' (PESC0D1) "
    "pages 'dispatch-secondary' (schedule PDSP002) first; the runbook pages 'dispatch-on-call' (schedule PDSP001) "
    "first (level 'd1')"
)


def test_saved_export_in_agreement_passes(source: Path, in_tmp: Path) -> None:
    result = run("paging", "check", "--pagerduty-export", str(_saved(in_tmp, _recorded())))
    assert result.exit_code == 0, result.stderr
    assert (
        result.stderr == "runbook paging check passed: 0 errors, 0 warnings against 4 PagerDuty escalation policies\n"
    )


def test_saved_export_with_a_changed_first_target_names_the_page_first_line(source: Path, in_tmp: Path) -> None:
    saved = _saved(in_tmp, _first_target_changed(_recorded()))
    result = run("paging", "check", "--pagerduty-export", str(saved))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{DRIFT_LINE}\nrunbook paging check failed: 1 error, 0 warnings against 4 PagerDuty escalation policies\n"
    )
    assert (source / "severities.yaml").read_text().splitlines()[13] == "    page_first: dispatch-on-call"


def test_drift_as_github_annotations_and_json(source: Path, in_tmp: Path) -> None:
    saved = str(_saved(in_tmp, _first_target_changed(_recorded())))
    github = run("paging", "check", "--pagerduty-export", saved, "--format", "github")
    assert github.exit_code == 1
    assert github.stdout.startswith(
        "::error file=source/severities.yaml,line=14,col=17,title=paging-drift::PagerDuty's policy"
    )
    as_json = run("paging", "check", "--pagerduty-export", saved, "--format", "json")
    assert as_json.exit_code == 1
    report = json.loads(as_json.stdout)
    assert report["errors"] == 1
    assert report["diagnostics"][0]["line"] == 14


def test_other_disagreements_each_on_the_line_that_states_the_runbooks_side(source: Path, in_tmp: Path) -> None:
    policies = _recorded()
    d2 = next(p for p in policies if p["id"] == "PESC0D2")
    d2["escalation_rules"][0]["escalation_delay_in_minutes"] = 20
    d2["escalation_rules"][1]["targets"].append({"id": "PXOLA01", "type": "user_reference", "summary": "Ola Nordmann"})
    d3 = next(p for p in policies if p["id"] == "PESC0D3")
    d3["escalation_rules"].reverse()
    result = run("paging", "check", "--pagerduty-export", str(_saved(in_tmp, policies)))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "source/owners.yaml:28:29: error: PagerDuty's policy 'Rollbahn Dispatch On-call: D2 Routes late' (PESC0D2) "
        "also pages user 'Ola Nordmann' (PXOLA01) at its second rule, beside 'dispatch-secondary'; the runbook names "
        "no such target at level 'd2'",
        "source/owners.yaml:51:13: error: PagerDuty's policy 'Rollbahn Dispatch On-call: D3 One carrier' (PESC0D3) "
        "pages 'platform-lead' (user PILSE01) at its first rule; the runbook pages it second, after 'carrier-desk'",
        "source/severities.yaml:36:21: error: PagerDuty's policy 'Rollbahn Dispatch On-call: D2 Routes late' "
        "(PESC0D2) waits 20 minutes at its first rule; the runbook waits 15 minutes (level 'd2')",
        "source/severities.yaml:54:17: error: PagerDuty's policy 'Rollbahn Dispatch On-call: D3 One carrier' "
        "(PESC0D3) pages 'carrier-desk' (user PDESK01) at its second rule; the runbook pages it first",
        "runbook paging check failed: 4 errors, 0 warnings against 4 PagerDuty escalation policies",
    ]


def test_a_missing_policy_is_named_on_the_level(source: Path, in_tmp: Path) -> None:
    policies = [p for p in _recorded() if p["id"] not in ("PESC0D2", "PESC0D3")]
    result = run("paging", "check", "--pagerduty-export", str(_saved(in_tmp, policies)))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "source/severities.yaml:38:38: error: PagerDuty has no escalation policy 'PESC0D2' (it holds 2); correct the "
        "id, or create the policy from 'runbook paging export --to pagerduty-terraform'",
        "source/severities.yaml:43:11: error: PagerDuty has no escalation policy named 'Rollbahn Dispatch On-call: "
        "D3 One carrier' (it holds 2); name the live policy under the level as 'paging: {pagerduty: "
        "{escalation_policy: ID}}', or create it from 'runbook paging export --to pagerduty-terraform'",
    ]


def test_a_saved_file_that_is_not_json_is_one_line_and_exit_3(source: Path, in_tmp: Path) -> None:
    (in_tmp / "broken.json").write_text('{"escalation_policies": [\n  {"id": "P1",}\n]}\n', encoding="utf-8")
    result = run("paging", "check", "--pagerduty-export", "broken.json")
    assert result.exit_code == 3
    assert result.stderr == ("broken.json:2:15: error: not JSON (Expecting property name enclosed in double quotes)\n")


def test_an_unreadable_saved_file_is_one_diagnostic_in_every_format(source: Path, in_tmp: Path) -> None:
    """Printed as every other error is: on its file and line in text and GitHub, in the JSON document too."""
    (in_tmp / "broken.json").write_text('{"escalation_policies": [\n  {"id": "P1",}\n]}\n', encoding="utf-8")
    github = run("paging", "check", "--pagerduty-export", "broken.json", "--format", "github")
    assert github.exit_code == 3
    assert github.stdout == (
        "::error file=broken.json,line=2,col=15,title=paging-unavailable::not JSON (Expecting property name "
        "enclosed in double quotes)\n"
    )
    as_json = run("paging", "check", "--pagerduty-export", "broken.json", "--format", "json")
    assert as_json.exit_code == 3
    assert json.loads(as_json.stdout) == {
        "errors": 1,
        "warnings": 0,
        "diagnostics": [
            {
                "path": "broken.json",
                "line": 2,
                "column": 15,
                "severity": "error",
                "code": "paging-unavailable",
                "message": "not JSON (Expecting property name enclosed in double quotes)",
            }
        ],
    }
    missing = run("paging", "check", "--pagerduty-export", "gone.json", "--format", "json")
    assert missing.exit_code == 3
    assert json.loads(missing.stdout)["diagnostics"] == [
        {
            "path": "gone.json",
            "line": 0,
            "column": 0,
            "severity": "error",
            "code": "paging-unavailable",
            "message": "file not found; save a GET /escalation_policies answer there",
        }
    ]
    assert run("paging", "check", "--pagerduty-export", "gone.json").stderr == (
        "gone.json:1:1: error: file not found; save a GET /escalation_policies answer there\n"
    )


def test_one_source_of_policies_is_required(source: Path) -> None:
    result = run("paging", "check")
    assert result.exit_code == 2
    assert "give one of --pagerduty-export FILE (a saved answer) or --pagerduty (the live API)" in result.stderr


# --- the live API, through the official client -------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def live(
    source: Path, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[FakePagerDuty, str]]:
    """A fake PagerDuty answering the recorded policies two a page, trusted through SSL_CERT_FILE."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.setenv("PAGERDUTY_TOKEN", TOKEN)
    monkeypatch.setattr(pagerduty_api, "RETRY_PAUSE_SECONDS", 0.01)
    fake = FakePagerDuty(_recorded())
    with serving(fake, *certificate) as url:
        yield fake, url


def _no_token_in(result: Any) -> None:
    assert TOKEN not in result.stdout
    assert TOKEN not in result.stderr
    assert TOKEN[-4:] not in result.stderr  # the client's own messages quote the token's last characters


def test_live_api_in_agreement_reads_every_page(live: tuple[FakePagerDuty, str]) -> None:
    fake, url = live
    result = run("paging", "check", "--pagerduty", "--pagerduty-url", url)
    assert result.exit_code == 0, result.stderr
    assert (
        result.stderr == "runbook paging check passed: 0 errors, 0 warnings against 4 PagerDuty escalation policies\n"
    )
    assert [(path, query["offset"]) for path, query, _ in fake.requests] == [
        ("/escalation_policies", ["0"]),
        ("/escalation_policies", ["2"]),
    ]
    assert {auth for _, _, auth in fake.requests} == {f"Token token={TOKEN}"}
    _no_token_in(result)


def test_live_api_with_a_changed_first_target_names_the_page_first_line(live: tuple[FakePagerDuty, str]) -> None:
    fake, url = live
    fake.policies = _first_target_changed(fake.policies)
    result = run("paging", "check", "--pagerduty", "--pagerduty-url", url, "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=source/severities.yaml,line=14,col=17,title=paging-drift::" + DRIFT_LINE.split(": error: ", 1)[1]
    ]
    _no_token_in(result)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (401, "PagerDuty refused the token (401 Unauthorized); set PAGERDUTY_TOKEN to a valid API key"),
        (403, "PagerDuty refused access (403 Forbidden); the token needs read access to escalation policies"),
        (
            429,
            "PagerDuty is rate limiting this token (429 Too Many Requests, still after 3 retries); run the check "
            "again later",
        ),
    ],
)
def test_refused_or_rate_limited_is_one_line_and_exit_3(
    live: tuple[FakePagerDuty, str], status: int, message: str
) -> None:
    fake, url = live
    fake.status = status
    result = run("paging", "check", "--pagerduty", "--pagerduty-url", url)
    assert result.exit_code == 3
    assert result.stderr == f"runbook: error: {url}/escalation_policies: {message}\n"
    assert result.stdout == ""
    # A refused token is not asked again; a rate limit is retried a bounded number of times.
    assert len(fake.requests) == (1 + pagerduty_api.RATE_LIMIT_RETRIES if status == 429 else 1)
    _no_token_in(result)


def test_an_answer_that_is_not_json_is_one_line_and_exit_3(live: tuple[FakePagerDuty, str]) -> None:
    fake, url = live
    fake.body = b"<html>Service Unavailable</html>"
    result = run("paging", "check", "--pagerduty", "--pagerduty-url", url)
    assert result.exit_code == 3
    assert result.stderr == (
        f"runbook: error: {url}/escalation_policies: the answer is not PagerDuty's escalation policy list "
        "(not the expected JSON)\n"
    )


def test_json_of_another_shape_is_one_line_and_exit_3(live: tuple[FakePagerDuty, str]) -> None:
    fake, url = live
    fake.policies = [{"id": "PESC0D1", "name": "D1", "escalation_rules": [{"targets": []}]}, *fake.policies[1:]]
    result = run("paging", "check", "--pagerduty", "--pagerduty-url", url)
    assert result.exit_code == 3
    assert result.stderr == (
        f"runbook: error: {url}/escalation_policies, escalation_policies[0].escalation_rules[0]: a rule "
        "without a whole 'escalation_delay_in_minutes' and a 'targets' list; expected PagerDuty's GET "
        "/escalation_policies answer\n"
    )


def test_an_unreachable_host_is_one_line_and_exit_3(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGERDUTY_TOKEN", TOKEN)
    monkeypatch.setattr(pagerduty_api, "RETRY_PAUSE_SECONDS", 0.01)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = run("paging", "check", "--pagerduty", "--pagerduty-url", f"https://127.0.0.1:{port}")
    assert result.exit_code == 3
    assert result.stderr.startswith(
        f"runbook: error: https://127.0.0.1:{port}/escalation_policies: cannot reach PagerDuty (ConnectError"
    )
    assert len(result.stderr.splitlines()) == 1
    _no_token_in(result)


def test_a_certificate_nobody_trusts_says_ssl_cert_file(
    live: tuple[FakePagerDuty, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, url = live
    monkeypatch.delenv("SSL_CERT_FILE")
    result = run("paging", "check", "--pagerduty", "--pagerduty-url", url)
    assert result.exit_code == 3
    assert result.stderr == (
        f"runbook: error: {url}/escalation_policies: cannot reach PagerDuty (its TLS certificate is not "
        "trusted; point SSL_CERT_FILE at the CA bundle that signs it)\n"
    )


def test_without_a_token_is_one_line_and_exit_3(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAGERDUTY_TOKEN", raising=False)
    result = run("paging", "check", "--pagerduty")
    assert result.exit_code == 3
    assert result.stderr == (
        "runbook: error: PAGERDUTY_TOKEN is not set; set it to a PagerDuty REST API key (read-only)\n"
    )


def test_without_a_token_json_and_github_carry_the_one_line(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAGERDUTY_TOKEN", raising=False)
    message = "PAGERDUTY_TOKEN is not set; set it to a PagerDuty REST API key (read-only)"
    github = run("paging", "check", "--pagerduty", "--format", "github")
    assert (github.exit_code, github.stdout) == (3, f"::error title=paging-unavailable::{message}\n")
    as_json = run("paging", "check", "--pagerduty", "--format", "json")
    assert as_json.exit_code == 3
    assert json.loads(as_json.stdout) == {
        "errors": 1,
        "warnings": 0,
        "diagnostics": [
            {"path": "", "line": 0, "column": 0, "severity": "error", "code": "paging-unavailable", "message": message}
        ],
    }


def test_an_http_address_is_refused_before_any_request(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGERDUTY_TOKEN", TOKEN)
    result = run("paging", "check", "--pagerduty", "--pagerduty-url", "http://127.0.0.1:9")
    assert result.exit_code == 3
    assert result.stderr == (
        "runbook: error: http://127.0.0.1:9: the PagerDuty API is reached over https:// only; pass an https:// URL\n"
    )


_WITH_SHORT_PAUSES = """
import sys
from generator.paging import pagerduty_api
from generator.cli import main
pagerduty_api.RETRY_PAUSE_SECONDS = 0.01
main(sys.argv[1:])
"""


def test_retries_print_nothing_but_the_one_line(live: tuple[FakePagerDuty, str], in_tmp: Path) -> None:
    """In a process of its own (no test logging): the client's retry warnings stay out of the output."""
    fake, url = live
    fake.status = 429
    result = subprocess.run(
        [sys.executable, "-c", _WITH_SHORT_PAUSES, "paging", "check", "--pagerduty", "--pagerduty-url", url],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"runbook: error: {url}/escalation_policies: PagerDuty is rate limiting this token (429 Too Many "
        "Requests, still after 3 retries); run the check again later"
    ]
    assert len(fake.requests) == 4


def test_sources_with_errors_are_reported_before_anything_is_read(source: Path, in_tmp: Path) -> None:
    severities = source / "severities.yaml"
    severities.write_text(
        severities.read_text().replace("escalate_to: [dispatch-secondary]", "escalate_to: [dispatch-2nd]")
    )
    result = run("paging", "check", "--pagerduty-export", str(_saved(in_tmp, _recorded())))
    assert result.exit_code == 1
    assert result.stderr == (
        "source/severities.yaml:35:19: error: unknown owner 'dispatch-2nd'; did you mean 'dispatch-secondary'? "
        "(owners are defined in owners.yaml)\n"
        "runbook paging check failed: 1 error, 0 warnings; fix the sources first\n"
    )
