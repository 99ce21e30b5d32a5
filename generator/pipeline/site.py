"""Build the site and check its links: generate first, then the engine; every problem a Diagnostic."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, display_path
from generator.engine.choice import EngineError, active_engine
from generator.links.linkcheck import LinkCheckError, check_site_links
from generator.links.linkplaces import place_broken_links
from generator.pipeline.generate import GenerateResult, generate_docs
from generator.runtime.memo import RunCache
from generator.site.build import SiteBuildError, site_folder_problem
from generator.source.project import load_project


def engine_problem() -> Diagnostic | None:
    """Why the site engine cannot run here (``RUNBOOK_ENGINE`` names none, or one not installed), or None."""
    try:
        active_engine()
    except EngineError as error:
        return Diagnostic("", 0, 0, "error", "engine", str(error))
    return None


@dataclass
class BuildResult:
    """What ``runbook build`` did: the generate run (None when stopped before it) and the build's problems."""

    generated: GenerateResult | None
    problems: list[Diagnostic] = field(default_factory=list)
    """Problems of the engine, the site folder or the build itself (the generate run carries its own)."""
    built: bool = False
    cache_note: str | None = None
    """One line when the build cache was found unusable and ignored (corrupt, foreign or stale)."""
    engine_failed: bool = False
    """True when the engine refused the configuration or a page (``problems`` has its lines)."""


def build_site(
    source: Path, docs: Path, config_file: Path, site_dir: Path, *, strict: bool = False, use_cache: bool = True
) -> BuildResult:
    """Generate ``docs`` from ``source``, then build the site into ``site_dir`` with the engine, strictly.

    ``strict`` treats the runbook's warnings as errors; the engine is always strict. Pages are
    rendered on every core; without ``use_cache`` neither the run cache nor the build cache in
    ``.cache/runbook/`` is read or written (``RUNBOOK_CACHE=0``).
    """
    engine = engine_problem()
    if engine is not None:
        return BuildResult(None, [engine])
    misplaced = site_folder_problem(
        site_dir, {"the source folder": source, "the docs folder": docs, "the configuration": config_file}
    )
    if misplaced:
        message = f"{misplaced}; pass --site-dir a new or empty folder, or one a build made, such as site"
        return BuildResult(None, [Diagnostic(display_path(site_dir), 0, 0, "error", "site-folder", message)])
    cache = RunCache.for_source(source) if use_cache else RunCache.off()
    generated = generate_docs(source, docs, cache, config_file=config_file, strict=strict)
    if generated.failed:
        return BuildResult(generated)
    from generator.sitebuild.run import build_site_cached  # loads the engine: only when building

    try:
        built = build_site_cached(config_file, docs, site_dir, source, use_cache=use_cache)
    except SiteBuildError as error:
        place = display_path(config_file)
        lines = [problem if problem.startswith("MkDocs") else f"MkDocs: {problem}" for problem in error.problems]
        problems = [Diagnostic(place, error.line, error.column, "error", "engine", line) for line in lines]
        return BuildResult(generated, problems, engine_failed=True)
    except OSError as error:
        # A failed copy names its source first (a theme file in the virtual environment); the
        # place to free or fix is where it was writing: filename2, or else the site folder.
        where = Path(error.filename2 or site_dir)
        message = (
            f"{error.strerror or error} while building the site; "
            f"{display_path(site_dir)} is incomplete: fix the cause and run 'runbook build' again"
        )
        return BuildResult(generated, [Diagnostic(display_path(where), 0, 0, "error", "disk", message)])
    return BuildResult(generated, built=True, cache_note=built.cache_note)


@dataclass
class LinkCheckResult:
    """How many links of a built site were checked, and a diagnostic per place that made a broken one."""

    total: int
    diagnostics: list[Diagnostic]
    ran: bool = True
    """False when lychee could not run or gave no report (``diagnostics`` then says why)."""


def check_links(site: Path, docs: Path, source: Path, cache: RunCache | None = None) -> LinkCheckResult:
    """Check every link and #anchor of the site built in ``site`` offline, with lychee.

    Each broken link is placed on the YAML line that made it when its page is generated from
    ``source``, else on its Markdown line in ``docs``, else on its line in the HTML.
    """
    try:
        report = check_site_links(site)
    except LinkCheckError as error:
        return LinkCheckResult(0, [Diagnostic("", 0, 0, "error", "linkcheck", str(error))], ran=False)
    project = None
    if report.broken and source.is_dir():
        project = load_project(source, cache or RunCache.for_source(source))[0]
    return LinkCheckResult(report.total, place_broken_links(report.broken, report.layout, docs, project))
