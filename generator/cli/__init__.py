"""The ``runbook`` command line: parse options, run the pipeline, print diagnostics, exit once.

Each command module registers its commands on the one ``runbook`` group.
"""

from __future__ import annotations

from generator.cli import alerts, commands, editor, paging
from generator.cli.base import main

__all__ = ["alerts", "commands", "editor", "main", "paging"]
