"""Results of pure functions of file contents, kept between runs under ``.cache/runbook/``.

Profiling a warm ``runbook generate`` at 1,000 operations showed nearly all of its time redoing
work whose input had not changed: parsing every YAML file, scanning every text for secrets,
rendering every page. Each such result is remembered here under a digest of its input and of
the generator's own code, so an edit to one operation re-does only what that edit touches.

The cache is an optimisation, never a source of truth: entries are keyed by content (not by
mtime), any change to the generator's code or templates empties it, ``generate --check`` (what
CI runs) renders without it, and a missing, unreadable or foreign cache is simply ignored.
Set RUNBOOK_CACHE=0 to turn it off, or RUNBOOK_CACHE=DIR to keep it elsewhere.

The memos are pickles, and reading a pickle can run code, while the cache folder may hold what
someone else wrote (CI restores ``.cache/runbook/`` from earlier runs, a checkout may carry it).
So each file is signed with a key that never leaves this user's own cache folder
(``$XDG_CACHE_HOME/runbook/cache-key``, else ``~/.cache/runbook/``, readable by the user alone),
and a file is unpickled only once its signature checks out: a file from another machine or
user, or one edited by hand, is ignored like a damaged one. Where no key can be kept, memos
live in memory only.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")

CACHE_ENV = "RUNBOOK_CACHE"
_FORMAT = 1
_SIGNED = b"runbook-memo-1\n"
"""What a memo file starts with, before its signature (SHA-256 HMAC) and the pickle it signs."""
# Everything in the package that can change what a run produces: code, templates, shipped assets.
_CODE_SUFFIXES = frozenset({".py", ".j2", ".js", ".css", ".po", ".pot"})


def digest(*parts: object) -> str:
    """A short, stable digest of some text or bytes (blake2b, 128 bits); another value counts as its ``repr``."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        if not isinstance(part, str | bytes):
            part = repr(part)
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


_code_version: str | None = None


def code_version() -> str:
    """Digest of every module and template of the generator, PyYAML and Python: the cache's salt."""
    global _code_version
    if _code_version is None:
        package = Path(__file__).parent.parent
        files = sorted(path for path in package.rglob("*") if path.suffix in _CODE_SUFFIXES and path.is_file())
        parts: list[str | bytes] = [str(_FORMAT), sys.version, yaml.__version__]
        for path in files:
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
        _code_version = digest(*parts)
    return _code_version


class Memo:
    """One kind of result, keyed by a digest of its input; saved only when it changed."""

    def __init__(self, file: Path | None, *, on_disk: bool = True) -> None:
        self.file = file
        self.on_disk = on_disk
        self._stored: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._changed = False
        if file is not None and on_disk:
            self._stored = _read(file)

    def get(self, key: str) -> Any | None:
        value = self._stored.get(key)
        if value is not None:
            self._used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        if self.file is None:
            return
        self._used[key] = value
        self._changed = True

    def remember(self, key: str, compute: Callable[[], T]) -> T:
        """The stored result for ``key``, else ``compute()`` (then stored)."""
        found = self.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        value = compute()
        self.put(key, value)
        return value

    def next_run(self) -> None:
        """Start another run in this process: everything known so far may be used again."""
        self._stored = {**self._stored, **self._used}
        self._used = {}
        self._changed = False

    def save(self) -> None:
        """Write the entries this run used (dropping stale ones) when any was added."""
        if self.file is None or not self.on_disk or not (self._changed or len(self._used) < len(self._stored) // 2):
            return
        key = signing_key()
        if key is None:
            return
        data = pickle.dumps({"version": code_version(), "entries": self._used}, pickle.HIGHEST_PROTOCOL)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{self.file.name}.", dir=self.file.parent)
            with os.fdopen(handle, "wb") as stream:
                stream.write(_SIGNED + hmac.digest(key, data, "sha256") + data)
            os.replace(temporary, self.file)
        except OSError:
            return  # a read-only checkout still works, only slower


def _read(file: Path) -> dict[str, Any]:
    key = signing_key()
    if key is None:
        return {}
    try:
        raw = file.read_bytes()
    except OSError:
        return {}
    signature, data = raw[len(_SIGNED) : len(_SIGNED) + 32], raw[len(_SIGNED) + 32 :]
    if not raw.startswith(_SIGNED) or not hmac.compare_digest(signature, hmac.digest(key, data, "sha256")):
        return {}  # not written by this user on this machine with this key: never unpickled
    try:
        stored = pickle.loads(data)
    except (EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("version") != code_version():
        return {}
    entries = stored.get("entries")
    return entries if isinstance(entries, dict) else {}


_key: bytes | None = None


def key_file() -> Path:
    """Where this user's signing key for memo files is kept: their own cache folder, never a project's."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "runbook" / "cache-key"


def signing_key() -> bytes | None:
    """This user's key for signing memo files, made on first use; None where none can be kept."""
    global _key
    if _key is None:
        try:
            path = key_file()
            _key = _read_key(path)
            if _key is None:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                handle, temporary = tempfile.mkstemp(prefix=".cache-key.", dir=path.parent)  # mode 0600
                with os.fdopen(handle, "wb") as stream:
                    stream.write(secrets.token_bytes(32))
                try:
                    os.link(temporary, path)  # made whole or not at all; another process may have won
                except FileExistsError:
                    pass
                finally:
                    os.unlink(temporary)
                _key = _read_key(path)
        except (OSError, RuntimeError):  # RuntimeError: no home folder to keep a key in
            return None
    return _key


def _read_key(path: Path) -> bytes | None:
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        return None
    return key if len(key) == 32 else None


def cache_folder(source: Path) -> Path | None:
    """Where a runbook's cache lives: beside its source folder, unless RUNBOOK_CACHE says otherwise."""
    setting = os.environ.get(CACHE_ENV, "")
    if setting.lower() in ("0", "off", "no", "false"):
        return None
    if setting:
        return Path(setting)
    return source.resolve().parent / ".cache" / "runbook"


class RunCache:
    """Every memo of one runbook, owned by whoever runs the pipeline (a CLI run, a serve process).

    A cache whose folder is None keeps nothing: every lookup misses and every run computes
    afresh.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.known_files: dict[str, tuple[tuple[int, int, int, int], bytes, str]] = {}
        """Each file's stat, bytes and digest when this cache last read it (``runbook serve``)."""
        self.known_pages: dict[str, tuple[tuple[int, int, int, int], str]] = {}
        """Each page of docs/ as this process last read or wrote it (generator/writer/known.py)."""
        self._memos: dict[str, Memo] = {}

    @classmethod
    def for_source(cls, source: Path) -> RunCache:
        """The cache of the runbook in ``source`` (see :func:`cache_folder`)."""
        return cls(cache_folder(source))

    @classmethod
    def off(cls) -> RunCache:
        return cls(None)

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def memo(self, kind: str, *, on_disk: bool = True) -> Memo:
        """The memo for one kind of result; a memo that keeps nothing when the cache is off.

        A memo not ``on_disk`` lives only as long as this object: for results cheaper to compute
        than to unpickle, worth keeping only in a process that runs again (``runbook serve``).
        """
        if kind not in self._memos:
            file = self.folder / f"{kind}.pickle" if self.folder is not None else None
            self._memos[kind] = Memo(file, on_disk=on_disk)
        return self._memos[kind]

    def next_run(self) -> None:
        """Start another run with this cache: everything known so far may be used again."""
        for kept in self._memos.values():
            kept.next_run()

    def save(self) -> None:
        """Write every memo this run changed."""
        for found in self._memos.values():
            found.save()
