"""axe-core in the browser: no serious or critical violation on the pages staff use mid-incident."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

PAGES = [
    "",
    "triage/",
    "severity-levels/",
    "escalation-matrix/",
    "owners/",
    "operations/contacting-support/",
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
            page.get_by_label("Cart, checkout, payment or order creation is blocked or failing").check()
            page.locator("#question-privacy-exposure").get_by_label("Not sure", exact=True).check()
            page.get_by_role("button", name="Copy link to these answers").focus()
        page.add_script_tag(path=str(axe_script))
        assert page.evaluate(RUN_AXE) == []
    finally:
        context.close()
