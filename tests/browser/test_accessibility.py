"""axe-core in the browser: no serious or critical violation on the pages staff use mid-incident."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.bundled import bundled, first_operation, label_for

PAGES = [
    "",
    "triage/",
    "severity-levels/",
    "escalation-matrix/",
    "owners/",
    f"operations/{first_operation()[0]}/",
    "map/",
    "print/",
    "404.html",
]
RUN_AXE = """async () => {
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return results.violations
        .filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.strip("/") or "home")
def test_no_serious_or_critical_violations(
    browser: Any, base_url: str, axe_script: Path, path: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(base_url + path)
        if path == "triage/":
            dimension = bundled().runbook.triage[0]  # a verdict on screen, so it is checked too
            page.get_by_label(label_for(dimension.id, dimension.answers[-1].id)).check()
            unsure = bundled().runbook.triage[-1]  # and a "Not sure" note, and the share button's focus ring
            page.locator(f"#question-{unsure.id}").get_by_label("Not sure", exact=True).check()
            page.get_by_role("button", name="Copy link to these answers").focus()
        page.add_script_tag(path=str(axe_script))
        assert page.evaluate(RUN_AXE) == []
    finally:
        context.close()
