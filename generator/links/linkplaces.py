"""Where a broken link of the built site was written: the YAML line that made it, or the Markdown line.

A link in a built page comes from its Markdown in ``docs/``. A hand-written page is where it is
fixed, so the link is reported on its Markdown line. A generated page is fixed in ``source/``:
its link to another page, owner or severity level came from a ``related`` entry, an ``[[id]]``
reference, or an owner or level id in the YAML files the page is generated from, and the link
is reported on those lines. A link no page's Markdown holds (the theme's navigation) is reported
where it is in the HTML. Plain functions, so tests call them without a site.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, display_path, line_column
from generator.links.linkcheck import BrokenLink, SiteLayout, page_key
from generator.pages.view import GENERATED_MARKER, OWNERS_PAGE, SEVERITY_PAGE
from generator.source.graph import INLINE_REFERENCE
from generator.source.load import DataPath, SourceFile
from generator.source.project import (
    CATEGORIES_FILE,
    OPERATIONS_DIR,
    OWNERS_FILE,
    SEVERITIES_FILE,
    Project,
)

# Inline links and images, reference definitions, HTML attributes, and Mermaid node links.
_LINKS = (
    re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"),
    re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE),
    re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE),
    re.compile(r"""^\s*click\s+\S+\s+href\s+"([^"]+)\"""", re.MULTILINE),
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")

Kind = str
"""What a link points at: 'operation', 'owner', 'level' or 'category'."""


@dataclass(frozen=True)
class MarkdownLink:
    """A link target as written in a Markdown page, at its 1-based line and column."""

    line: int
    column: int
    target: str


@dataclass(frozen=True)
class Reference:
    """A YAML value that makes the site link to an operation, owner, level or category."""

    file: str
    """The file's name under the source folder ('operations/x.yaml')."""
    path: str
    line: int
    column: int
    kind: Kind
    target: str
    definition: bool = False
    """True for the id that defines the target (an owner's 'id:'), False for a reference to it."""


def markdown_links(text: str) -> list[MarkdownLink]:
    """Every link target in a Markdown page, in the order written."""
    found = set()
    for pattern in _LINKS:
        for match in pattern.finditer(text):
            start = match.start(1)
            line, column = line_column(text, start)
            found.add(MarkdownLink(line, column, match.group(1)))
    return sorted(found, key=lambda link: (link.line, link.column))


def docs_page(html_page: str, docs: Path, layout: SiteLayout) -> str | None:
    """The Markdown file in ``docs`` that an HTML page was built from, or None (a theme page)."""
    key = page_key(html_page)
    if key == "404":
        return None
    candidates = [f"{key}/index.md", f"{key}/README.md"] if key else ["index.md", "README.md"]
    if key:
        candidates.insert(0, f"{key}.md")
    for name in candidates:
        if (docs / name).is_file():
            return name
    return None


def source_key(docs_name: str) -> str:
    """The page key of a Markdown file: 'a/b.md' → 'a/b', 'a/index.md' → 'a', 'index.md' → ''."""
    stem = docs_name.removesuffix(".md")
    for index in ("index", "README"):
        if stem == index:
            return ""
        stem = stem.removesuffix(f"/{index}")
    return stem


def link_target(target: str, docs_name: str, html_page: str, layout: SiteLayout) -> tuple[str, str] | None:
    """The (page key, fragment) a link in ``docs_name`` leads to, as MkDocs resolves it; None for other hosts."""
    if _SCHEME.match(target):
        return None
    path, _, fragment = target.partition("#")
    path = path.partition("?")[0]
    if not path:
        return source_key(docs_name), fragment
    if path.startswith("/"):
        inside = path[len(layout.base_path) - 1 :] if path.startswith(layout.base_path) else path
        return page_key(posixpath.normpath(inside)), fragment
    if path.endswith(".md"):
        return source_key(posixpath.normpath(posixpath.join(posixpath.dirname(docs_name), path))), fragment
    return page_key(posixpath.normpath(posixpath.join(posixpath.dirname(html_page), path))), fragment


