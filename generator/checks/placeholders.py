"""Warnings for the sample lines ``runbook new operation`` writes, left in a page.

The new page passes ``runbook check`` so that an editor can build and preview it at once, but its
sample summary, "use when", body and checklist lines say nothing to a reader mid-incident. A page
that still holds one of them is a warning (an error under ``--strict``, which CI and ``make test``
use), placed on the line to replace, so a half-written page cannot be published unnoticed.

The scaffold writes its sample lines from :data:`SAMPLE_LINES`, so the two cannot drift apart.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic
from generator.runtime.memo import RunCache
from generator.source.load import DataPath, SourceFile
from generator.source.project import Project
from generator.source.references import strings

SAMPLE_LINES = {
    "summary": "One or two sentences on what this page is for.",
    "use_when": "when this situation comes up",
    "body": "Write the steps here.",
    "checklist": "The first thing to confirm",
    "mistake": "A mistake to avoid",
    "related_when": "before doing something",
}
"""The lines ``runbook new operation`` fills a page with, by where they go."""

_SAMPLES = frozenset(SAMPLE_LINES.values())


def _samples(source: SourceFile, cache: RunCache) -> list[tuple[DataPath, str]]:
    """The sample lines in one file with their paths; kept in memory by the file's digest (``runbook serve``)."""
    if source.digest is None or not cache.enabled:
        return [(path, text) for path, text in strings(source.data) if text.strip() in _SAMPLES]
    store = cache.memo("sample-lines", on_disk=False)
    found = store.get(source.digest)
    if found is None:
        found = [(path, text) for path, text in strings(source.data) if text.strip() in _SAMPLES]
        store.put(source.digest, found)
    return found


def placeholder_warnings(project: Project, cache: RunCache | None = None) -> list[Diagnostic]:
    """One warning per sample line still in a page, on that line."""
    problems: list[Diagnostic] = []
    cache = cache or RunCache.off()
    for op_id in project.operations:
        source = project.operation_file(op_id)
        for path, text in _samples(source, cache):
            problems.append(
                source.diagnostic(
                    path,
                    "sample-text",
                    f"'{text.strip()}' is the sample line 'runbook new operation' wrote; "
                    "replace it with what staff need here, or delete it",
                    severity="warning",
                )
            )
    return problems
