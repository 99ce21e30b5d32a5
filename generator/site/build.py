"""Build the static site from docs/ with MkDocs (Material theme), strictly."""

from __future__ import annotations

import logging
import re
from pathlib import Path


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


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def build_site(config_file: Path, docs_dir: Path, site_dir: Path, source: Path | None = None) -> None:
    """Run ``mkdocs build --strict`` in-process, with docs_dir and site_dir given here.

    ``source`` tells the runbook plugin where runbook.yaml is when it is not its configured folder.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    previous_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        config = load_config(
            str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(site_dir.resolve()), strict=True
        )
        plugin = config.plugins.get("runbook")
        if source is not None and plugin is not None:
            plugin.config.source = str(source.resolve())
        build(config)
    except MkDocsException as error:
        raise SiteBuildError([*collect.messages, str(error)]) from None
    finally:
        logger.removeHandler(collect)
        logger.setLevel(previous_level)