def generated_sources(text: str) -> list[str] | None:
    """The source files a generated page names in its marker (relative to the source folder); None if hand-written."""
    if not text.startswith("---\n" + GENERATED_MARKER):
        return None
    names = text[len("---\n" + GENERATED_MARKER) :].split("\n", 1)[0].split("; edit that", 1)[0]
    return [name.strip().split("/", 1)[-1] for name in names.split(",") if name.strip()]


def link_subject(key: str, fragment: str) -> tuple[Kind, str] | None:
    """What a link to a page key and fragment names: an operation, owner, level or category, with its id."""
    if key.startswith(f"{OPERATIONS_DIR}/") and key.count("/") == 1:
        return "operation", key.split("/", 1)[1]
    if key == source_key(OWNERS_PAGE) and fragment:
        return "owner", fragment
    if key == source_key(SEVERITY_PAGE) and fragment:
        return "level", fragment
    if key.startswith("categories/"):
        return "category", key.split("/")[1]
    return None


def _reference(source: SourceFile, name: str, path: DataPath, kind: Kind, target: str, **extra: bool) -> Reference:
    where = source.place(path)
    return Reference(name, source.path, where.line, where.column, kind, target, **extra)


def _operation_references(project: Project, op_id: str) -> Iterator[Reference]:
    name = f"{OPERATIONS_DIR}/{op_id}.yaml"
    source, operation = project.file(name), project.operations[op_id]
    yield _reference(source, name, ("title",), "operation", op_id, definition=True)
    yield _reference(source, name, ("category",), "category", operation.category)
    for key in ("primary_owner", "alternate_owner"):
        owner = getattr(operation.owner, key)
        if owner is not None:
            yield _reference(source, name, ("owner", key), "owner", owner)
    for i, level in enumerate(operation.applies_to):
        yield _reference(source, name, ("applies_to", i), "level", level)
    for i, related in enumerate(operation.related):
        yield _reference(source, name, ("related", i, "operation"), "operation", related.operation)
    for i, section in enumerate(operation.sections):
        body = source.place(("sections", i, "body"))
        for match in INLINE_REFERENCE.finditer(section.body):
            at = source.text.find(match.group(0), body.start, body.end)
            where = source.offset_place(at + 2) if at >= 0 else body
            yield Reference(name, source.path, where.line, where.column, "operation", match.group(1).strip())


def references(project: Project) -> list[Reference]:
    """Every YAML value that makes the site link to an operation, owner, level or category."""
    found: list[Reference] = []
    owners = project.file(OWNERS_FILE)
    for i, owner in enumerate(project.owners.owners):
        found.append(_reference(owners, OWNERS_FILE, ("owners", i, "id"), "owner", owner.id, definition=True))
        if owner.backup:
            found.append(_reference(owners, OWNERS_FILE, ("owners", i, "backup"), "owner", owner.backup))
    levels = project.file(SEVERITIES_FILE)
    for i, level in enumerate(project.severities.levels):
        found.append(_reference(levels, SEVERITIES_FILE, ("levels", i, "id"), "level", level.id, definition=True))
        for responsibility, owner_id in level.owners.items():
            path: DataPath = ("levels", i, "owners", responsibility)
            found.append(_reference(levels, SEVERITIES_FILE, path, "owner", owner_id))
    categories = project.file(CATEGORIES_FILE)
    for i, category in enumerate(project.categories.categories):
        found.append(
            _reference(categories, CATEGORIES_FILE, ("categories", i, "id"), "category", category.id, definition=True)
        )
        for key in ("primary_owner", "alternate_owner"):
            default = getattr(category.defaults, key)
            if default is not None:
                found.append(
                    _reference(categories, CATEGORIES_FILE, ("categories", i, "defaults", key), "owner", default)
                )
    for op_id in sorted(project.operations):
        found += _operation_references(project, op_id)
    return found


