"""Load a whole ``source/`` tree: every file parsed and typed, with its places kept."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel

from generator.diagnostics import Diagnostic
from generator.runtime.memo import RunCache, digest
from generator.source.graph import RelatedGraph
from generator.source.load import SourceFile
from generator.source.model import (
    CategoriesFile,
    Operation,
    OwnersFile,
    Runbook,
    SeveritiesFile,
)
from generator.source.parsecache import read_source
from generator.source.records import RecordT, to_record
from generator.source.slugs import explain_file_name, is_slug, reserved_problem

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
    secret_fingerprints: set[tuple[str, str]] = field(default_factory=set)
    """(kind, fingerprint) of every possible secret in the sources, waived or not (leakcheck.py)."""

    @cached_property
    def graph(self) -> RelatedGraph:
        """The links between pages, computed once for everything that reads them."""
        return RelatedGraph(self.operations, {c.id: c for c in self.categories.categories})

    def file(self, name: str) -> SourceFile:
        return self.files[name]

    def operation_file(self, operation_id: str) -> SourceFile:
        return self.files[f"{OPERATIONS_DIR}/{operation_id}.yaml"]

    def display_path(self, name: str) -> str:
        return self.files[name].path


def display_path(path: Path) -> str:
    """A path as a compiler prints it: relative to the current directory when it can be."""
    if not path.is_absolute() and ".." not in path.parts:
        return os.path.normpath(path)  # what relpath gives, without two getcwd calls per file
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _file_problem(path: Path, message: str) -> Diagnostic:
    return Diagnostic(display_path(path), 0, 0, "error", "file-name", message)


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
        if path.name.startswith("."):
            continue
        if path.is_dir():
            if any(p.suffix.lower() in (".yaml", ".yml") for p in path.rglob("*")):
                problems.append(_file_problem(path, "folders inside operations/ are not read; move its YAML files up"))
            continue
        if path.suffix.lower() not in (".yaml", ".yml"):
            continue
        if path.suffix != ".yaml":
            problems.append(_file_problem(path, f"operation files end in .yaml; rename it to {path.stem}.yaml"))
            continue
        if not is_slug(path.stem):
            problems.append(_file_problem(path, explain_file_name(path.stem)))
            continue
        reserved = reserved_problem(path.stem, "operation id", "rename the file")
        if reserved:
            problems.append(_file_problem(path, reserved))
            continue
        paths.append(path)
    if not paths and not problems:
        # Generating from no pages would delete every page in docs/.
        problems.append(
            Diagnostic(
                display_path(folder),
                0,
                0,
                "error",
                "no-operations",
                "operations folder holds no pages; a runbook needs at least one: "
                "create one with 'runbook new operation ID --title \"…\"'",
            )
        )
    return paths, problems


def _typed(source: SourceFile, model: type[RecordT], cache: RunCache) -> tuple[RecordT | None, list[Diagnostic]]:
    """:func:`to_record`, remembered in this process for files whose bytes it has seen before.

    Validating 1,000 operations takes 0.1 s, so ``runbook serve`` keeps the records between
    edits; they are not written to disk, where unpickling them would cost as much.
    """
    key = cache.file_digests.get(source.path) if cache.enabled else None
    if key is None:
        return to_record(source, model)
    store, record_key = cache.memo("records", on_disk=False), digest(key, model.__name__)
    found = store.get(record_key)
    if isinstance(found, model):
        return found, []
    record, problems = to_record(source, model)
    if record is not None and not problems:
        store.put(record_key, record)
    return record, problems


def load_project(root: Path, cache: RunCache) -> tuple[Project | None, list[Diagnostic]]:
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
        source, problems = read_source(path, display_path(path), cache)
        files[name] = source
        diagnostics += problems
        if not problems:
            record, problems = _typed(source, FILE_MODELS[name], cache)
            diagnostics += problems
            if record is not None:
                records[name] = record
    operations: dict[str, Operation] = {}
    for path in operation_paths:
        name = f"{OPERATIONS_DIR}/{path.name}"
        source, problems = read_source(path, display_path(path), cache)
        files[name] = source
        diagnostics += problems
        if not problems:
            operation, problems = _typed(source, Operation, cache)
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


def declared_owners(root: Path, cache: RunCache) -> OwnersFile | None:
    """owners.yaml alone, when it loads: its declared contacts hold even when another file fails."""
    path = root / OWNERS_FILE
    if not path.is_file():
        return None
    source, problems = read_source(path, display_path(path), cache)
    if problems:
        return None
    owners, problems = _typed(source, OwnersFile, cache)
    return None if problems else owners
