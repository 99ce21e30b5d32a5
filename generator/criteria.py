"""Severity criteria: which level a set of triage answers gets, and proof that exactly one does."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from generator.diagnostics import Diagnostic
from generator.model import Runbook, SeveritiesFile, Severity
from generator.project import SEVERITIES_FILE, Project

MAX_COMBINATIONS = 2_000_000
"""Above this many answer combinations the proof is skipped with a warning."""


def rule_matches(rule: Mapping[str, list[str]], answers: Mapping[str, str]) -> bool:
    """Whether one criteria rule accepts these answers (an omitted dimension accepts any)."""
    return all(answers.get(dimension) in accepted for dimension, accepted in rule.items())


def matching_levels(severities: SeveritiesFile, answers: Mapping[str, str]) -> list[Severity]:
    """Every level whose criteria accept the answers; exactly one in a valid runbook."""
    return [level for level in severities.levels if any(rule_matches(rule, answers) for rule in level.criteria)]


def _combination_text(runbook: Runbook, combination: tuple[str, ...]) -> str:
    return ", ".join(f"{d.id}={a}" for d, a in zip(runbook.triage, combination, strict=True))


def coverage_problems(project: Project) -> list[Diagnostic]:
    """Gaps (no level matches) and overlaps (two levels match) over every answer combination."""
    runbook, severities = project.runbook, project.severities
    source = project.file(SEVERITIES_FILE)
    dimensions = [d.id for d in runbook.triage]
    choices = [[a.id for a in d.answers] for d in runbook.triage]
    total = 1
    for options in choices:
        total *= len(options)
    if total > MAX_COMBINATIONS:
        return [
            source.diagnostic(
                ("levels",),
                "criteria-unchecked",
                f"{total:,} answer combinations are too many to check; use fewer triage answers",
                severity="warning",
            )
        ]
    # Precompute, per level and rule, the accepted answer sets as tuples aligned to dimensions.
    compiled: list[tuple[int, int, list[frozenset[str] | None]]] = []
    for level_index, level in enumerate(severities.levels):
        for rule_index, rule in enumerate(level.criteria):
            compiled.append((level_index, rule_index, [frozenset(rule[d]) if d in rule else None for d in dimensions]))
    gaps: list[tuple[str, ...]] = []
    overlaps: dict[tuple[int, int, int, int], tuple[tuple[str, ...], int]] = {}
    for combination in itertools.product(*choices):
        first: tuple[int, int] | None = None
        for level_index, rule_index, accepted in compiled:
            if all(s is None or a in s for s, a in zip(accepted, combination, strict=True)):
                if first is None:
                    first = (level_index, rule_index)
                elif first[0] != level_index:
                    key = (*first, level_index, rule_index)
                    example, count = overlaps.get(key, (combination, 0))
                    overlaps[key] = (example, count + 1)
                    break
        if first is None:
            gaps.append(combination)
    problems: list[Diagnostic] = []
    if gaps:
        shown = "; ".join(_combination_text(runbook, g) for g in gaps[:3])
        more = f" (and {len(gaps) - 3:,} more combinations)" if len(gaps) > 3 else ""
        problems.append(
            source.diagnostic(
                ("levels",),
                "criteria-gap",
                f"no severity level matches {len(gaps):,} answer combination{'s' if len(gaps) != 1 else ''}, "
                f"e.g. {shown}{more}; widen a level's criteria so every combination has a level",
            )
        )
    for (level_a, rule_a, level_b, rule_b), (example, count) in sorted(overlaps.items()):
        first_place = source.place(("levels", level_a, "criteria", rule_a))
        a, b = severities.levels[level_a].id, severities.levels[level_b].id
        problems.append(
            source.diagnostic(
                ("levels", level_b, "criteria", rule_b),
                "criteria-overlap",
                f"levels '{a}' (rule on line {first_place.line}) and '{b}' both match {count:,} "
                f"answer combination{'s' if count != 1 else ''}, e.g. {_combination_text(runbook, example)}; "
                "narrow one rule so each combination has exactly one level",
            )
        )
    return problems
