"""runbook build's site: pages rendered in forked processes and taken from the build cache, byte for byte a plain build.

On MkDocs in this process, and on ProperDocs in a second one (``RUNBOOK_ENGINE=properdocs``).
The footer's build stamp is fixed with SOURCE_DATE_EPOCH, as a reproducible build fixes it.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.engine.build import build_site
from generator.engine.choice import active_engine
from generator.scaffold import project_files
from generator.sitebuild.build import SiteBuilder, SiteBuilt
from tests.conftest import ROOT, run

FOOTER = '{{% extends "base.html" %}}\n{{% block footer %}}<p>{}</p>{{% endblock %}}\n'


@pytest.fixture(autouse=True)
def fixed_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture
def project(base_source: Path) -> Path:
    folder = base_source.parent
    (folder / "mkdocs.yml").write_text(project_files("Build test", "Testing")["mkdocs.yml"])
    assert run("generate").exit_code == 0
    return folder


def _differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only (empty when the trees are byte for byte equal)."""
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    return [
        name
        for name in sorted(names)
        if not ((left / name).is_file() and (right / name).is_file() and filecmp.cmp(left / name, right / name, False))
    ]


def _plain(folder: Path) -> Path:
    site = folder / "plain"
    shutil.rmtree(site, ignore_errors=True)
    build_site(folder / "mkdocs.yml", folder / "docs", site, strict=True)
    return site


def _built(folder: Path, *, processes: int = 2) -> SiteBuilt:
    builder = SiteBuilder(
        folder / "mkdocs.yml",
        folder / "docs",
        folder / "site",
        folder / ".cache" / "site",
        processes=processes,
        min_forked=1,
    )
    return builder.build()


def test_a_parallel_build_and_cached_rebuilds_after_edits_are_a_plain_build(project: Path) -> None:
    first = _built(project)
    assert first.processes == 2 and first.markdown_rendered == first.pages and first.cache_note is None
    assert _differences(project / "site", _plain(project)) == []
    again = _built(project)
    assert (again.markdown_rendered, again.html_rendered) == (0, 0)
    assert _differences(project / "site", _plain(project)) == []

    page = project / "source" / "operations" / "error-reports.yaml"
    page.write_text(page.read_text().replace("summary: What an error report contains.", "summary: What it holds."))
    assert run("generate").exit_code == 0
    changed = _built(project)
    assert 0 < changed.markdown_rendered < changed.pages
    assert _differences(project / "site", _plain(project)) == []
    assert "What it holds." in (project / "site" / "operations" / "error-reports" / "index.html").read_text()

    # A new page (every page's navigation changes), then a deleted one.
    new = project / "source" / "operations" / "paging-the-vendor.yaml"
    new.write_text(page.read_text().replace("title: Error Reports", "title: Paging the Vendor"))
    assert run("generate").exit_code == 0
    _built(project)
    assert _differences(project / "site", _plain(project)) == []
    assert (project / "site" / "operations" / "paging-the-vendor" / "index.html").is_file()
    new.unlink()
    assert run("generate").exit_code == 0
    _built(project, processes=1)
    assert _differences(project / "site", _plain(project)) == []
    assert not (project / "site" / "operations" / "paging-the-vendor").exists()


def test_a_configuration_or_template_change_rebuilds_every_page_with_one_line(project: Path) -> None:
    _built(project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nextra:\n  note: changed\n")
    changed = _built(project)
    assert changed.cache_note is not None and "another version or configuration" in changed.cache_note
    assert changed.html_rendered == changed.pages
    assert _differences(project / "site", _plain(project)) == []

    overrides = project / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(FOOTER.format("Our footer"))
    config.write_text(config.read_text().replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1))
    _built(project)
    (overrides / "main.html").write_text(FOOTER.format("New footer"))
    rebuilt = _built(project)
    assert rebuilt.html_rendered == rebuilt.pages
    assert "New footer" in (project / "site" / "index.html").read_text()
    assert _differences(project / "site", _plain(project)) == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda index: index.write_text("{not json"), id="corrupt"),
        pytest.param(lambda index: index.write_text(json.dumps({"format": 1, "key": "x" * 32})), id="foreign"),
        pytest.param(lambda index: index.write_bytes(b"\x80\x04\x95pickle"), id="a-pickle"),
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored_with_one_line_then_every_page_is_built(project: Path, damage) -> None:
    _built(project)
    damage(project / ".cache" / "site" / "index.json")
    rebuilt = _built(project)
    assert rebuilt.cache_note is not None and rebuilt.cache_note.endswith("building every page")
    assert "\n" not in rebuilt.cache_note
    assert rebuilt.html_rendered == rebuilt.pages
    assert _differences(project / "site", _plain(project)) == []


