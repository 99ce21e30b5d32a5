"""The bundled runbook in source/: every reference resolves, every level is owned, docs/ is fresh.

What is expected is read from source/ itself (and from the seed pages it was written from, when
they sit beside the checkout), so these tests hold for whatever runbook source/ holds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.checks.validate import validate_project
from generator.pages.render import render_site
from generator.runtime.memo import RunCache
from generator.source.graph import INLINE_REFERENCE
from generator.source.project import Project, load_project
from generator.writer.write import plan_docs, write_docs
from tests.conftest import ROOT
from tests.test_editor_fit import DOUBLED, visible_text

# The seed pages the bundled runbook was written from, when this checkout sits beside them.
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_LIST_SECTIONS = {"production checklist", "acceptance checks", "common mistakes"}


def _plain(markdown: str) -> str:
    """Page text as a reader sees it: links as their text, no bold, no Markdown escapes."""
    text = _LINK.sub(r"\1", markdown).replace("**", "")
    return re.sub(r"\\([\\`*_\[\]{}|#!<>-])", r"\1", text)


def _seed_sections(path: Path) -> dict[str, list[str]]:
    """Heading -> lines. A heading is a line that is neither a bullet nor a sentence."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if not line.startswith("- ") and not line.rstrip().endswith("."):
            current = sections.setdefault(line.strip(), [])
        else:
            current.append(line.strip())
    return sections


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@pytest.fixture(scope="module")
def project() -> Project:
    loaded, diagnostics = load_project(ROOT / "source", RunCache.off())
    assert loaded is not None, "\n".join(map(str, diagnostics))
    return loaded


def test_bundled_source_has_no_problems(project: Project) -> None:
    assert [str(d) for d in validate_project(project, RunCache.off())] == []


def test_every_related_operation_and_inline_reference_resolves(project: Project) -> None:
    ids = set(project.operations)
    for op_id, operation in project.operations.items():
        for related in operation.related:
            assert related.operation in ids, f"{op_id} relates to missing {related.operation}"
        for section in operation.sections:
            for match in INLINE_REFERENCE.finditer(section.body):
                assert match.group(1) in ids, f"{op_id} references missing {match.group(1)}"
        for target in project.graph.inline[op_id]:
            assert target in ids, f"{op_id} links to missing {target} in a list or owner line"


def test_links_in_lists_render_as_links_and_count_as_references(project: Project) -> None:
    """A [[link]] in a checklist, acceptance check or common mistake links like one in prose."""
    pages = render_site(project, RunCache.off())
    titles = {op_id: op.title for op_id, op in project.operations.items()}
    found = 0
    for op_id, operation in project.operations.items():
        content = pages[f"operations/{op_id}.md"].content
        for item in (*operation.checklist, *operation.acceptance_checks, *operation.common_mistakes):
            for match in INLINE_REFERENCE.finditer(item):
                found += 1
                target, text = match.group(1), match.group(2) or titles[match.group(1)]
                assert f"[{text}]({target}.md)" in content, (op_id, item)
                assert "[[" not in content, op_id
                backlinks = pages[f"operations/{target}.md"].content.split("## Referenced by", 1)[1]
                assert f"[{operation.title}]({op_id}.md)" in backlinks, (op_id, target)
    if not found:
        pytest.skip("no list item in source/ links a page")


def test_support_pages_name_every_primary_owner_of_their_category(project: Project) -> None:
    """Each page's owner line names every primary and alternate owner its category gives it (the seed
    page's 'support lead or site administrator' among them: see test_seed_page_renders_every_item_of_the_seed)."""
    pages = render_site(project, RunCache.off())
    owners = {o.id: o.title for o in project.owners.owners}
    for category in project.categories.categories:
        primary = category.defaults.primary_owner
        ids = [primary] if isinstance(primary, str) else list(primary or [])
        for op_id, operation in project.operations.items():
            if operation.category != category.id or operation.owner.primary_owner is not None:
                continue
            line = next(
                line for line in pages[f"operations/{op_id}.md"].content.splitlines() if "**Primary owner:**" in line
            )
            named = re.findall(r"\[([^\]]+)\]\(\.\./owners\.md#([a-z0-9-]+)\)", line)
            alternate = category.defaults.alternate_owner
            alternates = [alternate] if isinstance(alternate, str) else list(alternate or [])
            assert named == [(owners[o], o) for o in ids + alternates], op_id


def test_no_doubled_punctuation_on_any_page(project: Project) -> None:
    found = []
    for name, page in render_site(project, RunCache.off()).items():
        for number, line in enumerate(visible_text(page.content).splitlines(), 1):
            if DOUBLED.search(line):
                found.append(f"{name}:{number}: {line}")
    assert found == []


