"""Section anchors: each section's address on its page is its own, and stays put.

A section's anchor is its ``anchor:``, else derived from its title's text in any script
(generator/source/slugs.py), so it moves only when its title changes. Two sections with one
anchor, or a section taking an anchor the page already gives a block the tool writes, would
leave one of them unreachable by link.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic
from generator.source.project import Project
from generator.source.slugs import heading_anchor

PAGE_ANCHORS = (
    "owner-and-cadence",
    "checklist",
    "acceptance-checks",
    "common-mistakes",
    "related-operations",
    "referenced-by",
    "support-report-template",
)
"""Anchors every operation page may carry for the blocks the tool writes (operation.md.j2)."""


def section_anchor_problems(project: Project) -> list[Diagnostic]:
    problems = []
    level_anchors = {f"customer-update-{level.id}" for level in project.severities.levels}
    for op_id, operation in project.operations.items():
        source = project.operation_file(op_id)
        seen: dict[str, int] = {}
        for index, section in enumerate(operation.sections):
            anchor = section.anchor or heading_anchor(section.title)
            where = ("sections", index, "anchor" if section.anchor else "title")
            if anchor in seen:
                first = source.place(("sections", seen[anchor], "title")).line
                problems.append(
                    source.diagnostic(
                        where,
                        "duplicate-anchor",
                        f"this section's anchor '#{anchor}' is also the section's on line {first}; "
                        "give one of them its own 'anchor:'",
                    )
                )
            elif anchor in PAGE_ANCHORS or anchor in level_anchors:
                problems.append(
                    source.diagnostic(
                        where,
                        "reserved-anchor",
                        f"'#{anchor}' is the anchor of a block the page already shows; "
                        "give this section its own 'anchor:'",
                    )
                )
            seen.setdefault(anchor, index)
    return problems
