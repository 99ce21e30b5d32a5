"""The runbook's site as an alert's ``runbook_url`` meets it: its address, its pages, their anchors.

Page names and keys are the link check's (generator/links/linkcheck.py and linkplaces.py): a
page ``operations/x.md`` is the key ``operations/x``, read at ``operations/x/`` (or
``operations/x.html`` without directory URLs), and any of those forms of a URL names it. Anchors
come from the page's Markdown, converted as the site converts it (generator/pages/anchors.py).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.links.linkcheck import page_key
from generator.links.linkplaces import source_key
from generator.pages.anchors import page_anchors
from generator.pages.view import operation_page
from generator.site.siteconfig import config_chain


class SiteUrlError(ValueError):
    """A --site-url that is not an http(s) address; the message says what to write."""


@dataclass(frozen=True)
class SiteAddress:
    """Where the site is published: scheme, host and the path its pages sit under."""

    scheme: str
    host: str
    base_path: str
    """'/' or '/runbook/': always with a slash at each end."""
    directory_urls: bool = True

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}{self.base_path}"

    def page_url(self, docs_name: str, fragment: str = "") -> str:
        """The address a page of docs/ is read at, as MkDocs writes it."""
        key = source_key(docs_name)
        if not key:
            path = ""
        elif self.directory_urls:
            path = f"{key}/"
        else:
            path = f"{key}.html" if not docs_name.endswith(("/index.md", "/README.md")) else f"{key}/index.html"
        return self.url + path + (f"#{fragment}" if fragment else "")

    def page_of(self, url: str) -> tuple[str, str] | None:
        """The (page key, fragment) a URL leads to on this site; None when it leads elsewhere."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            return None
        default = {"http": 80, "https": 443}.get(parts.scheme.lower())
        host = (parts.hostname or "") + (f":{port}" if port and port != default else "")
        if parts.scheme.lower() != self.scheme or host != self.host:
            return None
        path = unquote(parts.path) or "/"
        if not (path + ("/" if not path.endswith("/") else "")).startswith(self.base_path):
            return None
        inside = path[len(self.base_path) :] if len(path) >= len(self.base_path) else ""
        return page_key(posixpath.normpath(inside) if inside else ""), unquote(parts.fragment)


def parse_site_url(text: str, config_file: Path | None = None) -> SiteAddress:
    """The site's address from --site-url; the URL style (directory URLs or not) from the MkDocs configuration."""
    parts = urlsplit(text.strip())
    try:
        port = parts.port
    except ValueError:
        port = None
        parts = parts._replace(netloc="")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SiteUrlError(
            f"'{text}' is not the address of a site; give the address the runbook is published at, "
            "such as https://runbook.example.com/ (the site_url of mkdocs.yml)"
        )
    default = {"http": 80, "https": 443}[parts.scheme.lower()]
    host = parts.hostname + (f":{port}" if port and port != default else "")
    base = parts.path if parts.path.endswith("/") else parts.path + "/"
    return SiteAddress(parts.scheme.lower(), host, base, _directory_urls(config_file))


def _directory_urls(config_file: Path | None) -> bool:
    if config_file is None:
        return True
    for config in config_chain(config_file):
        value = config.values.get("use_directory_urls")
        if isinstance(value, bool):
            return value
    return True


@dataclass
class SitePages:
    """The pages of the site by key ('operations/x'), each with its Markdown; anchors found when first asked."""

    texts: Mapping[str, str]
    """Markdown by docs name ('operations/x.md')."""
    _keys: dict[str, str] = field(default_factory=dict)
    _anchors: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._keys = {source_key(name): name for name in self.texts}

    def docs_name(self, key: str) -> str | None:
        return self._keys.get(key)

    @property
    def keys(self) -> list[str]:
        return sorted(self._keys)

    def anchors(self, key: str) -> frozenset[str]:
        if key not in self._anchors:
            name = self._keys.get(key)
            self._anchors[key] = page_anchors(self.texts[name]) if name else frozenset()
        return self._anchors[key]


def operation_key(op_id: str) -> str:
    """The page key of an operation's page."""
    return source_key(operation_page(op_id))
