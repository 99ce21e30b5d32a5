"""Start a runbook project, or a page in one, from the templates in ``scaffold/`` beside this file.

Everything here returns text; the CLI decides where it goes and what to print. Template files
whose names start with ``dot-`` become dot-files (``dot-github`` → ``.github``), because
package data leaves dot-files out.
"""

from __future__ import annotations

import datetime
import json
import typing
from importlib import metadata
from pathlib import Path

import jinja2

from generator.checks.placeholders import SAMPLE_LINES
from generator.diagnostics import Diagnostic, did_you_mean, display_path
from generator.scaffold.origin import DISTRIBUTION, FALLBACK_VERSION, Requirement, installed_requirement
from generator.source.load import read_yaml
from generator.source.model import CategoriesFile, OwnersFile, Section, SeveritiesFile
from generator.source.project import CATEGORIES_FILE, OPERATIONS_DIR, OWNERS_FILE, SEVERITIES_FILE
from generator.source.records import to_record
from generator.source.schema import SCHEMA_DIR, render_schemas

SCAFFOLD = Path(__file__).parent
PROJECT_TEMPLATES = SCAFFOLD / "project"


class ScaffoldError(Exception):
    """The project cannot take the new file; the message says why and what to do."""


class BrokenProject(ScaffoldError):
    """A file the new page is built from is missing or has a problem: its first problem, with its place."""

    def __init__(self, problem: Diagnostic, fix: str) -> None:
        super().__init__(f"{problem}\n{fix}")
        self.problem = problem
        self.fix = fix


class UnknownCategory(ScaffoldError):
    """The category asked for is not in categories.yaml (a usage mistake, not a broken project)."""


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SCAFFOLD),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    # JSON strings are YAML double-quoted strings: any title is written safely.
    environment.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return environment


def _released_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        return FALLBACK_VERSION


def _output_name(template: Path) -> str:
    parts = [part.replace("dot-", ".", 1) if part.startswith("dot-") else part for part in template.parts]
    return "/".join(parts).removesuffix(".j2")


def project_files(title: str, product: str, requirement: Requirement | None = None) -> dict[str, str]:
    """Every file of a new project (docs/ aside, which generating creates), keyed by path.

    ``requirement`` is how the project installs runbook: by default, the way this one was installed.
    """
    environment = _environment()
    requirement = requirement or installed_requirement()
    context = {
        "title": title,
        "product": product,
        "summary": f"How the team supports {product}: how a report is placed on a severity level, "
        "who owns each next step, and the pages to follow.",
        "requirement": requirement,
        "version": _released_version(),
    }
    files = {
        _output_name(template.relative_to(PROJECT_TEMPLATES)): environment.get_template(
            template.relative_to(SCAFFOLD).as_posix()
        ).render(**context)
        for template in sorted(PROJECT_TEMPLATES.rglob("*.j2"))
    }
    files.update({f"{SCHEMA_DIR}/{name}": text for name, text in render_schemas().items()})
    return files


def existing_files(target: Path, files: dict[str, str]) -> list[Path]:
    """Files ``init`` would overwrite: it never does."""
    return [target / name for name in files if (target / name).exists()]


def _records(source: Path) -> tuple[CategoriesFile, OwnersFile, SeveritiesFile]:
    found = []
    for name, model in (
        (CATEGORIES_FILE, CategoriesFile),
        (OWNERS_FILE, OwnersFile),
        (SEVERITIES_FILE, SeveritiesFile),
    ):
        path = source / name
        if not path.is_file():
            missing = Diagnostic(
                display_path(path), 1, 1, "error", "missing-file", f"required file {name} is missing or not a file"
            )
            raise BrokenProject(missing, "run this from a runbook project, or pass --source")
        parsed, problems = read_yaml(path, display_path(path))
        record, more = to_record(parsed, model) if not problems else (None, [])
        if record is None:
            fix = f"fix {display_path(path)} first ('runbook check' lists every problem), then run this again"
            raise BrokenProject((problems + more)[0], fix)
        found.append(record)
    return found[0], found[1], found[2]  # type: ignore[return-value]


def operation_text(source: Path, op_id: str, title: str, category_id: str | None) -> str:
    """A commented operation file that passes ``runbook check`` in the project at ``source``."""
    categories, owners, severities = _records(source)
    by_id = {c.id: c for c in categories.categories}
    if category_id is None:
        category = categories.categories[0]
    elif category_id in by_id:
        category = by_id[category_id]
    else:
        raise UnknownCategory(
            f"unknown category '{category_id}'; {did_you_mean(category_id, by_id, 'category ids')} "
            f"(categories are defined in {CATEGORIES_FILE})"
        )
    owner = None if category.defaults.primary_owner else owners.owners[0].id
    embeds = typing.get_args(typing.get_args(Section.model_fields["embed"].annotation)[0])
    return (
        _environment()
        .get_template("operation.yaml.j2")
        .render(
            op_id=op_id,
            title=title,
            category=category.id,
            owner=owner,
            levels=[level.id for level in severities.levels],
            embeds=embeds,
            today=datetime.date.today().isoformat(),
            sample=SAMPLE_LINES,
        )
    )


def operation_path(source: Path, op_id: str) -> Path:
    return source / OPERATIONS_DIR / f"{op_id}.yaml"


def page_with_title(source: Path, title: str) -> Path | None:
    """The operation file whose title staff could not tell from ``title`` (case and spaces aside), if one.

    'runbook check' refuses two pages with one title, so a new page must not take an existing one.
    """
    wanted = " ".join(title.split()).casefold()
    for path in sorted((source / OPERATIONS_DIR).glob("*.yaml")):
        page, problems = read_yaml(path, display_path(path))
        found = page.data.get("title") if not problems and isinstance(page.data, dict) else None
        if isinstance(found, str) and " ".join(found.split()).casefold() == wanted:
            return path
    return None
