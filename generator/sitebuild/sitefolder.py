"""The site folder a cached build keeps: pages left as the last build wrote them are not written again.

``mkdocs build`` empties the site folder, then writes every file. After a one-page edit that
meant removing and writing again 1,100 pages and their 1,100 folders, a fifth of the rebuild.
With a build cache, :class:`SiteFolder` takes the folder's place in that step: it notes every
file there (times, size, inode) instead of removing it. A page whose HTML is the one the cache
holds, written with the same build stamp, and whose file in the site folder still has the times,
size and inode noted right after the last build wrote it, is left alone; its change time moves
with any edit, even one that restores the modification time. Every other page is written. When
the build ends, each file that was there before and that the build neither kept nor wrote (its
times unchanged) is removed, with folders left empty, so the folder holds what ``mkdocs build``
leaves. Hidden entries at the top of the folder stay, as ``mkdocs build`` leaves them.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.engine.internals import MkDocsConfig, empty_site_folder, only_known_plugins
from generator.sitebuild.store import INDEX, SiteStat

KNOWN_PLUGINS = ("mkdocs.contrib.search", "material.plugins.search.", "material.plugins.tags.", "generator.site.plugin")
"""Plugins that write their files in every build: with only these, a cached build keeps the site folder."""


def file_stat(path: str) -> SiteStat | None:
    """The file's modification and change times, size and inode (of a link itself), or None when missing."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino)


class SiteFolder:
    """The files of the site folder when the build began, and the pages this build left as they were."""

    def __init__(self) -> None:
        self.root = ""
        self.before: dict[str, SiteStat] = {}
        self.kept: set[str] = set()
        self.opened = False

    def open_or_empty(self, config: MkDocsConfig, cache_folder: Path | None) -> None:
        """Where ``mkdocs build`` empties the site folder: note it instead when a cached build can keep it.

        Only with a build cache, and only when every plugin is one whose files are written in
        every build (one that wrote a file only when it changed would lose it).
        """
        if cache_folder is not None and (cache_folder / INDEX).is_file() and only_known_plugins(config, KNOWN_PLUGINS):
            self.open(config.site_dir)
        else:
            empty_site_folder(config)

    def open(self, site_dir: str) -> None:
        """Note every file in ``site_dir`` (in place of emptying it, where ``mkdocs build`` empties it)."""
        self.root, self.opened = os.path.normpath(site_dir), True
        if not os.path.isdir(self.root):
            return
        for entry in os.scandir(self.root):
            if not entry.name.startswith("."):
                self._note(entry)

    def _note(self, entry: os.DirEntry[str]) -> None:
        if entry.is_dir(follow_symlinks=False):
            for inner in os.scandir(entry.path):
                self._note(inner)
            return
        found = entry.stat(follow_symlinks=False)
        self.before[entry.path] = (found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino)

    def unchanged(self, path: str, written: SiteStat | None) -> bool:
        """Whether the file at ``path`` is as it was right after it was written (``written``); if so it is kept."""
        if written is None or self.before.get(path) != written:
            return False
        self.kept.add(path)
        return True

    def finish(self) -> int:
        """Remove what the build neither kept nor wrote, and folders it leaves empty; how many files went."""
        removed = 0
        folders = set()
        for path, noted in self.before.items():
            if path in self.kept or file_stat(path) != noted:
                continue
            try:
                os.remove(path)
            except FileNotFoundError:
                continue
            removed += 1
            folders.add(os.path.dirname(path))
        for folder in sorted(folders, key=len, reverse=True):
            while folder.startswith(self.root) and len(folder) > len(self.root):
                try:
                    os.rmdir(folder)
                except OSError:
                    break
                folder = os.path.dirname(folder)
        return removed


def write_page(path: str, data: bytes) -> SiteStat:
    """Write a page into the site folder; the file as written, for the next build to find it unchanged."""
    try:
        out = open(path, "wb")  # noqa: SIM115  # closed below, after its times are read
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        out = open(path, "wb")  # noqa: SIM115
    with out:
        out.write(data)
        out.flush()
        found = os.fstat(out.fileno())
    return (found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino)
