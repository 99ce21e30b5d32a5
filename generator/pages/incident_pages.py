"""What staff use mid-incident: the triage page, templates, tags, the map and the printable runbook.

:func:`incident_globals` adds the template functions these pages need to the renderer's Jinja
environment; :func:`render_incident_pages` renders the pages themselves from the same view.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import jinja2
from markupsafe import Markup

from generator.checks.review import review_due
from generator.i18n.words import is_duration
from generator.pages.crossref import mermaid_map
from generator.pages.embeds import code_block, html_attribute, html_text, tag_name
from generator.pages.environment import render_page
from generator.pages.pagecache import PageJob, part_key
from generator.pages.parts import MAP_DIR
from generator.pages.printable import printable_body
from generator.pages.triagedata import script_json, triage_data
from generator.pages.view import RenderedPage, SiteView
from generator.runtime.memo import RunCache
from generator.source.model import Severity, UpdateField
from generator.source.project import CATEGORIES_FILE, OPERATIONS_DIR, OWNERS_FILE, RUNBOOK_FILE, SEVERITIES_FILE
from generator.triage.decision import UNSURE

TRIAGE_PAGE = "triage.md"
MAP_PAGE = "map.md"
TAGS_PAGE = "tags.md"
PRINT_PAGE = "print.md"
TRIAGE_SEARCH_BOOST = 2


@dataclass(frozen=True)
class UpdateLine:
    """One line of the update template, text or structured, in one shape."""

    label: str
    hint: str | None
    fill: str | None


def update_fields(view: SiteView) -> list[UpdateLine]:
    standard = view.runbook.communication
    if standard is None:
        return []
    return [
        UpdateLine(item.label, item.hint, item.fill) if isinstance(item, UpdateField) else UpdateLine(item, None, None)
        for item in standard.includes
    ]


def update_lines(view: SiteView, level: Severity) -> list[str]:
    """The update template for one level, with that level's name and targets filled in."""
    t = view.messages.text
    first = level.response.first_update_within
    filled = {
        "first-update": t("within %(duration)s", duration=first) if is_duration(first) else first,
        "update-cadence": level.response.update_cadence,
    }
    subject = view.words.update_subject
    summary = t("<one-line summary of the problem>")
    lines = [t("%(label)s: %(value)s", label=subject, value=f"[{level.name}] {summary}"), ""] if subject else []
    for item in update_fields(view):
        value = f"<{item.hint}>" if item.hint else t("<fill in>")
        if item.fill == "level":
            value = level.name  # known for this level's template: nothing left to fill in
        elif item.fill:
            value += f" ({level.name}: {filled[item.fill]})"
        lines.append(t("%(label)s: %(value)s", label=item.label, value=value))
    return lines


def report_lines(view: SiteView) -> list[str]:
    """The report template: the product when one is named, the level, then every evidence field."""
    t = view.messages.text
    levels = " / ".join(level.name for level in view.levels)
    product = (
        [t("%(label)s: %(value)s", label=t("Product"), value=view.runbook.product)] if view.runbook.product else []
    )
    level = t("%(label)s: %(value)s", label=t("Severity level"), value=f"<{levels}>")
    return [
        *product,
        level,
        *(t("%(label)s: %(value)s", label=field.label, value="") for field in view.runbook.evidence),
    ]


def embedding_page(view: SiteView, embed: str) -> str | None:
    """The first operation page that shows a generated block (e.g. 'customer-update')."""
    for op_id, operation in view.operations.items():
        if any(section.embed == embed for section in operation.sections):
            return f"{OPERATIONS_DIR}/{op_id}.md"
    return None


def page_review_due(view: SiteView, op_id: str) -> datetime.date | None:
    operation = view.operations[op_id]
    return review_due(operation, view.categories[operation.category])


def page_tags(view: SiteView, op_id: str) -> list[str]:
    """Material tags for an operation: its category, then each level it applies to.

    A page that applies to every level gets no level tags: they would tell it from nothing.
    """
    operation = view.operations[op_id]
    names = [view.categories[operation.category].name]
    levels = [level for level in operation.applies_to if level in view.level_names]
    if set(levels) != set(view.level_names):
        names += [view.level_names[level] for level in levels]
    return [tag_name(name) for name in dict.fromkeys(names)]


def incident_globals(view: SiteView) -> dict[str, Any]:
    """Template functions for the incident pages and the blocks embedded in operation pages."""
    return {
        "html": html_text,
        "code_block": code_block,
        "update_fields": lambda: update_fields(view),
        "update_lines": lambda level: update_lines(view, level),
        "report_lines": lambda: report_lines(view),
        "embedding_page": lambda embed: embedding_page(view, embed),
        "review_due": lambda op_id: page_review_due(view, op_id),
        "UNSURE": UNSURE,
        "TRIAGE_PAGE": TRIAGE_PAGE,
        "MAP_PAGE": MAP_PAGE,
        "TAGS_PAGE": TAGS_PAGE,
        "PRINT_PAGE": PRINT_PAGE,
    }


