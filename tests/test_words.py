"""Words of the domain come from runbook.yaml, and so does the secret scanner's platform rule sets.

Each test edits a fixture runbook the way an editor would and reads what a user then sees: the
generated Markdown, or `runbook check`'s lines.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from tests.conftest import FIXTURES, run

UPDATE_STANDARD = """
communication:
  includes:
    - label: Level
      hint: the level of the problem
      fill: level
    - label: Next update
      hint: a clock time with timezone
      fill: update-cadence
  never_share:
    - Passwords
"""
EMBED_UPDATES = """  - title: Updates
    body: Copy the template for the level.
    embed: customer-update
"""
EMBED_REPORT = """  - title: Report
    body: Fill in every field.
    embed: support-report
"""
EVIDENCE = """
evidence:
  - id: timestamp
    label: Exact timestamp
    hint: When it was seen, with timezone.
"""


def _levels(source: Path) -> list[dict[str, object]]:
    levels = yaml.safe_load((source / "severities.yaml").read_text())["levels"]
    assert isinstance(levels, list)
    return levels


def _add_sections(source: Path, sections: str, runbook: str) -> Path:
    """Append runbook.yaml keys and sections to the first page; return that page's path."""
    (source / "runbook.yaml").write_text((source / "runbook.yaml").read_text() + runbook)
    page = source / "operations" / "contacting-support.yaml"
    text = page.read_text()
    assert "sections:\n" in text
    page.write_text(text.replace("sections:\n", "sections:\n" + sections, 1))
    return page


def _generate() -> str:
    result = run("generate")
    assert result.exit_code == 0, result.stderr
    return Path("docs/operations/contacting-support.md").read_text()


def test_fill_level_prints_the_level_name_once(base_source: Path) -> None:
    _add_sections(base_source, EMBED_UPDATES, UPDATE_STANDARD)
    page = _generate()
    for level in _levels(base_source):
        name, cadence = level["name"], level["response"]["update_cadence"]  # type: ignore[index]
        assert f"\nLevel: {name}\n" in page
        assert f"{name}: {name}" not in page
        assert f"\nNext update: <a clock time with timezone> ({name}: {cadence})\n" in page
        assert f"\nSubject: [{name}] <one-line summary of the problem>\n" in page


def test_renamed_words_replace_the_defaults(base_source: Path) -> None:
    words = """
words:
  first_update: first notice to the wards
  update: ward notice
  update_subject: Pager text
  checklist: recovery checklist
  support_report: vendor case
"""
    _add_sections(base_source, EMBED_UPDATES + EMBED_REPORT, UPDATE_STANDARD + EVIDENCE + words)
    page = _generate()
    first = _levels(base_source)[0]["name"]
    first_update = _levels(base_source)[0]["response"]["first_update_within"]  # type: ignore[index]
    assert "Every ward notice states:" in page
    assert f"### {first} ward notice {{#customer-update-" in page
    assert f"\nPager text: [{first}] <one-line summary of the problem>\n" in page
    assert "### Vendor case template {#support-report-template}" in page
    shown = re.sub(r"#customer-update-[a-z0-9-]+", "", page)  # anchors keep the embed's name
    assert "\nSubject:" not in shown and "customer" not in shown.lower()
    levels = Path("docs/severity-levels.md").read_text()
    assert "| First notice to the wards | Updates |" in levels
    assert "; first notice to the wards within " in levels
    triage = Path("docs/triage.md").read_text()
    assert f"[{first} ward notice](operations/contacting-support.md#customer-update-" in triage
    assert "[vendor case](operations/contacting-support.md#support-report-template)" in triage
    assert "first notice to the wards" in triage.split("data-triage=", 1)[1]
    home = Path("docs/index.md").read_text()
    whom = home.split("## Whom to page first", 1)[1].split("\n## ", 1)[0]
    assert f" First notice to the wards within {first_update}. Template: [{first} ward notice](operations/" in whom
    assert "customer" not in re.sub(r"#customer-update-[a-z0-9-]+", "", whom).lower()


def test_null_subject_leaves_the_line_out(base_source: Path) -> None:
    _add_sections(base_source, EMBED_UPDATES, UPDATE_STANDARD + "words:\n  update_subject: null\n")
    page = _generate()
    assert "Subject:" not in page
    assert "\nLevel: " in page


def test_product_is_shown_when_named_and_optional(base_source: Path) -> None:
    _add_sections(base_source, EMBED_REPORT, EVIDENCE)
    product = yaml.safe_load((base_source / "runbook.yaml").read_text())["product"]
    page = _generate()
    assert f"``` text\nProduct: {product}\nSeverity level: <" in page
    assert f"*Product:* {product}" in Path("docs/index.md").read_text()
    runbook = base_source / "runbook.yaml"
    runbook.write_text("\n".join(line for line in runbook.read_text().splitlines() if not line.startswith("product:")))
    page = _generate()
    assert "Product:" not in page and "*Product:*" not in Path("docs/index.md").read_text()


def test_declared_contacts_stay_allowed_when_a_page_fails_to_load(in_tmp: Path) -> None:
    """A typo in one page stops the load; owners.yaml's phone numbers are still its own, not leaks."""
    source = in_tmp / "source"
    shutil.copytree(FIXTURES / "library", source)
    owners = yaml.safe_load((source / "owners.yaml").read_text())["owners"]
    phones = [c["value"] for o in owners for c in o["contact"] if c["method"] == "phone"]
    assert phones
    page = next(iter(sorted((source / "operations").glob("*.yaml"))))
    page.write_text(page.read_text().replace("\ntitle:", "\ntitel:", 1))
    result = run("check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(f"{page.relative_to(in_tmp)}:" in line and "unknown key 'titel'" in line for line in lines)
    assert not [line for line in lines if "secret-" in line or "phone number" in line], result.stderr
    # A number no owner declares is still reported while the page fails to load.
    assert "+44 20 7946 0999" not in phones
    page.write_text(page.read_text() + "common_mistakes:\n  - Calling the patron back on +44 20 7946 0999.\n")
    result = run("check")
    assert [line for line in result.stderr.splitlines() if "error: possible phone number" in line], result.stderr


def test_rule_sets_are_read_when_runbook_yaml_fails_to_load(in_tmp: Path) -> None:
    source = in_tmp / "source"
    shutil.copytree(FIXTURES / "library", source)
    page = source / "operations" / "catalogue-outage.yaml"
    page.write_text(page.read_text() + "common_mistakes:\n  - Quoting licence 8f3c2a1b-4d5e-4f60-9a7b-1c2d3e4f5a6b.\n")
    assert run("check", "--strict").exit_code == 0  # a UUID is no secret to the generic rules
    runbook = source / "runbook.yaml"
    runbook.write_text(
        runbook.read_text().replace("title:", "titel:", 1) + "secret_scan:\n  rule_sets: [envato-purchase-codes]\n"
    )
    lines = run("check").stderr.splitlines()
    assert any("unknown key 'titel'" in line for line in lines)
    assert [line for line in lines if "catalogue-outage.yaml:" in line and "Envato purchase code" in line]
