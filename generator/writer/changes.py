"""The pages a render would add, change or remove in ``docs/``, with the titles readers see.

``runbook generate --check --docs BASE/docs`` compares a render with the pages of another
branch: that is how a pull request's job summary lists the pages it changes, by title, so a
reviewer sees what staff will see without opening every generated file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.pages.view import RenderedPage
from generator.writer.write import DocsPlan

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_HEADING = re.compile(r"^# (.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True, order=True)
class PageChange:
    """One page in ``docs/`` that a render adds, changes or removes."""

    page: str
    """The page's path under docs/ ('operations/x.md')."""
    change: str
    """'added', 'changed' or 'removed'."""
    title: str


def page_title(text: str) -> str:
    """A Markdown page's title: its front matter's 'title', else its first level-one heading, else ''."""
    front = _FRONT_MATTER.match(text)
    if front:
        try:
            meta = yaml.safe_load(front.group(1))
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict) and isinstance(meta.get("title"), str):
            return str(meta["title"])
    heading = _HEADING.search(text[front.end() :] if front else text)
    return heading.group(1) if heading else ""


def page_changes(plan: DocsPlan, pages: dict[str, RenderedPage], docs: Path) -> list[PageChange]:
    """Every page the plan would write or delete, by path; a removed page's title comes from docs/."""
    changes = [PageChange(name, "added", page_title(pages[name].content)) for name in plan.create]
    changes += [PageChange(name, "changed", page_title(pages[name].content)) for name in plan.update]
    for name in plan.delete:
        try:
            title = page_title((docs / name).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            title = ""
        changes.append(PageChange(name, "removed", title))
    return sorted(changes)
