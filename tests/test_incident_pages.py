"""The incident pages as Markdown: triage, templates, tags, map, printable page, and their escaping.

Pages of the runbook in source/ are checked against what source/ itself says; the escaping test
runs on the base fixture with markup in its names.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape

from generator.pages.embeds import code_block, mermaid_text
from generator.pages.printable import printable_section
from generator.pages.render import render_site
from generator.pages.view import RenderedPage
from generator.runtime.memo import RunCache
from generator.site.accessibility import with_accessible_names
from generator.site.plugin import offline_polyfills, resolve_diagram_links, with_diagram_script
from generator.source.inheritance import owner_ids, page_settings
from generator.source.project import Project, load_project
from tests.conftest import BASE_CASE, FIXTURES, ROOT


@pytest.fixture(scope="module")
def project() -> Project:
    loaded, diagnostics = load_project(ROOT / "source", RunCache.off())
    assert loaded is not None, diagnostics
    return loaded


@pytest.fixture(scope="module")
def pages(project: Project) -> dict[str, RenderedPage]:
    return render_site(project, RunCache.off())


HOSTILE_ADDITIONS = """
evidence:
  - id: timestamp
    label: "Exact ``` timestamp"
    hint: When it was seen.
"""


def hostile_project(tmp_path: Path) -> Project:
    """The base fixture runbook with markup and script in the names staff see, and a support report."""
    source = tmp_path / "source"
    shutil.copytree(BASE_CASE, source)
    severities = source / "severities.yaml"
    severities.write_text(severities.read_text().replace("name: SEV-1\n", 'name: "SEV-1 </script><b>&"\n', 1))
    runbook = source / "runbook.yaml"
    runbook.write_text(
        runbook.read_text().replace("label: Checkout is failing", 'label: "Only <img src=x onerror=alert(1)> staff"')
        + HOSTILE_ADDITIONS
    )
    page = source / "operations" / "contacting-support.yaml"
    body = "    body: Read [[error-reports]] first.\n"
    text = page.read_text().replace(body, body + "    embed: support-report\n")
    page.write_text(text.replace("category: support\n", "category: support\napplies_to: [sev-1]\n", 1))
    loaded, diagnostics = load_project(source, RunCache.off())
    assert loaded is not None, diagnostics
    return loaded


def test_home_links_to_triage_first(pages: dict[str, RenderedPage]) -> None:
    home = pages["index.md"].content
    assert "1. **Place it on a level:** [answer the triage questions](triage.md)" in home
    assert "[Triage a live problem](triage.md){ .md-button .md-button--primary }" in home


def test_triage_page_has_every_question_level_and_rule(project: Project, pages: dict[str, RenderedPage]) -> None:
    triage = pages["triage.md"].content
    dimensions, levels = project.runbook.triage, project.severities.levels
    assert triage.count('<fieldset class="triage-question"') == len(dimensions)
    assert re.findall(r'<div class="triage-level" data-level="([a-z0-9-]+)"', triage) == [lv.id for lv in levels]
    # No answer is chosen before the reader chooses one; every question offers "Not sure".
    assert " checked" not in triage
    for dimension in dimensions:
        first = dimension.answers[0]
        assert f'<label><input type="radio" name="{dimension.id}" value="{first.id}"> {escape(first.label)}' in triage
    assert triage.count('value="unsure"> Not sure</label>') == len(dimensions)
    criteria = triage.split("## Criteria", 1)[1].split("## Escalation matrix", 1)[0]
    assert "| [" not in criteria  # sentences, not a table of rules
    update_page = embedding_page(project, "customer-update")
    for level in levels:
        update = project.runbook.words.update or "customer update"
        link = f"[{level.name} {update}](operations/{update_page}.md#customer-update-{level.id})"
        assert (link in triage) == (update_page is not None), link


def test_names_are_escaped_in_every_context(tmp_path: Path) -> None:
    pages = render_site(hostile_project(tmp_path), RunCache.off())
    triage = pages["triage.md"].content
    assert "</script>" not in triage and "<img" not in triage and "<b>" not in triage
    assert "Only &lt;img src=x onerror=alert(1)&gt; staff</label>" in triage
    assert "\\u003c/script\\u003e\\u003cb\\u003e\\u0026" in triage  # inside data-triage, HTML-escaped JSON
    report = pages["operations/contacting-support.md"].content
    assert "```` text\nProduct: TestPlugin\nSeverity level: <SEV-1 </script><b>& / SEV-2" in report  # shown as is
    assert "Exact ``` timestamp:\n" in report and "\n````\n" in report
    tags = pages["operations/contacting-support.md"].content.split("---", 2)[1]
    assert 'tags: ["Support", "SEV-1 &lt;/script&gt;&lt;b&gt;&amp;"]' in tags


def test_operation_pages_carry_tags_and_owner_block(project: Project, pages: dict[str, RenderedPage]) -> None:
    names = {level.id: level.name for level in project.severities.levels}
    several = False
    for op_id, operation in project.operations.items():
        page = pages[f"operations/{op_id}.md"].content
        category = next(c for c in project.categories.categories if c.id == operation.category)
        # Level tags only on a page for some levels: a page for every level is told apart by none.
        levels = [] if set(operation.applies_to) == set(names) else operation.applies_to
        tags = [category.name, *(names[level] for level in levels)]
        assert "tags: " + json.dumps(list(dict.fromkeys(tags)), ensure_ascii=True) + "\n" in page
        head = page.split("## Owner and cadence {#owner-and-cadence}", 1)[1].split("\n## ", 1)[0]
        primary = owner_ids(page_settings(operation, category).primary_owner)[0]
        owner = next(o for o in project.owners.owners if o.id == primary)
        label = owner.contact[0].label
        shown = f"{label}: " if label else ""
        assert f"- **Primary owner:** [{owner.title}](../owners.md#{owner.id}) ({shown}" in head
        # Every way to reach the owner, in owners.yaml's order, parted by semicolons.
        line = next(row for row in head.splitlines() if row.startswith("- **Primary owner:**"))
        reach = line.split(f"](../owners.md#{owner.id}) (", 1)[1]
        labels = [f"{c.label}: " for c in owner.contact if c.label]
        several = several or len(owner.contact) > 1
        at = [reach.index(label) for label in labels]
        assert at == sorted(at), (op_id, reach)
        assert reach.count("; ") >= len(owner.contact) - 1, (op_id, reach)
        if operation.applies_to:
            first = operation.applies_to[0]
            assert f"- **Applies to:** [{names[first]}](../severity-levels.md#{first})" in head
        linked_from = any(r.operation == op_id for other in project.operations.values() for r in other.related)
        assert ("## Referenced by {#referenced-by}" in page) == linked_from, op_id
    assert several, "no page's primary owner has more than one contact: the check above proves nothing"


def _with_update_template(project: Project) -> Project:
    """The runbook in source/ when a page of it embeds its update template, else tests/fixtures/payments (one does).

    A runbook without a communication standard (tests/fixtures/library) has no template to check,
    so the payments fixture's is checked instead of the test being skipped.
    """
    if project.runbook.communication is not None and embedding_page(project, "customer-update"):
        return project
    loaded, diagnostics = load_project(FIXTURES / "payments", RunCache.off())
    assert loaded is not None, diagnostics
    return loaded


def test_update_template_per_level(project: Project) -> None:
    project = _with_update_template(project)
    standard, update_page = project.runbook.communication, embedding_page(project, "customer-update")
    assert standard is not None and update_page is not None
    page = render_site(project, RunCache.off())[f"operations/{update_page}.md"].content
    for level in project.severities.levels:
        block = page.split(f"{{#customer-update-{level.id}}}", 1)[1].split("``` text\n", 1)[1].split("\n```", 1)[0]
        for item in standard.includes:
            if isinstance(item, str):
                assert f"{item}: <fill in>" in block
            elif item.fill == "level":
                assert f"{item.label}: {level.name}" in block.splitlines()
            else:
                assert f"{item.label}: <{item.hint}>" in block
        assert level.response.update_cadence in block


def test_map_links_every_page_and_draws_every_related_edge(project: Project, pages: dict[str, RenderedPage]) -> None:
    page = pages["map.md"].content
    assert "``` mermaid\nflowchart TB\n" in page
    assert page.count("    click op") == len(project.operations)
    for op_id, operation in project.operations.items():
        assert re.search(rf'    click op\d+ href "operations/{op_id}.md" "Open {re.escape(operation.title)}"', page)
        assert f"- [{operation.title}](operations/{op_id}.md) leads to" in page
    assert mermaid_text('A "quoted" <b>#1</b>') == "A #34;quoted#34; #60;b#62;#35;1#60;/b#62;"


def test_printable_page_has_every_page_with_unique_ids_and_inner_links(
    project: Project, pages: dict[str, RenderedPage]
) -> None:
    page = pages["print.md"].content
    assert 'search: {"exclude": true}\n' in page
    ids = re.findall(r"\{#([a-z0-9-]+)\}", page)
    assert len(ids) == len(set(ids))
    for op_id, operation in project.operations.items():
        assert f"## {operation.title} {{#print-operations-{op_id}}}" in page
        assert f"### Owner and cadence {{#print-operations-{op_id}--owner-and-cadence}}" in page
    for owner in project.owners.owners:
        assert f"[{owner.title}](#print-owners--{owner.id})" in page
    assert "[triage questions](triage.md)" in page  # not printed, so a link to the page
    assert "](print.md)" not in page and ".md-button" not in page  # no self-link, no on-screen buttons


def test_printable_section_leaves_code_alone() -> None:
    content = "---\nx: 1\n---\n\n# Title\n\n```text\n# not a heading ](a.md)\n```\n\n[A](a.md#b)\n"
    assert printable_section("p.md", content, {"p.md", "a.md"}, "print.md") == (
        "## Title {#print-p}\n\n```text\n# not a heading ](a.md)\n```\n\n[A](#print-a--b)"
    )
    assert code_block(["has ``` fence"]) == "```` text\nhas ``` fence\n````"


def test_diagram_links_resolve_like_markdown_links() -> None:
    markdown = '``` mermaid\nflowchart TB\n    click op0 href "operations/x.md" "Open"\n```\nclick a href "y.md"\n'
    urls = {"operations/x.md": "../operations/x/"}
    resolved, missing = resolve_diagram_links(markdown, "map.md", urls.get)
    assert '    click op0 href "../operations/x/" "Open"' in resolved
    assert 'click a href "y.md"' in resolved  # outside a diagram: untouched
    assert missing == []
    assert resolve_diagram_links(markdown.replace("x.md", "gone.md"), "map.md", urls.get)[1] == ["operations/gone.md"]


def test_offline_build_never_uses_the_cdn_shim() -> None:
    assert offline_polyfills(
        ["https://unpkg.com/iframe-worker/shim", "a.js"], "assets/vendor/iframe-worker/shim.js"
    ) == [
        "a.js",
        "assets/vendor/iframe-worker/shim.js",
    ]


def test_only_pages_with_a_diagram_load_mermaid() -> None:
    page = '<main><pre class="mermaid">x</pre></main>\n    <script src="bundle.js"></script>'
    assert with_diagram_script(page, "m.js") == (
        '<main><pre class="mermaid">x</pre></main>\n'
        '    <script src="m.js"></script>\n    <script src="bundle.js"></script>'
    )
    assert with_diagram_script('<main></main><script src="b.js"></script>', "m.js") == (
        '<main></main><script src="b.js"></script>'
    )


def test_theme_and_checklist_controls_get_accessible_names() -> None:
    html = (
        '<div class="md-search" data-md-component="search" role="dialog">'
        '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled/>'
        '<span class="task-list-indicator"></span></label> Redact <code>keys</code> &amp; logs.</li>'
    )
    named = with_accessible_names(html)
    assert 'role="dialog" aria-label="Search"' in named
    assert '<input type="checkbox" aria-label="Redact keys &amp; logs." disabled/>' in named


def embedding_page(project: Project, embed: str) -> str | None:
    """The id of the first page, by id, that embeds ``embed``."""
    return next(
        (op_id for op_id, op in sorted(project.operations.items()) if any(s.embed == embed for s in op.sections)),
        None,
    )