def test_a_cache_an_older_runbook_wrote_is_called_old_not_damaged(project: Path) -> None:
    _built(project)
    index = project / ".cache" / "site" / "index.json"
    older = json.loads(index.read_text()) | {"format": 1}
    index.write_text(json.dumps(older))
    rebuilt = _built(project)
    assert rebuilt.cache_note is not None and "another version or configuration" in rebuilt.cache_note
    assert "damaged" not in rebuilt.cache_note
    assert rebuilt.html_rendered == rebuilt.pages


def test_a_cached_page_whose_html_was_altered_is_built_again(project: Path) -> None:
    _built(project)
    stored = sorted((project / ".cache" / "site" / "pages").iterdir())
    for path in stored:
        path.write_bytes(path.read_bytes().replace(b"</body>", b"<script>alert(1)</script></body>"))
    shutil.rmtree(project / "site")  # otherwise the pages there, as the last build left them, stay
    rebuilt = _built(project)
    assert rebuilt.cache_note is not None and "damaged" in rebuilt.cache_note
    assert rebuilt.html_rendered == rebuilt.pages
    assert _differences(project / "site", _plain(project)) == []


def test_an_altered_render_in_the_cache_is_rendered_again_when_its_page_is_written(project: Path) -> None:
    _built(project)
    for path in (project / ".cache" / "site" / "contents").iterdir():
        path.write_bytes(path.read_bytes().replace(b"</p>", b"<script>alert(1)</script></p>"))
    page = project / "source" / "operations" / "error-reports.yaml"
    page.write_text(page.read_text().replace("title: Error Reports", "title: Error Report Contents"))
    assert run("generate").exit_code == 0  # a title in other pages' navigation: they are written again
    rebuilt = _built(project)
    assert rebuilt.cache_note is not None and "damaged" in rebuilt.cache_note
    assert rebuilt.markdown_rendered > 1 and rebuilt.html_rendered > 1
    assert _differences(project / "site", _plain(project)) == []
    assert b"alert(1)" not in b"".join(path.read_bytes() for path in (project / "site").rglob("*.html"))


def test_a_rebuild_leaves_pages_as_written_and_puts_back_what_else_is_in_the_site_folder(project: Path) -> None:
    _built(project)
    site = project / "site"
    untouched = site / "index.html"
    before = untouched.stat()
    edited = site / "operations" / "error-reports" / "index.html"
    text = edited.read_bytes()
    times = edited.stat()
    edited.write_bytes(text.replace(b"<title>", b"<TITLE>", 1))  # same size, same modification time
    os.utime(edited, ns=(times.st_atime_ns, times.st_mtime_ns))
    (site / "stray.html").write_text("left by hand")
    (site / "old-page").mkdir()
    (site / "old-page" / "index.html").write_text("a page no build makes")

    rebuilt = _built(project)
    assert (rebuilt.markdown_rendered, rebuilt.html_rendered) == (0, 0)
    assert _differences(site, _plain(project)) == []
    assert edited.read_bytes() == text
    assert not (site / "stray.html").exists() and not (site / "old-page").exists()
    after = untouched.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not written again


def test_a_plugin_the_build_does_not_know_empties_the_site_folder_first(project: Path) -> None:
    hook = project / "hooks.py"
    hook.write_text("def on_post_build(config):\n    pass\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nhooks:\n  - hooks.py\n")
    _built(project)
    untouched = project / "site" / "index.html"
    before = untouched.stat()
    (project / "site" / "stray.html").write_text("left by hand")
    rebuilt = _built(project)
    assert rebuilt.html_rendered == 0
    assert _differences(project / "site", _plain(project)) == []
    assert untouched.stat().st_ino != before.st_ino or untouched.stat().st_mtime_ns != before.st_mtime_ns


def test_runbook_build_uses_and_fills_the_build_cache_and_no_cache_ignores_it(project: Path) -> None:
    result = run("build")
    assert result.exit_code == 0, result.stderr
    folders = list((project / ".cache" / "runbook").glob("site-*"))
    assert len(folders) == 1 and (folders[0] / "index.json").is_file()
    (folders[0] / "index.json").write_text("{broken")
    result = run("build", "--no-cache")
    assert result.exit_code == 0 and "build cache" not in result.stderr
    assert (folders[0] / "index.json").read_text() == "{broken"  # not read, not written
    result = run("build")
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if "build cache" in line]
    assert len(notes) == 1 and notes[0].startswith("runbook: the build cache ") and "damaged" in notes[0]
    assert _differences(project / "site", _plain(project)) == []


@pytest.mark.skipif(os.environ.get("RUNBOOK_ENGINE") == "properdocs", reason="this is the run on ProperDocs")
def test_on_properdocs_too(tmp_path: Path) -> None:
    """The tests above in a process of their own running ProperDocs (it takes over the mkdocs names)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", __file__, "-k", "not on_properdocs"],
        cwd=ROOT,
        env={**os.environ, "RUNBOOK_ENGINE": "properdocs"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " skipped" not in result.stdout.split("\n")[-2]


def test_this_process_runs_the_engine_it_was_given() -> None:
    assert active_engine() == os.environ.get("RUNBOOK_ENGINE", "mkdocs")
