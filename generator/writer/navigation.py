"""The site's navigation, generated: operations grouped by category, large categories split.

Without a ``nav`` MkDocs puts every operation in one flat section, and Material writes that whole
list into every page: at 1,000 operations each page carried 286 KB of navigation. Grouped by
category, with a category of more than :data:`GROUP_LIMIT` pages split into balanced groups
(and those split again when they are many), and with Material's ``navigation.prune``, a page
carries only the branch it sits in: a few dozen entries at any size.

The nav is plain MkDocs configuration (no plugin), written to the file that ``mkdocs.yml``
names with ``INHERIT:``, so ProperDocs and MkDocs read it alike and adding an operation needs
no hand edit. The same file carries the site's name and description from ``runbook.yaml``
(siteconfig.py).
"""

from __future__ import annotations

import errno
import html
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.diagnostics import Diagnostic, display_path, line_column
from generator.i18n.words import runbook_messages
from generator.pages.incident_pages import TRIAGE_PAGE
from generator.pages.parts import CATEGORIES_DIR, MAP_DIR
from generator.pages.view import (
    GENERATED_MARKER,
    HOME_PAGE,
    MATRIX_PAGE,
    OPERATIONS_INDEX,
    OWNERS_PAGE,
    SEVERITY_PAGE,
    is_generated,
)
from generator.site.siteconfig import read_config, site_identity
from generator.source.model import Operation
from generator.source.project import Project

GROUP_LIMIT = 20
"""Most entries one navigation level lists before it is split into groups.

Material writes about 550 bytes of HTML per visible nav entry (the page's own table of contents
included). With 40, a category of 600 pages became 25 groups of 25 and pages at 5,000 operations
weighed 69 KB; with 20 it is three levels of about 9, and pages stay under 60 KB.
"""

PART_FOLDERS = (CATEGORIES_DIR, MAP_DIR)
"""Folders of generated pages the nav leaves out, except each category's first page."""

NOT_IN_NAV = "".join(f"/{folder}/\n" for folder in PART_FOLDERS)
"""MkDocs' ``not_in_nav``: those pages are left out on purpose, not forgotten."""

FIRST_PAGES = (HOME_PAGE, TRIAGE_PAGE, SEVERITY_PAGE, MATRIX_PAGE, OWNERS_PAGE)
"""Top-level pages in reading order; any other top-level page follows them by name."""

NavItem = str | dict[str, "list[NavItem]"]
"""A page path, or a one-key mapping of a section title to its items, as mkdocs.yml writes them."""


@dataclass(frozen=True)
class NavFile:
    """The generated navigation file and its text."""

    path: Path
    content: str

    @property
    def changed(self) -> bool:
        try:
            return self.path.read_bytes() != self.content.encode()
        except OSError:
            return True


def _title_key(title: str, op_id: str) -> tuple[str, str]:
    return (title.casefold(), op_id)


def _distinct_prefix(title: str, neighbour: str | None) -> str:
    """The start of ``title`` that tells it from ``neighbour``, up to the end of a word."""
    cut = 1
    if neighbour is not None:
        for mine, theirs in zip(title.casefold(), neighbour.casefold(), strict=False):
            if mine != theirs:
                break
            cut += 1
    end = cut
    while end < len(title) and title[end].isalnum():
        end += 1
    return title[:end].rstrip(" :-–,.;") or title[:cut]


def _balanced(entries: list[tuple[str, str]], limit: int) -> list[NavItem]:
    """Entries (title, page) as a list, or as titled groups of at most ``limit`` at every level."""
    if len(entries) <= limit:
        return [page for _, page in entries]
    depth = math.ceil(math.log(len(entries)) / math.log(limit))
    fanout = math.ceil(len(entries) ** (1 / depth))
    size = math.ceil(len(entries) / fanout)
    chunks = [entries[i : i + size] for i in range(0, len(entries), size)]
    groups: list[NavItem] = []
    for index, chunk in enumerate(chunks):
        before = chunks[index - 1][-1][0] if index else None
        after = chunks[index + 1][0][0] if index + 1 < len(chunks) else None
        label = f"{_distinct_prefix(chunk[0][0], before)} – {_distinct_prefix(chunk[-1][0], after)}"
        groups.append({label: _balanced(chunk, limit)})
    return groups


