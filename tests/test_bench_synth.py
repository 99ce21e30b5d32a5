"""The benchmark's synthetic runbook, and the generated navigation it exists to keep small.

Timings are the benchmark's business (``make bench``); these tests check only what must hold
at any size: the synthetic runbook is valid and deterministic, and the navigation lists every
page once in levels of bounded length.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.run import copy_site_config
from bench.synth import edit_summary, operation_id, write_source
from bench.table import markdown_table
from generator.checks.validate import validate_project
from generator.pages.render import render_site
from generator.pages.view import RenderedPage
from generator.runtime.memo import RunCache
from generator.source.project import Project, load_project
from generator.writer.navigation import NavItem, site_nav
from tests.conftest import check_links, run


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("synth") / "source"
    write_source(240, source)
    return source


@pytest.fixture(scope="module")
def project(synthetic: Path) -> Project:
    loaded, diagnostics = load_project(synthetic, RunCache.off())
    assert loaded is not None, diagnostics
    return loaded


def test_synthetic_runbook_is_valid_without_warnings(project: Project) -> None:
    assert validate_project(project, RunCache.off()) == []


def test_synthetic_runbook_is_deterministic(synthetic: Path, tmp_path: Path) -> None:
    again = tmp_path / "source"
    write_source(240, again)
    first = {p.relative_to(synthetic): p.read_bytes() for p in synthetic.rglob("*.yaml")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.yaml")}
    assert first == second


def test_synthetic_pages_look_like_the_bundled_ones(synthetic: Path, project: Project) -> None:
    # About the size of a hand-written page (the bench's docstring says 3-6 KB), whatever source/ holds.
    sizes = [p.stat().st_size for p in (synthetic / "operations").glob("*.yaml")]
    assert 3000 <= statistics.mean(sizes) <= 6000
    related = [len(op.related) for op in project.operations.values()]
    assert 7 <= statistics.mean(related) <= 9
    assert all("[[" in op.sections[0].body for op in project.operations.values())
    assert len({level for op in project.operations.values() for level in op.applies_to}) >= 3
    assert len({op.category for op in project.operations.values()}) >= 6


def _walk(items: list[NavItem], limit: int, pages: list[str]) -> None:
    assert len(items) <= limit + 1  # a section may add its index page
    labels = [next(iter(item)) for item in items if isinstance(item, dict)]
    assert len(labels) == len(set(labels)), labels  # siblings are told apart by their labels
    for item in items:
        if isinstance(item, str):
            pages.append(item)
        else:
            ((_, children),) = item.items()
            _walk(children, limit, pages)


def test_navigation_lists_every_page_once_in_short_levels(project: Project) -> None:
    pages = render_site(project, RunCache.off())
    limit = 12  # small, so 240 pages in 8 categories need groups of groups
    nav = site_nav(project, pages, limit=limit)
    listed: list[str] = []
    _walk(nav, max(limit, 10), listed)
    # Category parts after the first and the map's parts are reached from the pages that list
    # them; mkdocs.nav.yml names their folders in not_in_nav.
    left_out = {p for p in pages if p.startswith(("map/", "categories/")) and not p.endswith("/index.md")}
    left_out |= {p for p in pages if p.startswith("map/")}
    assert left_out and all(p.startswith(("map/", "categories/")) for p in left_out)
    assert sorted(listed) == sorted(set(pages) - left_out)
    assert all(f"categories/{c.id}/index.md" in listed for c in project.categories.categories)


def _operation_links(text: str) -> int:
    return len(re.findall(r"\]\((?:\.\./)*operations/[a-z0-9-]+\.md[)#]", text))


def test_no_page_but_an_operation_page_grows_with_the_runbook(project: Project, tmp_path: Path) -> None:
    write_source(720, tmp_path / "source")
    larger, diagnostics = load_project(tmp_path / "source", RunCache.off())
    assert larger is not None, diagnostics
    small, large = render_site(project, RunCache.off()), render_site(larger, RunCache.off())
    assert len(large) > len(small) > 240
    shared = [
        p for p in small if not p.startswith(("operations/", "categories/", "map/")) or p == "operations/index.md"
    ]
    assert {"index.md", "owners.md", "triage.md", "severity-levels.md", "tags.md", "print.md", "map.md"} <= set(shared)
    for page in shared:
        assert len(large[page].content) <= len(small[page].content) * 1.25 + 2000, page

    def most_links(pages: dict[str, RenderedPage]) -> int:
        listing = [r for p, r in pages.items() if not p.startswith("operations/") or p == "operations/index.md"]
        return max(_operation_links(r.content) for r in listing)

    assert 50 <= most_links(large) <= most_links(small) * 1.25
    assert max(len(r.content) for p, r in large.items() if not p.startswith("operations/")) < 40_000


def test_navigation_groups_read_as_ranges(project: Project) -> None:
    nav = site_nav(project, render_site(project, RunCache.off()), limit=12)
    operations = next(item["Operations"] for item in nav if isinstance(item, dict) and "Operations" in item)
    first_category = next(item for item in operations if isinstance(item, dict))
    ((_, (category_page, *groups)),) = first_category.items()
    assert category_page == f"categories/{project.categories.categories[0].id}/index.md"
    assert all(isinstance(group, dict) for group in groups)
    labels = [next(iter(group)) for group in groups if isinstance(group, dict)]
    assert all(" – " in label for label in labels), labels


def test_generate_writes_the_nav_and_check_notices_when_it_is_stale(base_source: Path) -> None:
    config = base_source.parent / "mkdocs.yml"
    config.write_text("INHERIT: mkdocs.nav.yml\nsite_name: Test\ndocs_dir: docs\n", encoding="utf-8")
    result = run("generate")
    assert result.exit_code == 0, result.output
    nav_file = base_source.parent / "mkdocs.nav.yml"
    nav = yaml.safe_load(nav_file.read_text(encoding="utf-8"))["nav"]
    assert nav[0] == "index.md"
    assert run("generate", "--check").exit_code == 0
    nav_file.write_text(nav_file.read_text(encoding="utf-8").replace("index.md", "home.md", 1), encoding="utf-8")
    result = run("generate", "--check")
    assert result.exit_code == 1
    assert "mkdocs.nav.yml: navigation differs from the sources\n" in result.stdout
    assert run("generate").exit_code == 0
    assert run("generate", "--check").exit_code == 0


def test_a_hand_written_parent_config_is_never_replaced(base_source: Path) -> None:
    parent = base_source.parent / "base.yml"
    parent.write_text("site_name: Shared base\n", encoding="utf-8")
    (base_source.parent / "mkdocs.yml").write_text("INHERIT: base.yml\ndocs_dir: docs\n", encoding="utf-8")
    assert run("generate").exit_code == 0
    assert parent.read_text(encoding="utf-8") == "site_name: Shared base\n"
    assert not (base_source.parent / "mkdocs.nav.yml").exists()


def test_bench_table_states_the_ratios() -> None:
    def figure(seconds: float) -> dict[str, object]:
        return {"median_s": seconds, "runs_s": [seconds], "peak_mb": 50.0}

    def size(n: int, scale: float) -> dict[str, object]:
        return {
            "operations": n,
            "floor": figure(0.2 * scale),
            "check": figure(0.4 * scale),
            "check_cached": figure(0.3 * scale),
            "generate_cold": figure(0.6 * scale),
            "generate_warm": {**figure(0.25), "files_written": [4, 4]},
            "mkdocs_build": {**figure(7 * scale), "ms_per_page": 7.0},
            "site": {"html_kb_mean": 40, "html_kb_p95": 44, "html_kb_max": 90, "site_kb_per_page": 60},
            "link_check": {**figure(3.0 * scale), "links": 94000, "errors": 0},
        }

    table = markdown_table({"environment": {}, "sizes": [size(1000, 1), size(5000, 5)]})
    assert "| generate cold ÷ floor | 3.0× | 3.0× |" in table
    assert "| `runbook check` | 5.0× |" in table
    assert "| files rewritten by the warm run | 4 | 4 |" in table


def test_a_runbook_in_parts_builds_strict_with_every_link_resolving(tmp_path: Path) -> None:
    """Above 50 operations the map comes in parts and category parts stay out of the nav."""
    write_source(190, tmp_path / "source")  # every category under LIST_LIMIT: all of them listed
    copy_site_config(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    site = tmp_path / "site"
    assert (site / "map" / "incidents" / "2" / "index.html").is_file()
    assert (site / "categories" / "incidents" / "index.html").is_file()
    assert "not_in_nav: |\n  /categories/\n  /map/\n" in (tmp_path / "mkdocs.nav.yml").read_text(encoding="utf-8")
    report = check_links(site)
    assert report["exit_code"] == 0 and report["errors"] == 0, report["output"]
    assert isinstance(report["total"], int) and report["total"] > 10_000
    largest = max((p.stat().st_size, p.as_posix()) for p in site.rglob("*.html"))
    assert largest[0] < 60 * 1024, largest


def test_the_benchmark_edit_changes_one_summary_and_replaces_its_own_mark(synthetic: Path, tmp_path: Path) -> None:
    shutil.copytree(synthetic, tmp_path / "source")
    page = tmp_path / "source" / "operations" / f"{operation_id(7)}.yaml"
    original = page.read_text(encoding="utf-8")
    edit_summary(page, "cli 1")
    edit_summary(page, "serve 2")
    edited = page.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(original.splitlines(), edited.splitlines(), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1] == changed[0][0].replace("summary: ", "summary: (edit serve 2) ")
    loaded, diagnostics = load_project(tmp_path / "source", RunCache.off())
    assert loaded is not None, diagnostics
    summary = loaded.operations[operation_id(7)].summary
    assert summary.startswith("(edit serve 2) ") and "(edit cli 1)" not in summary