def test_every_level_has_an_owner_for_every_responsibility(project: Project) -> None:
    owners = {o.id for o in project.owners.owners}
    for level in project.severities.levels:
        for responsibility in project.runbook.responsibilities:
            assert level.owners.get(responsibility.id) in owners, (level.id, responsibility.id)


@pytest.mark.skipif(not SEEDS, reason="no seed pages beside this checkout (../shared/seeds)")
@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name)
def test_seed_page_renders_every_item_of_the_seed(project: Project, seed: Path) -> None:
    """The page written from a seed holds every item of it: prose, owner and cadence, lists and related pages."""
    sections = _seed_sections(seed)
    pages = {
        name: _plain(page.content)
        for name, page in render_site(project, RunCache.off()).items()
        if name.startswith("operations/")
    }
    items = [line.removeprefix("- ") for lines in sections.values() for line in lines]
    # The page written from the seed is the one holding most of its items word for word.
    name, page = max(pages.items(), key=lambda item: sum(line in item[1] for line in items))
    if not any(line in page for line in items):
        pytest.skip(f"no page of source/ holds any item of {seed.name}: this runbook was not written from it")
    lines = page.splitlines()
    titles = {op.title: op_id for op_id, op in project.operations.items()}
    for heading, content in sections.items():
        key = heading.lower()
        for line in content:
            item = line.removeprefix("- ")
            if key in _LIST_SECTIONS:
                assert f"- [ ] {item}" in lines or f"- {item}" in lines, (name, heading, item)
            elif key == "owner and cadence":
                # "Review cadence: X" or "Escalate when X": the page's line whose label starts the item.
                shown = next(
                    (row for row in lines if ":" in row and item.lower().startswith(row[2 : row.index(":")].lower())),
                    None,
                )
                assert shown is not None and shown.startswith("- "), (name, item)
                assert set(_words(item)) - {"or"} <= set(_words(shown)), (name, item, shown)
            elif key == "related operations":
                title = max((t for t in titles if t in item), key=len)
                condition = set(_words(item.replace(title, ""))) - {"use", "with"}
                if titles[title] == name.removeprefix("operations/").removesuffix(".md"):
                    shown = next(row for row in lines if row.startswith("Use this page"))
                else:
                    shown = next((row for row in lines if row.startswith(f"- {title}: ")), "")
                assert condition <= set(_words(shown)), (name, item, shown)
            else:
                assert item in page, (name, heading, item)
        if key not in _LIST_SECTIONS | {"owner and cadence", "related operations"}:
            # The heading as written, with the explicit anchor the pages give every section ("{#severity-model}").
            headings = {re.sub(r"\s*\{#[^}]*\}$", "", row) for row in lines if row.startswith("## ")}
            assert f"## {heading}" in headings, (name, heading, sorted(headings))


def test_rendering_is_deterministic(project: Project) -> None:
    first = render_site(project, RunCache.off())
    second = render_site(load_project(ROOT / "source", RunCache.off())[0], RunCache.off())  # type: ignore[arg-type]
    assert {k: v.content for k, v in first.items()} == {k: v.content for k, v in second.items()}


def test_committed_docs_are_fresh(project: Project, update_goldens: bool) -> None:
    """docs/ is the golden output of source/: refresh with `pytest --update-goldens`."""
    docs = ROOT / "docs"
    pages = render_site(project, RunCache.off())
    plan = plan_docs(docs, pages)
    if update_goldens:
        write_docs(docs, pages, plan)
        plan = plan_docs(docs, pages)
    assert plan.conflicts == []
    assert plan.changed == [], "docs/ is stale: run `runbook generate` (or make generate) and commit docs/"


def test_every_generated_page_names_its_source(project: Project) -> None:
    for name, page in render_site(project, RunCache.off()).items():
        assert page.content.startswith("---\n# Generated by runbook from source/"), name
        assert "generated_from: source/" in page.content


def test_docs_folder_holds_the_expected_pages(project: Project) -> None:
    names = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert {"index.md", "severity-levels.md", "escalation-matrix.md", "owners.md", "triage.md"} <= names
    assert {f"operations/{op}.md" for op in project.operations} <= names


def test_owners_page_lists_everything_each_owner_owns(project: Project) -> None:
    owners_page = render_site(project, RunCache.off())["owners.md"].content
    for level in project.severities.levels:
        for responsibility in project.runbook.responsibilities:
            owner = level.owners[responsibility.id]
            section = owners_page.split(f"{{#{owner}}}", 1)[1].split("\n## ", 1)[0]
            assert f"[{level.name}](severity-levels.md#{level.id}): {responsibility.name}" in section