def _operations_section(
    project: Project, operations: Mapping[str, Operation], pages: set[str], extra: list[str], limit: int
) -> list[NavItem]:
    items: list[NavItem] = [OPERATIONS_INDEX]
    for category in project.categories.categories:
        members = sorted(
            ((op.title, f"operations/{op_id}.md") for op_id, op in operations.items() if op.category == category.id),
            key=lambda entry: _title_key(*entry),
        )
        if members:
            # navigation.indexes makes the category's page the section's own page.
            index: list[NavItem] = [page] if (page := f"{CATEGORIES_DIR}/{category.id}/index.md") in pages else []
            items.append({category.name: index + _balanced(members, limit)})
    return items + sorted(extra)


def _folder_title(folder: str) -> str:
    return folder.replace("-", " ").replace("_", " ").capitalize()


def site_nav(
    project: Project, pages: Iterable[str], hand_written: Iterable[str] = (), *, limit: int = GROUP_LIMIT
) -> list[NavItem]:
    """The nav for every generated and hand-written page, in reading order."""
    generated = set(pages)
    every = generated | set(hand_written)
    operations = {op_id: op for op_id, op in project.operations.items() if f"operations/{op_id}.md" in every}
    listed = {f"operations/{op_id}.md" for op_id in operations} | {OPERATIONS_INDEX}
    # Category pages and the map and print parts are reached from the pages that list them
    # (generator/pages/parts.py); in the nav, hundreds of parts would only push operations down.
    listed |= {p for p in generated if p.split("/", 1)[0] in PART_FOLDERS}
    top = [p for p in FIRST_PAGES if p in every]
    top += sorted(p for p in every if "/" not in p and p not in FIRST_PAGES)
    folders: dict[str, list[str]] = {}
    for page in sorted(every - listed):
        if "/" in page:
            folders.setdefault(page.split("/", 1)[0], []).append(page)
    nav: list[NavItem] = list(top)
    for folder, members in sorted(folders.items()):
        if folder != "operations":
            entries: list[NavItem] = [p for p in members if p == f"{folder}/index.md"]
            entries += [p for p in members if p not in entries]
            nav.append({_folder_title(folder): entries})
    if OPERATIONS_INDEX in every or operations:
        nav.append(
            {
                runbook_messages(project.runbook).text("Operations"): _operations_section(
                    project, operations, generated, folders.get("operations", []), limit
                )
            }
        )
    return nav


def nav_text(nav: list[NavItem], sources: str, identity: dict[str, str] | None = None) -> str:
    """The nav as an MkDocs configuration file that ``mkdocs.yml`` inherits.

    With ``identity``, the file also names the site (siteconfig.py says why it is here):
    ``mkdocs.yml`` may then leave ``site_name`` and ``site_description`` out.
    """
    header = (
        f"{GENERATED_MARKER}{sources}; edit that, not this file.\n"
        "# mkdocs.yml inherits this file (INHERIT:); runbook generate rewrites it when pages change.\n"
        "# A site_name or site_description written in mkdocs.yml wins over the ones here.\n"
    )
    names = yaml.dump(identity, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000) if identity else ""
    # libyaml's emitter writes the same text as PyYAML's, seven times faster (0.15 s at 5,000 pages).
    body = yaml.dump(
        {"nav": _html_titles(nav)}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000, indent=2
    )
    not_in_nav = "not_in_nav: |\n" + "".join(f"  {line}\n" for line in NOT_IN_NAV.splitlines())
    return header + names + not_in_nav + body


