"""A --docs or --site-dir that is not a folder of its own is refused before anything is written.

Generating into the project folder, the source folder or a parent of them once replaced and
deleted every generated page below it, other runbooks' included; building into the source
folder let MkDocs empty it. Each case asserts the one line the user sees, and that no file
changed anywhere in the temporary folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import BASE_CASE, run

FIX = "pass --docs the folder the pages go into, such as docs (it is created when missing)"


def _tree(folder: Path) -> dict[str, bytes | str]:
    """Every file and link under ``folder``: its bytes, or where the link points."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = os.readlink(path)
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


@pytest.fixture
def project(in_tmp: Path) -> Path:
    """A runbook in ./project with its docs generated, beside another runbook's generated pages."""
    shutil.copytree(BASE_CASE, in_tmp / "project" / "source")
    os.chdir(in_tmp / "project")
    assert run("generate").exit_code == 0
    other = in_tmp / "other" / "docs" / "operations"
    other.mkdir(parents=True)
    shutil.copyfile("docs/operations/error-reports.md", other / "their-page.md")
    return in_tmp / "project"


@pytest.mark.parametrize(
    ("docs", "message"),
    [
        (".", "the docs folder holds the source folder source"),
        ("..", "the docs folder holds the source folder source"),
        ("source", "the docs folder is the source folder"),
        ("source/operations", "the docs folder is inside the source folder source"),
    ],
)
def test_docs_folder_around_or_inside_the_sources_is_refused(project: Path, docs: str, message: str) -> None:
    before = _tree(project.parent)
    result = run("generate", "--docs", docs)
    assert result.exit_code == 1
    assert result.stderr == f"{docs}:1:1: error: {message}; {FIX}\nrunbook: 1 error, 0 warnings; nothing was written\n"
    assert _tree(project.parent) == before


def test_docs_folder_that_is_a_project_folder_is_refused(project: Path) -> None:
    Path("../other/mkdocs.yml").write_text("site_name: Other\n")
    before = _tree(project.parent)
    result = run("generate", "--docs", "../other")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "../other:1:1: error: the docs folder is a project folder (it holds mkdocs.yml or .git), "
        f"not its docs folder; {FIX}"
    )
    assert _tree(project.parent) == before


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("nowhere", "a symbolic link to nothing (its target does not exist)"),
        ("pages", "a symbolic link that cannot be followed (a loop)"),
    ],
)
def test_docs_folder_that_is_a_broken_link_is_refused(project: Path, target: str, kind: str) -> None:
    os.symlink(target, "pages")
    before = _tree(project.parent)
    result = run("generate", "--docs", "pages")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"pages:1:1: error: the docs folder is {kind}, not a folder; {FIX}"
    assert "Traceback" not in result.stderr
    assert _tree(project.parent) == before


def test_generated_pages_below_the_page_folders_are_not_ours(project: Path) -> None:
    """An example runbook's generated pages kept under docs/ survive a run that generates none of them."""
    kept = Path("docs/examples/other/operations/their-page.md")
    kept.parent.mkdir(parents=True)
    shutil.copyfile("docs/operations/error-reports.md", kept)
    result = run("generate")
    assert result.exit_code == 0
    assert result.stderr == "runbook: 0 created, 0 updated, 0 deleted, 12 unchanged in docs\n"
    assert kept.read_bytes() == Path("docs/operations/error-reports.md").read_bytes()


def test_file_where_a_page_folder_goes_is_a_conflict(project: Path) -> None:
    shutil.rmtree("docs/operations")
    Path("docs/operations").write_text("my notes\n")
    before = _tree(project.parent)
    result = run("generate")
    assert result.exit_code == 1
    assert result.stderr == (
        "docs/operations:1:1: error: generated pages go into the folder operations/, and a file is in the way; "
        "it is left untouched: rename or move it\nrunbook: 1 error, 0 warnings; nothing was written\n"
    )
    assert _tree(project.parent) == before


SITE_FIX = "pass --site-dir a new or empty folder, or one a build made, such as site"


@pytest.mark.parametrize(
    ("site", "message"),
    [
        ("source", "the site folder holds the source folder source, and MkDocs empties it before building"),
        (".", "the site folder holds the source folder source, and MkDocs empties it before building"),
        ("docs", "the site folder holds the docs folder docs, and MkDocs empties it before building"),
        ("docs/site", "the site folder is inside the docs folder docs"),
        ("source/operations", "the site folder is inside the source folder source"),
        (
            "notes",
            "the site folder holds files but no built site (no index.html), and MkDocs empties it before building",
        ),
    ],
)
def test_build_into_a_folder_of_other_files_is_refused(project: Path, site: str, message: str) -> None:
    """MkDocs empties its site folder first: 'build --site-dir source' deleted the sources."""
    Path("mkdocs.yml").write_text("site_name: Test\n")
    Path("notes").mkdir()
    Path("notes/todo.txt").write_text("hand-written\n")
    before = _tree(project.parent)
    result = run("build", "--site-dir", site)
    assert result.exit_code == 1
    assert result.stderr == f"{site}:1:1: error: {message}; {SITE_FIX}\n"
    assert _tree(project.parent) == before


@pytest.mark.parametrize(
    ("inherit", "where"), [("source/operations/nav.yaml", "the source folder"), ("docs/nav.yml", "the docs folder")]
)
def test_inherit_into_the_sources_or_pages_is_refused(project: Path, inherit: str, where: str) -> None:
    """A nav written into source/operations/ was read as a page on the next run."""
    Path("mkdocs.yml").write_text(f"site_name: Test\nINHERIT: {inherit}\n")
    before = _tree(project.parent)
    result = run("generate")
    assert result.exit_code == 1
    assert result.stderr == (
        f"mkdocs.yml:2:1: error: INHERIT leads to {inherit}, inside {where}, where the generated navigation would "
        "be written; name a file beside mkdocs.yml instead, such as 'INHERIT: mkdocs.nav.yml'\n"
        "runbook: 1 error, 0 warnings; nothing was written\n"
    )
    assert _tree(project.parent) == before
