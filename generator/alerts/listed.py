"""The rule files runbook.yaml lists (``alert_rules``), and the site's pages as an alert check needs them.

``alert_rules`` paths are relative to the folder holding mkdocs.yml, where CI and ``make`` run;
a listed path that is missing is reported on its line in runbook.yaml, where it is fixed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from generator.alerts.rules import RuleFiles, read_rule_paths
from generator.alerts.site import SitePages
from generator.diagnostics import Diagnostic, display_path
from generator.pages.view import RenderedPage
from generator.source.project import RUNBOOK_FILE, Project
from generator.writer.navigation import hand_written_pages


def listed_rule_paths(project: Project, base: Path) -> tuple[list[Path], list[Diagnostic]]:
    """runbook.yaml's ``alert_rules`` resolved against ``base``; each missing one an error on its line."""
    source = project.file(RUNBOOK_FILE)
    paths, problems = [], []
    for index, listed in enumerate(project.runbook.alert_rules):
        path = base / listed
        if path.is_file() or path.is_dir():
            paths.append(path)
            continue
        problems.append(
            source.diagnostic(
                ("alert_rules", index),
                "missing-file",
                f"no rule file or folder at '{listed}'{_from(base)}; alert_rules paths are relative to "
                "the folder holding mkdocs.yml: fix the path, or remove the entry",
            )
        )
    return paths, problems


def _from(base: Path) -> str:
    return "" if str(base) in ("", ".") else f" in {display_path(base)}"


def read_listed_rules(project: Project, base: Path) -> RuleFiles:
    """The alerts of every rule file runbook.yaml lists, with the problems of reading them."""
    paths, problems = listed_rule_paths(project, base)
    found = read_rule_paths(paths)
    found.problems = problems + found.problems
    return found


def site_pages(pages: Mapping[str, RenderedPage], docs: Path) -> SitePages:
    """Every page the site will have: the generated ones and the hand-written pages in ``docs``."""
    texts = {name: page.content for name, page in pages.items()}
    for name in hand_written_pages(docs, pages):
        try:
            texts[name] = (docs / name).read_text(encoding="utf-8", errors="replace")
        except OSError:  # a page that cannot be read cannot be built either; MkDocs says so
            continue
    return SitePages(texts)