def _html_titles(items: list[NavItem]) -> list[NavItem]:
    """Section titles escaped: Material prints nav titles as HTML, and they come from YAML text."""
    return [
        item if isinstance(item, str) else {html.escape(t, quote=False): _html_titles(c) for t, c in item.items()}
        for item in items
    ]


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def nav_path(config_file: Path, docs: Path) -> Path | None:
    """The generated nav file of the MkDocs config that builds ``docs``, or None if it names none.

    Follows the ``INHERIT:`` chain (mkdocs-offline.yml inherits mkdocs.yml, which inherits the
    nav) to the first file that is missing or carries the generated marker; a parent config
    someone wrote by hand is read, never replaced. Paths resolve against ``config_file``'s
    folder, as MkDocs resolves them.
    """
    docs_dir: object = None
    current = config_file
    for _ in range(8):  # MkDocs itself would reject a longer or circular chain
        config = read_config(current)
        if config is None:
            return None
        docs_dir = config.get("docs_dir") if docs_dir is None else docs_dir
        parent = config.get("INHERIT")
        if not isinstance(parent, str):
            return None
        current = current.parent / parent
        ours = is_generated(current)
        if ours is False and current.is_file() and not os.access(current, os.R_OK):
            # Unread, it would pass for a hand-written parent config, and the nav would go stale unsaid.
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(current))
        if ours is not False:
            break
    else:
        return None
    docs_dir = "docs" if docs_dir is None else docs_dir
    if not isinstance(docs_dir, str) or (config_file.parent / docs_dir).resolve() != docs.resolve():
        return None
    return current


def nav_place_problem(nav: Path, config_file: Path, folders: dict[str, Path]) -> Diagnostic | None:
    """Why the generated navigation must not be written at ``nav``, or None.

    An INHERIT that leads into the source folder would write a YAML file that the next run reads
    as a runbook page; one into docs/ puts configuration among the pages.
    """
    real_nav = Path(os.path.realpath(nav))
    for what, folder in folders.items():
        if Path(os.path.realpath(folder)) in real_nav.parents:
            text = config_file.read_text(encoding="utf-8", errors="replace") if config_file.is_file() else ""
            found = re.search(r"^INHERIT\s*:", text, re.MULTILINE)
            line = line_column(text, found.start())[0] if found else 1
            return Diagnostic(
                display_path(config_file),
                line,
                1,
                "error",
                "nav-place",
                f"INHERIT leads to {display_path(nav)}, inside {what}, where the generated navigation would be "
                f"written; name a file beside {config_file.name} instead, such as 'INHERIT: mkdocs.nav.yml'",
            )
    return None


def hand_written_pages(docs: Path, generated: Iterable[str]) -> list[str]:
    """Markdown pages in ``docs`` that MkDocs will build and the generator did not write."""
    ours = set(generated)
    found: list[str] = []
    if not docs.is_dir():
        return found
    for path in docs.rglob("*.md"):
        name = path.relative_to(docs).as_posix()
        if name in ours or any(part.startswith(".") for part in name.split("/")):
            continue
        if path.is_file() and not is_generated(path):
            found.append(name)
    return sorted(found)


def plan_nav(config_file: Path, docs: Path, project: Project, pages: Iterable[str]) -> NavFile | None:
    """The nav file to write beside ``config_file``, or None when the config inherits none of ours."""
    path = nav_path(config_file, docs)
    if path is None:
        return None
    generated = list(pages)
    nav = site_nav(project, generated, hand_written_pages(docs, generated))
    sources = f"{project.root.resolve().name or 'source'}/ (title, summary, categories and operation titles)"
    identity = site_identity(project.runbook.title, project.runbook.summary)
    return NavFile(path, nav_text(nav, sources, identity))


def write_nav(nav: NavFile) -> None:
    """Replace the nav file whole, as pages are replaced (generator/writer/write.py)."""
    from generator.writer.write import atomic_write

    atomic_write(nav.path, nav.content.encode())
