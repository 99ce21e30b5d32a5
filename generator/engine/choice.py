"""Which engine builds the site, which versions are installed, and which ones the internals were verified on."""

from __future__ import annotations

import importlib.metadata
import logging
import os
import sys
from dataclasses import dataclass

ENGINE_VARIABLE = "RUNBOOK_ENGINE"
ENGINES = ("mkdocs", "properdocs")
"""The values ``RUNBOOK_ENGINE`` takes; unset means MkDocs."""

VERIFIED = {
    "mkdocs": ("1.6.1",),
    "properdocs": ("1.6.7",),
    "mkdocs-material": ("9.7.5", "9.8.2"),
}
"""Distribution -> the versions whose private names generator/engine/internals.py was checked against.

The pins of requirements-site.txt, and the oldest Material pyproject.toml accepts (9.7.5: the
live-site comparison, tests/test_live_site.py, passed on it on both engines). ``runbook build``
uses public names only; ``runbook serve``'s page-by-page rebuild reaches into private ones, and on
any other version it falls back to full rebuilds (see :func:`unverified`).
"""


class EngineError(Exception):
    """``RUNBOOK_ENGINE`` names no engine, or the engine it names is not installed."""


def engine_name() -> str:
    """The engine ``RUNBOOK_ENGINE`` asks for: 'mkdocs' (the default) or 'properdocs'."""
    name = os.environ.get(ENGINE_VARIABLE, "").strip().lower() or "mkdocs"
    if name not in ENGINES:
        raise EngineError(
            f"{ENGINE_VARIABLE}={os.environ[ENGINE_VARIABLE]!r} names no site engine; "
            f"use one of {', '.join(ENGINES)} (or leave it unset for mkdocs)"
        )
    return name


_active: str | None = None
_problem: str | None = None


def _load(name: str) -> None:
    """Make ``name`` the engine of this process; EngineError when it cannot be."""
    if name != "properdocs":
        return
    already = sys.modules.get("mkdocs")
    if already is not None and already.__name__ != "properdocs":
        raise EngineError(
            f"MkDocs was loaded before the engine was chosen, so {ENGINE_VARIABLE}=properdocs cannot take effect"
        )
    try:
        import properdocs.replacement  # noqa: F401 - from here on, mkdocs.* imports load properdocs.*
    except ImportError:
        raise EngineError(
            f"{ENGINE_VARIABLE}=properdocs, but ProperDocs is not installed; pip install properdocs"
        ) from None
    # As the properdocs command does: plugins that log to 'mkdocs.*' count under --strict too.
    logging.getLogger("mkdocs").parent = logging.getLogger("properdocs")


def activate() -> None:
    """Load the chosen engine's module names; with ProperDocs, ``mkdocs.*`` imports become its own.

    Called once, when ``generator.engine`` is first imported. Never raises: why the engine cannot
    run is kept for :func:`active_engine`, which the command asks where it can report it.
    """
    global _active, _problem
    if _active is not None or _problem is not None:
        return
    try:
        name = engine_name()
        _load(name)
    except EngineError as error:
        _problem = str(error)
        return
    _active = name


def active_engine() -> str:
    """The engine this process builds with (EngineError when RUNBOOK_ENGINE is wrong or its engine missing)."""
    activate()
    if _active is None:
        raise EngineError(_problem or "no site engine")
    return _active


def logger_names() -> tuple[str, ...]:
    """The loggers the engine and its plugins write their messages to."""
    return ("properdocs", "mkdocs") if active_engine() == "properdocs" else ("mkdocs",)


def installed_version(distribution: str) -> str | None:
    """The installed version of ``distribution``, or None when it is not installed."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


@dataclass(frozen=True)
class Versions:
    """The engine and theme versions this process runs, as installed."""

    engine: str
    engine_version: str | None
    material_version: str | None

    def describe(self) -> str:
        name = "ProperDocs" if self.engine == "properdocs" else "MkDocs"
        return f"{name} {self.engine_version or '(not installed)'} with Material {self.material_version or '(none)'}"


def versions() -> Versions:
    engine = active_engine()
    return Versions(engine, installed_version(engine), installed_version("mkdocs-material"))


def unverified() -> str | None:
    """Why the private names of generator/engine/internals.py may not hold here, or None when they were verified."""
    found = versions()
    if found.engine_version in VERIFIED[found.engine] and found.material_version in VERIFIED["mkdocs-material"]:
        return None
    name = "ProperDocs" if found.engine == "properdocs" else "MkDocs"
    verified = f"{name} {', '.join(VERIFIED[found.engine])} with Material {', '.join(VERIFIED['mkdocs-material'])}"
    return f"{found.describe()} is not a version the page-by-page preview was verified on ({verified})"
