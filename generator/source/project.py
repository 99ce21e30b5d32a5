"""Load a whole ``source/`` tree: every file parsed and typed, with its places kept."""

from __future__ import annotations

import operator
import os
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel

from generator.diagnostics import Diagnostic, display_path
from generator.runtime.memo import RunCache, digest
from generator.source.graph import RelatedGraph, related_graph
from generator.source.load import SourceFile, cannot_read
from generator.source.model import (
    CategoriesFile,
    Operation,
    OwnersFile,
    Runbook,
    SeveritiesFile,
)
from generator.source.parsecache import read_source
from generator.source.readmany import read_sources
from generator.source.records import RecordT, to_record
from generator.source.slugs import explain_file_name, is_slug, reserved_problem

RUNBOOK_FILE = "runbook.yaml"
OWNERS_FILE = "owners.yaml"
SEVERITIES_FILE = "severities.yaml"
CATEGORIES_FILE = "categories.yaml"
OPERATIONS_DIR = "operations"
ALLOWLIST_FILE = "allowlist.yaml"
"""The secret scan's reviewed waivers: optional, read by generator.checks.leakcheck."""

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

    @cached_property
    def graph(self) -> RelatedGraph:
        """The links between pages, computed once for everything that reads them."""
        return related_graph(self.operations, {c.id: c for c in self.categories.categories})

    def file(self, name: str) -> SourceFile:
        return self.files[name]

    def operation_file(self, operation_id: str) -> SourceFile:
        return self.files[f"{OPERATIONS_DIR}/{operation_id}.yaml"]

    def display_path(self, name: str) -> str:
        return self.files[name].path


BY_PARTS = operator.attrgetter("parts")
"""Paths sorted as Path sorts them (part by part, on POSIX), comparing tuples instead of calling Path.__lt__."""


def _file_problem(path: Path, message: str) -> Diagnostic:
    return Diagnostic(display_path(path), 0, 0, "error", "file-name", message)


_NOT_REGULAR = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def unreadable_kind(path: Path, root: Path) -> str:
    """What keeps ``path`` from being read as a source file ('' when nothing does).

    Sources are read only through regular files inside ``root``: a link (to the file or to a
    folder on its way) that leads out of it would publish another file, and quote it in
    messages; a pipe or a device would make the run hang or read forever. The answer names
    the kind of thing found, never its content.
    """
    try:
        real = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return "a symbolic link to nothing (its target does not exist)"
    except OSError:  # a loop of links, or a folder that cannot be searched
        return "a symbolic link that cannot be followed"
    if not _inside(real, root):
        return "a symbolic link to a file outside the source folder"
    mode = os.stat(real).st_mode
    return "" if stat.S_ISREG(mode) else _NOT_REGULAR.get(stat.S_IFMT(mode), "not a regular file")


def _inside(path: str | Path, root: Path) -> bool:
    """Whether ``path``, links resolved, is ``root`` or inside it."""
    inside = os.path.realpath(root)
    return os.path.commonpath([os.path.realpath(path), inside]) == inside


def regular_files(root: Path, suffix: str) -> list[Path]:
    """Files named ``*suffix`` under ``root`` that may be read: regular files inside it.

    Folders are walked without following links; a link to a file is kept only when it leads to
    a regular file inside ``root`` (:func:`unreadable_kind`).
    """
    found: list[Path] = []
    folders = [root] if root.is_dir() else []
    while folders:
        try:
            scan = os.scandir(folders.pop())
        except OSError:  # a folder that cannot be listed holds nothing to read
            continue
        with scan:
            for entry in scan:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))
                elif entry.name.endswith(suffix) and (
                    entry.is_file(follow_symlinks=False) or not unreadable_kind(Path(entry.path), root)
                ):
                    found.append(Path(entry.path))
    return sorted(found, key=BY_PARTS)


def _not_a_file(path: Path, kind: str, what: str) -> Diagnostic:
    """The message for a source path that exists but is not a regular file inside source/."""
    if kind == "a folder":
        fix = f"{what} must be a file: move what the folder holds out of it, and remove or rename the folder"
    elif kind.startswith("a symbolic link"):
        fix = "runbook reads only files inside the source folder: replace the link with a copy of the file"
    else:
        fix = f"{what} must be a regular YAML file: remove it, or replace it with the file"
    return Diagnostic(display_path(path), 0, 0, "error", "not-a-file", f"this is {kind}, not a file; {fix}")


