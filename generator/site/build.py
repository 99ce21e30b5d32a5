"""Build the static site from docs/ with MkDocs (Material theme), strictly."""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.diagnostics import display_path


class SiteBuildError(Exception):
    """MkDocs refused the configuration or found problems under --strict: one line per problem.

    ``line`` and ``column`` are where in the configuration file MkDocs' YAML parser stopped,
    when that is what failed; 1 and 1 otherwise.
    """

    def __init__(self, problems: list[str]) -> None:
        lines = (" ".join(problem.split()).removeprefix("ERROR: ") for problem in problems)
        # MkDocs' closing 'Aborted with N configuration errors!' repeats what the lines above say.
        self.problems = [line for line in lines if line and not line.startswith("Aborted with ")]
        # The last mark is where the parser stopped (an earlier one is where the broken node began).
        marks = [mark for problem in self.problems for mark in _YAML_MARK.findall(problem)]
        self.line, self.column = (int(marks[-1][0]), int(marks[-1][1])) if marks else (1, 1)
        super().__init__("\n".join(self.problems))


_YAML_MARK = re.compile(r"line (\d+), column (\d+)")


SITE_MARKERS = ("index.html", "404.html", "sitemap.xml")
"""Files every built site has at its top: a folder with none of them is not a site built before."""


def site_folder_problem(site_dir: Path, keep: dict[str, Path]) -> str | None:
    """Why MkDocs must not build into ``site_dir``, or None.

    MkDocs empties the site folder before it builds, so that folder must be one of its own: not a
    folder ``keep`` names (the sources, the pages, the configuration), nor one that holds them or
    lies inside them, and not a folder of other files (no page of a built site at its top).
    """
    real_site = Path(os.path.realpath(site_dir))
    for what, path in keep.items():
        real = Path(os.path.realpath(path))
        if real == real_site or real_site in real.parents:
            return f"the site folder holds {what} {display_path(path)}, and MkDocs empties it before building"
        if real in real_site.parents:
            return f"the site folder is inside {what} {display_path(path)}"
    if site_dir.is_dir() and any(site_dir.iterdir()) and not any((site_dir / name).is_file() for name in SITE_MARKERS):
        return "the site folder holds files but no built site (no index.html), and MkDocs empties it before building"
    return None


def build_site(config_file: Path, docs_dir: Path, site_dir: Path, source: Path | None = None) -> None:
    """Run ``mkdocs build --strict`` in-process, with docs_dir and site_dir given here.

    ``source`` tells the runbook plugin where runbook.yaml is when it is not its configured folder.
    """
    from generator.engine.build import BuildFailed, build_site  # loads MkDocs: only when building

    try:
        build_site(config_file, docs_dir, site_dir, strict=True, plugin_source=source)
    except BuildFailed as failed:
        raise SiteBuildError(failed.messages) from None
