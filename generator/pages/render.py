"""Render a validated project into Markdown pages with the Jinja2 templates beside this package."""

from __future__ import annotations

from functools import partial

from generator.pages.alertpage import ALERTS_PAGE, AlertSeverities, render_alerts_page
from generator.pages.environment import page_environment, render_page
from generator.pages.incident_pages import incident_globals, map_part_jobs, page_tags, render_incident_pages
from generator.pages.pagecache import PageJob, operation_page_keys, part_key, remembered_renders
from generator.pages.parts import CATEGORIES_DIR
from generator.pages.view import (
    HOME_PAGE,
    MATRIX_PAGE,
    OPERATIONS_INDEX,
    OWNERS_PAGE,
    SEVERITY_PAGE,
    RenderedPage,
    SiteView,
    operation_page,
)
from generator.runtime.memo import RunCache
from generator.source.project import (
    CATEGORIES_FILE,
    OPERATIONS_DIR,
    OWNERS_FILE,
    RUNBOOK_FILE,
    SEVERITIES_FILE,
    Project,
)

OWNERS_SEARCH_BOOST = 1.5


def render_site(
    project: Project, cache: RunCache, alert_severities: AlertSeverities | None = None
) -> dict[str, RenderedPage]:
    """Every generated page, keyed by its path inside docs/.

    ``alert_severities`` (read from the rule files runbook.yaml lists) gives the alerts page each
    alert's severity levels; without it the page lists alerts with their pages only.

    An operation, category or map page none of whose inputs changed since an earlier run is
    taken from ``cache`` (generator/pages/pagecache.py) instead of being rendered.
    """

    keys = operation_page_keys(project, cache)
    view = SiteView(project)
    view.page_keys = keys
    environment = page_environment(view, cache)
    environment.globals.update(incident_globals(view), ALERTS_PAGE=ALERTS_PAGE)
    shared = [view.source_path(n) for n in (RUNBOOK_FILE, SEVERITIES_FILE, OWNERS_FILE)]
    pages = {
        HOME_PAGE: render_page(environment, HOME_PAGE, "home.md.j2", shared),
        SEVERITY_PAGE: render_page(
            environment,
            SEVERITY_PAGE,
            "severity-levels.md.j2",
            [view.source_path(SEVERITIES_FILE), view.source_path(RUNBOOK_FILE)],
        ),
        MATRIX_PAGE: render_page(
            environment,
            MATRIX_PAGE,
            "escalation-matrix.md.j2",
            [view.source_path(SEVERITIES_FILE), view.source_path(RUNBOOK_FILE)],
        ),
        # The one page search finds contacts on (other pages leave their copies out of the index):
        # "pager" or "who to call" lands here, above a home page whose runbook title says "On-call".
        # An operation page still outranks it on the words of its own procedure.
        OWNERS_PAGE: render_page(
            environment,
            OWNERS_PAGE,
            "owners.md.j2",
            [view.source_path(OWNERS_FILE)],
            front_matter={"search": {"boost": OWNERS_SEARCH_BOOST}},
        ),
        OPERATIONS_INDEX: render_page(
            environment, OPERATIONS_INDEX, "operations-index.md.j2", [view.source_path(CATEGORIES_FILE)]
        ),
    }

    def operation(op_id: str) -> RenderedPage:
        operation = view.operations[op_id]
        return render_page(
            environment,
            operation_page(op_id),
            "operation.md.j2",
            [view.source_path(f"{OPERATIONS_DIR}/{op_id}.yaml")],
            front_matter={"tags": page_tags(view, op_id)}
            | ({"search": {"boost": operation.search_boost}} if operation.search_boost else {}),
            op_id=op_id,
            op=operation,
            settings=view.settings[op_id],
            category=view.categories[operation.category],
            backlinks=view.backlinks.get(op_id, []),
        )

    # The pages that grow in number with the runbook, each with its cache key (None: never
    # cached), rendered together so the work divides evenly among processes.
    jobs: dict[str, PageJob] = {
        operation_page(op_id): PageJob(keys.get(op_id), partial(operation, op_id)) for op_id in view.operations
    }
    for parts in view.parts.values():
        for part in parts:
            name = part.page(CATEGORIES_DIR)
            render = partial(
                render_page,
                environment,
                name,
                "category.md.j2",
                [view.source_path(CATEGORIES_FILE)],
                part=part,
                category=part.category,
                parts=parts,
            )
            linked = view.project.graph.category_targets.get(part.category.id, ())
            jobs[name] = PageJob(part_key(keys, name, part, linked), render)
    jobs.update(map_part_jobs(view, environment))

    def before_sharing() -> None:
        """What every process would otherwise compute again, computed once before they start."""
        for template in ("operation.md.j2", "category.md.j2", "map.md.j2"):
            environment.get_template(template)
        view.settings, view.backlinks  # noqa: B018

    pages.update(remembered_renders(jobs, cache, before_sharing))
    pages.update(render_incident_pages(view, environment, pages, cache))
    pages.update(render_alerts_page(view, environment, alert_severities))
    return dict(sorted(pages.items()))
