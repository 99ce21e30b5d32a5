"""The only code that touches ``docs/``: plan the changes, then apply them file by file, atomically.

A page is ours when its front matter starts with the generated marker, whatever its line ends
(a checkout with git's ``core.autocrlf`` turns them into CRLF). Anything else in ``docs/`` is
hand-written: never overwritten, never deleted. Two runs writing the same ``docs/`` (``runbook
serve`` while ``make site`` runs) take turns through a lock file beside it.
"""

from __future__ import annotations

import functools
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: runs are not serialised there
    fcntl = None  # type: ignore[assignment]

from generator.diagnostics import Diagnostic, display_path
from generator.pages.parts import CATEGORIES_DIR, MAP_DIR
from generator.pages.view import PAGE_MARKER, RenderedPage, is_generated
from generator.source.load import cannot_read
from generator.source.project import OPERATIONS_DIR
from generator.writer.known import KnownPages, known_text, remember


@dataclass
class DocsPlan:
    """What writing a render into ``docs/`` would change."""

    create: list[str] = field(default_factory=list)
    update: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[Diagnostic] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        return sorted(self.create + self.update + self.delete)


def _lf(content: bytes) -> bytes:
    """Text with CRLF line ends turned into LF, as the pages are written."""
    return content.replace(b"\r\n", b"\n") if b"\r" in content else content


LOCK_SUFFIX = ".runbook-lock"
"""Suffix of the lock file beside docs/ (``.docs.runbook-lock``), kept between runs."""


def lock_path(docs: Path) -> Path:
    return docs.parent / f".{docs.name}{LOCK_SUFFIX}"


