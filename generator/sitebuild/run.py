"""``runbook build``'s site step: where its build cache lives, and the build with the engine's messages collected."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator.engine.build import collected_messages
from generator.engine.internals import BuildProblem
from generator.runtime.memo import cache_folder
from generator.site.build import SiteBuildError
from generator.sitebuild.build import SiteBuilder, SiteBuilt


def build_cache_folder(source: Path, config_file: Path, site_dir: Path) -> Path | None:
    """The build cache of one site (a configuration and a site folder) in the runbook's cache, or None when off.

    Each pair has its own, so the site and the offline copy do not evict each other's.
    """
    folder = cache_folder(source)
    if folder is None:
        return None
    which = f"{os.path.realpath(config_file)}\0{os.path.realpath(site_dir)}".encode("utf-8", "surrogatepass")
    return folder / f"site-{hashlib.blake2b(which, digest_size=8).hexdigest()}"


def build_site_cached(
    config_file: Path, docs: Path, site_dir: Path, source: Path | None, *, use_cache: bool = True
) -> SiteBuilt:
    """``mkdocs build --strict`` of ``docs`` into ``site_dir``, pages on every core, with the build cache.

    SiteBuildError with every message the engine logged when it fails; the site is then incomplete.
    """
    folder = build_cache_folder(source or config_file.parent, config_file, site_dir) if use_cache else None
    builder = SiteBuilder(config_file, docs, site_dir, folder, plugin_source=source)
    with collected_messages() as messages:
        try:
            return builder.build()
        except BuildProblem as error:
            raise SiteBuildError([*messages, str(error)]) from None
