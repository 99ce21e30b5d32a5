"""Load a whole ``source/`` tree: every file parsed and typed, with its places kept."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from generator.diagnostics import Diagnostic
from generator.load import SourceFile, read_yaml
from generator.model import (
    SLUG_RE,
    CategoriesFile,
    Operation,
    OwnersFile,
    Runbook,
    SeveritiesFile,
)
from generator.records import to_record

RUNBOOK_FILE = "runbook.yaml"
OWNERS_FILE = "owners.yaml"
SEVERITIES_FILE = "severities.yaml"
CATEGORIES_FILE = "categories.yaml"
OPERATIONS_DIR = "operations"

FILE_MODELS: dict[str, type[BaseModel]] = {
    RUNBOOK_FILE: Runbook,
    OWNERS_FILE: OwnersFile,
    SEVERITIES_FILE: SeveritiesFile,
    CATEGORIES_FILE: CategoriesFile,
}


@dataclass
class Project:
    """Every typed record of one runbook, with the source file each came from."""

    root: Path
    runbook: Runbook
    owners: OwnersFile
    severities: SeveritiesFile
    categories: CategoriesFile
    operations: dict[str, Operation]
    files: dict[str, SourceFile] = field(default_factory=dict)
    """Parsed files keyed by name relative to the source root ('operations/x.yaml')."""

    def file(self, name: str) -> SourceFile:
        return self.files[name]

    def operation_file(self, operation_id: str) -> SourceFile:
        return self.files[f"{OPERATIONS_DIR}/{operation_id}.yaml"]

    def display_path(self, name: str) -> str:
        return self.files[name].path


def display_path(path: Path) -> str:
    """A path as a compiler prints it: relative to the current directory when it can be."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _operation_paths(root: Path) -> tuple[list[Path], list[Diagnostic]]:
    folder = root / OPERATIONS_DIR
    if not folder.is_dir():
        return [], [
            Diagnostic(
                display_path(folder),
                0,
                0,
                "error",
                "missing-file",
                "operations folder is missing; create it with one YAML file per runbook page",
            )
        ]
    paths, problems = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix == ".yml":
            problems.append(
                Diagnostic(
                    display_path(path),
                    0,
                    0,
                    "error",
                    "file-name",
                    f"operation files end in .yaml; rename it to {path.stem}.yaml",
                )
            )
            continue
        if path.suffix != ".yaml":
            continue
        if not SLUG_RE.match(path.stem):
            problems.append(
                Diagnostic(
                    display_path(path),
                    0,
                    0,
                    "error",
                    "file-name",
                    f"'{path.stem}' is not a valid operation id; name the file as a lowercase slug "
                    "of a-z, 0-9 and single hyphens, like contacting-support.yaml",
                )
            )
            continue
        paths.append(path)
    return paths, problems


def load_project(root: Path) -> tuple[Project | None, list[Diagnostic]]:
    """Every file under ``root`` parsed and typed; None when any file has an error."""
    diagnostics: list[Diagnostic] = []
    files: dict[str, SourceFile] = {}
    records: dict[str, BaseModel] = {}
    if not root.is_dir():
        message = "source folder not found; pass --source DIR or run 'runbook init'"
        return None, [Diagnostic(display_path(root), 0, 0, "error", "missing-file", message)]
    names = list(FILE_MODELS)
    operation_paths, problems = _operation_paths(root)
    diagnostics += problems
    for name in names:
        path = root / name
        if not path.is_file():
            diagnostics.append(
                Diagnostic(
                    display_path(path),
                    0,
                    0,
                    "error",
                    "missing-file",
                    f"required file {name} is missing; create it (see README)",
                )
            )
            continue
        source, problems = read_yaml(path, display_path(path))
        files[name] = source
        diagnostics += problems
        if not problems:
            record, problems = to_record(source, FILE_MODELS[name])
            diagnostics += problems
            if record is not None:
                records[name] = record
    operations: dict[str, Operation] = {}
    for path in operation_paths:
        name = f"{OPERATIONS_DIR}/{path.name}"
        source, problems = read_yaml(path, display_path(path))
        files[name] = source
        diagnostics += problems
        if not problems:
            operation, problems = to_record(source, Operation)
            diagnostics += problems
            if operation is not None:
                operations[path.stem] = operation
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    project = Project(
        root=root,
        runbook=records[RUNBOOK_FILE],  # type: ignore[arg-type]
        owners=records[OWNERS_FILE],  # type: ignore[arg-type]
        severities=records[SEVERITIES_FILE],  # type: ignore[arg-type]
        categories=records[CATEGORIES_FILE],  # type: ignore[arg-type]
        operations=operations,
        files=files,
    )
    return project, diagnostics
