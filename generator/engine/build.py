"""A whole build with the engine's public names: load the configuration, build, collect what it said."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from generator.engine.choice import logger_names


class BuildFailed(Exception):
    """The engine refused the configuration or, strict, found problems: every message it logged, in order."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def collected_messages() -> Iterator[list[str]]:
    """The warnings and errors the engine logs inside the block, in order."""
    collect = _Collect()
    loggers = [logging.getLogger(name) for name in logger_names()]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(collect)
        logger.setLevel(logging.INFO)
    try:
        yield collect.messages
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(collect)
            logger.setLevel(level)


def show_messages(handler: logging.Handler) -> None:
    """Send what the engine and its plugins log (INFO and up) to ``handler``, as ``mkdocs serve`` prints it."""
    for name in logger_names():
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def build_site(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    plugin_source: Path | None = None,
    site_url: str | None = None,
) -> None:
    """``mkdocs build`` in this process, with ``docs_dir`` and ``site_dir`` given here; BuildFailed when it fails.

    ``plugin_source`` tells the runbook plugin where runbook.yaml is when it is not its configured folder.
    """
    with collected_messages() as messages:
        try:
            config = load_config(
                str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(site_dir.resolve()), strict=strict
            )
            if site_url is not None:
                config.site_url = site_url
            plugin = config.plugins.get("runbook")
            if plugin_source is not None and plugin is not None:
                plugin.config.source = str(plugin_source.resolve())
            build(config)
        except MkDocsException as error:
            raise BuildFailed([*messages, str(error)]) from None


def serve_with_full_rebuilds(
    builder: Callable[[], None],
    *,
    host: str,
    port: int,
    root: Path,
    watched: list[Path],
    open_browser: bool,
    error_page: Callable[[int], bytes | None],
) -> None:
    """MkDocs' development server as ``mkdocs serve`` runs it: ``builder`` after every change under ``watched``.

    Public names only: the preview's plain path when the page-by-page one was not verified on this version.
    Blocks until interrupted.
    """
    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(root))
    server.error_handler = error_page
    for path in watched:
        server.watch(str(path))
    try:
        server.serve(open_in_browser=open_browser)  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
