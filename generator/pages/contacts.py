"""How to reach an owner, as Markdown: contacts that are addresses become links a phone can dial.

A contact's value is free text ("#support channel in the team chat"); only a value that *is*
an e-mail address, a phone number or a web address becomes a ``mailto:``, ``tel:`` or
``https:`` link, whatever its method says, so a mistyped method never breaks a link and a
channel name is never turned into one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

from generator.pages.markdown import escape_inline
from generator.source.model import Contact

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{4,}[0-9]$")
_URL = re.compile(r"^https?://[^\s<>()\[\]`\\]+$")
_MIN_PHONE_DIGITS = 6


def contact_target(value: str) -> str | None:
    """The link a contact value stands for (``mailto:``, ``tel:``, ``https:``), or None for text."""
    value = value.strip()
    if _URL.match(value):
        return value
    if _EMAIL.match(value):
        return f"mailto:{value}"
    if _PHONE.match(value):
        digits = re.sub(r"[^0-9]", "", value)
        if len(digits) >= _MIN_PHONE_DIGITS:
            return f"tel:{'+' if value.startswith('+') else ''}{digits}"
    return None


def contact_value(contact: Contact) -> Markup:
    """The value, escaped, as a link when it is an address (see :func:`contact_target`)."""
    target = contact_target(contact.value)
    text = escape_inline(contact.value)
    return Markup(f"[{text}]({target})") if target else text


def contact_line(
    contact: Contact,
    *,
    note: bool = False,
    label: str,
    labelled: Callable[[Markup, Markup], Markup],
    noted: Callable[[Markup, Markup], Markup],
) -> Markup:
    """``method: value``, with the value linked when it is an address and the note after it.

    ``label`` is the method's label in the runbook's language (generator/i18n/words.py);
    ``labelled`` and ``noted`` put the pieces together as the language writes them ('chat：…' in Japanese).
    """
    line = labelled(escape_inline(label), contact_value(contact)) if label else Markup(contact_value(contact))
    if note and contact.note:
        line = noted(line, escape_inline(contact.note))
    return line
