"""Alert rules and the runbook compared, as data: every broken side of the contract is a diagnostic.

An alert must carry a ``runbook_url``, the URL must lead into this runbook's site, to a page and
``#anchor`` the site has, and to the page that lists the alert; its severity label must mean a
level (``alert_levels``); an alert whose URL leads into the runbook must be listed by a page, and
a page must not list an alert that no rule file given has. Rule-side problems are placed on the
rule file's line, the last one on the ``alerts:`` entry in ``source/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.alerts.rules import AlertRule, RuleFiles
from generator.alerts.site import SiteAddress, SitePages, operation_key
from generator.checks.alertlist import alert_listings
from generator.diagnostics import Diagnostic, did_you_mean
from generator.pages.view import operation_page
from generator.source.project import Project
from generator.source.slugs import shown


@dataclass(frozen=True)
class Listing:
    """The page that lists an alert: its operation id, and where its ``alerts:`` entry is written."""

    op_id: str
    path: str
    line: int
    column: int


def listings(project: Project) -> dict[str, Listing]:
    """Each listed alert's page (the first listing, when ``runbook check`` has one to report)."""
    found = {}
    for name, places in alert_listings(project).items():
        op_id, index = places[0]
        source = project.operation_file(op_id)
        where = source.place(("alerts", index))
        found[name] = Listing(op_id, source.path, where.line, where.column)
    return found


def alert_urls(project: Project, site: SiteAddress) -> dict[str, str]:
    """Every listed alert with the address of the page listing it, by alert name."""
    return {name: site.page_url(operation_page(found.op_id)) for name, found in sorted(listings(project).items())}


def _short(text: str, limit: int = 200) -> str:
    return shown(text if len(text) <= limit else text[: limit - 1] + "…")


def _near_page(key: str, keys: list[str]) -> str:
    """The page a mistyped key meant, judged by its name among the pages of its folder ('operations/')."""
    folder, _, name = key.rpartition("/")
    siblings = {k.rpartition("/")[2]: k for k in keys if k.rpartition("/")[0] == folder and k}
    hint = did_you_mean(name, siblings, "pages")
    if hint.startswith("did you mean"):
        close = hint.removeprefix("did you mean '").removesuffix("'?")
        return f"did you mean '{siblings[close]}'?"
    return did_you_mean(key, keys, "pages")


