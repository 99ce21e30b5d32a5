"""How often Python's cycle collector runs while the runbook is loaded, checked and rendered.

The collector starts a pass after every 700 new container objects (dicts, lists, tuples), and
every tenth pass of the youngest generation looks at everything older too. A run at 1,000
operations keeps a few hundred thousand such objects alive at once (each value's place in its
file, the typed records, the rendered pages), so those full passes walked the whole runbook
again and again: 0.48 s of CPU in a cold ``runbook generate`` at 1,000 operations, for very
little garbage (the pipeline's data has few reference cycles; they are freed as before, later).
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 50_000
"""New container objects between passes of the youngest generation (Python's default is 700)."""


def fewer_collections() -> None:
    """Let the collector run less often; the older generations keep their usual ratios (10, 10)."""
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, oldest)
