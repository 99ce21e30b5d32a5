"""Accessible names the theme and Markdown extensions leave out, added to each built page.

axe-core (tests/browser/test_accessibility.py) reports these as serious or critical: Material's
search dialog and progress bar have no accessible name, and pymdownx.tasklist puts the item's
text outside the checkbox's label. The fixes are attributes only, applied to the HTML that
MkDocs writes (generator/site/plugin.py), so they hold with JavaScript off too.
"""

from __future__ import annotations

import html
import re

NAMED_ROLES = {
    'class="md-search" data-md-component="search" role="dialog"': "Search",
    'class="md-progress" data-md-component="progress" role="progressbar"': "Page loading",
}
_TASK = re.compile(
    r'(<li class="task-list-item"><label class="task-list-control"><input type="checkbox")'
    r"([^>]*?)(/?>)(.*?)</li>",
    re.DOTALL,
)
_TAG = re.compile(r"<[^>]+>")


def _task_label(match: re.Match[str]) -> str:
    opening, attributes, close, rest = match.groups()
    if "aria-label" in attributes:
        return match.group(0)
    text = html.unescape(_TAG.sub("", rest)).strip()
    label = html.escape(" ".join(text.split()), quote=True)
    return f'{opening} aria-label="{label}"{attributes}{close}{rest}</li>'


def with_accessible_names(page: str) -> str:
    """The page with names on the search dialog, the progress bar and task-list checkboxes."""
    for marker, name in NAMED_ROLES.items():
        if marker in page and f"{marker} aria-label=" not in page:
            page = page.replace(marker, f'{marker} aria-label="{name}"', 1)
    return _TASK.sub(_task_label, page)
