"""The library's face: run the pipeline on paths and options and get data back.

Nothing here prints or exits. Each function takes paths, options and the caller's
:class:`~generator.runtime.memo.RunCache`, and returns what a caller needs to report
(diagnostics, rendered pages, what was or would be written). ``generator.cli`` is a thin shell
over these functions; ``runbook serve`` calls the same ones after every edit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from generator.checks.leakcheck import role_contacts, rule_sets_of, scan_pages, scan_sources
from generator.checks.review import review_problems
from generator.checks.triage import TriageDecision, decide, parse_answers
from generator.checks.validate import validate_project
from generator.diagnostics import Diagnostic
from generator.pages.render import render_site
from generator.pages.view import RenderedPage
from generator.runtime.collector import fewer_collections
from generator.runtime.memo import RunCache
from generator.site.linkcheck import check_site_links
from generator.site.linkplaces import place_broken_links
from generator.site.navigation import NavFile, nav_place_problem, plan_nav, write_nav
from generator.site.write import DocsPlan, docs_folder_problem, docs_lock, plan_docs, write_docs
from generator.source.project import Project, declared_owners, declared_rule_sets, is_runbook_folder, load_project


def tune_process() -> None:
    """Settings for a process that runs the pipeline on a whole runbook: the cycle collector runs less often.

    The command line calls it once at start; a program that embeds the pipeline may too.
    """
    fewer_collections()


@dataclass
class CheckResult:
    """A loaded and validated runbook: the project (None when a file could not be loaded) and every problem."""

    project: Project | None
    diagnostics: list[Diagnostic]
    failed: bool
    """True when there is an error, or any warning under ``strict``."""

    @property
    def usable(self) -> Project | None:
        """The project when the run may go on to render it."""
        return None if self.failed else self.project


def check_source(
    source: Path, cache: RunCache, *, strict: bool = False, today: datetime.date | None = None
) -> CheckResult:
    """Load, validate and secret-scan ``source``; with ``today``, judge page reviews too.

    Every problem is collected in one run, warnings included, whatever else fails: ``strict``
    changes only whether the result counts as failed.
    """
    project, diagnostics = load_project(source, cache)
    if project is not None:
        diagnostics = diagnostics + validate_project(project, cache)
        if today is not None:
            diagnostics = diagnostics + review_problems(project, today)
    if is_runbook_folder(source):
        # Secrets are looked for in every file, even when another problem stops the load; the
        # owners' declared contacts stay allowed as long as owners.yaml itself loads, and the
        # rule sets runbook.yaml switches on stay on as long as its secret_scan key reads.
        if project is not None:
            allowed, rule_sets = role_contacts(project.owners), rule_sets_of(project.runbook)
        else:
            allowed = role_contacts(declared_owners(source, cache))
            rule_sets = frozenset(declared_rule_sets(source, cache))
        leaks, seen = scan_sources(source, allowed, cache, rule_sets)
        diagnostics = diagnostics + leaks
        if project is not None:
            project.secret_fingerprints = seen
    diagnostics = sorted(diagnostics)
    failed = project is None or any(d.is_error for d in diagnostics) or (strict and bool(diagnostics))
    return CheckResult(project, diagnostics, failed)


@dataclass
class GenerateResult:
    """What rendering ``source`` into ``docs`` found, and what it wrote or would write."""

    check: CheckResult
    pages: dict[str, RenderedPage] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    """Problems found after the check: secrets on rendered pages, hand-written pages in the way."""
    plan: DocsPlan | None = None
    nav: NavFile | None = None
    written: bool = False

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted(self.check.diagnostics + self.problems)

    @property
    def failed(self) -> bool:
        return self.check.failed or bool(self.problems)

    @property
    def nav_stale(self) -> bool:
        return self.nav is not None and self.nav.changed

    @property
    def stale(self) -> bool:
        """True when ``docs/`` or the navigation differ from what the sources give."""
        return self.plan is not None and (bool(self.plan.changed) or self.nav_stale)


def generate_docs(
    source: Path,
    docs: Path,
    cache: RunCache,
    *,
    config_file: Path,
    strict: bool = False,
    check_only: bool = False,
) -> GenerateResult:
    """Render ``source`` and bring ``docs/`` and the navigation file up to date.

    Nothing is written when anything fails. With ``check_only`` nothing is written either: the
    result's plan says which pages differ. A check renders every page afresh, as CI must not
    trust a cache.
    """
    checked = check_source(source, cache, strict=strict)
    result = GenerateResult(checked)
    misplaced = docs_folder_problem(docs, source)
    if misplaced is not None:
        result.problems = [misplaced]
    project = checked.usable
    if project is None or misplaced is not None:
        return result
    result.pages = render_site(project, RunCache.off() if check_only else cache)
    result.problems = scan_pages(
        docs,
        result.pages,
        project.secret_fingerprints,
        role_contacts(project.owners),
        cache,
        rule_sets_of(project.runbook),
    )
    if result.problems:
        return result
    # Planning and writing take turns with any other run writing the same docs/: a plan made
    # while another run writes would be out of date by the time it is applied.
    with nullcontext() if check_only else docs_lock(docs):
        result.plan = plan_docs(docs, result.pages)
        if result.plan.conflicts:
            result.problems = list(result.plan.conflicts)
            return result
        result.nav = plan_nav(config_file, docs, project, result.pages)
        folders = {"the source folder": source, "the docs folder": docs}
        misplaced = nav_place_problem(result.nav.path, config_file, folders) if result.nav else None
        if misplaced is not None:
            result.problems = [misplaced]
            return result
        if check_only:
            return result
        write_docs(docs, result.pages, result.plan)
        if result.nav is not None and result.nav.changed:
            write_nav(result.nav)
    result.written = True
    cache.save()
    return result


@dataclass
class LinkCheckResult:
    """How many links of a built site were checked, and a diagnostic per place that made a broken one."""

    total: int
    diagnostics: list[Diagnostic]


def check_links(site: Path, docs: Path, source: Path, cache: RunCache) -> LinkCheckResult:
    """Check every link and #anchor of the site built in ``site`` offline (LinkCheckError when lychee cannot run).

    Each broken link is placed on the YAML line that made it when its page is generated from
    ``source``, else on its Markdown line in ``docs``, else on its line in the HTML.
    """
    report = check_site_links(site)
    project = load_project(source, cache)[0] if report.broken and source.is_dir() else None
    return LinkCheckResult(report.total, place_broken_links(report.broken, report.layout, docs, project))


def triage_decision(project: Project, answers: Iterable[str]) -> TriageDecision:
    """The severity level and owners for ``DIMENSION=ANSWER`` arguments (TriageUsageError when one is unknown)."""
    return decide(project, parse_answers(project, answers))
