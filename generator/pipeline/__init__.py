"""The library's face: run the pipeline on paths and options and get data back.

Nothing here prints or exits. Each function takes paths and options (and, where a caller keeps
one between runs, its :class:`~generator.runtime.memo.RunCache`) and returns what a caller needs
to report: diagnostics, rendered pages, what was or would be written. ``generator.cli`` is a
thin shell over these functions and imports nothing else but ``generator.diagnostics``.
"""

from __future__ import annotations

from generator.alerts.site import SiteAddress, SiteUrlError
from generator.checks.review import today_from
from generator.paging.export import EXPORT_FORMATS
from generator.paging.pagerduty_api import PAGERDUTY_API
from generator.pipeline.alerts import AlertCheckResult, AlertUrlsResult, alert_page_urls, check_alerts, site_address
from generator.pipeline.disk import disk_problem
from generator.pipeline.generate import (
    CheckResult,
    GenerateResult,
    changed_pages,
    check_source,
    generate_docs,
    tune_process,
)
from generator.pipeline.paging import (
    PagingCheckResult,
    check_paging,
    export_paging,
    paging_unavailable,
    write_export,
)
from generator.pipeline.project import (
    InitResult,
    NewOperation,
    SchemaResult,
    export_schemas,
    init_project,
    new_operation,
    triage_decision,
    triage_escalation,
    triage_text,
)
from generator.pipeline.serve import serve
from generator.pipeline.site import BuildResult, LinkCheckResult, build_site, check_links, engine_problem
from generator.runtime.memo import RunCache
from generator.source.schema import SCHEMA_DIR
from generator.triage.decision import TriageDecision, TriageUsageError
from generator.triage.text import decision_text
from generator.writer.changes import PageChange

__all__ = [
    "EXPORT_FORMATS",
    "PAGERDUTY_API",
    "SCHEMA_DIR",
    "AlertCheckResult",
    "AlertUrlsResult",
    "BuildResult",
    "CheckResult",
    "GenerateResult",
    "InitResult",
    "LinkCheckResult",
    "NewOperation",
    "PageChange",
    "PagingCheckResult",
    "RunCache",
    "SchemaResult",
    "SiteAddress",
    "SiteUrlError",
    "TriageDecision",
    "TriageUsageError",
    "alert_page_urls",
    "build_site",
    "changed_pages",
    "check_alerts",
    "check_links",
    "check_paging",
    "check_source",
    "decision_text",
    "disk_problem",
    "engine_problem",
    "export_paging",
    "export_schemas",
    "generate_docs",
    "init_project",
    "new_operation",
    "paging_unavailable",
    "serve",
    "site_address",
    "today_from",
    "triage_decision",
    "triage_escalation",
    "triage_text",
    "tune_process",
    "write_export",
]