class _Comparison:
    def __init__(self, project: Project, site: SiteAddress, pages: SitePages) -> None:
        self.project = project
        self.site = site
        self.pages = pages
        self.listed = listings(project)
        self.levels = project.runbook.alert_levels
        self.label = project.runbook.alert_severity_label
        self.problems: list[Diagnostic] = []

    def add(self, path: str, line: int, column: int, code: str, message: str) -> None:
        self.problems.append(Diagnostic(path, line, column, "error", code, message))

    def fix_url(self, name: str) -> str:
        """How to fix an alert's URL: the address of the page listing it, or how to list it."""
        listing = self.listed.get(name)
        if listing is not None:
            address = self.site.page_url(operation_page(listing.op_id))
            return f"point it at {address}, the page that lists '{shown(name)}'"
        return (
            f"point it at the page of this runbook ({self.site.url}) that answers this alert, "
            "and list the alert under that page's 'alerts:'"
        )

    def alert(self, alert: AlertRule) -> None:
        name = alert.name.text
        self.severity(alert)
        url = alert.runbook_url
        if url is None and "runbook_url" in alert.unreadable:
            return  # not text: reported where it is read
        if url is None:
            self.add(
                alert.path,
                alert.name.line,
                alert.name.column,
                "missing-runbook-url",
                f"alert '{shown(name)}' has no runbook_url annotation, so its page cannot be found from the alert; "
                f"add 'runbook_url:' under its annotations and {self.fix_url(name)}",
            )
            return
        if "{{" in url.text:
            self.add(
                alert.path,
                url.line,
                url.column,
                "runbook-url-template",
                f"runbook_url '{_short(url.text)}' is a template, so no check can tell which page it leads to; "
                f"write the address itself: {self.fix_url(name)}",
            )
            return
        target = self.site.page_of(url.text)
        if target is None:
            self.add(
                alert.path,
                url.line,
                url.column,
                "runbook-url-outside",
                f"runbook_url '{_short(url.text)}' is outside this runbook's site ({self.site.url}); "
                f"{self.fix_url(name)}",
            )
            return
        key, fragment = target
        docs_name = self.pages.docs_name(key)
        if docs_name is None:
            near = _near_page(key, self.pages.keys)
            self.add(
                alert.path,
                url.line,
                url.column,
                "runbook-url-page",
                f"runbook_url leads to '{key or '/'}', which is no page of this runbook; {near}",
            )
            return
        if fragment and fragment not in self.pages.anchors(key):
            near = did_you_mean(fragment, self.pages.anchors(key), "sections")
            self.add(
                alert.path,
                url.line,
                url.column,
                "runbook-url-anchor",
                f"runbook_url leads to section '#{shown(fragment)}', which page '{key}' does not have; {near}",
            )
            return
        listing = self.listed.get(name)
        if listing is None:
            owner = next((op for op in self.project.operations if operation_key(op) == key), None)
            where = (
                f"add it to 'alerts:' in {self.project.operation_file(owner).path}"
                if owner
                else ("list it under 'alerts:' on the runbook page that answers it, and point runbook_url there")
            )
            self.add(
                alert.path,
                alert.name.line,
                alert.name.column,
                "unlisted-alert",
                f"alert '{shown(name)}' is listed by no page, though its runbook_url leads into the runbook "
                f"('{key or '/'}'); {where}",
            )
            return
        if operation_key(listing.op_id) != key:
            self.add(
                alert.path,
                url.line,
                url.column,
                "runbook-url-other-page",
                f"runbook_url leads to '{key or '/'}', but '{shown(name)}' is listed by "
                f"{listing.path}:{listing.line}; {self.fix_url(name)}",
            )

    def severity(self, alert: AlertRule) -> None:
        value = alert.label(self.label)
        if value is None or value.text in self.levels:
            return
        mapped = ", ".join(f"'{shown(v)}'" for v in self.levels)
        close = did_you_mean(value.text, self.levels, "label values")
        if not self.levels:
            hint = f"runbook.yaml maps none yet: add 'alert_levels: {{{value.text}: LEVEL-ID}}' to it"
        elif close.startswith("did you mean"):
            hint = f"{close} (or add '{value.text}: LEVEL-ID' to alert_levels)"
        else:
            hint = f"alert_levels maps {mapped}: use one of those, or add '{value.text}: LEVEL-ID' to it"
        self.add(
            alert.path,
            value.line,
            value.column,
            "unknown-severity",
            f"{self.label} label '{_short(value.text)}' has no level in runbook.yaml's alert_levels; {hint}",
        )

    def listed_without_rule(self, rules: RuleFiles) -> None:
        names = rules.names()
        for name, places in alert_listings(self.project).items():
            if name in names:
                continue
            files = len(rules.files)
            given = f"the rule file given ({rules.files[0]})" if files == 1 else f"the {files} rule files given"
            for op_id, index in places:
                source = self.project.operation_file(op_id)
                self.problems.append(
                    source.diagnostic(
                        ("alerts", index),
                        "alert-without-rule",
                        f"no rule in {given} is named '{shown(name)}'; "
                        f"{did_you_mean(name, names, 'alert names')} (fix the name, or remove it from alerts:)",
                    )
                )


def compare_alerts(project: Project, rules: RuleFiles, site: SiteAddress, pages: SitePages) -> list[Diagnostic]:
    """Every problem between the alerts of ``rules`` and the runbook, sorted by file and line."""
    comparison = _Comparison(project, site, pages)
    for alert in rules.alerts:
        comparison.alert(alert)
    if rules.files:
        comparison.listed_without_rule(rules)
    return sorted(comparison.problems)
