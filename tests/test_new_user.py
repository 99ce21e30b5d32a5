"""The issue's acceptance test, as a new editor would meet it: one mistake, one precise line, docs/ untouched.

A mistyped key, a duplicate key and an unquoted 'no' are errors. A <script> in a summary is
legal text (the site shows it literally), so it is a warning: 'runbook generate --strict', as CI
runs it, refuses it with the same single line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run

MISTAKES = {
    "mistyped key": (
        "title: Error Reports",
        "titel: Error Reports",
        "source/operations/error-reports.yaml:1:1: error: unknown key 'titel'; did you mean 'title'?",
    ),
    "duplicate key": (
        "category: support",
        "category: support\ntitle: Error Reports again",
        "source/operations/error-reports.yaml:3:1: error: duplicate key 'title' (first written on line 1); "
        "YAML would silently keep only the last one: remove or rename one",
    ),
    "no in a text field": (
        "summary: What an error report contains.",
        "summary: no",
        "source/operations/error-reports.yaml:3:10: error: expected text, but YAML reads unquoted no as "
        'the boolean false; put it in quotes: "no"',
    ),
    "script in a summary": (
        "summary: What an error report contains.",
        "summary: What it contains <script>alert(1)</script>",
        "source/operations/error-reports.yaml:3:27: warning: '<script>' looks like HTML, but text is shown "
        "exactly as written: the page will show these characters, not markup; remove the tag or describe it "
        "in words",
    ),
}


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_one_mistake_one_line_and_docs_untouched(base_source: Path, mistake: str) -> None:
    assert run("generate").exit_code == 0
    before = _snapshot(Path("docs"))
    old, new, line = MISTAKES[mistake]
    page = base_source / "operations" / "error-reports.yaml"
    assert old in page.read_text()
    page.write_text(page.read_text().replace(old, new, 1))
    is_error = " error: " in line
    check = run("check")
    assert check.exit_code == (1 if is_error else 0)
    assert check.stderr.splitlines()[:-1] == [line]
    result = run("generate", "--strict")
    assert result.exit_code == 1
    counts = "1 error, 0 warnings" if is_error else "0 errors, 1 warning"
    assert result.stderr == f"{line}\nrunbook: {counts}; nothing was written\n"
    assert _snapshot(Path("docs")) == before
