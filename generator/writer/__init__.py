"""The docs writer: pages into docs/ (planned, then written atomically), the navigation, what a change rewrites."""
