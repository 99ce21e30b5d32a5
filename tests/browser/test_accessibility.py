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


CONTRAST = """element => {
    const channels = value => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const luminance = rgb => {
        const [r, g, b] = rgb.map(c => c / 255).map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const style = getComputedStyle(element);
    const [text, fill] = [luminance(channels(style.color)), luminance(channels(style.backgroundColor))];
    return (Math.max(text, fill) + 0.05) / (Math.min(text, fill) + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_hovered_button_stays_readable(browser: Any, base_url: str, scheme: str) -> None:
    """axe cannot hover; Material fills a hovered button with the accent (white on red is 3.6:1)."""
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(base_url + "triage/")
        buttons = page.locator(".md-typeset .md-button:visible")
        assert buttons.count() > 0
        for index in range(buttons.count()):
            button = buttons.nth(index)
            button.hover()
            # Material fades the colours in; measure what the reader sees once the fade is over.
            page.wait_for_function("element => element.getAnimations().length === 0", arg=button.element_handle())
            ratio = button.evaluate(CONTRAST)
            assert ratio >= 4.5, f"{button.inner_text()!r} hovered: text contrast {ratio:.2f}:1, below 4.5:1"
    finally:
        context.close()
