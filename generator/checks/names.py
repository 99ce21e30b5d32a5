"""Names readers must tell apart: display names unique per kind, and ids no generated name already has.

Two levels both named 'SEV-1 Critical' give two identical rows with different owners; a level
id 'triage-questions' gives the severity page two elements with that id, so a link to the
level lands on a section. Both pass YAML and the models, so they are checked here.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.diagnostics import Diagnostic
from generator.source.load import DataPath, SourceFile
from generator.source.project import CATEGORIES_FILE, OWNERS_FILE, SEVERITIES_FILE, Project
from generator.source.slugs import reserved_problem


def _same_name(name: str) -> str:
    """Names staff could not tell apart on a page: case and runs of spaces ignored."""
    return " ".join(name.split()).casefold()


def _duplicate_names(source: SourceFile, items: Iterable[tuple[DataPath, str]], what: str) -> list[Diagnostic]:
    """Two entries of one kind with the same display name: the site shows two identical rows."""
    seen: dict[str, DataPath] = {}
    problems = []
    for path, name in items:
        first = seen.setdefault(_same_name(name), path)
        if first != path:
            problems.append(
                source.diagnostic(
                    path,
                    "duplicate-name",
                    f"{what} '{name}' is already used on line {source.place(first).line}; "
                    "readers could not tell the two apart: give each a distinct name",
                )
            )
    return problems


def name_rules(project: Project) -> list[Diagnostic]:
    """Display names unique per kind: level names, owner titles, category names, page titles across files."""
    owners_file = project.file(OWNERS_FILE)
    severities_file, categories_file = project.file(SEVERITIES_FILE), project.file(CATEGORIES_FILE)
    problems = _duplicate_names(
        severities_file,
        ((("levels", i, "name"), s.name) for i, s in enumerate(project.severities.levels)),
        "severity level name",
    )
    problems += _duplicate_names(
        owners_file, ((("owners", i, "title"), o.title) for i, o in enumerate(project.owners.owners)), "owner title"
    )
    problems += _duplicate_names(
        categories_file,
        ((("categories", i, "name"), c.name) for i, c in enumerate(project.categories.categories)),
        "category name",
    )
    titles: dict[str, str] = {}
    for op_id, operation in sorted(project.operations.items()):
        first = titles.setdefault(_same_name(operation.title), op_id)
        if first != op_id:
            problems.append(
                project.operation_file(op_id).diagnostic(
                    ("title",),
                    "duplicate-name",
                    f"page title '{operation.title}' is already the title of "
                    f"{project.operation_file(first).path}; readers could not tell the two pages apart "
                    "in lists and search: give each a distinct title",
                )
            )
    return problems


def _reserved(source: SourceFile, items: Iterable[tuple[DataPath, str]], what: str) -> list[Diagnostic]:
    """Ids that would collide with an anchor a generated page writes itself."""
    problems = []
    for path, item_id in items:
        message = reserved_problem(item_id, what)
        if message:
            problems.append(source.diagnostic(path, "reserved-id", message))
    return problems


def reserved_id_rules(project: Project) -> list[Diagnostic]:
    """Level, owner and category ids that an anchor on their page already has (operations: see project.py)."""
    levels, owners, categories = project.severities.levels, project.owners.owners, project.categories.categories
    problems = _reserved(
        project.file(SEVERITIES_FILE), ((("levels", i, "id"), s.id) for i, s in enumerate(levels)), "severity level id"
    )
    problems += _reserved(
        project.file(OWNERS_FILE), ((("owners", i, "id"), o.id) for i, o in enumerate(owners)), "owner id"
    )
    problems += _reserved(
        project.file(CATEGORIES_FILE),
        ((("categories", i, "id"), c.id) for i, c in enumerate(categories)),
        "category id",
    )
    return problems
