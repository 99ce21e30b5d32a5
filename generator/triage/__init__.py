"""Triage: the severity level a set of answers gets, who to page and what to open; and the criteria read plainly."""
