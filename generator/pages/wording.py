"""The catalog's messages in templates: ``_()``, ``ngettext()`` and ``{% trans %}`` through jinja2.ext.i18n.

A message is plain text in the catalog (a translator, or a runbook's ``messages:``, writes no
Markdown); here it is escaped for Markdown around its placeholders, and each value filled into a
placeholder is escaped as every printed value is, unless the renderer built it (a link). In raw
HTML a template writes ``html(t("…"))`` instead: ``t`` returns the plain text.
"""

from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup

from generator.i18n.catalog import PLACEHOLDER, Messages
from generator.pages.markdown import escape_inline, escape_text


class MarkdownMessage(Markup):
    """A translated message as Markdown: ``%`` fills its placeholders with values escaped for Markdown."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any) -> MarkdownMessage:
        return cls(escape_inline(s))

    def __mod__(self, values: Any) -> MarkdownMessage:
        if type(values) is dict:
            # What Markup's % gives for a mapping (each value escaped), without a helper object per value:
            # a thousand pages fill tens of thousands of messages.
            filled = str.__mod__(self, {name: escape_inline(value) for name, value in values.items()})
            return str.__new__(MarkdownMessage, filled)
        return super().__mod__(values)


def markdown_message(text: str) -> MarkdownMessage:
    """The message's own text escaped for Markdown, its ``%(name)s`` placeholders left to fill."""
    pieces, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        pieces += [escape_text(text[last : match.start()]), match.group(0)]
        last = match.end()
    pieces.append(escape_text(text[last:]))
    return MarkdownMessage("".join(pieces))


def install_messages(environment: jinja2.Environment, messages: Messages) -> None:
    """``_``, ``gettext``, ``ngettext`` and ``{% trans %}`` for Markdown, ``t`` and ``tn`` for plain text.

    ``ngettext`` fills ``%(count)s`` (and Jinja's ``%(num)s``) with the number that picks the form.
    """
    environment.add_extension("jinja2.ext.i18n")
    environment.policies["ext.i18n.trimmed"] = True

    # A message is escaped once per render, not once per use (a thousand pages ask for the same
    # headings and labels); one with no values to fill is kept whole.
    escaped: dict[str, MarkdownMessage] = {}
    plain: dict[str, Markup] = {}

    def message_markdown(message: str) -> MarkdownMessage:
        found = escaped.get(message)
        if found is None:
            found = escaped[message] = markdown_message(messages.raw(message))
        return found

    def gettext(message: str, /, **values: Any) -> Markup:
        if values:
            return message_markdown(message) % values
        found = plain.get(message)
        if found is None:
            found = plain[message] = message_markdown(message) % values
        return found

    def ngettext(singular: str, plural: str, count: int, /, **values: Any) -> Markup:
        return markdown_message(messages.raw_plural(singular, plural, count)) % {"count": count, "num": count, **values}

    environment.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    # Jinja's newstyle wrappers format with its own '%'; these format themselves.
    environment.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
    environment.globals.update(t=messages.text, tn=messages.plural, messages=messages)
