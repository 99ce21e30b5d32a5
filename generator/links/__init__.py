"""The link check of a built site: lychee offline, then each broken link placed on the line that made it."""
