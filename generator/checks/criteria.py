"""Severity criteria: which level a set of triage answers gets, and proof that exactly one does."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from generator.diagnostics import Diagnostic
from generator.source.load import SourceFile
from generator.source.model import Runbook
from generator.source.project import SEVERITIES_FILE, Project

MAX_COMBINATIONS = 2_000_000
"""Above this many answer combinations the proof is skipped with a warning."""


@dataclass(frozen=True)
class _Rule:
    level: int
    index: int
    accepted: tuple[frozenset[str] | None, ...]
    """Accepted answers per dimension, in triage order; None accepts any answer."""

    def rejects(self, combination: tuple[str, ...]) -> list[int]:
        """Indexes of the dimensions whose answer this rule does not accept."""
        return [
            i for i, (s, a) in enumerate(zip(self.accepted, combination, strict=True)) if s is not None and a not in s
        ]


def _combination_text(runbook: Runbook, combination: tuple[str, ...]) -> str:
    return ", ".join(f"{d.id}={a}" for d, a in zip(runbook.triage, combination, strict=True))


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def _compile(project: Project) -> list[_Rule]:
    dimensions = [d.id for d in project.runbook.triage]
    return [
        _Rule(level_index, rule_index, tuple(frozenset(rule[d]) if d in rule else None for d in dimensions))
        for level_index, level in enumerate(project.severities.levels)
        for rule_index, rule in enumerate(level.criteria)
    ]


def _nearest(rules: list[_Rule], combination: tuple[str, ...]) -> list[_Rule]:
    """Each level's rule that misses the combination on the fewest dimensions (its first such rule).

    One per level, fewest misses first (file order among equals): the editor sees which rule of
    every level could be widened, not three rules of one level hiding the level to widen.
    """
    best: dict[int, tuple[int, _Rule]] = {}
    for rule in rules:
        count = len(rule.rejects(combination))
        if rule.level not in best or count < best[rule.level][0]:
            best[rule.level] = (count, rule)
    return [rule for _, rule in sorted(best.values(), key=lambda item: (item[0], item[1].level))]


def _empty_lists(project: Project, source: SourceFile) -> list[Diagnostic]:
    problems = []
    for i, level in enumerate(project.severities.levels):
        for j, rule in enumerate(level.criteria):
            for dimension, accepted in rule.items():
                if not accepted:
                    problems.append(
                        source.diagnostic(
                            ("levels", i, "criteria", j, dimension),
                            "criteria-empty",
                            f"rule of level '{level.id}' accepts no answer for '{dimension}', so it never "
                            "matches; list the answers it accepts, or leave the dimension out to accept any",
                        )
                    )
    return problems


def _gap_problem(project: Project, source: SourceFile, rules: list[_Rule], gaps: list[tuple[str, ...]]) -> Diagnostic:
    """One error for every unmatched combination: what they share, an example, and the nearest rules."""
    runbook, levels = project.runbook, project.severities.levels
    example = gaps[0]
    shared = [f"{d.id}={example[i]}" for i, d in enumerate(runbook.triage) if all(g[i] == example[i] for g in gaps)]
    nearest = _nearest(rules, example)
    misses = "; ".join(
        f"level '{levels[r.level].id}' (rule on line {source.place(('levels', r.level, 'criteria', r.index)).line}) "
        "rejects " + ", ".join(f"{runbook.triage[i].id}={example[i]}" for i in r.rejects(example))
        for r in nearest
    )
    common = f", all with {', '.join(shared)}" if shared and len(gaps) > 1 else ""
    return source.diagnostic(
        ("levels", nearest[0].level, "criteria", nearest[0].index),
        "criteria-gap",
        f"no severity level matches {_plural(len(gaps), 'answer combination')}{common}, e.g. "
        f"{_combination_text(runbook, example)}; nearest rule of each level: {misses}; "
        "widen one of these rules so every combination has a level",
    )


def coverage_problems(project: Project) -> list[Diagnostic]:
    """Gaps (no level matches) and overlaps (two levels match) over every answer combination."""
    runbook, severities = project.runbook, project.severities
    source = project.file(SEVERITIES_FILE)
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
    rules = _compile(project)
    gaps: list[tuple[str, ...]] = []
    overlaps: dict[tuple[int, int, int, int], tuple[tuple[str, ...], int]] = {}
    for combination in itertools.product(*choices):
        first: _Rule | None = None
        for rule in rules:
            if all(s is None or a in s for s, a in zip(rule.accepted, combination, strict=True)):
                if first is None:
                    first = rule
                elif first.level != rule.level:
                    key = (first.level, first.index, rule.level, rule.index)
                    example, count = overlaps.get(key, (combination, 0))
                    overlaps[key] = (example, count + 1)
                    break
        if first is None:
            gaps.append(combination)
    problems = _empty_lists(project, source)
    if gaps:
        problems.append(_gap_problem(project, source, rules, gaps))
    for (level_a, rule_a, level_b, rule_b), (example, count) in sorted(overlaps.items()):
        first_place = source.place(("levels", level_a, "criteria", rule_a))
        a, b = severities.levels[level_a].id, severities.levels[level_b].id
        problems.append(
            source.diagnostic(
                ("levels", level_b, "criteria", rule_b),
                "criteria-overlap",
                f"levels '{a}' (rule on line {first_place.line}) and '{b}' both match "
                f"{_plural(count, 'answer combination')}, e.g. {_combination_text(runbook, example)}; "
                "narrow one rule so each combination has exactly one level",
            )
        )
    return problems