@contextmanager
def docs_lock(docs: Path) -> Iterator[None]:
    """Hold the advisory lock of ``docs`` for as long as the block runs; wait while another run holds it.

    The lock is an flock on a file beside docs/, released by the kernel when a run ends or is
    killed, so it is never left stale. The file stays: removing it while another run waits
    would let a third lock a new file and write at the same time.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = lock_path(docs)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


PAGE_FOLDERS = (OPERATIONS_DIR, CATEGORIES_DIR, MAP_DIR)
"""The folders of docs/ that generated pages go into, besides docs/ itself."""


def _existing_pages(docs: Path, pages: dict[str, RenderedPage]) -> dict[str, Path]:
    """Markdown files where generated pages live: docs/ itself and its page folders, nothing deeper.

    Only these are candidates for replacing or deleting. A generated page of another runbook
    further down (an example project kept under docs/, or everything under a --docs that named
    a parent folder by mistake) is never ours to delete. What ``Path.glob('*.md')`` and
    ``rglob('*.md')`` with ``is_file()`` find, read with ``os.scandir``, whose entries know a
    regular file without a stat: at 5,000 operations the stat of every page was most of planning.
    """
    if not docs.is_dir():
        return {}
    folders = set(PAGE_FOLDERS) | {name.split("/", 1)[0] for name in pages if "/" in name}
    names = list(_markdown_files(docs, "", recurse=False))
    for folder in sorted(folders):
        if (docs / folder).is_dir():
            names += _markdown_files(docs, folder, recurse=True)
    return {name: docs / name for name in names}


def _markdown_files(docs: Path, folder: str, *, recurse: bool) -> Iterator[str]:
    """Names ('a/b.md', relative to ``docs``) of the Markdown files in ``folder``; with ``recurse``, below it too.

    As pathlib's recursive glob does, folders reached through a symbolic link are not entered.
    """
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(docs / current if current else docs) as entries:
                for entry in entries:
                    name = f"{current}/{entry.name}" if current else entry.name
                    if entry.name.endswith(".md") and entry.is_file():
                        yield name
                    if recurse and entry.is_dir() and not entry.is_symlink():
                        pending.append(name)
        except OSError:
            continue


def _link_kind(path: Path) -> str:
    try:
        os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return "a symbolic link to nothing (its target does not exist)"
    except OSError:
        return "a symbolic link that cannot be followed (a loop)"
    return "a symbolic link to a file"


def _blocked_folder(docs: Path, page: Path) -> Path | None:
    """The first folder on the way from ``docs`` to ``page`` that is something else (a file, a broken link)."""
    for folder in reversed(page.relative_to(docs).parents[:-1]):
        path = docs / folder
        if os.path.lexists(path) and not path.is_dir():
            return path
    return None


def _outside_link(docs: Path, folder: Path) -> tuple[Path, str] | None:
    """The first symbolic link on the way from ``docs`` to ``folder`` that leads out of docs, with where it leads."""
    real_docs = os.path.realpath(docs)
    for part in reversed((folder.relative_to(docs) / "_").parents[:-1]):
        path = docs / part
        if not path.is_symlink():
            continue
        target = os.path.realpath(path)
        if os.path.commonpath([target, real_docs]) != real_docs:
            return path, target
    return None


def _page_folder_problem(docs: Path, folder: Path) -> Diagnostic | None:
    """A page folder that is a link out of docs/: generate would write and delete pages where it leads."""
    found = _outside_link(docs, folder)
    if found is None:
        return None
    link, target = found
    return Diagnostic(
        display_path(link),
        0,
        0,
        "error",
        "docs-folder",
        f"this page folder is a symbolic link to {display_path(Path(target))}, outside the docs folder "
        f"{display_path(docs)}; pages are written and deleted only inside it: replace the link with a folder "
        "(or remove it, and generate creates the folder)",
    )


def docs_folder_problem(docs: Path, source: Path) -> Diagnostic | None:
    """Why ``docs`` cannot take generated pages, or None: pages go into a folder of their own.

    A docs folder that holds the sources (``--docs .``, ``--docs /``), lies inside them, or is a
    project folder (it holds mkdocs.yml or .git) would mix generated pages with files someone
    wrote, and a run there would replace or delete pages of other runbooks.
    """
    where = display_path(docs)
    fix = "pass --docs the folder the pages go into, such as docs (it is created when missing)"
    if os.path.lexists(docs) and not docs.is_dir():
        kind = _link_kind(docs) if docs.is_symlink() else "a file"
        return Diagnostic(where, 0, 0, "error", "docs-folder", f"the docs folder is {kind}, not a folder; {fix}")
    real_docs, real_source = Path(os.path.realpath(docs)), Path(os.path.realpath(source))
    if real_docs == real_source:
        message = f"the docs folder is the source folder; {fix}"
    elif real_docs in real_source.parents:
        message = f"the docs folder holds the source folder {display_path(source)}; {fix}"
    elif real_source in real_docs.parents:
        message = f"the docs folder is inside the source folder {display_path(source)}; {fix}"
    elif any(os.path.lexists(docs / name) for name in ("mkdocs.yml", ".git")):
        message = f"the docs folder is a project folder (it holds mkdocs.yml or .git), not its docs folder; {fix}"
    else:
        return next(filter(None, (_page_folder_problem(docs, docs / name) for name in PAGE_FOLDERS)), None)
    return Diagnostic(where, 0, 0, "error", "docs-folder", message)


_UNREAD_PAGE = "(runbook reads a page before replacing it, to leave hand-written pages untouched)"


def plan_docs(docs: Path, pages: dict[str, RenderedPage], known: KnownPages | None = None) -> DocsPlan:
    """Compare a render with ``docs/`` without changing anything (pages ``known`` unchanged unread: writer/known.py)."""
    plan = DocsPlan()
    existing = _existing_pages(docs, pages)
    # Folder names as text, not as the parents of 10,000 paths (a second of planning at 5,000 operations).
    folders = {name.rpartition("/")[0] for name in [*pages, *existing]} - {""}
    for folder in (docs / name for name in sorted(folders, key=lambda name: name.split("/"))):
        outside = _page_folder_problem(docs, folder)
        if outside is not None and outside not in plan.conflicts:
            plan.conflicts.append(outside)
    if plan.conflicts:
        return plan
    for name, page in pages.items():
        path = docs / name
        if name not in existing:
            if path.exists():
                plan.conflicts.append(
                    Diagnostic(
                        display_path(path),
                        0,
                        0,
                        "error",
                        "docs-conflict",
                        f"cannot write the page generated from {page.sources[0]}: a non-page file is in the way",
                    )
                )
            else:
                blocked = _blocked_folder(docs, path)
                if blocked is None:
                    plan.create.append(name)
                elif not any(c.path == display_path(blocked) for c in plan.conflicts):
                    plan.conflicts.append(
                        Diagnostic(
                            display_path(blocked),
                            0,
                            0,
                            "error",
                            "docs-conflict",
                            f"generated pages go into the folder {blocked.relative_to(docs).as_posix()}/, and a file "
                            "is in the way; it is left untouched: rename or move it",
                        )
                    )
            continue
        before, text = known_text(known, name, path)
        if text is not None:
            (plan.unchanged if text == page.content else plan.update).append(name)
            continue
        try:
            # One read answers both: is it ours, and is it current. CRLF line ends from a
            # checkout are not a change: the page says the same.
            current = _lf(path.read_bytes())
        except OSError as error:
            # Unread, it can be neither replaced (it may be hand-written) nor called hand-written.
            plan.conflicts.append(
                Diagnostic(
                    display_path(path), 0, 0, "error", "unreadable", f"{cannot_read(error, 'page')} {_UNREAD_PAGE}"
                )
            )
            continue
        if not current.startswith(PAGE_MARKER):
            plan.conflicts.append(
                Diagnostic(
                    display_path(path),
                    0,
                    0,
                    "error",
                    "hand-written-conflict",
                    f"hand-written page has the name of the page generated from {page.sources[0]}; "
                    "it is left untouched: rename or move the hand-written page",
                )
            )
        elif current != page.content.encode():
            plan.update.append(name)
        else:
            plan.unchanged.append(name)
            remember(known, name, path, page.content, before)
    for name, path in existing.items():
        if name not in pages and is_generated(path):
            plan.delete.append(name)
    return plan


TEMPORARY_SUFFIX = ".runbook-tmp"
"""Suffix of pages being written; MkDocs skips them (they start with a dot) and the next run removes them."""


SYNC_ONCE_FROM = 100
"""Pages written in one run from which one os.sync replaces an fsync per page."""


@functools.cache
def _new_file_mode() -> int:
    """The mode ``open()`` gives a new file under this process's umask (0o644 under the usual 022)."""
    umask = os.umask(0o022)
    return 0o666 & ~os.umask(umask)


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return _new_file_mode()


