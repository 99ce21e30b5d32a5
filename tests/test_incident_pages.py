"""The incident pages as Markdown: triage, templates, tags, map, printable page, and their escaping."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.pages.embeds import code_block, mermaid_text
from generator.pages.printable import printable_section
from generator.pages.render import render_site
from generator.pages.view import RenderedPage
from generator.runtime.memo import RunCache
from generator.site.accessibility import with_accessible_names
from generator.site.plugin import offline_polyfills, resolve_diagram_links, with_diagram_script
from generator.source.project import Project, load_project
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def pages() -> dict[str, RenderedPage]:
    project, diagnostics = load_project(ROOT / "source", RunCache.off())
    assert project is not None, diagnostics
    return render_site(project, RunCache.off())


def hostile_project(tmp_path: Path) -> Project:
    """The bundled runbook with markup and script in the names staff see."""
    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    severities = source / "severities.yaml"
    severities.write_text(severities.read_text().replace("name: SEV-1 Critical", 'name: "SEV-1 </script><b>&"'))
    runbook = source / "runbook.yaml"
    runbook.write_text(
        runbook.read_text()
        .replace("label: Only staff in the WordPress admin", 'label: "Only <img src=x onerror=alert(1)> staff"')
        .replace("label: Exact timestamp", 'label: "Exact ``` timestamp"')
    )
    project, diagnostics = load_project(source, RunCache.off())
    assert project is not None, diagnostics
    return project


def test_home_links_to_triage_first(pages: dict[str, RenderedPage]) -> None:
    home = pages["index.md"].content
    assert "1. **Place it on a level:** [answer the triage questions](triage.md)" in home
    assert "[Triage a live problem](triage.md){ .md-button .md-button--primary }" in home


def test_triage_page_has_every_question_level_and_rule(pages: dict[str, RenderedPage]) -> None:
    triage = pages["triage.md"].content
    assert triage.count('<fieldset class="triage-question"') == 6
    assert triage.count('<div class="triage-level" data-level="') == 4
    # No answer is chosen before the reader chooses one; every question offers "Not sure".
    assert " checked" not in triage
    assert '<label><input type="radio" name="production-impact" value="none"> No effect on production' in triage
    assert triage.count('value="unsure"> Not sure</label>') == 6
    criteria = triage.split("## Criteria", 1)[1].split("## Escalation matrix", 1)[0]
    assert "| [SEV-" not in criteria  # sentences, not a table of rules
    assert "- Production impact: cart, checkout, payment or order creation is blocked or failing." in criteria
    assert "- Anything the levels above do not match." in criteria
    assert (
        "[SEV-1 Critical customer update](operations/support-sla-and-escalation-matrix.md#customer-update-sev-1)"
        in triage
    )


def test_names_are_escaped_in_every_context(tmp_path: Path) -> None:
    pages = render_site(hostile_project(tmp_path), RunCache.off())
    triage = pages["triage.md"].content
    assert "</script>" not in triage and "<img" not in triage and "<b>" not in triage
    assert "Only &lt;img src=x onerror=alert(1)&gt; staff</label>" in triage
    assert "\\u003c/script\\u003e\\u003cb\\u003e\\u0026" in triage  # inside data-triage, HTML-escaped JSON
    report = pages["operations/contacting-support.md"].content
    assert "```` text\nSeverity level: <SEV-1 </script><b>& / SEV-2 Major" in report  # a code block shows text as is
    assert "Exact ``` timestamp:\n" in report and "\n````\n" in report
    tags = pages["operations/incident-response-runbook.md"].content.split("---", 2)[1]
    assert 'tags: ["Support", "SEV-1 &lt;/script&gt;&lt;b&gt;&amp;"' in tags


def test_operation_pages_carry_tags_and_owner_block(pages: dict[str, RenderedPage]) -> None:
    page = pages["operations/incident-response-runbook.md"].content
    assert 'tags: ["Support", "SEV-1 Critical", "SEV-2 Major", "SEV-3 Minor"]\n' in page
    head = page.split("## Owner and cadence {#owner-and-cadence}", 1)[1].split("\n## ", 1)[0]
    assert "- **Primary owner:** [Support lead](../owners.md#support-lead) (chat: " in head
    assert "- **Applies to:** [SEV-1 Critical](../severity-levels.md#sev-1)" in head
    assert "## Referenced by {#referenced-by}" in page


def test_customer_update_template_per_level(pages: dict[str, RenderedPage]) -> None:
    page = pages["operations/support-sla-and-escalation-matrix.md"].content
    for level, cadence in (("sev-1", "Every 30 minutes until recovery"), ("sev-4", "Weekly, or when the fix ships")):
        block = page.split(f"{{#customer-update-{level}}}", 1)[1].split("``` text\n", 1)[1].split("\n```", 1)[0]
        assert f"Next update: <a clock time with timezone> ({level.upper()}" in block and cadence in block
        assert "Current workaround: <the workaround, or that none exists yet>" in block
        assert "Evidence: <only evidence that is safe to share" in block


def test_map_links_every_page_and_draws_every_related_edge(pages: dict[str, RenderedPage]) -> None:
    page = pages["map.md"].content
    assert "``` mermaid\nflowchart TB\n" in page
    assert page.count("    click op") == 7
    assert '    click op1 href "operations/contacting-support.md" "Open Contacting Support"' in page
    assert "- [Contacting Support](operations/contacting-support.md) leads to" in page
    assert mermaid_text('A "quoted" <b>#1</b>') == "A #34;quoted#34; #60;b#62;#35;1#60;/b#62;"


def test_printable_page_has_every_page_with_unique_ids_and_inner_links(pages: dict[str, RenderedPage]) -> None:
    page = pages["print.md"].content
    assert 'search: {"exclude": true}\n' in page
    ids = re.findall(r"\{#([a-z0-9-]+)\}", page)
    assert len(ids) == len(set(ids))
    assert "## Contacting Support {#print-operations-contacting-support}" in page
    assert "### Owner and cadence {#print-operations-contacting-support--owner-and-cadence}" in page
    assert "[Support lead](#print-owners--support-lead)" in page
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
