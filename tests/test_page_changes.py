"""'runbook generate --check --format markdown': the pages a change renders differently, by title.

The workflow runs it against docs/ of the pull request's base branch and writes the table into
the job summary, so a reviewer sees which pages staff will see change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.writer.changes import PageChange, page_changes, page_title
from generator.writer.write import DocsPlan
from tests.conftest import run


def _base_docs(base_source: Path) -> Path:
    """docs/ generated from the unchanged sources, kept as the base branch has it."""
    assert run("generate").exit_code == 0
    base = base_source.parent / "base" / "docs"
    shutil.copytree(base_source.parent / "docs", base)
    return base


def test_changed_pages_are_listed_with_their_titles(base_source: Path) -> None:
    base = _base_docs(base_source)
    page = base_source / "operations" / "contacting-support.yaml"
    page.write_text(page.read_text().replace("first.", "first, then write the request."))
    result = run("generate", "--check", "--docs", str(base), "--format", "markdown")
    assert result.exit_code == 1
    assert result.stdout == (
        "| Page | Title | Change |\n"
        "| --- | --- | --- |\n"
        "| `operations/contacting-support.md` | Contacting Support | changed |\n"
        "| `print.md` | Printable runbook | changed |\n"
    )


def test_a_title_that_would_break_the_table_is_escaped(base_source: Path) -> None:
    base = _base_docs(base_source)
    page = base_source / "operations" / "contacting-support.yaml"
    page.write_text(page.read_text().replace("title: Contacting Support", "title: Contacting | Escalating"))
    result = run("generate", "--check", "--docs", str(base), "--format", "markdown")
    assert "| `operations/contacting-support.md` | Contacting \\| Escalating | changed |" in result.stdout.splitlines()


def test_no_change_says_so(base_source: Path) -> None:
    base = _base_docs(base_source)
    result = run("generate", "--check", "--docs", str(base), "--format", "markdown")
    assert (result.exit_code, result.stdout) == (0, "No page changes.\n")


def test_markdown_needs_check(base_source: Path) -> None:
    result = run("generate", "--format", "markdown")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: --format markdown lists the pages that differ; use it with --check"
    )


def test_a_removed_page_keeps_the_title_it_had(tmp_path: Path) -> None:
    (tmp_path / "operations").mkdir()
    (tmp_path / "operations" / "old.md").write_text('---\ntitle: "Old Page"\n---\n\n# Old Page\n')
    plan = DocsPlan(delete=["operations/old.md"])
    assert page_changes(plan, {}, tmp_path) == [PageChange("operations/old.md", "removed", "Old Page")]


def test_a_page_without_a_front_matter_title_uses_its_heading() -> None:
    assert page_title("---\ngenerated_from: source/runbook.yaml\n---\n\n# Payments Runbook\n") == "Payments Runbook"
    assert page_title("No heading here.\n") == ""
