"""The build cache's key: everything besides the pages that can change a page's render or HTML.

The tool's own code and templates (the run cache's code version), the engine, Material and the
Markdown libraries' versions, the whole configuration as the plugins left it (site name from
runbook.yaml, navigation, theme features, extensions, the build stamp left out) and the theme's
templates (a ``custom_dir`` override included). Any change gives another key, and the cache is
ignored as a whole: a configuration change re-renders every page anyway.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from generator.engine.choice import installed_version, versions
from generator.engine.internals import MkDocsConfig
from generator.runtime.memo import code_version
from generator.site.plugin import THEME

LIBRARIES = ("markdown", "pymdown-extensions", "jinja2", "pygments", "markupsafe")
TEMPLATE_SUFFIXES = (".html", ".xml", ".j2", ".jinja", ".jinja2", ".txt")


def build_key(config: MkDocsConfig, store_format: int) -> str:
    """The digest the build cache of ``config`` must carry to be used."""
    hasher = hashlib.blake2b(digest_size=16)
    found = versions()
    parts: list[object] = [
        store_format,
        code_version(),
        sys.version,
        found.engine,
        found.engine_version,
        found.material_version,
        [(name, installed_version(name)) for name in LIBRARIES],
        plain(dict(config.items())),
    ]
    hasher.update(repr(parts).encode("utf-8", "surrogatepass"))
    for folder in [*config.theme.dirs, str(THEME)]:
        for path in sorted(_templates(Path(folder))):
            hasher.update(path.encode("utf-8", "surrogatepass"))
            hasher.update(Path(path).read_bytes())
    return hasher.hexdigest()


def plain(value: object, depth: int = 0) -> object:
    """``value`` as plain data for a digest: mappings, lists and scalars as they are, objects by type and settings."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if depth > 12:
        return type(value).__qualname__
    if isinstance(value, Mapping):
        return sorted(((str(key), plain(item, depth + 1)) for key, item in value.items()), key=lambda pair: pair[0])
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(item, depth + 1) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    settings = getattr(value, "config", None)
    if isinstance(settings, Mapping):  # a plugin: its class and its settings
        return [kind, plain(settings, depth + 1)]
    if callable(value):  # a function named in the configuration (a fence's format)
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', kind)}"
    return kind


def _templates(folder: Path) -> list[str]:
    found: list[str] = []
    for root, _, names in os.walk(folder):
        found.extend(os.path.join(root, name) for name in names if name.endswith(TEMPLATE_SUFFIXES))
    return found
