"""Alert rule files against the runbook: every alert's runbook_url lands on the page that lists it (read-only)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.alerts.compare import alert_urls, compare_alerts
from generator.alerts.listed import read_listed_rules, site_pages
from generator.alerts.rules import read_rule_paths, severity_labels
from generator.alerts.site import SiteAddress, parse_site_url
from generator.diagnostics import Diagnostic
from generator.pages.render import render_site
from generator.pipeline.generate import check_source
from generator.runtime.memo import RunCache


def site_address(text: str, config_file: Path | None = None) -> SiteAddress:
    """The published site's address from ``--site-url`` (SiteUrlError when it is not an http(s) address)."""
    return parse_site_url(text, config_file)


@dataclass
class AlertCheckResult:
    """What comparing alert rule files with the runbook found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    """Rule files that held rules."""
    alerts: int = 0
    nothing_to_check: bool = False
    """True when no rule file was given and runbook.yaml lists none (alert_rules)."""
    needs_site_url: bool = False
    """True when there are rule files to check but no site address to check them against."""

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def check_alerts(
    source: Path,
    docs: Path,
    cache: RunCache | None = None,
    *,
    config_file: Path,
    paths: Iterable[Path] = (),
    site: SiteAddress | None,
) -> AlertCheckResult:
    """Compare the alerts of ``paths`` (default: runbook.yaml's alert_rules) with the runbook's pages.

    Source errors stop the comparison and are the result; source warnings are ``runbook check``'s.
    """
    checked = check_source(source, cache or RunCache.for_source(source))
    project = checked.usable
    if project is None:
        return AlertCheckResult([d for d in checked.diagnostics if d.is_error])
    given = list(paths)
    if given:
        rules = read_rule_paths(given)
    elif project.runbook.alert_rules:
        rules = read_listed_rules(project, config_file.parent)
    else:
        return AlertCheckResult(nothing_to_check=True)
    if site is None:
        return AlertCheckResult(needs_site_url=True)
    severities = severity_labels(rules.alerts, project.runbook.alert_severity_label)
    pages = site_pages(render_site(project, RunCache.off(), severities), docs)
    problems = rules.problems + compare_alerts(project, rules, site, pages)
    return AlertCheckResult(sorted(problems), len(rules.files), len(rules.alerts))


@dataclass
class AlertUrlsResult:
    """Each listed alert's page address, or the source problems that kept the runbook from loading."""

    urls: dict[str, str]
    diagnostics: list[Diagnostic]


def alert_page_urls(source: Path, site: SiteAddress, cache: RunCache | None = None) -> AlertUrlsResult:
    """``{alert name: runbook_url}`` for every alert a page lists, for a rule pipeline to fill in."""
    checked = check_source(source, cache or RunCache.for_source(source))
    project = checked.usable
    if project is None:
        return AlertUrlsResult({}, [d for d in checked.diagnostics if d.is_error])
    return AlertUrlsResult(alert_urls(project, site), [])