def yaml_places(found: list[Reference], sources: list[str], page: str, subject: tuple[Kind, str]) -> list[Reference]:
    """The YAML values that made a generated page link to ``subject``, best guess first.

    References in the page's own sources come first; then, for a page listing who links to it
    ("Referenced by"), the linking page's references back to it; then the id that defines the
    subject; last, every reference to it anywhere.
    """
    kind, target = subject
    page_subject = link_subject(page, "")
    if page_subject is not None and page_subject[0] == "operation":
        sources = [*sources, CATEGORIES_FILE]  # an operation page shows what it inherits from its category
    matching = [r for r in found if (r.kind, r.target) == subject]
    own = [r for r in matching if r.file in sources and not r.definition]
    if own:
        return own
    if kind == "operation" and page_subject is not None and page_subject[0] == "operation":
        back = [
            r
            for r in found
            if r.file == f"{OPERATIONS_DIR}/{target}.yaml" and (r.kind, r.target) == page_subject and not r.definition
        ]
        if back:
            return back
    definitions = [r for r in matching if r.definition]
    return definitions or matching


def _shown(key: str, fragment: str, layout: SiteLayout) -> str:
    url = "/" if not key else f"/{key}/" if layout.directory_urls else f"/{key}.html"
    return url + (f"#{fragment}" if fragment else "")


def _page_url(html_page: str) -> str:
    """The URL path a page is read at: 'a/index.html' → '/a/', 'a.html' → '/a.html'."""
    return "/" + html_page.removesuffix("index.html")


def _why(link: BrokenLink) -> str:
    if link.reason == "page":
        return "no such page in the built site"
    if link.reason == "anchor":
        return f"that page has no anchor '#{link.fragment}'"
    return link.reason


def _pages(pages: set[str]) -> str:
    shown = sorted(pages)
    more = f" and {len(shown) - 5} more" if len(shown) > 5 else ""
    return ", ".join(shown[:5]) + more


def place_broken_links(
    broken: list[BrokenLink], layout: SiteLayout, docs: Path, project: Project | None
) -> list[Diagnostic]:
    """One error per place that made a broken link, naming the pages it is broken on.

    A link found in no page's Markdown (the theme's navigation, on every page) is reported once,
    at its first place in the HTML.
    """
    found = references(project) if project is not None else []
    texts: dict[str, str] = {}
    pages_at: dict[tuple[str, int, int, str], set[str]] = defaultdict(set)
    unplaced: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
    for link in broken:
        target = _shown(link.target, link.fragment, layout) if link.reason in ("page", "anchor") else link.target
        message = f"broken link to {target}: {_why(link)}"
        shown_page = _page_url(link.page)
        in_html = (display_path(layout.root / link.page), link.line, link.column, shown_page)
        name = docs_page(link.page, docs, layout)
        if name is None:
            unplaced[message].append(in_html)
            continue
        if name not in texts:
            texts[name] = (docs / name).read_text(encoding="utf-8", errors="replace")
        text = texts[name]
        wanted = (link.target, link.fragment)
        written = [m for m in markdown_links(text) if link_target(m.target, name, link.page, layout) == wanted]
        if not written:
            unplaced[message].append(in_html)
            continue
        sources = generated_sources(text)
        subject = link_subject(link.target, link.fragment)
        places = yaml_places(found, sources, page_key(link.page), subject) if sources and subject else []
        if places:
            for ref in places:
                pages_at[(ref.path, ref.line, ref.column, message)].add(shown_page)
        else:
            for m in written:
                pages_at[(display_path(docs / name), m.line, m.column, message)].add(shown_page)
    for message, occurrences in unplaced.items():
        path, line, column, _ = min(occurrences)
        pages_at[(path, line, column, message)].update(page for *_, page in occurrences)
    return sorted(
        Diagnostic(path, line, column, "error", "broken-link", f"{message} (on {_pages(pages)})")
        for (path, line, column, message), pages in pages_at.items()
    )
