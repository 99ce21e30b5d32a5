"""Pages written as an editor writes them: several owners, cleared and skipped inherited lines,
links in lists, the editor's own full stops, and the real page order (tests/cases/_base)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import yaml

from generator.source.model import SLUG_RE
from tests.conftest import ROOT, run

# The page of the "Done when": two primary owners, no alternate, no standard lines, a
# link inside a checklist item, every line ending with a full stop.
EDITOR_PAGE = """\
title: Refund Disputes
category: support
summary: How to answer a payment dispute about a refund.
use_when:
  - when a shopper disputes a refund.
sections:
  - title: Gather the order
    body: Find the order and the refund in the store before answering.
owner:
  primary_owner: [support-lead, site-admin]
  alternate_owner: []
  review_cadence: after every dispute.
  escalate_when:
    - the payment provider asks for evidence.
skip_standard: [checklist, acceptance_checks]
checklist:
  - Prepare the evidence as [[contacting-support]] describes.
  - Ask [[error-reports|the error report page]] for the support code.
acceptance_checks:
  - The dispute has an answer on record.
common_mistakes:
  - Sending raw logs to the provider.
related:
  - operation: contacting-support
    when: before writing to the provider.
"""

CATEGORY_WITH_ALTERNATE = """\
categories:
  - id: support
    name: Support
    description: Pages for the support team.
    defaults:
      primary_owner: support-lead
      alternate_owner: site-admin
      responsible_for: triage.
      review_cadence: after every incident
    standard_checklist:
      - Redact keys before sharing.
    standard_acceptance_checks:
      - The report holds no secrets.
