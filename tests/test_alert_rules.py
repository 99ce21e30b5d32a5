"""Alert rule files as teams publish them: kube-prometheus' PrometheusRule manifests and a Grafana provisioning file.

What each test expects is read from the rule files' own text (the lines that name an alert or
hold a runbook_url), so the tests hold for any version of the copies in tests/alerts/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.alerts.rules import Written, read_rule_paths
from tests.conftest import BASE_CASE, run

RULES = Path(__file__).resolve().parent / "alerts"
KUBE_PROMETHEUS = sorted((RULES / "kube-prometheus").glob("*.yaml"))
GRAFANA = RULES / "grafana" / "checkout-alerts.yaml"
SITE = "https://runbook.example.com/"
_ALERT_LINE = re.compile(r"^(\s*- alert: )(\S+)\s*$")
_URL_LINE = re.compile(r"^(\s*runbook_url: )(\S+)\s*$")
_SEVERITY = re.compile(r"^\s*severity: (\S+)\s*$", re.MULTILINE)


def _written(path: Path, pattern: re.Pattern[str]) -> list[tuple[str, int, int]]:
    """(value, line, column) of every line of ``path`` the pattern matches."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = pattern.match(line)
        if match:
            found.append((match.group(2), number, len(match.group(1)) + 1))
    return found


def _runbook(tmp: Path, extra: str = "", alerts: dict[str, list[str]] | None = None) -> Path:
    """The defect cases' base runbook in ``tmp/source``, with lines added to runbook.yaml and alerts to pages."""
    source = tmp / "source"
    shutil.copytree(BASE_CASE, source)
    with (source / "runbook.yaml").open("a", encoding="utf-8") as runbook:
        runbook.write(extra)
    for op_id, names in (alerts or {}).items():
        page = source / "operations" / f"{op_id}.yaml"
        text = page.read_text(encoding="utf-8")
        listed = "alerts:\n" + "".join(f"  - {name}\n" for name in names)
        page.write_text(text.replace("category: support\n", "category: support\n" + listed, 1), encoding="utf-8")
    return source


