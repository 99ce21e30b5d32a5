"""``make messages``: every message the tool writes, extracted into the template and merged into each catalog.

Sources: the page templates (``_``, ``gettext``, ``ngettext``, ``{% trans %}``, ``t``, ``tn``), the
package's Python (``t``, ``text``, ``plural``, ``md``, ``N_``) and runbook.js (``t``, ``tn``).
A message that names the level concept (its English says "severity" or "severe") gets a second
entry in the context ``priority``: the form ``words: {level: priority}`` reads.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from generator.i18n.catalog import DOMAIN, LOCALE_DIR, PRIORITY, SOURCE_LANGUAGE, po_path, shipped_languages

PACKAGE = Path(__file__).parent.parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
LEVEL_CONCEPT = re.compile(r"severity|severe", re.IGNORECASE)

_TEMPLATE_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "t": None, "tn": (1, 2)}
_PYTHON_KEYWORDS = {"t": None, "text": None, "plural": (1, 2), "md": None, "N_": None}
_SCRIPT_KEYWORDS = {"t": None, "tn": (1, 2)}


def _sources() -> list[tuple[Path, str, Any, dict[str, str]]]:
    found: list[tuple[Path, str, Any, dict[str, str]]] = []
    for path in sorted((PACKAGE / "pages" / "templates").glob("*.j2")):
        found.append((path, "jinja2.ext:babel_extract", _TEMPLATE_KEYWORDS, {"trimmed": "true"}))
    for path in sorted(PACKAGE.rglob("*.py")):
        # Only modules that write the catalog's words: `t` and `text` mean other things elsewhere.
        text = path.read_text(encoding="utf-8")
        if path.name != "extract.py" and ("generator.i18n" in text or path.name == "environment.py"):
            found.append((path, "python", _PYTHON_KEYWORDS, {}))
    found.append((PACKAGE / "site" / "assets" / "runbook.js", "javascript", _SCRIPT_KEYWORDS, {}))
    return found


def extracted() -> Catalog:
    """The template: every message id with the files that write it, level-concept messages twice."""
    template = Catalog(domain=DOMAIN, project="runbook-as-code", version="1", charset="utf-8", fuzzy=False)
    for path, method, keywords, options in _sources():
        relative = path.relative_to(PACKAGE.parent).as_posix()
        for _line, message, comments, context in extract_from_file(
            method,
            str(path),
            keywords=keywords,
            options=options,
        ):
            template.add(message, locations=[(relative, 0)], auto_comments=comments, context=context)
    for entry in list(template):
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        if entry.id and not entry.context and any(LEVEL_CONCEPT.search(str(i)) for i in ids):
            template.add(entry.id, locations=entry.locations, context=PRIORITY, flags=entry.flags)
    for entry in template:
        if entry.id and "%(" in str(entry.id if not isinstance(entry.id, tuple) else entry.id[0]):
            entry.flags.add("python-format")
    return template


def po_text(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, omit_header=False, sort_output=True)
    return _without_dates(buffer.getvalue())


def _without_dates(text: bytes) -> bytes:
    """The header without its creation and revision dates: the same messages give the same bytes."""
    return re.sub(rb'^"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', b"", text, flags=re.MULTILINE)


def updated(language: str, template: Catalog) -> Catalog:
    """A language's catalog with every message of the template: new ones empty, gone ones dropped."""
    path = po_path(language)
    if path.is_file():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language.replace("-", "_"))
    else:
        catalog = Catalog(locale=language.replace("-", "_"), domain=DOMAIN, charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.project, catalog.version = "runbook-as-code", "1"
    return catalog


def main() -> None:
    template = extracted()
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(po_text(template))
    for language in {*shipped_languages(), SOURCE_LANGUAGE}:
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po_text(updated(language, template)))


if __name__ == "__main__":
    main()
