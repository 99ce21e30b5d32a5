"""The templates' compiled code kept beside them (generator/pages/templatecode.py): the pages stay the same."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.pages import templatecode
from generator.pages.render import render_site
from generator.runtime.memo import RunCache
from generator.source.project import load_project
from tests.conftest import FIXTURES


def _pages(cache: RunCache) -> dict[str, str]:
    project, problems = load_project(FIXTURES / "payments", RunCache.off())
    assert project is not None, problems
    return {name: page.content for name, page in render_site(project, cache).items()}


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from their text from now on."""
    names: list[str] = []
    compile_template = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kw: object) -> object:
        names.append(name or "")
        return compile_template(self, source, name, *args, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def test_a_run_with_no_cache_reads_the_code_an_earlier_run_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiles: list[str]
) -> None:
    monkeypatch.setattr(templatecode, "CODE_FOLDER", tmp_path / "code")
    first = _pages(RunCache.off())
    assert "operation.md.j2" in compiles
    kept = sorted(path.name for path in (tmp_path / "code").iterdir())
    assert len(kept) == len(set(compiles)), kept

    compiles.clear()
    assert _pages(RunCache.off()) == first
    assert compiles == []


def test_damaged_or_outdated_code_is_compiled_again_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiles: list[str]
) -> None:
    monkeypatch.setattr(templatecode, "CODE_FOLDER", tmp_path / "code")
    first = _pages(RunCache.off())
    files = sorted((tmp_path / "code").iterdir())
    # The same template's code under other settings (an older version of the package).
    stale = files[0].with_name("0123456789abcdef-" + files[0].name.split("-", 1)[1])
    stale.write_bytes(files[0].read_bytes())
    files[0].write_bytes(b"j2 not marshal data at all")
    files[1].write_bytes(files[1].read_bytes()[:40])

    compiles.clear()
    assert _pages(RunCache.off()) == first
    assert len(compiles) == 2
    assert not stale.exists()
    assert sorted((tmp_path / "code").iterdir()) == files


def test_where_the_package_cannot_be_written_templates_are_compiled_each_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiles: list[str]
) -> None:
    blocked = tmp_path / "read-only-install"
    blocked.write_text("a file where the folder would go")
    monkeypatch.setattr(templatecode, "CODE_FOLDER", blocked / "__pycache__")
    first = _pages(RunCache.off())
    compiled_each_run = len(compiles)
    compiles.clear()
    assert _pages(RunCache.off()) == first
    assert len(compiles) == compiled_each_run > 0


def test_the_project_cache_folder_holds_no_template_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CI restores the cache folder from earlier runs: code read from it could be anyone's."""
    monkeypatch.setattr(templatecode, "CODE_FOLDER", tmp_path / "code")
    cache = RunCache(tmp_path / "cache")
    _pages(cache)
    cache.save()
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.suffix in (".cache", ".jinja")]
