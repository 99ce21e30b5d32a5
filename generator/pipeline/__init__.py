"""The library's face: run the pipeline on paths and options and get data back.

Nothing here prints or exits. Each function takes paths and options (and, where a caller keeps
one between runs, its :class:`~generator.runtime.memo.RunCache`) and returns what a caller needs
to report: diagnostics, rendered pages, what was or would be written. ``generator.cli`` is a
thin shell over these functions and may import nothing else but ``generator.diagnostics``.
"""

from __future__ import annotations

from generator.pipeline.generate import (
    CheckResult,
    GenerateResult,
    LinkCheckResult,
    check_links,
    check_source,
    generate_docs,
    triage_decision,
)
from generator.triage.decision import TriageDecision, TriageUsageError

__all__ = [
    "CheckResult",
    "GenerateResult",
    "LinkCheckResult",
    "TriageDecision",
    "TriageUsageError",
    "check_links",
    "check_source",
    "generate_docs",
    "triage_decision",
]
