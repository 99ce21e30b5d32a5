"""'runbook serve' after edits serves what a full 'runbook build' makes, page for page.

The served site is rebuilt page by page (the changed pages first, then what lists them); these
tests edit a running server's source/ and compare every served page's article and title with a
full build of the same source made in another folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.scaffold import project_files
from tests.conftest import BASE_CASE, ROOT
from tests.test_serve import Server, _serving, _wait_for

BILLING_CATEGORY = """
  - id: billing
    name: Billing
    description: Refunds, invoices and payment disputes.
    defaults:
      primary_owner: support-lead
      review_cadence: every quarter
"""
REFUND_DISPUTES = """title: Refund Disputes
category: billing
summary: What to do when a customer disputes a charge with their bank.
sections:
  - title: First reply
    body: Ask for the order number and the date of the charge; never ask for card numbers.
"""
_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def _article(page: str) -> tuple[str, str]:
    article, title = _ARTICLE.search(page), _TITLE.search(page)
    return (article.group(1) if article else "", title.group(1) if title else "")


def _full_build(folder: Path, work: Path) -> dict[str, tuple[str, str]]:
    """Article and title of every page of a full 'runbook build' of ``folder``'s source/, by site path."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    shutil.copytree(folder / "source", work / "source")
    shutil.copyfile(folder / "mkdocs.yml", work / "mkdocs.yml")
    subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=work,
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    pages = {}
    for path in sorted((work / "site").rglob("*.html")):
        if path.name != "404.html":
            site_path = path.relative_to(work / "site").as_posix().removesuffix("index.html")
            pages[site_path] = _article(path.read_text(encoding="utf-8"))
    assert pages and all(article and title for article, title in pages.values()), "pages without an article"
    return pages


def _wait_for_text(server: Server, page: str, shown: str, what: str) -> None:
    _wait_for(f"{what} on {page}", lambda: shown in (server.page(page) or ""), server.log)


def _wait_for_full_build(server: Server, work: Path, when: str) -> dict[str, tuple[str, str]]:
    """Wait until every served page's article and title equal a full build's; that build's pages."""
    built = _full_build(server.folder, work)
    _wait_for(f"every page as a full build has it, {when}", lambda: not _differences(server, built), server.log)
    return built


def _differences(server: Server, built: dict[str, tuple[str, str]]) -> list[str]:
    """Site paths whose served article or title differs from the full build's."""
    return [path for path, expected in built.items() if _article(server.page(path) or "") != expected]


@pytest.fixture
def billing_server(tmp_path: Path) -> Iterator[Server]:
    """A server on the base runbook plus a Billing category holding one page."""
    shutil.copytree(BASE_CASE, tmp_path / "source")
    categories = tmp_path / "source" / "categories.yaml"
    categories.write_text(categories.read_text() + BILLING_CATEGORY)
    (tmp_path / "source" / "operations" / "refund-disputes.yaml").write_text(REFUND_DISPUTES)
    (tmp_path / "mkdocs.yml").write_text(project_files("Serve test", "Testing")["mkdocs.yml"])
    with _serving(tmp_path) as running:
        yield running


def _edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text()
    assert change(text) != text
    path.write_text(change(text))


def test_after_each_edit_every_served_page_equals_a_full_build(billing_server: Server, tmp_path: Path) -> None:
    server = billing_server
    operations = server.folder / "source" / "operations"
    edits: list[tuple[str, Path, Callable[[str], str], str, str]] = [
        (
            "a summary",
            operations / "error-reports.yaml",
            lambda t: t.replace("summary: What an error report contains.", "summary: What a report holds, live."),
            "operations/error-reports/",
            "What a report holds, live.",
        ),
        (
            "a title",
            operations / "error-reports.yaml",
            lambda t: t.replace("title: Error Reports", "title: Error Reports and Codes"),
            "operations/contacting-support/",  # lists it: related pages and the navigation
            "Error Reports and Codes",
        ),
        (
            "a related link",
            operations / "error-reports.yaml",
            lambda t: t + "  - operation: refund-disputes\n    when: when the report is about a charge\n",
            "operations/error-reports/",
            "when the report is about a charge",
        ),
    ]
    for what, path, change, page, shown in edits:
        _edit(path, change)
        _wait_for_text(server, page, shown, what)
        _wait_for_full_build(server, tmp_path / "reference", f"after {what}")
    assert "changed page(s) reloaded" in server.output()
    assert "Traceback" not in server.output()


def test_a_change_that_removes_a_category_page_rebuilds_without_a_traceback(
    billing_server: Server, tmp_path: Path
) -> None:
    server = billing_server
    assert "Refund Disputes" in (server.page("categories/billing/") or "")
    _edit(server.folder / "source" / "operations" / "refund-disputes.yaml", lambda t: t.replace("billing", "support"))
    _wait_for("the Billing category page to go", lambda: server.page("categories/billing/") is None, server.log)
    built = _wait_for_full_build(server, tmp_path / "reference", "after the move")
    assert "categories/billing/" not in built
    assert "Traceback" not in server.output()
    assert "FileNotFoundError" not in server.output()
