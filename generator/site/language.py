"""The site in the runbook's language: Material's interface and search, ``<html lang>``, the plugin's own words.

``language:`` in ``source/runbook.yaml`` decides; ``mkdocs.yml`` no longer names one. The plugin
sets ``theme.language`` in its ``on_config``, which runs before the search plugin's (a higher
event priority), because Material's search reads its language, word separator and stemmer
from the theme's language file there: German gets its stemmer, Japanese its segmenter.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify_unicode

from generator.i18n.catalog import SOURCE_LANGUAGE, Messages
from generator.site.siteconfig import read_config
from generator.source.project import RUNBOOK_FILE

LANGUAGE_FILES = "partials/languages"
"""Where Material keeps one file per interface language (``de.html``, ``pt-BR.html``)."""


def source_language(source: Path) -> tuple[str, str, dict[str, object]]:
    """``language``, the ``words: level`` and ``messages`` of runbook.yaml, read leniently (check reports mistakes)."""
    values = read_config(source / RUNBOOK_FILE) or {}
    language = values.get("language")
    words = values.get("words")
    level = words.get("level") if isinstance(words, dict) else None
    messages = values.get("messages")
    return (
        language if isinstance(language, str) and language.strip() else SOURCE_LANGUAGE,
        level if isinstance(level, str) else "severity",
        {k: v for k, v in messages.items() if isinstance(k, str)} if isinstance(messages, dict) else {},
    )


def site_messages(source: Path) -> Messages:
    language, level, overrides = source_language(source)
    kept = {
        k: v
        for k, v in overrides.items()
        if isinstance(v, str) or (isinstance(v, list) and all(isinstance(i, str) for i in v))
    }
    return Messages(language, level=level, overrides=kept)


def material_language(tag: str, theme_dirs: Iterable[str]) -> str:
    """Material's language for a BCP 47 tag: the tag, else its shorter forms ('de-AT' → 'de'), else English."""
    available = {
        path.stem.lower(): path.stem for folder in theme_dirs for path in (Path(folder) / LANGUAGE_FILES).glob("*.html")
    }
    parts = tag.replace("_", "-").split("-")
    for length in range(len(parts), 0, -1):
        found = available.get("-".join(parts[:length]).lower())
        if found:
            return found
    return SOURCE_LANGUAGE


def with_unicode_slugs(mdx_configs: dict[str, Any]) -> dict[str, Any]:
    """The toc extension's settings with heading ids spelled in any script, unless a slugify is chosen.

    Python-Markdown's default drops every letter outside ASCII, so a Japanese heading's id was
    '_1', '_2' by position and moved when a heading was added before it; the section headings the
    tool writes carry their own ids (generator/source/slugs.py), this covers page titles and
    hand-written pages.
    """
    toc = dict(mdx_configs.get("toc") or {})
    toc.setdefault("slugify", slugify_unicode)
    return {**mdx_configs, "toc": toc}


def not_found_words(messages: Messages) -> dict[str, str]:
    """The 404 page's words (generator/site/theme/404.html)."""
    t = messages.text
    return {
        "title": t("Page not found"),
        "text": t(
            "No page of the runbook is at this address: it may have been renamed or removed when the runbook "
            "was regenerated. Search for it, or start from one of these pages."
        ),
        "triage": t("Triage a live problem"),
        "home": t("Home"),
        "owners": t("Owners and how to reach them"),
        "search": t("Search the runbook"),
    }
