"""The MkDocs configuration around a runbook: the ``INHERIT:`` chain, and the site's name from source/.

``mkdocs.yml`` may leave ``site_name`` and ``site_description`` out: they are the runbook's
``title`` and ``summary``. MkDocs cannot learn that from a plugin alone. Its validation stops at
the first missing required option, ``site_name`` comes first, and plugins are loaded (and their
``on_config`` run) only after validation. So ``runbook generate`` writes both into the generated
configuration that ``mkdocs.yml`` inherits (with the navigation), which every engine reads, and the
runbook plugin takes them from ``runbook.yaml`` again at build time for any key that no
hand-written configuration sets. A value written in ``mkdocs.yml`` always wins.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.pages.view import is_generated
from generator.source.project import RUNBOOK_FILE

IDENTITY_KEYS = ("site_name", "site_description")
"""The configuration keys the runbook's own title and summary fill."""

MAX_INHERIT = 8
"""Longest INHERIT chain followed; MkDocs itself rejects circular chains."""


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Reads mkdocs.yml without constructing its !ENV or !!python tags (with libyaml: a build reads it five times)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("", _ignore_tag)


def read_config(path: Path) -> dict[str, Any] | None:
    """A configuration file's top-level mapping, or None when it is missing or not one."""
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return config if isinstance(config, dict) else None


@dataclass(frozen=True)
class ConfigFile:
    """One file of an INHERIT chain, as read."""

    path: Path
    values: dict[str, Any]
    generated: bool


def config_chain(config_file: Path) -> list[ConfigFile]:
    """``config_file`` and the files it inherits from, nearest first (unreadable ones end it)."""
    chain: list[ConfigFile] = []
    current = config_file
    for _ in range(MAX_INHERIT):
        values = read_config(current)
        if values is None:
            break
        chain.append(ConfigFile(current, values, bool(is_generated(current))))
        parent = values.get("INHERIT")
        if not isinstance(parent, str):
            break
        current = current.parent / parent
    return chain


def hand_written_keys(config_file: Path) -> set[str]:
    """Top-level keys that a configuration someone wrote sets (generated files aside)."""
    return {key for file in config_chain(config_file) if not file.generated for key in file.values}


def site_identity(title: str, summary: str) -> dict[str, str]:
    """The site's name and description from a runbook's title and summary, as HTML.

    Text from YAML is text, but Material prints ``site_name`` and ``site_description`` into
    pages (and attributes) without escaping them: a ``<`` or ``"`` in a title must arrive escaped.
    """
    return {"site_name": html.escape(title), "site_description": html.escape(" ".join(summary.split()))}


def source_identity(source: Path) -> dict[str, str]:
    """The name and description ``source/runbook.yaml`` gives; empty when it cannot say.

    Read leniently: a broken runbook.yaml is ``runbook check``'s to report, with its line.
    """
    values = read_config(source / RUNBOOK_FILE)
    if values is None:
        return {}
    title, summary = values.get("title"), values.get("summary")
    if not isinstance(title, str) or not title.strip():
        return {}
    return site_identity(title, summary if isinstance(summary, str) else "")


def identity_updates(config_file: Path, identity: dict[str, str]) -> dict[str, str]:
    """The identity keys to set on a loaded configuration: those no hand-written file sets."""
    written = hand_written_keys(config_file)
    return {key: value for key, value in identity.items() if key not in written and value}
