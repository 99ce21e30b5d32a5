"""``[[operation-id]]`` links in text: each names an existing page, in a field where it renders.

An ``embed:`` refers to runbook.yaml's data in the same way: the support report needs its
evidence fields and the update templates their communication standard.

The fields where a link renders are listed in generator/source/references.py. Anywhere else
(a title, a name, the tables and templates built from runbook.yaml, owners.yaml and
severities.yaml) a link would show as literal brackets, so it is an error on its line.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic, did_you_mean
from generator.runtime.memo import RunCache
from generator.source.load import DataPath, SourceFile
from generator.source.model import SLUG_RE
from generator.source.project import CATEGORIES_FILE, OPERATIONS_DIR, Project
from generator.source.references import (
    CATEGORY_LINK_FIELDS,
    INLINE_REFERENCE,
    OPERATION_LINK_FIELDS,
    link_allowed,
    strings,
)
from generator.source.slugs import shown

_HEADINGS = {"title", "name"}


def _field_name(path: DataPath) -> str:
    """The key of a value, as an editor reads it: 'checklist', 'sections.title'."""
    return ".".join(str(step) for step in path if not isinstance(step, int)) or "this value"


def _not_rendered(name: str, path: DataPath, target: str) -> str:
    field = _field_name(path)
    if path and path[-1] in _HEADINGS:
        why = "it is a heading, a navigation entry and the browser title, which stay plain text"
    elif name.startswith(f"{OPERATIONS_DIR}/") or name == CATEGORIES_FILE:
        why = "it is not text that a page prints as a sentence"
    else:
        why = f"{name} fills tables and templates, which stay plain text"
    return (
        f"'[[{target}]]' cannot be a link in '{field}': {why}; name the page in words, or link it from the "
        "page's summary, prose or lists"
    )


def _place(source: SourceFile, path: DataPath, found: str, after: int) -> tuple[int, int, int]:
    """Line and column of the reference inside the value (of the value when it cannot be found).

    The search starts ``after`` the reference before it in the same value, so the same mistake
    twice is two places. Only the reference's first line is looked for: the later lines of a
    block value are indented in the file and not in the value. The third item is where the next
    search starts.
    """
    place = source.place(path)
    first_line = found.split("\n", 1)[0]
    start = max(place.start, after)
    at = source.text.find(first_line, start, max(place.end, start + len(first_line)))
    where = source.offset_place(at + 2) if at >= 0 else place
    return where.line, where.column, (at + len(first_line) if at >= 0 else after)


def _link_texts(source: SourceFile, cache: RunCache) -> list[tuple[DataPath, str]]:
    """The file's text values that hold '[[', with their paths; kept in memory by the file's digest.

    Walking every value of every file after each save in ``runbook serve`` cost more than the
    checks of the few values that hold a link.
    """
    if source.digest is None or not cache.enabled:
        return [(path, text) for path, text in strings(source.data) if "[[" in text]
    store, key = cache.memo("link-texts", on_disk=False), source.digest
    found = store.get(key)
    if found is None:
        found = [(path, text) for path, text in strings(source.data) if "[[" in text]
        store.put(key, found)
    return found


def _file_problems(name: str, source: SourceFile, operation_ids: set[str], cache: RunCache) -> list[Diagnostic]:
    if name.startswith(f"{OPERATIONS_DIR}/"):
        allowed = OPERATION_LINK_FIELDS
    elif name == CATEGORIES_FILE:
        allowed = CATEGORY_LINK_FIELDS
    else:
        allowed = ()
    # The page's own id: a link to the page the reader is on helps no reader.
    own = name.removeprefix(f"{OPERATIONS_DIR}/").removesuffix(".yaml") if name.startswith(OPERATIONS_DIR) else None
    problems = []
    for path, text in _link_texts(source, cache):
        rendered = link_allowed(path, allowed)
        targets = [m.group(1).strip() for m in INLINE_REFERENCE.finditer(text)]
        if rendered and all(target in operation_ids and target != own for target in targets):
            continue  # only good links: their places are never needed, and finding one parses the file in full
        after = 0
        for match in INLINE_REFERENCE.finditer(text):
            target = match.group(1).strip()
            line, column, after = _place(source, path, match.group(0), after)
            if not link_allowed(path, allowed):
                code, message = "link-not-rendered", _not_rendered(name, path, shown(target))
            elif target == own:
                message = (
                    f"'[[{target}]]' links this page to itself, which helps no reader: it is the page they "
                    "are on; name it in words ('this page'), or link the page meant instead"
                )
                problems.append(Diagnostic(source.path, line, column, "warning", "link-to-itself", message))
                continue
            elif target in operation_ids:
                continue
            elif "\n" in target:
                code = "unknown-operation"
                message = (
                    f"inline reference '[[{shown(target)}]]' is split over two lines; "
                    "write [[operation-id]] on one line"
                )
            elif not SLUG_RE.match(target):
                code = "unknown-operation"
                message = (
                    f"inline reference '[[{shown(target)}]]' is not an operation id; "
                    "write [[operation-id]] with the id of a file in source/operations/"
                )
            else:
                code = "unknown-operation"
                message = (
                    f"inline reference to unknown operation '{target}'; "
                    f"{did_you_mean(target, operation_ids, 'operation ids')}"
                )
            problems.append(Diagnostic(source.path, line, column, "error", code, message))
    return problems


def reference_problems(project: Project, cache: RunCache | None = None) -> list[Diagnostic]:
    """Every ``[[…]]`` that names no page, or sits where it cannot render, in every file."""
    operation_ids = set(project.operations)
    cache = cache or RunCache.off()
    problems: list[Diagnostic] = []
    for name, source in project.files.items():
        # Most files hold no '[[' at all: then none of their values is walked. A file the cache
        # knows is not even decoded: its texts with a link are remembered.
        known = cache.enabled and source.digest is not None
        if known or "[[" in source.text:
            problems += _file_problems(name, source, operation_ids, cache)
    return problems


# What each generated block is built from in runbook.yaml, and what to add when it is missing.
_EMBED_NEEDS = {
    "support-report": ("evidence", "add 'evidence' (fields with id, label and hint)"),
    "customer-update": ("communication", "add 'communication' (with 'includes' and 'never_share')"),
}


def embed_problems(project: Project) -> list[Diagnostic]:
    """An embed whose data runbook.yaml lacks would render an empty block, and links to it would break."""
    problems = []
    for op_id, operation in project.operations.items():
        for i, section in enumerate(operation.sections):
            if section.embed not in _EMBED_NEEDS:
                continue
            key, fix = _EMBED_NEEDS[section.embed]
            if not getattr(project.runbook, key):
                problems.append(
                    project.operation_file(op_id).diagnostic(
                        ("sections", i, "embed"),
                        "embed-without-data",
                        f"embed '{section.embed}' has nothing to show: runbook.yaml has no '{key}'; "
                        f"{fix} to runbook.yaml, or remove this embed",
                    )
                )
    return problems
