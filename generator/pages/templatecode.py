"""The templates' compiled code, kept beside them between runs as Python keeps a module's.

Compiling the templates costs about 0.15 s of CPU in the process every run starts with, before
the pages are shared among cores: a tenth of what a cold ``runbook generate`` at 1,000 operations
spends beyond parsing. Python keeps a module's compiled code in ``__pycache__`` beside it; the
templates' code is kept the same way, in ``templates/__pycache__/``, so a run with no cache of
its own (a fresh CI checkout, ``runbook build --no-cache``) does not compile them again once any
run on that installation has. Where that folder cannot be made (a read-only install), the
templates are compiled on each run.

Each file's name carries a digest of the modules that configure the environment (extensions,
policies and the finalize function change the compiled code) and Jinja's version; Jinja itself
checks the template's checksum and Python's version in the file and compiles afresh whatever
does not match. The code is read with marshal (and its checksum with pickle), so it is trusted
only where the package's own ``.pyc`` files are: inside the package. It is never kept in the
project's cache folder, which CI restores from earlier runs and so may hold what anyone wrote.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).parent / "templates"
CODE_FOLDER = TEMPLATES / "__pycache__"


class QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Never fails a run: code that cannot be read is compiled again, code that cannot be written is only slower."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()  # cut short or damaged: compiled again

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)
            # The same template's code from other settings is out of date for good: removed, so
            # that edits to the package do not pile up files.
            current = Path(self._get_cache_filename(bucket))
            for old in current.parent.glob(f"*-{bucket.key}.jinja"):
                if old != current:
                    old.unlink(missing_ok=True)


@functools.cache
def _settings_digest() -> str:
    """Digest of what, besides a template's text and Python's version, shapes its compiled code."""
    parts = hashlib.sha256(jinja2.__version__.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        parts.update(module.name.encode() + b"\0" + module.read_bytes())
    return parts.hexdigest()[:16]


def template_code() -> jinja2.BytecodeCache | None:
    """Where compiled templates are read from and written to (see the module's description)."""
    try:
        CODE_FOLDER.mkdir(exist_ok=True)
    except OSError:
        return None
    return QuietBytecodeCache(str(CODE_FOLDER), f"{_settings_digest()}-%s.jinja")
