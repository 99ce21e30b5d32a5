"""Turn parsed YAML into typed records, translating pydantic's errors into diagnostics."""

from __future__ import annotations

import datetime
import difflib
import re
from pathlib import PurePath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.diagnostics import Diagnostic, did_you_mean
from generator.source.load import DataPath, SourceFile
from generator.source.model import LABEL_NAME_PATTERN, SLUG_PATTERN, Operation
from generator.source.slugs import explain_slug
from generator.source.yamlerrors import DASH_ITEM, dash_fix

RecordT = TypeVar("RecordT", bound=BaseModel)

_KIND_NAMES: list[tuple[type, str]] = [
    (bool, "a boolean"),
    (int, "a number"),
    (float, "a number"),
    (datetime.datetime, "a date and time"),
    (datetime.date, "a date"),
    (str, "text"),
    (list, "a list"),
    (dict, "a mapping"),
    (type(None), "an empty value"),
]


def describe(value: Any) -> str:
    """What kind of YAML value this is, as an editor would say it."""
    for kind, name in _KIND_NAMES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


_MISSING = object()


def _step(current: Any, segment: str | int) -> Any:
    """The child of ``current`` named by one location segment, or _MISSING."""
    if isinstance(current, dict) and isinstance(segment, str):
        return current.get(segment, _MISSING)
    if isinstance(current, list) and isinstance(segment, int) and 0 <= segment < len(current):
        return current[segment]
    return _MISSING


def _resolve(data: Any, loc: tuple[str | int, ...]) -> tuple[DataPath, bool]:
    """The data path that a pydantic location points at, and whether it names a mapping key."""
    path: list[str | int] = []
    current = data
    is_key = False
    for segment in loc:
        if segment == "[key]":
            is_key = True
            break
        step = _step(current, segment)
        if step is not _MISSING:
            current = step
            path.append(segment)
        # Other segments name union branches or validators, not data: skip them.
    return tuple(path), is_key