def _yaml_entry(path: Path) -> tuple[str, str] | None:
    """(stem, suffix) of a name ending in .yaml or .yml in any case; None for other names."""
    stem, suffix = os.path.splitext(path.name)
    return (stem, suffix) if suffix.lower() in (".yaml", ".yml") else None


def _operation_paths(root: Path) -> tuple[list[Path], list[Diagnostic]]:
    folder = root / OPERATIONS_DIR
    if not folder.is_dir():
        if os.path.lexists(folder):
            kind = unreadable_kind(folder, root) or "a file"
            message = (
                f"this is {kind}, not a folder; {OPERATIONS_DIR} must be the folder of runbook pages, "
                "one YAML file per page: rename or remove it, and create the folder"
            )
        else:
            message = "operations folder is missing; create it with one YAML file per runbook page"
        return [], [Diagnostic(display_path(folder), 0, 0, "error", "missing-file", message)]
    paths, problems = [], []
    # A plain file (no link) in a folder inside the source folder is inside it: only links,
    # and everything when operations/ itself leads elsewhere, need unreadable_kind's resolving
    # of paths (a fifth of the load time at 1,000 pages).
    try:
        with os.scandir(folder) as scan:
            plain_files = {entry.name for entry in scan if entry.is_file(follow_symlinks=False)}
        entries = sorted(folder.iterdir(), key=BY_PARTS)
    except OSError as error:
        return [], [Diagnostic(display_path(folder), 0, 0, "error", "unreadable", cannot_read(error, "folder"))]
    if not _inside(folder, root):
        plain_files = set()
    names = {path.name for path in entries}
    for path in entries:
        if path.name.startswith("."):
            continue
        named = _yaml_entry(path)
        if named is None:
            if (
                path.is_dir()
                and not path.is_symlink()
                and any(p.suffix.lower() in (".yaml", ".yml") for p in path.rglob("*"))
            ):
                problems.append(_file_problem(path, "folders inside operations/ are not read; move its YAML files up"))
            continue
        kind = "" if path.name in plain_files else unreadable_kind(path, root)
        if kind:
            problems.append(_not_a_file(path, kind, "an operation page"))
            continue
        stem, suffix = named
        if suffix != ".yaml":
            if f"{stem}.yaml" in names:
                message = (
                    f"a second file for page '{stem}' beside {stem}.yaml, which is the page; "
                    f"move what this file adds into {stem}.yaml and delete this one"
                )
            else:
                message = f"operation files end in .yaml (lowercase); rename it to {stem}.yaml"
            problems.append(_file_problem(path, message))
            continue
        if not is_slug(stem):
            problems.append(_file_problem(path, explain_file_name(stem)))
            continue
        reserved = reserved_problem(stem, "operation id", "rename the file")
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


def unread_files(root: Path) -> list[Diagnostic]:
    """A warning for each YAML file or folder of YAML files in ``root`` that no part of the runbook reads.

    An editor who adds ``contacts.yaml`` or saves ``owners.yml`` expects it to count; silently
    skipping it would publish a runbook without what they wrote.
    """
    known = (*FILE_MODELS, ALLOWLIST_FILE)
    read = ", ".join(known) + f" and {OPERATIONS_DIR}/*.yaml"
    problems: list[Diagnostic] = []
    try:
        entries = sorted(root.iterdir())
    except OSError:  # a folder that cannot be listed holds nothing to warn about
        return problems
    for path in entries:
        if path.name.startswith(".") or path.name in (*known, OPERATIONS_DIR):
            continue
        named = _yaml_entry(path)
        twin = named and next((name for name in known if name.lower() == f"{named[0].lower()}.yaml"), None)
        if twin and not os.path.lexists(root / twin):
            continue  # the missing file's error says what stands in its place
        if named is not None and not path.is_dir():
            if twin:
                fix = f"move what this file adds into {twin} and delete this one"
            else:
                fix = (
                    f"the runbook reads {read}: move its content into one of them "
                    f"(a page goes in {OPERATIONS_DIR}/), or delete it"
                )
        elif path.is_dir() and not path.is_symlink() and any(_yaml_entry(p) for p in path.rglob("*")):
            fix = f"the runbook reads {read}: move its YAML files there, or out of the source folder"
        else:
            continue
        what = "folder" if path.is_dir() else "file"
        problems.append(
            Diagnostic(display_path(path), 0, 0, "warning", "file-not-read", f"this {what} is not read; {fix}")
        )
    return problems