def test_the_copies_are_the_published_manifests() -> None:
    assert [p.name for p in KUBE_PROMETHEUS] == [
        "alertmanager-prometheusRule.yaml",
        "kubePrometheus-prometheusRule.yaml",
        "kubeStateMetrics-prometheusRule.yaml",
        "nodeExporter-prometheusRule.yaml",
    ]
    readme = (RULES / "kube-prometheus" / "README.md").read_text(encoding="utf-8")
    assert "https://github.com/prometheus-operator/kube-prometheus" in readme
    assert "Apache License 2.0" in readme
    assert (RULES / "kube-prometheus" / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")
    for path in KUBE_PROMETHEUS:
        assert f"manifests/{path.name}" in readme
        assert "kind: PrometheusRule\n" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", KUBE_PROMETHEUS, ids=lambda p: p.name)
def test_every_alert_is_read_with_its_line(path: Path) -> None:
    found = read_rule_paths([path])
    assert found.problems == []
    assert found.files == [str(path)] or found.files[0].endswith(path.name)
    assert [(a.name.text, a.name.line, a.name.column) for a in found.alerts] == _written(path, _ALERT_LINE)
    assert [(a.runbook_url.text, a.runbook_url.line, a.runbook_url.column) for a in found.alerts if a.runbook_url] == (
        _written(path, _URL_LINE)
    )
    assert {a.shape for a in found.alerts} == {"prometheus-rule"}


def test_every_runbook_url_is_reported_as_outside_this_runbooks_site(in_tmp: Path) -> None:
    shutil.copytree(RULES / "kube-prometheus", in_tmp / "kube-prometheus")
    severities = sorted({s for p in KUBE_PROMETHEUS for s in _SEVERITY.findall(p.read_text(encoding="utf-8"))})
    assert {"critical", "warning"} <= set(severities)
    _runbook(in_tmp, "alert_levels:\n" + "".join(f"  {s}: sev-2\n" for s in severities))
    result = run("alerts", "check", "kube-prometheus", "--site-url", SITE)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    expected = [
        f"kube-prometheus/{path.name}:{line}:{column}: error: runbook_url '{url}' is outside this runbook's site "
        f"({SITE}); point it at the page of this runbook ({SITE}) that answers this alert, and list the alert "
        "under that page's 'alerts:'"
        for path in KUBE_PROMETHEUS
        for url, line, column in _written(path, _URL_LINE)
    ]
    assert lines[:-1] == expected
    alerts = sum(len(_written(path, _ALERT_LINE)) for path in KUBE_PROMETHEUS)
    assert lines[-1] == (
        f"runbook alerts check failed: {len(expected)} errors, 0 warnings ({alerts} alerts in {len(KUBE_PROMETHEUS)} "
        "rule files)"
    )
    assert alerts > 40 and len(expected) == alerts


def test_an_alert_at_two_severities_shows_both_levels_on_the_alerts_page(in_tmp: Path) -> None:
    rules = in_tmp / "rules" / "nodeExporter-prometheusRule.yaml"
    rules.parent.mkdir()
    shutil.copyfile(RULES / "kube-prometheus" / rules.name, rules)
    twice = [name for name, _, _ in _written(rules, _ALERT_LINE)]
    name = next(n for n in twice if twice.count(n) == 2)
    levels = "alert_levels:\n  critical: sev-1\n  warning: sev-2\n"
    levels += "alert_rules:\n  - rules/nodeExporter-prometheusRule.yaml\n"
    _runbook(in_tmp, levels, {"error-reports": [name]})
    result = run("generate")
    assert result.exit_code == 0, result.stderr
    page = Path("docs/alerts.md").read_text(encoding="utf-8")
    rows = [line for line in page.splitlines() if line.startswith(f"| {name} |")]
    assert rows == [
        f"| {name} | [Error Reports](operations/error-reports.md) | warning | [SEV-2](severity-levels.md#sev-2) | "
        "[Support lead](owners.md#support-lead) (chat: support channel) |",
        f"| {name} | [Error Reports](operations/error-reports.md) | critical | [SEV-1](severity-levels.md#sev-1) | "
        "[Support lead](owners.md#support-lead) (chat: support channel) |",
    ]
    operation = Path("docs/operations/error-reports.md").read_text(encoding="utf-8")
    assert f"## Alerts that lead here {{#alerts-that-lead-here}}\n\n- {name}\n" in operation


def test_grafana_provisioning_titles_labels_and_annotations_are_read_with_their_lines() -> None:
    found = read_rule_paths([GRAFANA])
    assert found.problems == []
    titles = _written(GRAFANA, re.compile(r"^(\s*title: )(.+?)\s*$"))
    assert [(a.name.text, a.name.line, a.name.column) for a in found.alerts] == titles
    urls = [url for url, _, _ in _written(GRAFANA, _URL_LINE)]
    assert [a.runbook_url.text for a in found.alerts if a.runbook_url] == urls
    assert [a.label("severity").text for a in found.alerts if a.label("severity")] == _SEVERITY.findall(
        GRAFANA.read_text(encoding="utf-8")
    )
    assert {a.shape for a in found.alerts} == {"grafana"}


def test_grafana_alerts_checked_against_a_page_and_its_section(in_tmp: Path) -> None:
    """The page's 'Webhooks' section gets the anchor #webhooks, as the site's Markdown gives it."""
    rules = in_tmp / "grafana" / GRAFANA.name
    rules.parent.mkdir()
    shutil.copyfile(GRAFANA, rules)
    titles = [title for title, _, _ in _written(GRAFANA, re.compile(r"^(\s*title: )(.+?)\s*$"))]
    source = _runbook(in_tmp, "alert_levels:\n  critical: sev-1\n  warning: sev-2\n  info: sev-2\n")
    (source / "operations" / "checkout-failing.yaml").write_text(
        "title: Checkout Failing\ncategory: support\nsummary: When customers cannot pay.\n"
        f"alerts:\n  - {titles[0]}\n  - {titles[1]}\n"
        "sections:\n  - title: Webhooks\n    body: Payment providers confirm each payment by webhook.\n",
        encoding="utf-8",
    )
    result = run("alerts", "check", "grafana", "--site-url", SITE)
    (url, line, column) = _written(GRAFANA, _URL_LINE)[2]
    assert result.stderr.splitlines() == [
        f"grafana/{GRAFANA.name}:{line}:{column}: error: runbook_url '{url}' is outside this runbook's site ({SITE}); "
        f"point it at the page of this runbook ({SITE}) that answers this alert, and list the alert under that "
        "page's 'alerts:'",
        "runbook alerts check failed: 1 error, 0 warnings (3 alerts in 1 rule file)",
    ]


def test_a_subtraction_on_its_own_line_of_plain_promql_is_not_a_yaml_mistake(tmp_path: Path) -> None:
    """In a runbook file '- ' under text is a list item gone astray; in an ``expr`` it is PromQL's minus."""
    rules = tmp_path / "mimir.yaml"
    rules.write_text(
        "namespace: payments\ngroups:\n  - name: capacity\n    rules:\n      - alert: PaymentsHeadroomLow\n"
        "        expr: sum(payments_capacity)\n          - sum(payments_in_flight) < 10\n"
        "        labels:\n          severity: warning\n"
    )
    found = read_rule_paths([rules])
    assert found.problems == []
    assert [(a.name.text, a.name.line, a.shape) for a in found.alerts] == [("PaymentsHeadroomLow", 5, "prometheus")]
    assert found.alerts[0].labels["severity"] == Written("warning", 9, 21)
