"""What PagerDuty holds, read from its ``GET /escalation_policies`` answers into typed records.

A saved answer (``--pagerduty-export FILE``) and the pages the live API returns read the same
way. An answer that is not that shape is one :class:`PagingUnavailable` naming where it broke.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class PagingUnavailable(Exception):
    """What the paging tool holds cannot be read: unreachable, refused, rate-limited or not the expected JSON.

    A saved answer's problem names its file in ``path`` (and, for JSON that does not parse, the
    line and column), so it is reported on that file; the API's problems name the address in the
    message.
    """

    def __init__(self, message: str, path: str = "", line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column


@dataclass(frozen=True)
class LiveTarget:
    """Who one rule of a live policy pages: a schedule or a user."""

    kind: str
    """'schedule' or 'user' (PagerDuty's '_reference' suffix dropped)."""
    id: str
    summary: str | None = field(default=None, compare=False)
    """The name PagerDuty shows for it; not part of what the target is."""

    def describe(self, owner: str | None = None) -> str:
        named = f" '{self.summary}'" if self.summary else ""
        who = f"'{owner}' ({self.kind} {self.id})" if owner else f"{self.kind}{named} ({self.id})"
        return who


@dataclass(frozen=True)
class LiveRule:
    """One escalation rule: whom it pages and how long it waits before the next."""

    delay_minutes: int
    targets: tuple[LiveTarget, ...]


@dataclass(frozen=True)
class LivePolicy:
    """One escalation policy as the paging tool holds it, and where it was read."""

    id: str
    name: str
    rules: tuple[LiveRule, ...]
    where: str
    """Where the record was read: 'FILE, escalation_policies[2]' or 'GET /escalation_policies, policy 3'."""

    def describe(self) -> str:
        return f"'{self.name}' ({self.id})"


def _fail(where: str, what: str) -> PagingUnavailable:
    return PagingUnavailable(f"{where}: {what}; expected PagerDuty's GET /escalation_policies answer")


def policies_from_answer(answer: Any, where: str) -> list[dict[str, Any]]:
    """The ``escalation_policies`` list of one answer (a page of the API, or a saved file)."""
    if not isinstance(answer, dict) or not isinstance(answer.get("escalation_policies"), list):
        raise _fail(where, "no 'escalation_policies' list")
    return list(answer["escalation_policies"])


def read_policies(raw: Iterable[Any], where: str) -> list[LivePolicy]:
    """Typed policies from PagerDuty's JSON objects (PagingUnavailable when one is not that shape)."""
    policies = []
    for index, item in enumerate(raw):
        place = f"{where}, escalation_policies[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("name"), str):
            raise _fail(place, "a policy without a text 'id' and 'name'")
        rules = item.get("escalation_rules")
        if not isinstance(rules, list):
            raise _fail(place, "no 'escalation_rules' list")
        read_rules = []
        for number, rule in enumerate(rules):
            rule_place = f"{place}.escalation_rules[{number}]"
            delay = rule.get("escalation_delay_in_minutes") if isinstance(rule, dict) else None
            targets = rule.get("targets") if isinstance(rule, dict) else None
            if not isinstance(delay, int) or isinstance(delay, bool) or not isinstance(targets, list):
                raise _fail(rule_place, "a rule without a whole 'escalation_delay_in_minutes' and a 'targets' list")
            read_targets = []
            for target in targets:
                if not isinstance(target, dict) or not isinstance(target.get("id"), str):
                    raise _fail(rule_place, "a target without a text 'id'")
                kind = str(target.get("type", "")).removesuffix("_reference").removesuffix("_v3")
                summary = target.get("summary") if isinstance(target.get("summary"), str) else None
                read_targets.append(LiveTarget(kind, target["id"], summary))
            read_rules.append(LiveRule(delay, tuple(read_targets)))
        policies.append(LivePolicy(item["id"], item["name"], tuple(read_rules), place))
    return policies


def read_export_file(path: Path, shown: str) -> list[LivePolicy]:
    """Policies from a saved ``GET /escalation_policies`` answer."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PagingUnavailable("file not found; save a GET /escalation_policies answer there", shown) from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not UTF-8 text"
        raise PagingUnavailable(f"cannot read the file ({reason})", shown) from None
    try:
        answer = json.loads(text)
    except json.JSONDecodeError as error:
        raise PagingUnavailable(f"not JSON ({error.msg})", shown, error.lineno, error.colno) from None
    return read_policies(policies_from_answer(answer, shown), shown)