def _missing_file(root: Path, name: str) -> Diagnostic:
    """A required file that is not there: say so, or what stands in its place."""
    path = root / name
    kind = unreadable_kind(path, root) if os.path.lexists(path) else ""
    if kind:
        return _not_a_file(path, kind, name)
    stem = name.removesuffix(".yaml")
    look_alikes = sorted(p for p in root.glob(f"{stem}.*") if _yaml_entry(p) and p.name != name)
    if look_alikes:
        found = look_alikes[0]
        if found.is_dir():
            instead = f"{found.name} is a folder, not the file: create {name} as a file (with what the folder holds)"
        else:
            instead = f"{found.name} is there instead: rename it to {name}"
        return Diagnostic(
            display_path(path), 0, 0, "error", "missing-file", f"required file {name} is missing; {instead}"
        )
    return Diagnostic(
        display_path(path), 0, 0, "error", "missing-file", f"required file {name} is missing; create it (see README)"
    )


def typed_record(source: SourceFile, model: type[RecordT], cache: RunCache) -> tuple[RecordT | None, list[Diagnostic]]:
    """:func:`to_record`, remembered in this process for files whose bytes it has seen before.

    Validating 1,000 operations takes 0.1 s, so ``runbook serve`` keeps the records between
    edits; they are not written to disk, where unpickling them would cost as much.
    """
    key = source.digest if cache.enabled else None
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


def is_runbook_folder(root: Path) -> bool:
    """Whether ``root`` holds any of a runbook's files: the folder to load, or only a wrong --source."""
    return root.is_dir() and any(os.path.lexists(root / name) for name in (*FILE_MODELS, OPERATIONS_DIR))


def _not_a_runbook(root: Path) -> Diagnostic:
    """One line for a folder that holds no runbook at all, instead of one per missing file."""
    return Diagnostic(
        display_path(root),
        0,
        0,
        "error",
        "missing-file",
        f"this folder holds no runbook: none of {', '.join(FILE_MODELS)} or {OPERATIONS_DIR}/ is in it; "
        "pass --source the folder that holds them, or run 'runbook init DIR' to start a runbook",
    )


def load_project(root: Path, cache: RunCache) -> tuple[Project | None, list[Diagnostic]]:
    """Every file under ``root`` parsed and typed; None when any file has an error."""
    diagnostics: list[Diagnostic] = []
    files: dict[str, SourceFile] = {}
    records: dict[str, BaseModel] = {}
    if not root.is_dir():
        message = "source folder not found; pass --source DIR or run 'runbook init'"
        return None, [Diagnostic(display_path(root), 0, 0, "error", "missing-file", message)]
    if not is_runbook_folder(root):
        return None, [_not_a_runbook(root)]
    names = list(FILE_MODELS)
    operation_paths, problems = _operation_paths(root)
    diagnostics += problems
    diagnostics += unread_files(root)
    for name in names:
        path = root / name
        if not os.path.lexists(path) or unreadable_kind(path, root):
            diagnostics.append(_missing_file(root, name))
            continue
        source, problems = read_source(path, display_path(path), cache)
        files[name] = source
        diagnostics += problems
        if not problems:
            record, problems = typed_record(source, FILE_MODELS[name], cache)
            diagnostics += problems
            if record is not None:
                records[name] = record
    operations: dict[str, Operation] = {}
    loaded = read_sources([(path, display_path(path)) for path in operation_paths], cache)
    for path, (source, problems) in zip(operation_paths, loaded, strict=True):
        name = f"{OPERATIONS_DIR}/{path.name}"
        files[name] = source
        diagnostics += problems
        if not problems:
            operation, problems = typed_record(source, Operation, cache)
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
