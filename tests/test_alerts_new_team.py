"""The issue's acceptance test, tried as a new team would: its own runbook, six alerts, five problems.

``runbook init`` starts a project; its pages list seven alerts, and one rule file holds six: two
good, one without a runbook_url, one pointing at a section its page lacks, one at a wiki outside
the site, one with a severity label runbook.yaml does not map; the seventh listed alert is in no
rule file. ``runbook alerts check`` (reading the rule file runbook.yaml lists) prints exactly
those five problems on their lines; the built site's alerts page lists and links every listed
alert; ``runbook alerts urls`` gives each its page. The anchors the check knows are the ones the
built pages have.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest

from generator.pages.anchors import page_anchors
from tests.conftest import run
from tests.sites import build_runbook

SITE = "https://runbook.example.com/"
LEVELS = "alert_levels:\n  critical: sev-1\n  warning: sev-3\nalert_rules:\n  - alerts/payments.rules.yaml\n"
LISTED = {
    "first-response": ["PaymentsApiDown", "PaymentsQueueBacklog", "PaymentsCertificateExpiring", "PaymentsLatencyHigh"],
    "escalating-an-incident": ["PaymentsErrorRateHigh", "PaymentsWebhookFailures", "PaymentsSettlementLate"],
}
RULES = """\
groups:
  - name: payments-api
    rules:
      - alert: PaymentsApiDown
        expr: up{job="payments-api"} == 0
        for: 2m
        labels:
          severity: critical
        annotations:
          summary: The payments API answers no health check.
          runbook_url: https://runbook.example.com/operations/first-response/
      - alert: PaymentsErrorRateHigh
        expr: |
          sum(rate(http_requests_total{job="payments-api",code=~"5.."}[5m]))
            / sum(rate(http_requests_total{job="payments-api"}[5m])) > 0.05
        for: 10m
        labels:
          severity: warning
        annotations:
          summary: More than 5% of payment requests fail.
          runbook_url: https://runbook.example.com/operations/escalating-an-incident/#escalate
      - alert: PaymentsQueueBacklog
        expr: payments_queue_depth > 1000
        for: 15m
        labels:
          severity: warning
        annotations:
          summary: Payments wait in the queue.
      - alert: PaymentsWebhookFailures
        expr: rate(payments_webhook_failures_total[10m]) > 0
        for: 10m
        labels:
          severity: warning
        annotations:
          summary: Card network webhooks fail.
          runbook_url: https://runbook.example.com/operations/escalating-an-incident/#retry-the-webhooks
      - alert: PaymentsCertificateExpiring
        expr: (probe_ssl_earliest_cert_expiry{job="payments-api"} - time()) / 86400 < 14
        labels:
          severity: warning
        annotations:
          summary: The API's TLS certificate expires within 14 days.
          runbook_url: https://wiki.example.com/display/PAY/Certificate+renewal
      - alert: PaymentsLatencyHigh
        expr: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 2
        for: 10m
        labels:
          severity: page
        annotations:
          summary: Slowest payments take more than 2 seconds.
          runbook_url: https://runbook.example.com/operations/first-response/
"""

EXPECTED = [
    "alerts/payments.rules.yaml:22:16: error: alert 'PaymentsQueueBacklog' has no runbook_url annotation, so its page "
    "cannot be found from the alert; add 'runbook_url:' under its annotations and point it at "
    "https://runbook.example.com/operations/first-response/, the page that lists 'PaymentsQueueBacklog'",
    "alerts/payments.rules.yaml:36:24: error: runbook_url leads to section '#retry-the-webhooks', which page "
    "'operations/escalating-an-incident' does not have; valid sections: 'alerts-that-lead-here', 'checklist', "
    "'common-mistakes', 'escalate', 'escalating-an-incident', 'keep-customers-informed', 'owner-and-cadence', "
    "'referenced-by', 'related-operations'",
    "alerts/payments.rules.yaml:43:24: error: runbook_url 'https://wiki.example.com/display/PAY/Certificate+renewal' "
    "is outside this runbook's site (https://runbook.example.com/); point it at "
    "https://runbook.example.com/operations/first-response/, the page that lists 'PaymentsCertificateExpiring'",
    "alerts/payments.rules.yaml:48:21: error: severity label 'page' has no level in runbook.yaml's alert_levels; "
    "alert_levels maps 'critical', 'warning': use one of those, or add 'page: LEVEL-ID' to it",
    "source/operations/escalating-an-incident.yaml:7:5: error: no rule in the rule file given "
    "(alerts/payments.rules.yaml) is named 'PaymentsSettlementLate'; valid alert names: 'PaymentsApiDown', "
    "'PaymentsCertificateExpiring', 'PaymentsErrorRateHigh', 'PaymentsLatencyHigh', 'PaymentsQueueBacklog', "
    "'PaymentsWebhookFailures' (fix the name, or remove it from alerts:)",
    "runbook alerts check failed: 5 errors, 0 warnings (6 alerts in 1 rule file)",
]


ALERT_PAGES = {name: f"operations/{op_id}/" for op_id, names in LISTED.items() for name in names}
"""Each listed alert and the page its row on the alerts page links to, from the site's root."""


