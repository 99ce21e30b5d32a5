"""The site engine, MkDocs 1.6 or its maintained fork ProperDocs, behind one door.

``RUNBOOK_ENGINE=properdocs`` builds and serves with ProperDocs. The choice is made here, once
per process and before any engine module loads, because ProperDocs takes over the ``mkdocs``
module names (so that Material and the runbook plugin run unchanged on it) for the whole process.
Only this package and the plugin import ``mkdocs``, ``material`` or ``properdocs``: the rest of
the tool calls :mod:`generator.engine.build` (public configuration and build) and
:mod:`generator.engine.internals` (the private names the live preview needs, with the versions
they were verified on).
"""

from __future__ import annotations

from generator.engine.choice import activate

activate()
