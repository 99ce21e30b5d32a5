"""Message catalogs: every word the tool writes, looked up by its English text (the message id).

English is the source: templates, the script and the code write English message ids, ``make
messages`` extracts them into ``locale/runbook.pot`` and merges them into each language's
``locale/LANG/LC_MESSAGES/runbook.po``. The ``.po`` files are the only copy in git: each is
compiled to a gettext catalog in memory the first time a run needs it (Babel's ``write_mo``,
a few milliseconds), so no compiled ``.mo`` can drift from the text reviewers read.

A message that names the level concept (its English says "severity" or "severe") has a second
entry with the context ``priority`` for runbooks whose ``words: {level: priority}``; every
catalog, English included, carries that form.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "runbook"
SOURCE_LANGUAGE = "en"
PSEUDO_LANGUAGE = "qps-ploc"
"""Every message wrapped in ⟦ ⟧: a build in it shows any word that did not come from the catalog."""
PRIORITY = "priority"
"""The message context of the forms ``words: {level: priority}`` reads."""

PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def N_(message: str) -> str:
    """Marks a message id for ``make messages`` where it is looked up later (generator/i18n/extract.py)."""
    return message


def shipped_languages() -> tuple[str, ...]:
    """Languages with a catalog in the package, English first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


def catalog_language(tag: str) -> str | None:
    """The shipped catalog for a BCP 47 tag ('de-AT' reads 'de'), or None when none fits."""
    shipped = shipped_languages()
    if tag == PSEUDO_LANGUAGE:
        return tag
    parts = tag.replace("_", "-").split("-")
    for length in range(len(parts), 0, -1):
        candidate = "-".join(parts[:length])
        for language in shipped:
            if language.lower() == candidate.lower():
                return language
    return None


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(language: str) -> gettext.GNUTranslations:
    """The language's catalog, compiled in memory from its .po file."""
    with po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language.replace("-", "_"), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class _Pseudo(gettext.NullTranslations):
    """Every message wrapped in ⟦ ⟧, placeholders kept: what is not wrapped did not come from a catalog."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"⟦{msgid1 if n == 1 else msgid2}⟧"

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.ngettext(msgid1, msgid2, n)


def translations(language: str) -> gettext.NullTranslations:
    if language == PSEUDO_LANGUAGE:
        return _Pseudo()
    return _translations(language)


def fill(text: str, values: Mapping[str, object]) -> str:
    """``%(name)s`` placeholders filled in, ``%%`` a percent sign."""
    return PLACEHOLDER.sub(lambda m: "%" if m.group(0) == "%%" else str(values[m.group(1)]), text)


def placeholders(text: str) -> set[str]:
    return {m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1)}


class Messages:
    """The words of one runbook: its language's catalog, its level word, its own ``messages:``.

    ``text`` and ``plural`` return plain text with placeholders filled; the page renderer escapes
    it for Markdown or HTML, the script receives it through the page data.
    """

    def __init__(
        self,
        language: str = SOURCE_LANGUAGE,
        *,
        level: str = "severity",
        overrides: Mapping[str, str | list[str]] | None = None,
    ) -> None:
        self.tag = language
        self.language = catalog_language(language) or SOURCE_LANGUAGE
        self.level = level
        self.overrides = dict(overrides or {})
        self._catalog = translations(self.language)
        self.looked_up: set[str] = set()
        """Every message id looked up, in the pseudo-locale: tests compare it with the template."""

    def raw(self, message: str) -> str:
        """The translation of one message id, placeholders left in."""
        if self.language == PSEUDO_LANGUAGE:
            self.looked_up.add(message)
        override = self.overrides.get(message)
        if isinstance(override, str):
            return override
        if self.level == PRIORITY:
            found = self._catalog.pgettext(PRIORITY, message)
            if found != message or self.language == PSEUDO_LANGUAGE:
                return found
        return self._catalog.gettext(message)

    def raw_plural(self, singular: str, plural: str, count: int) -> str:
        if self.language == PSEUDO_LANGUAGE:
            self.looked_up.add(singular)
        override = self.overrides.get(singular)
        if isinstance(override, str):
            return override
        if isinstance(override, list) and override:
            # Forms as the language's catalog orders them (English: one, other).
            index = self._plural_index(count)
            return override[min(index, len(override) - 1)]
        if self.level == PRIORITY:
            found = self._catalog.npgettext(PRIORITY, singular, plural, count)
            if found not in (singular, plural) or self.language == PSEUDO_LANGUAGE:
                return found
        return self._catalog.ngettext(singular, plural, count)

    def _plural_index(self, count: int) -> int:
        plural = getattr(self._catalog, "plural", None)
        return int(plural(count)) if plural else (0 if count == 1 else 1)

    def text(self, message: str, /, **values: object) -> str:
        return fill(self.raw(message), values)

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        return fill(self.raw_plural(singular, plural, count), {"count": count, **values})

    def script_messages(
        self, ids: tuple[str, ...], plurals: tuple[tuple[str, str], ...], most: int
    ) -> dict[str, object]:
        """What runbook.js reads from the page data: each message that is not its own English id,
        each plural's form for 0 to ``most`` (the script falls back to the English id, keeping pages small)."""
        found: dict[str, object] = {}
        for message in ids:
            text = self.raw(message)
            if text != message:
                found[message] = text
        for singular, plural in plurals:
            forms = [self.raw_plural(singular, plural, n) for n in range(most + 1)]
            if forms != [singular if n == 1 else plural for n in range(most + 1)]:
                found[singular] = forms
        return found


@cache
def english_messages() -> Messages:
    return Messages(SOURCE_LANGUAGE)