def _field_names(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """Keys allowed in the mapping at ``loc`` (best effort, for did-you-mean hints)."""
    current: Any = model
    for segment in loc:
        if isinstance(segment, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or segment not in fields:
            return []
        current = _record_type(fields[segment].annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _record_type(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _record_type(arg)
        if found is not None:
            return found
    return None


def reading(value: Any, raw: str | None = None) -> str:
    """What YAML made of an unquoted scalar, named with its value: 'the number 1.1'."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int) and raw and ":" in raw:
        return f"the number {value} (YAML 1.1 reads digits separated by ':' as base 60)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime.datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if value is None:
        return "null (no value)"
    return describe(value)


def _no_value(source: SourceFile, path: DataPath) -> str:
    comment = _comment_after(source, path)
    if path and isinstance(path[-1], str):
        if comment:
            return (
                f"'{path[-1]}' has no value: YAML reads '{comment}' as a comment, because ' #' starts one; "
                "remove the '#', or put the whole value in quotes if it belongs to the text"
            )
        return f"'{path[-1]}' has no value; write the text after '{path[-1]}:'"
    if comment:
        return (
            f"this list item is empty: YAML reads '{comment}' as a comment, because ' #' starts one; "
            "remove the '#', or put the whole item in quotes if it belongs to the text"
        )
    return "this list item is empty; write the text after '- ', or remove the line"


def _comment_after(source: SourceFile, path: DataPath) -> str:
    """A comment on the same line right after the key or '- ' of an empty value (its first 40 characters)."""
    is_key = bool(path) and isinstance(path[-1], str)
    where = source.keys.get(path) if is_key else source.values.get(path)
    if where is None:
        return ""
    line = source.text[where.start :].split("\n", 1)[0]
    after = line.partition(":")[2] if is_key else line
    match = re.search(r"(?:^|\s)(#.*)$", after)
    return _short(match.group(1).rstrip()) if match else ""


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _blank_kind(value: str) -> str:
    """What a whitespace-only value holds, named so that an editor can see the invisible."""
    names = {" ": "spaces", "\t": "tabs", "\n": "line breaks"}
    found = [name for char, name in names.items() if char in value]
    if len(found) < len(set(value)):
        found.append("other blank characters")
    return " and ".join(found) if found else "blank characters"


def _date_message(value: Any, raw: str | None) -> str:
    if isinstance(value, datetime.datetime):
        return f"expected a date, found {reading(value)}; keep only the date: {value.date().isoformat()}"
    if isinstance(value, str) and raw is None:
        return f'expected a date, found the text "{value}" in quotes; write the date without quotes, as YYYY-MM-DD'
    found = f"the text '{value}'" if isinstance(value, str) else reading(value)
    return f"expected a date written as YYYY-MM-DD, found {found}; write it as {_date_like(str(value))}"


_LOOSE_DATE = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})|([0-9]{4})([0-9]{2})([0-9]{2})")


def _date_like(text: str) -> str:
    """The date that text written in another order or without padding means, when it is one; else an example."""
    match = _LOOSE_DATE.fullmatch(text.strip())
    if match:
        year, month, day = (int(part) for part in match.groups() if part is not None)
        try:
            return datetime.date(year, month, day).isoformat()
        except ValueError:
            pass
    return "YYYY-MM-DD, e.g. 2024-03-31"


def _literal_message(value: Any, raw: str | None, expected: str) -> str:
    if raw is not None and not isinstance(value, str):
        return f"expected one of {expected}, but YAML reads unquoted {raw} as {reading(value, raw)}; write one of them"
    if not isinstance(value, str):
        return f"expected one of {expected}, found {describe(value)}; write one of them"
    choices = re.findall(r"'([^']*)'", expected)
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown value '{value}'; expected one of {expected}{hint or '; write one of them'}"


def _message(error: Any, value: Any, source: SourceFile, path: DataPath, model: type[BaseModel]) -> str:
    kind = error["type"]
    loc = error["loc"]
    raw = source.place(path).raw
    if kind == "missing":
        return f"missing required key '{loc[-1]}' in the mapping that starts here; add '{loc[-1]}: …'"
    if kind == "extra_forbidden" and loc == ("id",) and model is Operation:
        stem = PurePath(source.path).stem
        if value == stem or not isinstance(value, str):
            return f"a page's id is its file name ('{stem}'); remove 'id'"
        return (
            f"a page's id is its file name, so this page is '{stem}', not '{value}'; remove 'id', "
            f"and rename the file to {value}.yaml if that is the id you want"
        )
    if kind == "extra_forbidden":
        allowed = _field_names(model, loc[:-1])
        return f"unknown key '{loc[-1]}'; {did_you_mean(str(loc[-1]), allowed, 'keys')}"
    if kind == "string_type":
        if value is None and raw == "":
            return _no_value(source, path)
        if raw is not None and not isinstance(value, str):
            return f'expected text, but YAML reads unquoted {raw} as {reading(value, raw)}; put it in quotes: "{raw}"'
        key = f"'{path[-1]}:'" if path and isinstance(path[-1], str) else "'- '"
        return f"expected text, found {describe(value)}; write the text itself after {key}, on the same line"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == LABEL_NAME_PATTERN:
        return (
            f"'{_short(str(value))}' is not a label name: Prometheus label names are letters, digits and "
            "underscores, not starting with a digit, such as 'severity'"
        )
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") != SLUG_PATTERN:
        example = _URL_EXAMPLES.get(str(path[-1]) if path else "", _URL_EXAMPLES["repo_url"])
        return (
            f"'{_short(str(value))}' is not a web address starting with https:// (without spaces); write one like "
            f"'{example}', or remove the key"
        )
    if kind in ("string_pattern_mismatch", "string_too_long"):
        return explain_slug(str(value))
    if kind in ("string_too_short",):
        if len(path) >= 2 and path[-2] in ("owner", "defaults"):
            return f"expected text, found an empty string; to show no {path[-1]}, write '{path[-1]}: []'"
        return (
            "expected text, found an empty string; write the text between the quotes, "
            "or remove the key if it is optional"
        )
    if kind == "blank_text":
        return f"expected text, found only {_blank_kind(value)}; write the text, or remove the key if it is optional"
    if kind == "too_short":
        minimum = error.get("ctx", {}).get("min_length", 1)
        items = f"{minimum} item{'s' if minimum != 1 else ''}"
        if not value:
            return f"the list is empty; write at least {items}, each on a line starting with '- '"
        named = f"'{path[-1]}' needs" if path and isinstance(path[-1], str) else "expected"
        more = minimum - len(value)
        return f"{named} at least {items}, found {len(value)}; add {more} more, each on a line starting with '- '"
    if kind == "list_type":
        if isinstance(value, str) and DASH_ITEM.match(value):
            return (
                f"expected a list, found the text '{_short(value)}': with no space after its dash, "
                f"YAML reads it as text, not as a list item; {dash_fix(value)}"
            )
        return (
            f"expected a list (lines starting with '- '), found {describe(value)}; "
            "write each item on its own line below, starting with '- '"
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if value is None and path == ("owner",):
            return (
                "'owner: null' means inherit, as leaving 'owner' out does: the page takes its category's "
                "owner, cadence and escalation; to show none of one of them, write it as an empty list "
                "under owner, e.g. 'alternate_owner: []'"
            )
        if not path and isinstance(value, str):
            return f"expected a mapping of 'key: value' lines, found the text '{value[:40]}'; is a ': ' missing?"
        if path and isinstance(path[-1], int):
            fields = _field_names(model, tuple(error["loc"]))
            example = f" (keys: {', '.join(fields)})" if fields else ""
            return (
                f"expected a mapping of keys, found {describe(value)}; "
                f"write this item as 'key: value' lines, the first after '- '{example}"
            )
        return f"expected a mapping of keys, found {describe(value)}; write its 'key: value' lines below it, indented"
    if kind == "literal_error":
        return _literal_message(value, raw, error.get("ctx", {}).get("expected", ""))
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return _date_message(value, raw)
    if kind in _NUMBER_KINDS or kind in _BOUNDS:
        return _number_message(kind, value, raw, error.get("ctx", {}))
    if kind == "too_long" and error.get("ctx", {}).get("max_length") == 0:
        return (
            f"a list here can only be empty ([] shows none), found {describe(value)} of {len(value)} item(s); "
            "write the value itself after the key, without '- '"
        )
    return f"{error['msg']} (found {describe(value)}); see the README's editor guide for what this key takes"


_URL_EXAMPLES = {"repo_url": "https://github.com/team/runbook/edit/main", "pagerduty_url": "https://acme.pagerduty.com"}

_NUMBER_KINDS = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a number",
}
_BOUNDS = {
    "greater_than": "greater than {gt}",
    "greater_than_equal": "at least {ge}",
    "less_than": "less than {lt}",
    "less_than_equal": "at most {le}",
}


def _number_message(kind: str, value: Any, raw: str | None, ctx: dict[str, Any]) -> str:
    """A number of the wrong type or out of range: what was found, and what to write instead."""
    whole = kind.startswith("int")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        wanted = "a whole number" if whole else "a number"
        return f"expected {wanted}, but YAML reads unquoted {raw or value} as {value}; write a number such as 2"
    if kind in _BOUNDS:
        bounds = {key: f"{ctx[key]:g}" if isinstance(ctx.get(key), float) else ctx.get(key) for key in ctx}
        bound = _BOUNDS[kind].format(**{key: bounds.get(key) for key in ("gt", "ge", "lt", "le")})
        return f"{value} is out of range: expected a number {bound}; write a number in that range"
    wanted = _NUMBER_KINDS[kind]
    if isinstance(value, str) and raw is None:
        return f'expected {wanted}, found the text "{value}" in quotes; write the number without quotes'
    if isinstance(value, float) and wanted == "a whole number":
        return f"expected {wanted}, found {value}; write a number without a fraction, such as {max(1, round(value))}"
    found = f"the text '{value}'" if isinstance(value, str) else describe(value)
    return f"expected {wanted}, found {found}; write digits only, such as 2"


def _misspelled_keys(model: type[BaseModel], unknown: list[tuple[str | int, ...]]) -> set[tuple[str | int, ...]]:
    """Locations of missing keys that an unknown key beside them is a misspelling of."""
    found = set()
    for loc in unknown:
        allowed = _field_names(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        if close:
            found.add((*loc[:-1], close[0]))
    return found


def to_record(source: SourceFile, model: type[RecordT]) -> tuple[RecordT | None, list[Diagnostic]]:
    """The typed record for a parsed file, or diagnostics naming each problem's place."""
    try:
        return model.model_validate(source.data), []
    except ValidationError as errors:
        resolved = []
        for error in errors.errors():
            loc = tuple(error["loc"])
            path, is_key = _resolve(source.data, loc)
            if error["type"] == "extra_forbidden":
                is_key = True
            resolved.append((path, is_key, loc, error))
        # Deepest first, so a union (text or a list of text) reports the item that is wrong,
        # not the branch that never applied.
        # At one place, a constraint on the branch that applies (an empty list) comes before
        # the type of a branch that does not (text).
        resolved.sort(key=lambda item: (-len(item[0]), item[3]["type"].endswith("_type")))
        misspelled = _misspelled_keys(
            model, [loc for _, _, loc, error in resolved if error["type"] == "extra_forbidden"]
        )
        diagnostics: dict[tuple[int, int], Diagnostic] = {}
        reported: list[DataPath] = []
        for path, is_key, loc, error in resolved:
            if error["type"] == "missing" and loc in misspelled:
                continue  # the unknown key's did-you-mean already names it: one mistake, one line
            if error["type"].endswith("_type") and any(
                len(done) > len(path) and done[: len(path)] == path for done in reported
            ):
                continue
            where = source.place(path, key=is_key)
            slot = (where.line, where.column)
            if slot in diagnostics:
                continue
            message = _message(error, error.get("input"), source, path, model)
            code = "unknown-key" if error["type"] == "extra_forbidden" else error["type"].replace("_", "-")
            diagnostics[slot] = source.diagnostic(path, code, message, key=is_key)
            reported.append(path)
        return None, sorted(diagnostics.values())
