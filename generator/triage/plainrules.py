"""Criteria as staff read them: each rule cut down to the answers that decide, in plain sentences.

Severity criteria are written so that exactly one level matches any answers (``runbook check``
proves it), which means a lower level's rules restate every answer that keeps a problem out of
the levels above ("privacy exposure: none, production impact: none or degraded, …"). Read from
the most severe level down, those restatements say nothing: the first level that matches wins.
:func:`deciding_rules` drops each condition whose removal changes no decision over every answer
combination, so "SEV-2 when a workflow is down" is what the page shows, and the last level's
rule (every answer at its mildest) becomes "anything the levels above do not match".
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from generator.i18n.catalog import Messages
from generator.source.project import Project

MAX_SIMPLIFIED = 5_000
"""Above this many answer combinations, rules are shown as written (the search would be slow)."""

Rule = dict[str, list[str]]


def _matched(rule: Rule, answer_sets: dict[str, dict[str, int]], everything: int) -> int:
    """The answer combinations ``rule`` matches, as a bit set (bit i: combination i)."""
    matched = everything
    for dimension, accepted in rule.items():
        answers = answer_sets[dimension]
        allowed = 0
        for answer in accepted:
            allowed |= answers.get(answer, 0)
        matched &= allowed
    return matched


def _decisions(rules: Sequence[tuple[int, int]], everything: int) -> dict[int, int]:
    """Which combinations each level (index) decides, reading the rules (level, matched set) in order.

    A combination goes to the first rule that matches it; those no rule matches go to no level.
    The same as asking, for each combination, which rule is the first to match it, done with one
    set operation per rule instead of a test per rule and combination (the severity page of a
    runbook with a thousand combinations tried every rule on each of them for each condition).
    """
    decided: dict[int, int] = {}
    left = everything
    for index, matched in rules:
        taken = matched & left
        if taken:
            decided[index] = decided.get(index, 0) | taken
            left &= ~taken
    return decided


def deciding_rules(project: Project) -> dict[str, list[Rule]]:
    """Every level's rules with only the conditions that decide, read most severe level first.

    A rule left with no condition means "any answers not matched above". Conditions are tried in
    file order; each is dropped only when every combination still gets the same level.
    """
    levels = project.severities.levels
    dimensions = project.runbook.triage
    written = {level.id: [dict(rule) for rule in level.criteria] for level in levels}
    total = 1
    for question in dimensions:
        total *= len(question.answers)
    if total > MAX_SIMPLIFIED:
        return written
    # Each combination of answers is one bit; each answer of each question, the set of
    # combinations that give that answer.
    answer_sets: dict[str, dict[str, int]] = {d.id: {a.id: 0 for a in d.answers} for d in dimensions}
    for bit, combo in enumerate(itertools.product(*([a.id for a in d.answers] for d in dimensions))):
        for question, answer in zip(dimensions, combo, strict=True):
            answer_sets[question.id][answer] |= 1 << bit
    everything = (1 << total) - 1
    rules: list[tuple[int, Rule]] = [
        (index, dict(rule)) for index, level in enumerate(levels) for rule in written[level.id]
    ]
    matched = [(index, _matched(rule, answer_sets, everything)) for index, rule in rules]
    expected = _decisions(matched, everything)
    for position in range(len(rules)):
        index, rule = rules[position]
        for dimension in list(rule):
            trial = {d: a for d, a in rule.items() if d != dimension}
            trial_matched = [
                *matched[:position],
                (index, _matched(trial, answer_sets, everything)),
                *matched[position + 1 :],
            ]
            if _decisions(trial_matched, everything) == expected:
                rule, matched = trial, trial_matched
                rules[position] = (index, trial)
    simplified: dict[str, list[Rule]] = {level.id: [] for level in levels}
    for index, rule in rules:
        simplified[levels[index].id].append(rule)
    return simplified


def rule_sentence(project: Project, rule: Rule, messages: Messages, *, levels_above: bool = True) -> str:
    """One rule as a sentence: each condition names the question and the answers, joined by 'and'.

    A rule with no condition matches whatever is left: with levels above it, what they do not
    match; on the first (in a one-level runbook, the only) level, every problem. Question names
    and answer labels are shown as written in runbook.yaml, capitals kept.
    """
    if not rule:
        if not levels_above:
            return messages.text("Any problem, whatever the triage answers.")
        return messages.text("Anything the levels above do not match.")
    dimensions = {d.id: d for d in project.runbook.triage}
    parts: list[str] = []
    for dimension_id, accepted in rule.items():
        dimension = dimensions[dimension_id]
        labels = {a.id: _bare(a.label) for a in dimension.answers}
        answers = [labels[a] for a in accepted]
        listed = answers[0]
        if len(answers) > 1:
            listed = messages.text("%(answers)s; or %(last)s", answers="; ".join(answers[:-1]), last=answers[-1])
        parts.append(messages.text("%(question)s: %(answers)s", question=_bare(dimension.name), answers=listed))
    return messages.text("%(conditions)s.", conditions=messages.text("; and ").join(parts))


def _bare(text: str) -> str:
    """A label or name without its closing full stop, to sit inside a sentence that supplies one."""
    return text.strip().rstrip(".").rstrip()
