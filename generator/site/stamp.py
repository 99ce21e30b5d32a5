"""When and from what the site was built, printed where a copy can outlive its source.

A printed runbook or an offline copy on a laptop is read long after it was made; its build date
and the source revision tell the reader how old it is. The stamp goes into the built HTML only
(the footer of every page, the printable page's own line), never into ``docs/``, which must stay
byte-identical for the same sources. ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention)
fixes the date.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

from markupsafe import escape

from generator.i18n.catalog import Messages, english_messages

STAMP_SLOT = '<p class="build-stamp" data-build-stamp></p>'
"""What the printable page's template leaves for the stamp (generator/pages/templates/print.md.j2)."""


def build_time(environ: dict[str, str] | None = None) -> datetime.datetime:
    """Now in UTC, or SOURCE_DATE_EPOCH when it is set."""
    epoch = (environ if environ is not None else os.environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdecimal():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    return datetime.datetime.now(tz=datetime.UTC)


def source_revision(folder: Path) -> str | None:
    """The short git commit of the checkout holding ``folder``, or None outside git."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    revision = result.stdout.strip()
    return revision if result.returncode == 0 and revision else None


def stamp_text(when: datetime.datetime, revision: str | None, messages: Messages | None = None) -> str:
    """'Built 2026-11-27 15:40 UTC from source revision 1a2b3c4d5e6f', in the runbook's language."""
    t = (messages or english_messages()).text
    built = when.strftime("%Y-%m-%d %H:%M")
    if revision:
        return t("Built %(time)s UTC from source revision %(revision)s", time=built, revision=revision)
    return t("Built %(time)s UTC; source revision unknown (not a git checkout)", time=built)


def with_build_stamp(html: str, stamp: str) -> str:
    """The printable page's empty stamp line filled in; other pages unchanged."""
    if STAMP_SLOT not in html:
        return html
    return html.replace(STAMP_SLOT, f'<p class="build-stamp">{escape(stamp)}.</p>', 1)
