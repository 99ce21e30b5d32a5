"""The live preview behind ``runbook serve``: the site kept equal to a full build page by page, and its server."""
