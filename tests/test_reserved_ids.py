"""Reserved ids: the list the checker refuses is the list of names and anchors the pages write.

The check itself is covered by the reserved-* defect cases; these tests keep RESERVED_IDS in
step with the templates, and cover ``runbook new``, which a case folder cannot run.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.source.slugs import RESERVED_IDS
from tests.conftest import ROOT, run

_EXPLICIT_ID = re.compile(r"\{#([a-z0-9-]+)\}")


def _anchors(page: Path) -> set[str]:
    """Every id a page gives its headings: explicit ones, and the title's (Python-Markdown's toc slug)."""
    text = page.read_text(encoding="utf-8").split("\n---\n", 1)[1]  # after the front matter
    found = set(_EXPLICIT_ID.findall(text))
    title = re.search(r"^# (.+)$", text, re.MULTILINE)
    assert title is not None
    if not _EXPLICIT_ID.search(title.group(1)):  # a heading with its own id has no slug of its title
        found.add(re.sub(r"[^a-z0-9]+", "-", title.group(1).lower()).strip("-"))
    return found


def test_reserved_ids_cover_every_anchor_the_pages_write_beside_ids(base_source: Path) -> None:
    assert run("generate").exit_code == 0
    docs = Path("docs")
    levels = {"sev-1", "sev-2"}
    owners = {"support-lead", "site-admin"}
    categories = {"support"}
    assert _anchors(docs / "severity-levels.md") - levels == set(RESERVED_IDS["severity level id"])
    assert _anchors(docs / "owners.md") - owners == set(RESERVED_IDS["owner id"])
    assert _anchors(docs / "operations" / "index.md") - categories == set(RESERVED_IDS["category id"])
    pages = {path.stem for path in (docs / "operations").glob("*.md")}
    assert pages - {"contacting-support", "error-reports"} == set(RESERVED_IDS["operation id"])


def test_new_operation_refuses_a_reserved_id(base_source: Path) -> None:
    result = run("new", "operation", "index", "--title", "Index of every report")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: 'index' is reserved: docs/operations/index.md is the generated list of every page; "
        "choose another id (reserved operation ids: 'index')"
    )
    assert not (base_source / "operations" / "index.yaml").exists()


def test_readme_lists_every_reserved_id() -> None:
    guide = (ROOT / "README.md").read_text(encoding="utf-8")
    for what, names in RESERVED_IDS.items():
        for name in names:
            assert f"`{name}`" in guide, f"reserved {what} '{name}' is missing from README.md"
