"""Which runbook-as-code a new project installs: the same one that started it.

pip records where a distribution came from in its ``direct_url.json`` (PEP 610): a git URL and
commit, an archive (a wheel file or a download), or a local folder, editable or not. A package
installed from an index has none, and the project pins the released version instead. Without
this, a project started from a checkout or a wheel pinned a version no index has, so its
``make site`` and its CI failed at the first step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from typing import Any
from urllib.parse import unquote, urlsplit

DISTRIBUTION = "runbook-as-code"
FALLBACK_VERSION = "0.1.0"
"""The version written when the running code is not installed at all (a plain checkout)."""


@dataclass(frozen=True)
class Requirement:
    """One requirements.txt line, and where it points, for the comment above it."""

    line: str
    origin: str
    local: bool = False
    """True when the line names a path on this machine (CI cannot reach it)."""


def _fragment(direct_url: dict[str, Any], hashes: dict[str, str] | None = None) -> str:
    parts = [f"{name}={value}" for name, value in sorted((hashes or {}).items())]
    subdirectory = direct_url.get("subdirectory")
    if isinstance(subdirectory, str) and subdirectory:
        parts.append(f"subdirectory={subdirectory}")
    return "#" + "&".join(parts) if parts else ""


def _archive_hashes(info: dict[str, Any]) -> dict[str, str]:
    hashes = info.get("hashes")
    if isinstance(hashes, dict) and all(isinstance(v, str) for v in hashes.values()):
        return {str(k): v for k, v in hashes.items() if k == "sha256"}
    legacy = info.get("hash")
    if isinstance(legacy, str) and legacy.startswith("sha256="):
        return {"sha256": legacy.removeprefix("sha256=")}
    return {}


def _is_safe(text: str) -> bool:
    """A URL that fits on one requirements line, as pip reads it."""
    return bool(text) and not any(char.isspace() or char == "#" for char in text)


def requirement_for(direct_url: dict[str, Any] | None, version: str) -> Requirement:
    """The requirement that installs the distribution described by ``direct_url`` (PEP 610)."""
    pinned = Requirement(f"{DISTRIBUTION}=={version}", f"version {version} from a package index")
    url = direct_url.get("url") if isinstance(direct_url, dict) else None
    if direct_url is None or not isinstance(url, str) or not _is_safe(url):
        return pinned
    local = urlsplit(url).scheme == "file"
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, dict) and isinstance(vcs.get("vcs"), str) and _is_safe(str(vcs.get("commit_id", ""))):
        requested = vcs.get("requested_revision")
        asked = f", asked for as {requested}" if isinstance(requested, str) and requested else ""
        return Requirement(
            f"{DISTRIBUTION} @ {vcs['vcs']}+{url}@{vcs['commit_id']}{_fragment(direct_url)}",
            f"{vcs['vcs']} {url} at commit {vcs['commit_id']}{asked}",
            local,
        )
    archive = direct_url.get("archive_info")
    if isinstance(archive, dict):
        where = unquote(urlsplit(url).path) if local else url
        return Requirement(
            f"{DISTRIBUTION} @ {url}{_fragment(direct_url, _archive_hashes(archive))}", f"the archive {where}", local
        )
    folder = direct_url.get("dir_info")
    if isinstance(folder, dict):
        editable = " (an editable install)" if folder.get("editable") is True else ""
        where = unquote(urlsplit(url).path) if local else url
        return Requirement(f"{DISTRIBUTION} @ {url}{_fragment(direct_url)}", f"the folder {where}{editable}", local)
    return pinned


def installed_requirement() -> Requirement:
    """The requirement for the runbook-as-code this process runs, as pip installed it.

    A checkout holds build metadata (``runbook_as_code.egg-info``) that shadows the install when
    run from there, so an install that recorded where it came from is preferred.
    """
    found = list(metadata.distributions(name=DISTRIBUTION))
    if not found:  # pragma: no cover - running from a plain checkout
        return requirement_for(None, FALLBACK_VERSION)
    for distribution in found:
        text = distribution.read_text("direct_url.json")
        try:
            direct_url = json.loads(text) if text else None
        except json.JSONDecodeError:
            direct_url = None
        if isinstance(direct_url, dict):
            return requirement_for(direct_url, distribution.version)
    return requirement_for(None, found[0].version)
