"""A disk that refuses a write (permission, space, a file in the way) as one Diagnostic that says what to do."""

from __future__ import annotations

import errno
from pathlib import Path

from generator.diagnostics import Diagnostic, display_path
from generator.writer.write import PartlyWritten

_DISK_FIXES = {
    errno.EACCES: "make it writable for you (or run where you may write)",
    errno.EPERM: "make it writable for you (or run where you may write)",
    errno.EROFS: "it is on a read-only file system: run where you may write",
    errno.ENOSPC: "the disk is full: free some space",
    errno.EDQUOT: "your disk quota is used up: free some space",
    errno.EEXIST: "a file is where a folder is needed: move or rename that file",
    errno.ENOTDIR: "a file is where a folder is needed: move or rename that file",
    errno.EISDIR: "a folder is where a file is needed: move or rename that folder",
    errno.ENAMETOOLONG: "the name is too long: use a shorter path",
    errno.ELOOP: "a symbolic link there loops: remove or fix the link",
}
"""What to do about the disk errors a run can meet while writing."""


def disk_fix(error: OSError) -> str:
    """What to do about ``error``, with the system's words for it: 'Permission denied; make it writable …'."""
    reason = error.strerror or str(error)
    fix = _DISK_FIXES.get(error.errno or 0)
    return f"{reason}; {fix}, then run the command again" if fix else reason


def disk_problem(error: OSError) -> Diagnostic:
    """The error a failed write raised, placed on the file it was writing (no file: ``runbook: error:``)."""
    # Of two paths (a copy or a rename), the second is the one being written.
    written = error.filename2 or error.filename
    if isinstance(error, PartlyWritten):
        outcome = (
            f"{error.done} page(s) had already been replaced or deleted; "
            "fix the cause and run 'runbook generate' again to finish"
        )
    else:
        outcome = "nothing more was written"
        fix = _DISK_FIXES.get(error.errno or 0)
        if fix:
            outcome = f"{fix}, then run the command again; {outcome}"
    path = display_path(Path(written)) if written else ""
    return Diagnostic(path, 0, 0, "error", "disk", f"{error.strerror or error}; {outcome}")
