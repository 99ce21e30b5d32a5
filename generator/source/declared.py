"""One file of a runbook read on its own, for what must hold while another file fails.

The secret scan runs even when ``load_project`` stops at an error: it keeps the contacts owners.yaml
declares (they are not leaks) and the rule sets runbook.yaml switches on, whenever those two read.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from generator.diagnostics import display_path
from generator.runtime.memo import RunCache
from generator.source.model import OwnersFile, SecretScan
from generator.source.parsecache import read_source
from generator.source.project import OWNERS_FILE, RUNBOOK_FILE, typed_record, unreadable_kind


def declared_owners(root: Path, cache: RunCache) -> OwnersFile | None:
    """owners.yaml alone, when it loads: its declared contacts hold even when another file fails."""
    path = root / OWNERS_FILE
    if not os.path.lexists(path) or unreadable_kind(path, root):
        return None
    source, problems = read_source(path, display_path(path), cache)
    if problems:
        return None
    owners, problems = typed_record(source, OwnersFile, cache)
    return None if problems else owners


def declared_rule_sets(root: Path, cache: RunCache) -> tuple[str, ...]:
    """runbook.yaml's secret_scan.rule_sets alone, when that key reads: the scan keeps them when the rest fails.

    A runbook.yaml that does not parse gives none; its own error stops the run anyway.
    """
    path = root / RUNBOOK_FILE
    if not path.is_file():
        return ()
    source, problems = read_source(path, display_path(path), cache)
    data = source.data.get("secret_scan") if not problems and isinstance(source.data, dict) else None
    if not isinstance(data, dict):
        return ()
    try:
        return tuple(SecretScan.model_validate(data).rule_sets)
    except ValidationError:
        return ()
