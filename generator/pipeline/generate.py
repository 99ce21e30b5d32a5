"""Check and generate: the sources loaded, validated and scanned, then rendered into docs/.

``runbook serve`` calls the same functions after every edit.
"""

from __future__ import annotations

import datetime
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from generator.alerts.listed import read_listed_rules
from generator.alerts.rules import severity_labels
from generator.checks.leakcheck import role_contacts, rule_sets_of, scan_pages, scan_sources
from generator.checks.review import review_problems
from generator.checks.validate import validate_project
from generator.diagnostics import Diagnostic, display_path
from generator.pages.render import render_site
from generator.pages.view import RenderedPage
from generator.paging.rules import paging_problems
from generator.runtime.collector import fewer_collections
from generator.runtime.memo import RunCache
from generator.source.declared import declared_owners, declared_rule_sets
from generator.source.load import cannot_read
from generator.source.project import Project, is_runbook_folder, load_project
from generator.writer.changes import PageChange, page_changes
from generator.writer.navigation import NavFile, nav_place_problem, plan_nav, write_nav
from generator.writer.write import DocsPlan, docs_folder_problem, docs_lock, plan_docs, write_docs


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
    secret_fingerprints: set[tuple[str, str]] = field(default_factory=set)
    """(kind, fingerprint) of every possible secret in the sources, waived or not (checks/leakcheck.py):
    a rendered page may show these without a second report."""

    @property
    def usable(self) -> Project | None:
        """The project when the run may go on to render it."""
        return None if self.failed else self.project


def check_source(
    source: Path, cache: RunCache | None = None, *, strict: bool = False, today: datetime.date | None = None
) -> CheckResult:
    """Load, validate and secret-scan ``source``; with ``today``, judge page reviews too.

    Every problem is collected in one run, warnings included, whatever else fails: ``strict``
    changes only whether the result counts as failed. Without a ``cache``, the run keeps its own
    in the project's cache folder.
    """
    if cache is None:
        cache = RunCache.for_source(source)
        result = check_source(source, cache, strict=strict, today=today)
        cache.save()
        return result
    project, diagnostics = load_project(source, cache)
    seen: set[tuple[str, str]] = set()
    if project is not None:
        diagnostics = diagnostics + validate_project(project, cache) + paging_problems(project)
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
    diagnostics = sorted(diagnostics)
    failed = project is None or any(d.is_error for d in diagnostics) or (strict and bool(diagnostics))
    return CheckResult(project, diagnostics, failed, seen)


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
    cache: RunCache | None = None,
    *,
    config_file: Path,
    strict: bool = False,
    check_only: bool = False,
    save_cache: bool = True,
) -> GenerateResult:
    """Render ``source`` and bring ``docs/`` and the navigation file up to date.

    Nothing is written when anything fails. With ``check_only`` nothing is written either: the
    result's plan says which pages differ. A check renders every page afresh, as CI must not
    trust a cache. Without a ``cache``, the run keeps its own in the project's cache folder.
    Without ``save_cache``, the caller writes the cache to disk when it likes (``runbook serve``
    does once the site is up to date, not between a save and its page).
    """
    if cache is None:
        cache = RunCache.for_source(source)
    checked = check_source(source, cache, strict=strict)
    result = GenerateResult(checked)
    misplaced = docs_folder_problem(docs, source)
    if misplaced is not None:
        result.problems = [misplaced]
    project = checked.usable
    if project is None or misplaced is not None:
        return result
    severities = None
    if project.runbook.alert_rules:
        # The alerts page shows each alert's severity levels, which only its rule files know.
        rules = read_listed_rules(project, config_file.parent)
        if rules.problems:
            result.problems = rules.problems
            return result
        severities = severity_labels(rules.alerts, project.runbook.alert_severity_label)
    result.pages = render_site(project, RunCache.off() if check_only else cache, severities)
    result.problems = scan_pages(
        docs,
        result.pages,
        checked.secret_fingerprints,
        role_contacts(project.owners),
        cache,
        rule_sets_of(project.runbook),
    )
    if result.problems:
        return result
    # Planning and writing take turns with any other run writing the same docs/: a plan made
    # while another run writes would be out of date by the time it is applied.
    with nullcontext() if check_only else docs_lock(docs):
        # A process that runs again (runbook serve) need not read the pages it wrote or read last time.
        known = cache.known_pages if cache.enabled else None
        result.plan = plan_docs(docs, result.pages, known)
        if result.plan.conflicts:
            result.problems = list(result.plan.conflicts)
            return result
        try:
            result.nav = plan_nav(config_file, docs, project, result.pages)
        except PermissionError as error:
            where = display_path(Path(error.filename))
            result.problems = [Diagnostic(where, 0, 0, "error", "unreadable", cannot_read(error))]
            return result
        folders = {"the source folder": source, "the docs folder": docs}
        misplaced = nav_place_problem(result.nav.path, config_file, folders) if result.nav else None
        if misplaced is not None:
            result.problems = [misplaced]
            return result
        if check_only:
            return result
        write_docs(docs, result.pages, result.plan, known)
        if result.nav is not None and result.nav.changed:
            write_nav(result.nav)
    result.written = True
    if save_cache:
        cache.save()
    return result


def changed_pages(result: GenerateResult, docs: Path) -> list[PageChange]:
    """The pages a checked generate run would create, update or delete, with their titles."""
    assert result.plan is not None  # a run that did not fail has planned the pages
    return page_changes(result.plan, result.pages, docs)
