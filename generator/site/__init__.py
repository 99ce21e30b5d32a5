"""The MkDocs side: the ``runbook`` plugin with its assets and theme, the site configuration, the build."""
