"""Alert rule files read into typed records, each value with the line and column it is written on.

Four shapes hold alerting rules, all read here:

- Prometheus rule files, as Thanos, Mimir (with a ``namespace:`` beside them) and Loki's ruler also
  read them: ``groups: - name, rules: - alert, expr, labels, annotations``;
- the same groups in a Kubernetes ``kind: PrometheusRule`` (prometheus-operator), under ``spec.groups``;
- Grafana alerting provisioning files: ``apiVersion: 1``, ``groups: - rules: - title, labels, annotations``.

Files are parsed by the source loader (generator/source/load.py), so a rule file gets the same
care as a runbook file: duplicate keys, tabs, encodings, size and alias limits, and every problem
at its line and column. Recording rules (``record:``) are not alerts and are skipped.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.diagnostics import Diagnostic, display_path
from generator.source.load import DataPath, SourceFile, parse_yaml, read_yaml
from generator.source.project import regular_files

Shape = Literal["prometheus", "prometheus-rule", "grafana"]

_PROMQL_SAFE = {"item-joined-to-text"}
"""Loader checks that do not apply to rule files: in a plain multi-line PromQL ``expr``, a line
starting with '- ' is a subtraction, which YAML joins to the line before exactly as Prometheus expects."""


@dataclass(frozen=True)
class Written:
    """A text value of a rule file and where it is written (1-based line and column)."""

    text: str
    line: int
    column: int


@dataclass(frozen=True)
class AlertRule:
    """One alerting rule: its name, labels and annotations, each with its place."""

    path: str
    """The file, as diagnostics print it."""
    shape: Shape
    name: Written
    """The alert's name: Prometheus' ``alert:``, Grafana's ``title:``."""
    labels: dict[str, Written]
    annotations: dict[str, Written]
    unreadable: frozenset[str] = frozenset()
    """Label and annotation keys written with a list or mapping as value (already reported)."""

    def label(self, key: str) -> Written | None:
        return self.labels.get(key)

    @property
    def runbook_url(self) -> Written | None:
        return self.annotations.get("runbook_url")


@dataclass
class RuleFiles:
    """Every alert of the rule files read, the files that held rules, and what kept any from being read."""

    files: list[str] = field(default_factory=list)
    alerts: list[AlertRule] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)

    def names(self) -> set[str]:
        return {alert.name.text for alert in self.alerts}


def rule_shape(data: Any) -> tuple[Shape, DataPath] | None:
    """Which kind of rule file ``data`` is, and the path of its list of groups; None for other YAML."""
    if not isinstance(data, dict):
        return None
    if data.get("kind") == "PrometheusRule":
        return "prometheus-rule", ("spec", "groups")
    if "groups" not in data:
        return None
    # Grafana's provisioning files carry apiVersion: 1; prometheus-operator's manifests a string.
    if data.get("apiVersion") == 1:
        return "grafana", ("groups",)
    return "prometheus", ("groups",)


def _text(source: SourceFile, path: DataPath, value: Any) -> Written:
    """A scalar as its rule-reading program reads it: as written (an unquoted ``yes`` is the text 'yes')."""
    place = source.place(path)
    text = place.raw if place.raw is not None and not isinstance(value, str) else value
    return Written(str(text) if text is not None else "", place.line, place.column)


def _mapping_of_text(
    source: SourceFile, path: DataPath, value: Any, problems: list[Diagnostic], unreadable: set[str]
) -> dict[str, Written]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(source.diagnostic(path, "rule-shape", f"'{path[-1]}' must be a mapping of 'name: value' lines"))
        return {}
    found = {}
    for key, item in value.items():
        if isinstance(item, dict | list):
            problems.append(
                source.diagnostic((*path, key), "rule-shape", f"'{key}' must be text, found a list or mapping")
            )
            unreadable.add(key)
            continue
        found[key] = _text(source, (*path, key), item)
    return found


def _list_at(source: SourceFile, path: DataPath, what: str, problems: list[Diagnostic]) -> list[Any]:
    value: Any = source.data
    for step in path:
        if isinstance(value, dict) and isinstance(step, str):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            value = value[step]
        else:
            value = None
    if isinstance(value, list):
        return value
    if value is not None:
        problems.append(
            source.diagnostic(path, "rule-shape", f"'{path[-1]}' must be a list of {what}, each starting with '- '")
        )
    return []