"""

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^()\s]*\)")
_ATTRIBUTES = re.compile(r"\{[^{}\n]*\}")
_TAGS = re.compile(r"<[^<>]+>")
_MERMAID_TARGET = re.compile(r'href "[^"]*"')
DOUBLED = re.compile(r"\.\.|, \.| \.")


def visible_text(page: str) -> str:
    """A generated page as a reader sees its words: no front matter, link targets, attributes or tags."""
    text = _FRONT_MATTER.sub("", page)
    for pattern, replacement in ((_LINK_TARGET, "]"), (_ATTRIBUTES, ""), (_TAGS, ""), (_MERMAID_TARGET, "")):
        text = pattern.sub(replacement, text)
    return text


def doubled_punctuation(docs: Path) -> list[str]:
    """Each '..', ', .' or ' .' a reader would see, with its page and line."""
    found = []
    for path in sorted(docs.rglob("*.md")):
        for number, line in enumerate(visible_text(path.read_text()).splitlines(), 1):
            if DOUBLED.search(line):
                found.append(f"{path.relative_to(docs)}:{number}: {line}")
    return found


def _write_editor_page(source: Path) -> None:
    (source / "categories.yaml").write_text(CATEGORY_WITH_ALTERNATE)
    (source / "operations/refund-disputes.yaml").write_text(EDITOR_PAGE)
    error_reports = source / "operations/error-reports.yaml"
    error_reports.write_text(
        error_reports.read_text() + "  - operation: refund-disputes\n    when: when a shopper disputes a refund\n"
    )


def test_editor_page_passes_strict_check_and_renders_as_written(base_source: Path) -> None:
    _write_editor_page(base_source)
    result = run("check", "--strict")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "runbook check passed: 0 errors, 0 warnings in source\n"
    assert run("generate").exit_code == 0
    page = Path("docs/operations/refund-disputes.md").read_text()
    owner_line = next(line for line in page.splitlines() if line.startswith("- **Primary owner:**"))
    assert owner_line == (
        "- **Primary owner:** [Support lead](../owners.md#support-lead) (chat: support channel) or "
        "[Site administrator](../owners.md#site-admin) (ticket: admin queue); responsible for triage."
    )
    assert "- [ ] Prepare the evidence as [Contacting Support](contacting-support.md) describes." in page
    assert "- [ ] Ask [the error report page](error-reports.md) for the support code." in page
    assert "Redact keys before sharing" not in page
    assert "The report holds no secrets" not in page
    assert "- **Review cadence:** after every dispute.\n" in page
    assert "- **Escalate when:** the payment provider asks for evidence.\n" in page
    assert "**Use this page** when a shopper disputes a refund.\n" in page
    headings = re.findall(r"^## (.+?)(?: \{#[a-z-]+\})?$", page, re.MULTILINE)
    assert headings == [
        "Gather the order",
        "Owner and cadence",
        "Production checklist",
        "Acceptance checks",
        "Common mistakes",
        "Related operations",
        "Referenced by",
    ]
    assert doubled_punctuation(Path("docs")) == [], "\n".join(doubled_punctuation(Path("docs")))
    # The checklist link is a link like any other: the target lists the page under "Referenced by".
    error_reports = Path("docs/operations/error-reports.md").read_text()
    assert "## Referenced by" in error_reports
    assert "- [Refund Disputes](refund-disputes.md)\n" in error_reports
    assert "- [Error Reports](error-reports.md): when a shopper disputes a refund\n" in page


def test_other_pages_of_the_category_keep_the_alternate_and_the_standard_lines(base_source: Path) -> None:
    _write_editor_page(base_source)
    assert run("generate").exit_code == 0
    page = Path("docs/operations/contacting-support.md").read_text()
    assert (
        "- **Primary owner:** [Support lead](../owners.md#support-lead) (chat: support channel), or "
        "[Site administrator](../owners.md#site-admin) (ticket: admin queue); responsible for triage.\n"
    ) in page
    assert "- [ ] Redact keys before sharing.\n" in page
    assert "- [ ] The report holds no secrets.\n" in page


def test_cleared_text_fields_show_nothing(base_source: Path) -> None:
    (base_source / "categories.yaml").write_text(CATEGORY_WITH_ALTERNATE)
    page = base_source / "operations/error-reports.yaml"
    page.write_text(page.read_text() + "owner:\n  responsible_for: []\n  review_cadence: []\n  escalate_when: []\n")
    assert run("check", "--strict").exit_code == 0
    assert run("generate").exit_code == 0
    rendered = Path("docs/operations/error-reports.md").read_text()
    assert "responsible for" not in rendered
    assert "Review cadence" not in rendered
    assert "Escalate when" not in rendered
    assert "[Site administrator](../owners.md#site-admin)" in rendered  # the alternate is still inherited


def _with_full_stops(value: Any) -> Any:
    """Every text value ending with a full stop; ids (slugs) and other values as they were."""
    if isinstance(value, dict):
        return {key: _with_full_stops(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_full_stops(item) for item in value]
    if isinstance(value, str) and not SLUG_RE.match(value) and not value.endswith("."):
        return value + "."
    return value


def _rewrite(path: Path, change: Any = None) -> None:
    data = yaml.safe_load(path.read_text())
    if change is not None:
        change(data)
    path.write_text(yaml.safe_dump(_with_full_stops(data), sort_keys=False, allow_unicode=True))


def test_no_doubled_punctuation_when_every_field_ends_with_a_full_stop(base_source: Path) -> None:
    def runbook(data: dict[str, Any]) -> None:
        data["evidence"] = [{"id": "timestamp", "label": "Timestamp", "hint": "When it happened"}]
        data["redaction_rules"] = ["Remove keys"]
        data["communication"] = {
            "includes": ["Impact", {"label": "Next update", "hint": "When", "fill": "update-cadence"}],
            "never_share": ["Keys"],
        }

    def categories(data: dict[str, Any]) -> None:
        support = data["categories"][0]
        support["defaults"].update(
            alternate_owner="site-admin",
            responsible_for="triage",
            review_every_days=90,
            escalate_when=["owners disagree", "nobody answers"],
        )
        support["standard_acceptance_checks"] = ["The report holds no secrets"]

    def contacting(data: dict[str, Any]) -> None:
        data.update(
            use_when=["before opening a request", "when a customer asks"],
            applies_to=["sev-1", "sev-2"],
            last_reviewed=datetime.date(2026, 1, 5),
            checklist=["Decide the party", "See [[error-reports]]"],
            acceptance_checks=["The request has one question"],
            common_mistakes=["Pasting raw logs"],
        )
        data["sections"].append(
            {"title": "Send it", "body": "One party.\n\n- First item\n- Second item", "embed": "customer-update"}
        )
        data["sections"].append({"title": "Report", "body": "Fill it in", "embed": "support-report"})
        data["related"][0]["when"] = ["before sharing an error report", "when the code is unknown"]

    def severities(data: dict[str, Any]) -> None:
        data["levels"][0]["examples"].append("Payments fail")

    def owners(data: dict[str, Any]) -> None:
        data["owners"][0]["contact"][0]["note"] = "First choice"

    _rewrite(base_source / "runbook.yaml", runbook)
    _rewrite(base_source / "categories.yaml", categories)
    _rewrite(base_source / "severities.yaml", severities)
    _rewrite(base_source / "owners.yaml", owners)
    _rewrite(base_source / "operations/contacting-support.yaml", contacting)
    _rewrite(base_source / "operations/error-reports.yaml")
    result = run("generate")
    assert result.exit_code == 0, result.stderr
    assert "Decide the party." in Path("docs/operations/contacting-support.md").read_text()
    assert doubled_punctuation(Path("docs")) == [], "\n".join(doubled_punctuation(Path("docs")))


def test_readme_editor_guide_shows_each_with_an_example() -> None:
    readme = (ROOT / "README.md").read_text()
    guide = readme.split("## Guide for YAML editors", 1)[1].split("\n## ", 1)[0]
    examples = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", guide, re.DOTALL)]
    owners = [e["owner"] for e in examples if isinstance(e, dict) and "owner" in e]
    assert any(isinstance(o.get("primary_owner"), list) and o.get("alternate_owner") == [] for o in owners)
    assert any(o.get("escalate_when") == [] for o in owners)
    assert {"skip_standard": ["checklist", "acceptance_checks"]} in examples
    assert any("[[" in item for e in examples if isinstance(e, dict) for item in e.get("checklist", []))


def test_links_in_category_lines_render_everywhere_and_follow_title_changes(base_source: Path) -> None:
    categories = base_source / "categories.yaml"
    categories.write_text(
        categories.read_text()
        .replace("description: Pages for the support team.", "description: Words are in the [[glossary]].")
        .replace("- Redact keys before sharing.", "- Redact keys before sharing ([[error-reports]]).")
        + "  - id: reference\n    name: Reference\n    description: Pages to look things up in.\n"
        "    defaults:\n      primary_owner: site-admin\n"
    )
    glossary = base_source / "operations/glossary.yaml"
    glossary.write_text("title: Glossary\ncategory: reference\nsummary: What our words mean.\n")
    # Only the category description links the glossary: that is enough for it not to be an orphan.
    assert run("check", "--strict").stderr == "runbook check passed: 0 errors, 0 warnings in source\n"
    assert run("generate").exit_code == 0
    category_page = Path("docs/categories/support/index.md")
    assert "Words are in the [Glossary](../../operations/glossary.md)." in category_page.read_text()
    assert "Redact keys before sharing ([Error Reports](../../operations/error-reports.md))." in (
        category_page.read_text()
    )
    contacting = Path("docs/operations/contacting-support.md").read_text()
    assert "- [ ] Redact keys before sharing ([Error Reports](error-reports.md)).\n" in contacting
    # The support category page is cached; it shows the glossary's new title after an edit of
    # the glossary alone, a page of another category that no support page links to.
    glossary.write_text(glossary.read_text().replace("title: Glossary", "title: Words We Use"))
    assert run("generate").exit_code == 0
    assert "Words are in the [Words We Use](../../operations/glossary.md)." in category_page.read_text()
