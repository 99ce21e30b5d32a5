"""``runbook alerts`` at the command line: usage errors, the site's address and URL style, and generate's side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run
from tests.test_alert_cases import ALERT_BASE, assemble

SITE = "https://runbook.example.com/"


@pytest.fixture
def project(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The alert cases' clean project: two pages listing one alert each, and a rule file that matches."""
    monkeypatch.delenv("RUNBOOK_SITE_URL", raising=False)
    assemble(ALERT_BASE, in_tmp)
    return in_tmp


def _rules(project: Path) -> Path:
    return project / "rules" / "shop.rules.yaml"


def test_rule_files_without_a_site_address_are_a_usage_error(project: Path) -> None:
    result = run("alerts", "check", "rules")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: no site address: pass --site-url https://… or set RUNBOOK_SITE_URL to the address the runbook is "
        "published at (in GitHub Actions, a repository variable of that name)"
    )
    assert run("alerts", "urls").exit_code == 2


def test_a_site_address_that_is_not_one_is_a_usage_error(project: Path) -> None:
    result = run("alerts", "check", "rules", "--site-url", "runbook.example.com")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--site-url': 'runbook.example.com' is not the address of a site; give the address "
        "the runbook is published at, such as https://runbook.example.com/ (the site_url of mkdocs.yml)"
    )


def test_nothing_to_check_when_no_rule_file_is_given_or_listed(project: Path) -> None:
    result = run("alerts", "check")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "runbook alerts check: no rule files given, and runbook.yaml lists none under alert_rules; nothing to check\n"
    )


def test_json_format(project: Path) -> None:
    rules = _rules(project)
    rules.write_text(rules.read_text().replace("severity: warning", "severity: page"))
    result = run("alerts", "check", "rules", "--site-url", SITE, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"]) == (1, 0)
    assert {k: report["diagnostics"][0][k] for k in ("path", "line", "column", "code")} == {
        "path": "rules/shop.rules.yaml",
        "line": 8,
        "column": 21,
        "code": "unknown-severity",
    }


def test_a_site_under_a_path_gives_addresses_under_it(project: Path) -> None:
    site = "https://team.github.io/shop-runbook/"
    urls = json.loads(run("alerts", "urls", "--site-url", site).stdout)
    assert urls == {
        "CheckoutErrorsHigh": f"{site}operations/error-reports/",
        "SupportQueueStalled": f"{site}operations/contacting-support/",
    }
    rules = _rules(project)
    rules.write_text(rules.read_text().replace(SITE, site))
    assert run("alerts", "check", "rules", "--site-url", site.rstrip("/")).exit_code == 0
    result = run("alerts", "check", "rules", "--site-url", "https://team.github.io/other-runbook/")
    assert result.exit_code == 1
    assert all("is outside this runbook's site" in line for line in result.stderr.splitlines()[:-1])


def test_without_directory_urls_pages_end_in_html(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: Shop\nuse_directory_urls: false\n")
    urls = json.loads(run("alerts", "urls", "--site-url", SITE).stdout)
    assert urls["SupportQueueStalled"] == f"{SITE}operations/contacting-support.html"
    rules = _rules(project)
    rules.write_text(rules.read_text().replace("operations/contacting-support/", "operations/contacting-support.html"))
    assert run("alerts", "check", "rules", "--site-url", SITE).exit_code == 0


def test_a_runbook_with_errors_is_reported_first(project: Path) -> None:
    page = project / "source" / "operations" / "error-reports.yaml"
    page.write_text(page.read_text().replace("title: Error Reports", "titel: Error Reports"))
    result = run("alerts", "check", "rules", "--site-url", SITE)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "source/operations/error-reports.yaml:1:1: error: unknown key 'titel'; did you mean 'title'?"
    )


def test_generate_reads_the_listed_rule_files_and_fails_on_a_missing_one(project: Path) -> None:
    runbook = project / "source" / "runbook.yaml"
    runbook.write_text(runbook.read_text() + "alert_rules:\n  - rules\n")
    assert run("generate").exit_code == 0
    page = (project / "docs" / "alerts.md").read_text()
    assert "| SupportQueueStalled | [Contacting Support](operations/contacting-support.md) | warning | [SEV-2]" in page
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*.md")}
    runbook.write_text(runbook.read_text().replace("  - rules\n", "  - rules/gone.yaml\n"))
    result = run("generate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "source/runbook.yaml:25:5: error: no rule file or folder at 'rules/gone.yaml'; alert_rules paths are "
        "relative to the folder holding mkdocs.yml: fix the path, or remove the entry"
    )
    assert {p: p.read_bytes() for p in (project / "docs").rglob("*.md")} == before


def test_a_runbook_whose_pages_list_no_alert_has_no_alerts_page(base_source: Path) -> None:
    assert run("generate").exit_code == 0
    assert not Path("docs/alerts.md").exists()
    assert "Alerts that lead here" not in Path("docs/operations/error-reports.md").read_text()
    assert run("alerts", "urls", "--site-url", SITE).stdout == "{}\n"