def alerts_of(source: SourceFile, shape: Shape, groups_path: DataPath) -> tuple[list[AlertRule], list[Diagnostic]]:
    """The alerting rules of one parsed rule file, and any group or rule not shaped as its kind expects."""
    problems: list[Diagnostic] = []
    alerts = []
    name_key = "title" if shape == "grafana" else "alert"
    if shape == "prometheus-rule" and not isinstance((source.data.get("spec") or {}), dict):
        problems.append(
            source.diagnostic(("spec",), "rule-shape", "'spec' must be a mapping holding 'groups:', the rule groups")
        )
    elif shape == "prometheus-rule" and "groups" not in (source.data.get("spec") or {}):
        problems.append(
            source.diagnostic(
                ("kind",), "rule-shape", "this PrometheusRule has no 'spec.groups'; write its rule groups under spec"
            )
        )
    for i, group in enumerate(_list_at(source, groups_path, "rule groups", problems)):
        group_path = (*groups_path, i)
        if not isinstance(group, dict):
            problems.append(source.diagnostic(group_path, "rule-shape", "a rule group must be a mapping ('name: ...')"))
            continue
        for j, rule in enumerate(_list_at(source, (*group_path, "rules"), "rules", problems)):
            rule_path = (*group_path, "rules", j)
            if not isinstance(rule, dict):
                problems.append(source.diagnostic(rule_path, "rule-shape", "a rule must be a mapping of keys"))
                continue
            if name_key not in rule:
                if shape == "grafana":  # Grafana's recording rules carry 'record:' in place of a condition
                    problems += [] if "record" in rule else [_unnamed(source, rule_path, name_key)]
                elif "record" not in rule:
                    problems.append(_unnamed(source, rule_path, "alert' or 'record"))
                continue
            name = rule[name_key]
            if isinstance(name, dict | list) or name is None or not str(name).strip():
                problems.append(
                    source.diagnostic((*rule_path, name_key), "rule-shape", f"'{name_key}' must name the alert")
                )
                continue
            unreadable: set[str] = set()
            labels, annotations = (
                _mapping_of_text(source, (*rule_path, key), rule.get(key), problems, unreadable)
                for key in ("labels", "annotations")
            )
            named = _text(source, (*rule_path, name_key), name)
            alerts.append(AlertRule(source.path, shape, named, labels, annotations, frozenset(unreadable)))
    return alerts, problems


def _unnamed(source: SourceFile, path: DataPath, key: str) -> Diagnostic:
    return source.diagnostic(path, "rule-shape", f"this rule has no '{key}' key; name it")


def _not_rules(path: str) -> Diagnostic:
    return Diagnostic(
        path,
        1,
        1,
        "error",
        "not-rule-file",
        "this file holds no alert rules: expected 'groups:' (a Prometheus, Thanos, Mimir or Loki rule file), "
        "'kind: PrometheusRule' with 'spec.groups', or a Grafana provisioning file ('apiVersion: 1' and 'groups:')",
    )


_DOCUMENT_START = re.compile(r"^---(?=[ \t]|$)", re.MULTILINE)
_SECOND_DOCUMENT = "found a second YAML document"


def _documents(path: Path, display: str) -> list[tuple[SourceFile, list[Diagnostic]]]:
    """Each YAML document of a file, parsed with its lines as they are in the file.

    Kubernetes manifests often hold several documents ('---' between them), which a runbook file
    may not: each document is parsed on its own, after as many blank lines as precede it, so its
    places are the file's.
    """
    source, problems = read_yaml(path, display)
    if not (len(problems) == 1 and problems[0].message.startswith(_SECOND_DOCUMENT)):
        return [(source, problems)]
    text = source.text
    starts = [match.start() for match in _DOCUMENT_START.finditer(text)]
    bounds = [0, *[start for start in starts if start > 0], len(text)]
    documents = []
    for begin, end in itertools.pairwise(bounds):
        chunk = text[begin:end]
        if not chunk.strip("-\n \t"):
            continue
        padded = "\n" * text.count("\n", 0, begin) + chunk
        documents.append(parse_yaml(display, padded.encode("utf-8")))
    return documents


def read_rule_file(path: Path, display: str, *, in_folder: bool = False) -> RuleFiles:
    """One file's alerts; a YAML file of another kind is skipped inside a folder and an error when named."""
    found = RuleFiles()
    for source, problems in _documents(path, display):
        problems = [p for p in problems if p.code not in _PROMQL_SAFE and p.code != "empty-file"]
        if problems:
            found.problems += problems
            continue
        shape = rule_shape(source.data)
        if shape is None:
            continue
        if display not in found.files:
            found.files.append(display)
        alerts, problems = alerts_of(source, *shape)
        found.alerts += alerts
        found.problems += problems
    if not found.files and not found.problems and not in_folder:
        found.problems.append(_not_rules(display))
    return found


def _yaml_files(folder: Path) -> list[Path]:
    return sorted({*regular_files(folder, ".yaml"), *regular_files(folder, ".yml")})


def read_rule_paths(paths: Sequence[Path], base: Path | None = None) -> RuleFiles:
    """Every alert in ``paths`` (files, or folders searched for .yaml and .yml files), in the order given."""
    found = RuleFiles()
    for path in paths:
        where = path if base is None or path.is_absolute() else base / path
        shown = display_path(where)
        if where.is_dir():
            files: Iterable[tuple[Path, bool]] = ((file, True) for file in _yaml_files(where))
        elif where.is_file():
            files = [(where, False)]
        else:
            what = "is not a regular file or folder" if os.path.lexists(where) else "does not exist"
            found.problems.append(
                Diagnostic(shown, 0, 0, "error", "missing-file", f"no rule file or folder here: this path {what}")
            )
            continue
        for file, in_folder in files:
            one = read_rule_file(file, display_path(file), in_folder=in_folder)
            found.files += one.files
            found.alerts += one.alerts
            found.problems += one.problems
    return found


def severity_labels(alerts: Iterable[AlertRule], label: str) -> dict[str, tuple[str, ...]]:
    """Each alert name with the values of its severity label, in the order first written (one per rule)."""
    found: dict[str, list[str]] = {}
    for alert in alerts:
        values = found.setdefault(alert.name.text, [])
        value = alert.label(label)
        if value is not None and value.text not in values:
            values.append(value.text)
    return {name: tuple(values) for name, values in found.items()}