def _stage(path: Path, content: bytes, *, sync: bool = True) -> Path:
    """Write ``content`` beside ``path`` under a temporary name, flushed to disk unless not ``sync``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The process id in the name tells whose temporary it is (mkstemp makes it unique anyway).
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=TEMPORARY_SUFFIX, dir=path.parent
    )
    try:
        # mkstemp makes the file readable by its owner alone; a page is read by others too (a
        # web server, a teammate's preview), so it gets the mode the page had, or a new file's.
        os.chmod(temporary, _mode_of(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def atomic_write(path: Path, content: bytes) -> None:
    """Replace one file whole: readers see the old content or the new, never a part."""
    temporary = _stage(path, content)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _sync_folders(folders: set[Path]) -> None:
    """Make renames durable: a folder's entries reach the disk when the folder is synced."""
    for folder in folders:
        try:
            descriptor = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(descriptor)
        except OSError:
            pass  # not supported for folders on this platform
        finally:
            os.close(descriptor)


def remove_stray_temporaries(docs: Path) -> list[Path]:
    """Delete temporary pages left by a run that was killed; return what was removed.

    Called with the docs lock held, so no other run is writing temporaries of its own.
    """
    if not docs.is_dir():
        return []
    strays = [path for path in docs.rglob(f".*{TEMPORARY_SUFFIX}") if path.is_file()]
    for path in strays:
        path.unlink(missing_ok=True)
    return strays


class PartlyWritten(OSError):
    """Writing stopped after some pages had already been replaced or deleted."""

    def __init__(self, error: OSError, done: int) -> None:
        super().__init__(error.errno, error.strerror, error.filename)
        self.done = done


def write_docs(docs: Path, pages: dict[str, RenderedPage], plan: DocsPlan, known: KnownPages | None = None) -> None:
    """Apply a conflict-free plan: new and changed pages replaced whole, removed pages deleted.

    Every page is first written in full under a temporary name; only then are they renamed
    over the old pages, back to back. Killed while writing, docs/ keeps every old page; killed
    during the renames, each page is whole, old or new, and the next run completes the change.
    An error after the first rename is raised as :class:`PartlyWritten`, so that no message
    claims that nothing was written. The caller holds :func:`docs_lock`. Each page written or
    deleted is noted in ``known`` (see :func:`plan_docs`).
    """
    if plan.conflicts:
        raise ValueError("refusing to write docs/ with conflicts")
    remove_stray_temporaries(docs)
    staged: list[tuple[Path, Path]] = []
    # Many pages: one sync of everything costs half of an fsync each (0.1 s at 1,000 pages). A
    # few pages (an edit): an fsync each, as a sync would also flush whatever else is pending.
    sync_once = hasattr(os, "sync") and len(plan.create) + len(plan.update) >= SYNC_ONCE_FROM
    done = 0
    try:
        for name in plan.create + plan.update:
            staged.append((_stage(docs / name, pages[name].content.encode(), sync=not sync_once), docs / name))
        if sync_once and staged:
            os.sync()
        for (temporary, path), name in zip(staged, plan.create + plan.update, strict=True):
            os.replace(temporary, path)
            done += 1
            remember(known, name, path, pages[name].content)
    except BaseException as error:
        for temporary, _ in staged[done:]:
            temporary.unlink(missing_ok=True)
        if done and isinstance(error, OSError):
            raise PartlyWritten(error, done) from error
        raise
    _sync_folders({path.parent for _, path in staged})
    try:
        for name in plan.delete:
            path = docs / name
            known.pop(name, None) if known is not None else None
            path.unlink(missing_ok=True)
            done += 1
            parent = path.parent
            while parent != docs and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    except OSError as error:
        raise PartlyWritten(error, done) from error
