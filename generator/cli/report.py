"""Print diagnostics as text (compiler style), JSON, or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.diagnostics import Diagnostic, count_errors
from generator.pipeline import PageChange

FORMATS = ("text", "json", "github")


def _escape_annotation(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_diagnostics(diagnostics: Sequence[Diagnostic], output_format: str) -> str:
    """All diagnostics in one format, ready to print (empty string when there are none in text)."""
    if output_format == "json":
        errors, warnings = count_errors(diagnostics)
        records = [
            {
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "severity": d.severity,
                "code": d.code,
                "message": d.message,
            }
            for d in diagnostics
        ]
        return json.dumps({"errors": errors, "warnings": warnings, "diagnostics": records}, indent=2)
    if output_format == "github":
        lines = []
        for d in diagnostics:
            place = f"file={_escape_annotation(d.path, property_value=True)}," if d.path else ""
            if d.path and d.line:
                place += f"line={d.line},col={d.column},"
            title = _escape_annotation(d.code, property_value=True)
            lines.append(f"::{d.severity} {place}title={title}::{_escape_annotation(d.message)}")
        return "\n".join(lines)
    return "\n".join(str(d) for d in diagnostics)


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """One closing line: how many errors and warnings."""
    errors, warnings = count_errors(diagnostics)
    parts = [f"{errors} error{'s' if errors != 1 else ''}", f"{warnings} warning{'s' if warnings != 1 else ''}"]
    return ", ".join(parts)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def changes_markdown(changes: Sequence[PageChange], nav_changed: bool) -> str:
    """The pages a render changes as a Markdown table, for a pull request's job summary."""
    if not changes and not nav_changed:
        return "No page changes."
    lines = []
    if changes:
        lines += ["| Page | Title | Change |", "| --- | --- | --- |"]
        lines += [f"| `{_cell(c.page)}` | {_cell(c.title)} | {c.change} |" for c in changes]
    if nav_changed:
        lines += (
            ["", "The site navigation (`mkdocs.nav.yml`) changes too."] if changes else ["The site navigation changes."]
        )
    return "\n".join(lines)
