"""``runbook build``'s site: MkDocs' build on every core, and a build cache that keeps what it rendered.

:mod:`generator.sitebuild.build` follows MkDocs' build step by step as the live preview does
(it reuses :class:`generator.preview.live.LiveSite`), renders the pages' Markdown and templates
in forked processes while everything that must stay in order (plugin events, navigation, search
index, sitemap) runs in order in the main process, and keeps each page's render and HTML in
``.cache/runbook/`` (:mod:`generator.sitebuild.store`), so a build after an edit re-renders only
what the edit changed. The site is byte-identical to a plain ``mkdocs build`` of the same docs/.
"""
