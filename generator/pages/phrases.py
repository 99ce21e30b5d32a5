"""Sentences the pages build around YAML values, in the runbook's language.

A response target reads "within 30 minutes" only when it is a duration; any other value
("no status page post; reply to the merchant within 1 business day") is shown as written after
its label, never inside a sentence it would break. Text from YAML keeps its case.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup

from generator.i18n.catalog import N_
from generator.i18n.words import is_duration
from generator.pages.markdown import escape_text
from generator.pages.parts import Part
from generator.pages.view import SiteView
from generator.source.model import Contact, Section, Severity
from generator.source.slugs import heading_anchor


class Phrases:
    """The template functions that put YAML values into the catalog's sentences."""

    def __init__(self, view: SiteView) -> None:
        self.view = view
        self.messages = view.messages
        self.words = view.words

    def md(self, message: str, **values: Any) -> Markup:
        return self.view.sentence(message) % values

    def _target(self, value: str, duration: str, other: str, **values: Any) -> Markup:
        if is_duration(value):
            return self.md(duration, duration=value, **values)
        return self.md(other, value=value, **values)

    def target_parts(self, level: Severity, *, acknowledge: bool = True, lines: bool = False) -> list[Markup]:
        """Each response target: a sentence for a duration, the label and the value as written otherwise."""
        response, first = level.response, self.words.first_update
        parts = []
        if acknowledge:
            if lines:
                parts.append(
                    self._target(
                        response.acknowledge_within, N_("Acknowledge within %(duration)s"), N_("Acknowledge: %(value)s")
                    )
                )
            else:
                parts.append(
                    self._target(
                        response.acknowledge_within, N_("acknowledge within %(duration)s"), N_("acknowledge: %(value)s")
                    )
                )
        target = first[:1].upper() + first[1:] if lines else first
        parts.append(
            self._target(
                response.first_update_within,
                N_("%(target)s within %(duration)s"),
                N_("%(target)s: %(value)s"),
                target=target,
            )
        )
        if lines:
            parts.append(self.md("Updates: %(cadence)s", cadence=response.update_cadence))
        else:
            parts.append(self.md("updates: %(cadence)s", cadence=response.update_cadence))
        return parts

    def response_targets(self, level: Severity, acknowledge: bool = True, capital: bool = False) -> Markup:
        """The targets as one line: '; ' between them, ' · ' when a value has its own ';' or each starts a clause."""
        response = level.response
        values = [response.acknowledge_within, response.first_update_within, response.update_cadence]
        apart = capital or any(";" in v for v in values)
        separator = Markup(" · ") if apart else Markup(escape_text(self.messages.text("; ")))
        return separator.join(self.target_parts(level, acknowledge=acknowledge, lines=capital))

    def target_lines(self, level: Severity) -> list[Markup]:
        return self.target_parts(level, lines=True)

    def target_line(self, label: str, value: str) -> Markup:
        return self._target(value, N_("%(target)s within %(duration)s"), N_("%(target)s: %(value)s"), target=label)

    def contact_list(self, contacts: Sequence[Contact]) -> Markup:
        return Markup(self.messages.text("; ")).join(self.view.contact_line(c) for c in contacts)

    def level_names(self, level_ids: Iterable[str]) -> Markup:
        separator = Markup(self.messages.text(", "))
        return separator.join(self.md("%(name)s", name=self.view.level_names[i]) for i in level_ids)

    def part_label(self, part: Part) -> Markup:
        if part.of == 1:
            return self.md("%(name)s", name=part.category.name)
        return self.md(
            "%(category)s (part %(number)s of %(parts)s)",
            category=part.category.name,
            number=part.number,
            parts=part.of,
        )

    def section_anchor(self, section: Section) -> str:
        return section.anchor or heading_anchor(section.title)
