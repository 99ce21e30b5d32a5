"""What touches docs/ and the built site: writing pages, the navigation, the MkDocs hooks, build, serve, link check."""
