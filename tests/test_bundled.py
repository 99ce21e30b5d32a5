"""The bundled SophMate runbook: every reference resolves, every level is owned, docs/ is fresh."""

from __future__ import annotations

import re

import pytest

from generator.checks.validate import validate_project
from generator.pages.render import render_site
from generator.runtime.memo import RunCache
from generator.site.write import plan_docs, write_docs
from generator.source.graph import INLINE_REFERENCE
from generator.source.project import Project, load_project
from tests.conftest import ROOT
from tests.test_editor_fit import DOUBLED, visible_text

SEED_PAGE = "support-sla-and-escalation-matrix"
SEED_OWNERS = "support lead or site administrator"
"""The seed page's owner line: 'Primary owner: support lead or site administrator responsible for …'."""
SEED_RELATED = {
    "contacting-support",
    "incident-response-runbook",
    "error-reports-and-support-codes",
    "migration-and-reindex-review",
    "post-incident-review-and-prevention",
    "changelog-and-release-note-review",
}


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
    assert found, "the bundled runbook links pages from its lists"


def test_support_pages_name_every_primary_owner_of_their_category(project: Project) -> None:
    """The seed page's owner line: 'support lead or site administrator responsible for …'."""
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
    seed_line = next(
        line for line in pages[f"operations/{SEED_PAGE}.md"].content.splitlines() if "**Primary owner:**" in line
    )
    named = " or ".join(title.lower() for title in re.findall(r"\[([^\]]+)\]\(\.\./owners\.md#", seed_line))
    assert named == SEED_OWNERS
    assert seed_line.endswith("; responsible for triage and evidence handling.")


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


def test_seed_page_links_all_six_related_pages(project: Project) -> None:
    seed = project.operations[SEED_PAGE]
    assert {r.operation for r in seed.related} == SEED_RELATED
    assert len(project.operations) >= 7
    assert seed.use_when == ["before customer-visible support routing"]


def test_seed_page_renders_every_item_of_the_seed(project: Project) -> None:
    page = render_site(project, RunCache.off())[f"operations/{SEED_PAGE}.md"].content
    seed_lines = [
        "Define severity levels by production impact, customer visibility, revenue risk, privacy exposure,"
        " data correctness, and automation state.",
        "Redact provider keys, credentials, payment data, private customer details, and raw logs before"
        " support handoff.",
        "The team knows whether to escalate to hosting, provider support, CodeCanyon support, or internal operations.",
        "Opening support requests with raw logs or vague descriptions instead of redacted diagnostics and"
        " reproduction steps.",
        "**Review cadence:** when an issue is reported, before support contact, and after recovery to"
        " improve the runbook.",
        "[Incident Response Runbook](incident-response-runbook.md): when severity is production-impacting;"
        " when production behavior is affected",
        "[Contacting Support](contacting-support.md): to prepare evidence; before opening a support request",
        "**Use this page** before customer-visible support routing.",
        "Pair this with [Contacting Support](contacting-support.md), [Error Reports and Support Codes]"
        "(error-reports-and-support-codes.md), and [Incident Response Runbook](incident-response-runbook.md).",
    ]
    for line in seed_lines:
        assert line in page, line


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


def test_docs_folder_holds_the_expected_pages() -> None:
    names = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert {"index.md", "severity-levels.md", "escalation-matrix.md", "owners.md"} <= names
    assert {f"operations/{op}.md" for op in SEED_RELATED | {SEED_PAGE}} <= names


def test_owners_page_lists_everything_each_owner_owns(project: Project) -> None:
    owners_page = render_site(project, RunCache.off())["owners.md"].content
    for level in project.severities.levels:
        for responsibility in project.runbook.responsibilities:
            owner = level.owners[responsibility.id]
            section = owners_page.split(f"{{#{owner}}}", 1)[1].split("\n## ", 1)[0]
            assert f"[{level.name}](severity-levels.md#{level.id}): {responsibility.name}" in section