def start_alerts_team(folder: Path) -> Path:
    """The new team's project in ``folder``: ``runbook init``, LISTED on its pages, RULES in the file it names."""
    with contextlib.chdir(folder):
        assert run("init", "payments-runbook", "--title", "Payments On-call Runbook").exit_code == 0
    project = folder / "payments-runbook"
    runbook = project / "source" / "runbook.yaml"
    runbook.write_text(runbook.read_text(encoding="utf-8") + LEVELS, encoding="utf-8")
    for op_id, names in LISTED.items():
        page = project / "source" / "operations" / f"{op_id}.yaml"
        listed = "alerts:\n" + "".join(f"  - {name}\n" for name in names)
        page.write_text(page.read_text(encoding="utf-8").replace("category: support\n", "category: support\n" + listed))
    (project / "alerts").mkdir()
    (project / "alerts" / "payments.rules.yaml").write_text(RULES, encoding="utf-8")
    return project


@pytest.fixture
def team(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = start_alerts_team(in_tmp)
    monkeypatch.chdir(project)
    return project


def test_alerts_check_prints_exactly_the_five_problems_on_their_lines(team: Path) -> None:
    assert run("check", "--strict").exit_code == 0
    result = run("alerts", "check", "--site-url", SITE)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == EXPECTED
    github = run("alerts", "check", "--site-url", SITE, "--format", "github")
    assert [line.split("::", 2)[1] for line in github.stdout.splitlines()] == [
        "error file=alerts/payments.rules.yaml,line=22,col=16,title=missing-runbook-url",
        "error file=alerts/payments.rules.yaml,line=36,col=24,title=runbook-url-anchor",
        "error file=alerts/payments.rules.yaml,line=43,col=24,title=runbook-url-outside",
        "error file=alerts/payments.rules.yaml,line=48,col=21,title=unknown-severity",
        "error file=source/operations/escalating-an-incident.yaml,line=7,col=5,title=alert-without-rule",
    ]


def test_the_site_address_comes_from_the_environment(team: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNBOOK_SITE_URL", SITE)
    assert run("alerts", "check").stderr.splitlines() == EXPECTED


def test_alerts_urls_gives_each_listed_alert_its_page(team: Path) -> None:
    result = run("alerts", "urls", "--site-url", SITE)
    assert result.exit_code == 0
    pages = {name: op_id for op_id, names in LISTED.items() for name in names}
    assert json.loads(result.stdout) == {name: f"{SITE}operations/{op_id}/" for name, op_id in sorted(pages.items())}


def _content_ids(html: str) -> set[str]:
    """The ids of a built page's article (the theme's own ids start with '__')."""
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    return {found for found in re.findall(r'\bid="([^"]+)"', article) if not found.startswith("__")}


def test_the_built_alerts_page_lists_and_links_every_listed_alert(team: Path) -> None:
    fixed = (team / "alerts" / "payments.rules.yaml").read_text(encoding="utf-8")
    build_runbook(team, config=None)
    assert (team / "alerts" / "payments.rules.yaml").read_text(encoding="utf-8") == fixed  # read, never written
    page = (team / "site" / "alerts" / "index.html").read_text(encoding="utf-8")
    assert len(ALERT_PAGES) == 7
    for name, target in ALERT_PAGES.items():
        row = re.search(rf"<tr>\s*<td>{name}</td>\s*<td><a href=\"([^\"]+)\">", page)
        assert row, name
        assert row.group(1) == f"../{target}"
        assert (team / "site" / target / "index.html").is_file()
    assert re.search(r'<a href="\.\./severity-levels/#sev-1">SEV-1 Critical</a>', page)
    nav = (team / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="alerts/"[^>]*>\s*<span class="md-ellipsis">\s*Alerts', nav)
    index = json.loads((team / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"] == "alerts/" for doc in index["docs"])
    # The anchors the check knows for each page are the ids the built page has. The tags page is
    # the exception: Material's tags plugin writes its listing ('#tag:support') while building.
    for markdown in (team / "docs").rglob("*.md"):
        name = markdown.relative_to(team / "docs").as_posix().removesuffix(".md").removesuffix("index")
        if name == "tags":
            continue
        built = team / "site" / (name if name.endswith("/") or not name else name + "/") / "index.html"
        assert page_anchors(markdown.read_text(encoding="utf-8")) == _content_ids(built.read_text("utf-8")), name
