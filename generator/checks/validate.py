"""Cross-file rules: every reference resolves, every level is fully owned, ids are unique."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from generator.checks.alertlist import alert_problems
from generator.checks.anchors import section_anchor_problems
from generator.checks.criteria import coverage_problems
from generator.checks.language import language_problems
from generator.checks.leads import lead_problems, unsure_problems
from generator.checks.names import name_rules, reserved_id_rules
from generator.checks.owners import null_problems, owner_problems
from generator.checks.placeholders import placeholder_warnings
from generator.checks.references import embed_problems, reference_problems
from generator.checks.textcheck import text_warnings
from generator.diagnostics import Diagnostic, did_you_mean
from generator.runtime.memo import RunCache
from generator.source.graph import conditions
from generator.source.inheritance import page_settings
from generator.source.load import DataPath, SourceFile
from generator.source.model import Category, RelatedOperation
from generator.source.project import CATEGORIES_FILE, OWNERS_FILE, RUNBOOK_FILE, SEVERITIES_FILE, Project
from generator.source.schema import directive_warnings


def _duplicates(source: SourceFile, items: Iterable[tuple[DataPath, str]], what: str) -> list[Diagnostic]:
    seen: dict[str, DataPath] = {}
    problems = []
    for path, item_id in items:
        if item_id in seen:
            first = source.place(seen[item_id])
            problems.append(
                source.diagnostic(
                    path,
                    "duplicate-id",
                    f"duplicate {what} id '{item_id}' (first defined on line {first.line}); ids must be unique",
                )
            )
        else:
            seen[item_id] = path
    return problems


def _unknown(
    source: SourceFile, path: DataPath, found: str, valid: Iterable[str], what: str, where: str, *, key: bool = False
) -> Diagnostic:
    return source.diagnostic(
        path,
        f"unknown-{what.replace(' ', '-')}",
        f"unknown {what} '{found}'; {did_you_mean(found, valid, what + ' ids')} ({where})",
        key=key,
    )


def _id_rules(project: Project) -> list[Diagnostic]:
    runbook_file, owners_file = project.file(RUNBOOK_FILE), project.file(OWNERS_FILE)
    severities_file, categories_file = project.file(SEVERITIES_FILE), project.file(CATEGORIES_FILE)
    runbook = project.runbook
    problems = _duplicates(
        runbook_file, ((("triage", i, "id"), d.id) for i, d in enumerate(runbook.triage)), "triage dimension"
    )
    for i, dimension in enumerate(runbook.triage):
        problems += _duplicates(
            runbook_file, ((("triage", i, "answers", j, "id"), a.id) for j, a in enumerate(dimension.answers)), "answer"
        )
    problems += _duplicates(
        runbook_file,
        ((("responsibilities", i, "id"), r.id) for i, r in enumerate(runbook.responsibilities)),
        "responsibility",
    )
    problems += _duplicates(
        runbook_file, ((("evidence", i, "id"), e.id) for i, e in enumerate(runbook.evidence)), "evidence field"
    )
    problems += _duplicates(
        owners_file, ((("owners", i, "id"), o.id) for i, o in enumerate(project.owners.owners)), "owner"
    )
    problems += _duplicates(
        severities_file,
        ((("levels", i, "id"), s.id) for i, s in enumerate(project.severities.levels)),
        "severity level",
    )
    problems += _duplicates(
        categories_file,
        ((("categories", i, "id"), c.id) for i, c in enumerate(project.categories.categories)),
        "category",
    )
    return problems


def _owner_rules(project: Project) -> list[Diagnostic]:
    owners_file = project.file(OWNERS_FILE)
    known = {o.id for o in project.owners.owners}
    problems = []
    for i, owner in enumerate(project.owners.owners):
        if owner.backup is None:
            continue
        if owner.backup == owner.id:
            problems.append(
                owners_file.diagnostic(
                    ("owners", i, "backup"),
                    "self-backup",
                    f"owner '{owner.id}' is its own backup; name another owner who can act when it is unavailable",
                )
            )
        elif owner.backup not in known:
            problems.append(
                _unknown(
                    owners_file,
                    ("owners", i, "backup"),
                    owner.backup,
                    known,
                    "owner",
                    "owners are defined in owners.yaml",
                )
            )
    return problems


def _severity_rules(project: Project) -> list[Diagnostic]:
    source = project.file(SEVERITIES_FILE)
    known = {o.id for o in project.owners.owners}
    responsibilities = [r.id for r in project.runbook.responsibilities]
    answers = {d.id: [a.id for a in d.answers] for d in project.runbook.triage}
    problems = []
    for i, level in enumerate(project.severities.levels):
        for responsibility in responsibilities:
            if responsibility not in level.owners:
                problems.append(
                    source.diagnostic(
                        ("levels", i, "owners"),
                        "missing-owner",
                        f"level '{level.id}' has no owner for responsibility '{responsibility}'; "
                        f"add '{responsibility}: <owner-id>' under its owners",
                        key=False,
                    )
                )
        for responsibility, owner in level.owners.items():
            path: DataPath = ("levels", i, "owners", responsibility)
            if responsibility not in responsibilities:
                problems.append(
                    _unknown(
                        source,
                        path,
                        responsibility,
                        responsibilities,
                        "responsibility",
                        "responsibilities are defined in runbook.yaml",
                        key=True,
                    )
                )
            if owner not in known:
                problems.append(_unknown(source, path, owner, known, "owner", "owners are defined in owners.yaml"))
        for j, rule in enumerate(level.criteria):
            for dimension, accepted in rule.items():
                path = ("levels", i, "criteria", j, dimension)
                if dimension not in answers:
                    problems.append(
                        _unknown(
                            source,
                            path,
                            dimension,
                            answers,
                            "triage dimension",
                            "dimensions are defined under triage in runbook.yaml",
                            key=True,
                        )
                    )
                    continue
                for k, answer in enumerate(accepted):
                    if answer not in answers[dimension]:
                        problems.append(
                            _unknown(
                                source,
                                (*path, k),
                                answer,
                                answers[dimension],
                                "answer",
                                f"answers of '{dimension}' are defined in runbook.yaml",
                            )
                        )
    return problems


def _category_rules(project: Project) -> list[Diagnostic]:
    source = project.file(CATEGORIES_FILE)
    owners = {o.id: o.title for o in project.owners.owners}
    problems = []
    for i, category in enumerate(project.categories.categories):
        for key in ("primary_owner", "alternate_owner"):
            path = ("categories", i, "defaults", key)
            problems += owner_problems(source, path, getattr(category.defaults, key), owners)
    return problems


def _operation_rules(project: Project) -> list[Diagnostic]:
    owners = {o.id: o.title for o in project.owners.owners}
    level_ids = [s.id for s in project.severities.levels]
    categories = {c.id: c for c in project.categories.categories}
    operation_ids = set(project.operations)
    problems: list[Diagnostic] = []
    for operation_id, operation in project.operations.items():
        source = project.operation_file(operation_id)
        category = categories.get(operation.category)
        if category is None:
            problems.append(
                _unknown(
                    source,
                    ("category",),
                    operation.category,
                    categories,
                    "category",
                    "categories are defined in categories.yaml",
                )
            )
        for key in ("primary_owner", "alternate_owner"):
            problems += owner_problems(source, ("owner", key), getattr(operation.owner, key), owners)
        problems += null_problems(source, category)
        if category is not None and not page_settings(operation, category).primary_owner:
            cleared = operation.owner.primary_owner == []
            problems.append(
                source.diagnostic(
                    ("owner", "primary_owner") if cleared else ("owner",),
                    "missing-owner",
                    "page has no primary owner: 'primary_owner: []' clears it, and every page needs one; "
                    "name one or more owner ids here"
                    if cleared
                    else f"page has no primary owner; set owner.primary_owner here or defaults.primary_owner "
                    f"of category '{category.id}' in categories.yaml",
                )
            )
        if category is not None:
            problems += _skip_problems(source, operation.skip_standard, category)
        for i, level in enumerate(operation.applies_to):
            if level not in level_ids:
                problems.append(
                    _unknown(
                        source,
                        ("applies_to", i),
                        level,
                        level_ids,
                        "severity level",
                        "levels are defined in severities.yaml",
                    )
                )
        targets: dict[str, int] = {}
        for i, related in enumerate(operation.related):
            path = ("related", i, "operation")
            if related.operation not in operation_ids:
                problems.append(
                    _unknown(
                        source,
                        path,
                        related.operation,
                        operation_ids,
                        "operation",
                        "operations are the files in source/operations/",
                    )
                )
            elif related.operation == operation_id:
                problems.append(
                    source.diagnostic(
                        path,
                        "self-reference",
                        "page lists itself as a related operation; move its condition "
                        f"({'; '.join(conditions(related.when))}) to 'use_when' and remove this entry",
                        severity="warning",
                    )
                )
            if related.operation in targets:
                first = source.place(("related", targets[related.operation], "operation"))
                problems.append(
                    source.diagnostic(
                        path,
                        "duplicate-related",
                        f"'{related.operation}' is already related on line {first.line}; list every condition "
                        "under that one entry and remove this one: when: "
                        f"[{', '.join(_merged_conditions(operation.related, related.operation))}]",
                        severity="warning",
                    )
                )
            else:
                targets[related.operation] = i
    return problems


_STANDARD_KEYS = {"checklist": "standard_checklist", "acceptance_checks": "standard_acceptance_checks"}


def _skip_problems(source: SourceFile, skipped: Sequence[str], category: Category) -> list[Diagnostic]:
    """A warning for a skip that drops nothing: the category has no such lines (any more)."""
    problems = []
    for i, name in enumerate(skipped):
        key = _STANDARD_KEYS[name]
        if not getattr(category, key):
            problems.append(
                source.diagnostic(
                    ("skip_standard", i),
                    "skip-nothing",
                    f"category '{category.id}' has no {key} lines, so there is nothing to skip; remove '{name}'",
                    severity="warning",
                )
            )
        elif name in skipped[:i]:
            problems.append(
                source.diagnostic(
                    ("skip_standard", i),
                    "duplicate-skip",
                    f"'{name}' is already skipped; remove this line",
                    severity="warning",
                )
            )
    return problems


def _merged_conditions(related: list[RelatedOperation], target: str) -> list[str]:
    """Every condition given for ``target`` across duplicate entries, first seen first."""
    return list(dict.fromkeys(c for r in related if r.operation == target for c in conditions(r.when)))


def _usage_warnings(project: Project) -> list[Diagnostic]:
    """Owners that own nothing and operations that nothing links to."""
    problems = []
    owned = Counter(owner for level in project.severities.levels for owner in level.owners.values())
    owned.update(owner for level in project.severities.levels for owner in level.escalate_to)  # paged next
    categories = {c.id: c for c in project.categories.categories}
    for operation in project.operations.values():
        if operation.category in categories:
            settings = page_settings(operation, categories[operation.category])
            owned.update((*settings.primary_owner, *settings.alternate_owner))
    owners_file = project.file(OWNERS_FILE)
    for i, owner in enumerate(project.owners.owners):
        if not owned[owner.id]:
            problems.append(
                owners_file.diagnostic(
                    ("owners", i, "id"),
                    "unused-owner",
                    f"owner '{owner.id}' owns nothing: no matrix cell, escalate_to or page names it; "
                    "assign it or remove it",
                    severity="warning",
                )
            )
    linked = project.graph.linked()
    if len(project.operations) > 1:
        for op_id in sorted(set(project.operations) - linked):
            problems.append(
                project.operation_file(op_id).diagnostic(
                    ("title",),
                    "orphan-operation",
                    f"no other page links to '{op_id}'; add it to a related list so staff can find it",
                    severity="warning",
                )
            )
    return problems


def validate_project(project: Project, cache: RunCache) -> list[Diagnostic]:
    """Every cross-file problem, errors and warnings, in file order."""
    problems = _id_rules(project) + name_rules(project) + reserved_id_rules(project)
    problems += _owner_rules(project) + _severity_rules(project)
    problems += _category_rules(project) + _operation_rules(project) + _usage_warnings(project)
    problems += reference_problems(project, cache) + embed_problems(project)
    problems += lead_problems(project) + unsure_problems(project) + alert_problems(project)
    problems += language_problems(project) + section_anchor_problems(project)
    problems += text_warnings(project.files, cache) + directive_warnings(project) + placeholder_warnings(project, cache)
    if not any(p.is_error and p.path == project.file(SEVERITIES_FILE).path for p in problems):
        problems += coverage_problems(project)
    return sorted(problems)
