"""The runbook and the paging tool: escalation chains read from the YAML, exported, and compared with the live tool.

The shape follows every adapter to an outside system: the outside format is read into typed
records with their places (:mod:`~generator.paging.live`), compared with the runbook's chains as
data that returns diagnostics (:mod:`~generator.paging.compare`), and exported by builders
(:mod:`~generator.paging.export`, :mod:`~generator.paging.terraform`). The one network call sits
behind :func:`generator.paging.pagerduty_api.fetch_escalation_policies`, which tests replace.
"""
