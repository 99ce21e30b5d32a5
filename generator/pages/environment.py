"""The Jinja2 environment pages are rendered in, and the one function that renders a page."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.i18n.catalog import N_
from generator.pages.embeds import front_matter as front_matter_lines
from generator.pages.markdown import (
    clauses,
    end_sentence,
    escape_inline,
    escape_text,
    heading_html,
    inline_text,
    link,
    prose,
    relative_link,
)
from generator.pages.parts import CATEGORIES_DIR, LIST_LIMIT, MAP_DIR, MAP_PART_SIZE
from generator.pages.phrases import Phrases
from generator.pages.templatecode import template_code
from generator.pages.view import (
    GENERATED_MARKER,
    HOME_PAGE,
    MATRIX_PAGE,
    OPERATIONS_INDEX,
    OWNERS_PAGE,
    SEVERITY_PAGE,
    RenderedPage,
    SiteView,
    operation_page,
)
from generator.pages.wording import install_messages
from generator.runtime.memo import RunCache
from generator.source.graph import conditions
from generator.source.inheritance import owner_ids
from generator.source.model import upper_first

_BLANK_RUNS = re.compile(r"\n\n\n+")  # not \n{3,}: a literal start lets re skip ahead (ten times faster)


def _relative_target(folder: str, target: str) -> str:
    """posixpath.relpath(target, folder) for the plain relative paths pages have, without its getcwd calls."""
    here = folder.split("/") if folder else []
    there = target.split("/")
    if any(part in ("", ".", "..") for part in here + there):
        return posixpath.relpath(target, folder or ".")
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def page_environment(view: SiteView, cache: RunCache) -> jinja2.Environment:
    """The environment every page of one render shares, with the lookups its templates call."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # templates do not change during a run: skip a stat per page
        bytecode_cache=template_code(),
    )
    # A link target depends only on the folder it is written from, so each is built once per
    # render rather than once per use (relpath was a third of the render time at 1,000 pages).
    targets: dict[tuple[str, str, str | None], Markup] = {}

    @jinja2.pass_context
    def to(context: Any, target_page: str, anchor: str | None = None) -> Markup:
        page = context["page"]
        if target_page == page:
            return Markup(relative_link(page, target_page, anchor))
        key = (posixpath.dirname(page), target_page, anchor)
        found = targets.get(key)
        if found is None:
            relative = _relative_target(key[0], target_page)
            found = targets[key] = Markup(f"{relative}#{anchor}" if anchor else relative)
        return found

    def anchor(slug: str) -> Markup:
        """An explicit heading id; slugs are validated, so they are safe in attribute syntax."""
        return Markup(f"{{#{slug}}}")

    # Whole links too: the same owner, level or page is linked from the same folder again and again.
    links: dict[tuple[str, str, str], Markup] = {}

    @jinja2.pass_context
    def owner_link(context: Any, owner_id: str) -> Markup:
        if context["page"] == OWNERS_PAGE:  # a link within the page: '#id', not cached for the folder
            return link(view.owners[owner_id].title, to(context, OWNERS_PAGE, owner_id))
        key = ("owner", posixpath.dirname(context["page"]), owner_id)
        found = links.get(key)
        if found is None:
            found = links[key] = link(view.owners[owner_id].title, to(context, OWNERS_PAGE, owner_id))
        return found

    @jinja2.pass_context
    def level_link(context: Any, level_id: str) -> Markup:
        if context["page"] == SEVERITY_PAGE:
            return link(view.level_names[level_id], to(context, SEVERITY_PAGE, level_id))
        key = ("level", posixpath.dirname(context["page"]), level_id)
        found = links.get(key)
        if found is None:
            found = links[key] = link(view.level_names[level_id], to(context, SEVERITY_PAGE, level_id))
        return found

    @jinja2.pass_context
    def operation_link(context: Any, op_id: str, text: str | None = None) -> Markup:
        page = context["page"]
        if text is not None or page == operation_page(op_id):
            return link(text if text is not None else view.operations[op_id].title, to(context, operation_page(op_id)))
        key = ("operation", posixpath.dirname(page), op_id)
        found = links.get(key)
        if found is None:
            found = links[key] = link(view.operations[op_id].title, to(context, operation_page(op_id)))
        return found

    @jinja2.pass_context
    def render_prose(context: Any, body: str) -> Markup:
        return prose(body, lambda target, text: operation_link(context, target, text))

    def contact_text(owner_id: str) -> Markup:
        """Every way to reach an owner, in owners.yaml's order, on one line: 'chat: …; pager: …'
        (a semicolon, as a contact's own text may hold commas)."""
        contacts = [view.contact_line(c) for c in view.owners[owner_id].contact]
        text = contacts[0]
        for contact in contacts[1:]:
            text = phrases.md(N_("%(earlier)s; %(contact)s"), earlier=text, contact=contact)
        return text

    def contacts_cell(owner_id: str, level: Any = None, methods: bool = False) -> Markup:
        """Every way to reach an owner, one a line, for a table cell (see SiteView.owner_contacts).

        A space follows each line break, so that search (which drops ``<br>``) keeps the words
        apart; ``methods`` wraps each contact in a ``<span data-method>`` the triage script reorders.
        """
        contacts = view.owner_contacts(owner_id, level)
        lines = [view.contact_line(c) for c in contacts]
        if methods:
            lines = [Markup(f'<span data-method="{c.method}">{view.contact_line(c)}</span>') for c in contacts]
        return Markup("<br> ").join(lines)

    @jinja2.pass_context
    def finalize(context: Any, value: object) -> Markup:
        """Every printed value, escaped; ``[[id]]`` links resolved (validation allows them only where they render)."""
        if isinstance(value, str) and not isinstance(value, Markup) and "[[" in value:
            return inline_text(value, lambda target, text: operation_link(context, target, text))
        return escape_inline(value)

    @jinja2.pass_context
    def owners_text(context: Any, owner_ids: tuple[str, ...], contacts: bool = True) -> Markup:
        """'Support lead (chat: …, pager: …) or Site administrator (…)': each owner linked, with every contact."""
        return Markup(view.messages.text(" or ")).join(
            phrases.md(N_("%(owner)s (%(contacts)s)"), owner=owner_link(context, o), contacts=contact_text(o))
            if contacts
            else owner_link(context, o)
            for o in owner_ids
        )

    # The same conditions show on many pages (a category's inherited lines, a related entry's
    # conditions on both of the pages it joins): each list of plain texts is joined once per render,
    # or once per page when it holds a [[link]] (whose target depends on the page).
    joined: dict[tuple[str, tuple[str, ...]], Markup] = {}

    @jinja2.pass_context
    def clause_list(context: Any, items: Any) -> Markup:
        """Text items (links resolved) joined with '; ' into one clause list."""
        if type(items) is not tuple or not all(type(item) is str for item in items):
            return clauses(finalize(context, item) for item in items)
        key = (context["page"] if any("[[" in item for item in items) else "", items)
        found = joined.get(key)
        if found is None:
            found = joined[key] = clauses(finalize(context, item) for item in items)
        return found

    environment.finalize = finalize
    environment.globals["shown"] = finalize  # a YAML value as {{ }} prints it, for a message's placeholder

    # The language's full stop ('。' in Japanese), added where a sentence does not end in one.
    stop = escape_text(view.messages.text(N_(".")))

    def full_stop(rendered: str) -> Markup:
        """For ``{% filter full_stop %}`` around rendered Markdown (or a Markup value): end it as a sentence."""
        return end_sentence(Markup(rendered), stop)

    environment.filters["full_stop"] = full_stop

    environment.filters["upper_first"] = upper_first

    def unsearched(text: Markup) -> Markup:
        """Inline text Material's search leaves out (it drops the attribute from the page afterwards)."""
        return Markup('<span data-search-exclude="true">') + text + Markup("</span>")

    environment.globals.update(
        unsearched=unsearched,
        contact_line=view.contact_line,
        view=view,
        words=view.words,
        to=to,
        anchor=anchor,
        owner_link=owner_link,
        level_link=level_link,
        operation_link=operation_link,
        prose=render_prose,
        contact_text=contact_text,
        contacts_cell=contacts_cell,
        owners_text=owners_text,
        clauses=clause_list,
        owner_ids=owner_ids,
        conditions=conditions,
        md=escape_inline,
        HOME_PAGE=HOME_PAGE,
        SEVERITY_PAGE=SEVERITY_PAGE,
        MATRIX_PAGE=MATRIX_PAGE,
        OWNERS_PAGE=OWNERS_PAGE,
        OPERATIONS_INDEX=OPERATIONS_INDEX,
        LIST_LIMIT=LIST_LIMIT,
        CATEGORIES_DIR=CATEGORIES_DIR,
        MAP_DIR=MAP_DIR,
        MAP_PART_SIZE=MAP_PART_SIZE,
    )
    install_messages(environment, view.messages)
    phrases = Phrases(view)
    environment.globals.update(
        link=link,
        response_targets=phrases.response_targets,
        target_lines=phrases.target_lines,
        target_line=phrases.target_line,
        contact_list=phrases.contact_list,
        level_names=phrases.level_names,
        part_label=phrases.part_label,
        section_anchor=phrases.section_anchor,
    )

    @jinja2.pass_context
    def primary_owner_text(
        context: Any, primary: tuple[str, ...], alternate: tuple[str, ...], responsible_for: str | None
    ) -> Markup:
        """'Support lead (chat: …), or Site administrator (…); responsible for …'."""
        text = owners_text(context, primary)
        if alternate:
            text = phrases.md("%(primary)s, or %(alternate)s", primary=text, alternate=owners_text(context, alternate))
        if responsible_for:
            text = phrases.md("%(owners)s; responsible for %(what)s", owners=text, what=responsible_for)
        return text

    @jinja2.pass_context
    def edge_list(context: Any, edges: list[Any]) -> Markup:
        """'A (when …), B (when …)': each page a related link leads to, with its conditions."""
        return Markup(view.messages.text(", ")).join(
            phrases.md(
                "%(page)s (%(when)s)", page=operation_link(context, edge.target), when=clause_list(context, edge.when)
            )
            for edge in edges
        )

    environment.globals.update(primary_owner_text=primary_owner_text, edge_list=edge_list)
    return environment


def render_page(
    environment: jinja2.Environment,
    page: str,
    template: str,
    sources: list[str],
    front_matter: dict[str, Any] | None = None,
    **context: Any,
) -> RenderedPage:
    body = environment.get_template(template).render(page=page, sources=sources, **context)
    # The home page's <title> is the site name alone; every other page needs its title escaped.
    title = heading_html(body) if page != HOME_PAGE else None
    meta = {"title": title, **(front_matter or {})} if title else front_matter or {}
    header = (
        f"---\n{GENERATED_MARKER}{', '.join(sources)}; edit that, not this page.\ngenerated_from: {sources[0]}\n"
        f"{front_matter_lines(meta)}---\n\n"
    )
    # Conditional blocks leave runs of blank lines; one blank line is all Markdown needs.
    body = _BLANK_RUNS.sub("\n\n", body)
    return RenderedPage(header + body.rstrip("\n") + "\n", tuple(sources))
