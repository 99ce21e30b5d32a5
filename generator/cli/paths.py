"""Path options that refuse an empty value: ``--source ''`` is a slip, not the current folder."""

from __future__ import annotations

import os
from typing import Any

import click


class GivenPath(click.Path):
    """A ``click.Path`` that is a usage error when given as '' (a shell variable that was never set).

    Python reads '' as the current folder, so ``--source ''`` checked whatever folder the command
    ran in and ``schema --output ''`` wrote its schemas there.
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            default = getattr(param, "default", None)
            example = f", such as '{os.fspath(default)}'" if isinstance(default, (str, os.PathLike)) else ""
            what = "folder" if self.name == "directory" else self.name
            self.fail(f"the path is empty; pass a {what}{example}", param, ctx)
        return super().convert(value, param, ctx)
