"""The footer's build stamp (time and source revision): kept out of cached pages, filled in when they are written.

The stamp changes with every commit, so a page rendered with it could never be reused: pages
are rendered with :data:`STAMP_PLACEHOLDER` in its place, cached so, and the build writes the
stamp over the placeholder when it writes a page into the site folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from markupsafe import escape

from generator.engine.internals import MkDocsConfig

STAMP_KEY = "runbook_build_stamp"
"""Where the runbook plugin leaves the build stamp in ``config.extra`` (it also ends the copyright line)."""
STAMP_PLACEHOLDER = "RUNBOOK-BUILD-STAMP-7c1f3a9e"


def stamp_of(config: MkDocsConfig) -> str | None:
    """The build stamp the runbook plugin put in the configuration, when it can be filled in afterwards."""
    stamp = config.extra.get(STAMP_KEY)
    if not isinstance(stamp, str) or not stamp or str(escape(stamp)) != stamp or STAMP_PLACEHOLDER in stamp:
        return None
    return stamp


@contextmanager
def stamp_placeholder(config: MkDocsConfig, stamp: str | None) -> Iterator[None]:
    """The build stamp replaced by a placeholder in the configuration inside the block."""
    if stamp is None:
        yield
        return
    copyright = config.copyright
    config.extra[STAMP_KEY] = STAMP_PLACEHOLDER
    if isinstance(copyright, str):
        config.copyright = copyright.replace(stamp, STAMP_PLACEHOLDER)
    try:
        yield
    finally:
        config.extra[STAMP_KEY] = stamp
        config.copyright = copyright