def map_part_jobs(view: SiteView, environment: jinja2.Environment) -> dict[str, PageJob]:
    """The map's part pages, to render with the operation pages; none below PART_SIZE operations."""
    if not view.in_parts:
        return {}
    jobs = {}
    for part in (part for parts in view.map_parts.values() for part in parts):
        name = part.page(MAP_DIR)
        title = (
            view.messages.text(
                "Cross-reference map: %(category)s (part %(number)s of %(parts)s)",
                category=part.category.name,
                number=part.number,
                parts=part.of,
            )
            if part.of > 1
            else view.messages.text("Cross-reference map: %(category)s", category=part.category.name)
        )
        render = partial(_map_page, view, environment, name, part.operations, title, part=part)
        jobs[name] = PageJob(part_key(view.page_keys, name, part), render)
    return jobs


def render_incident_pages(
    view: SiteView, environment: jinja2.Environment, rendered: dict[str, RenderedPage], cache: RunCache
) -> dict[str, RenderedPage]:
    """The triage, map, tags and printable pages; ``rendered`` holds the pages printed whole.

    Above PART_SIZE operations the map's parts come from :func:`map_part_jobs` instead.
    """
    shared = [view.source_path(n) for n in (RUNBOOK_FILE, SEVERITIES_FILE, OWNERS_FILE)]
    pages = {
        TRIAGE_PAGE: render_page(
            environment,
            TRIAGE_PAGE,
            "triage.md.j2",
            shared,
            # The page to land on for any symptom a reader types: it decides the level and whom to page.
            front_matter={"search": {"boost": TRIAGE_SEARCH_BOOST}},
            triage_json=html_attribute(script_json(triage_data(view.project, view.messages, view.words))),
        ),
        TAGS_PAGE: render_page(
            environment,
            TAGS_PAGE,
            "tags.md.j2",
            [view.source_path(CATEGORIES_FILE), view.source_path(SEVERITIES_FILE)],
        ),
    }
    # The home page is left out: its tables are the severity levels', the matrix's and the owners'.
    shared_print = ["severity-levels.md", "escalation-matrix.md", "owners.md"]
    if not view.in_parts:
        pages[MAP_PAGE] = _map_page(
            view, environment, MAP_PAGE, list(view.operations), view.messages.text("Cross-reference map")
        )
        order = shared_print + [
            f"{OPERATIONS_DIR}/{op_id}.md" for _, op_ids in view.operations_by_category() for op_id in op_ids
        ]
        pages[PRINT_PAGE] = _print_page(view, environment, order, rendered, cache)
        return pages
    pages[MAP_PAGE] = render_page(environment, MAP_PAGE, "parts.md.j2", [view.source_path(CATEGORIES_FILE)])
    # The levels (each with its owners and how to reach them) and the matrix: what a printed
    # copy is for. The home and owners pages mostly point at operations at this size.
    printed = ["severity-levels.md", "escalation-matrix.md"]
    pages[PRINT_PAGE] = _print_page(view, environment, printed, rendered, cache)
    return pages


def _map_page(
    view: SiteView,
    environment: jinja2.Environment,
    name: str,
    op_ids: Sequence[str],
    title: str,
    **context: Any,
) -> RenderedPage:
    """The Mermaid map of some operations: their links to each other drawn, every link listed."""
    shown = {op_id: view.operations[op_id] for op_id in op_ids}
    sources = [view.source_path(CATEGORIES_FILE), *(view.source_path(f"{OPERATIONS_DIR}/{i}.yaml") for i in shown)]
    return render_page(
        environment,
        name,
        "map.md.j2",
        sources,
        title=title,
        op_ids=sorted(shown),
        diagram=mermaid_map(
            shown, view.project.graph, view.project.categories.categories, name, OPERATIONS_DIR, view.messages
        ),
        **context,
    )


def _print_page(
    view: SiteView,
    environment: jinja2.Environment,
    order: list[str],
    rendered: dict[str, RenderedPage],
    cache: RunCache,
) -> RenderedPage:
    """The rendered pages named in ``order`` put together as the printable page."""
    shared = [view.source_path(n) for n in (RUNBOOK_FILE, SEVERITIES_FILE, OWNERS_FILE)]
    printed = [(n, rendered[n].content) for n in order if n in rendered]
    result = render_page(
        environment,
        PRINT_PAGE,
        "print.md.j2",
        [*shared, view.source_path(CATEGORIES_FILE)],
        front_matter={"search": {"exclude": True}},
        body=Markup(printable_body(printed, PRINT_PAGE, cache)),
    )
    return replace(result, compiled=True)
