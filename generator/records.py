"""Turn parsed YAML into typed records, translating pydantic's errors into diagnostics."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.diagnostics import Diagnostic, did_you_mean
from generator.load import DataPath, SourceFile

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


def _message(error: Any, value: Any, source: SourceFile, path: DataPath, model: type[BaseModel]) -> str:
    kind = error["type"]
    loc = error["loc"]
    raw = source.place(path).raw
    if kind == "missing":
        return f"missing required key '{loc[-1]}'; add it here"
    if kind == "extra_forbidden":
        allowed = _field_names(model, loc[:-1])
        return f"unknown key '{loc[-1]}'; {did_you_mean(str(loc[-1]), allowed, 'keys')}"
    if kind == "string_type":
        if raw is not None and not isinstance(value, str):
            return (
                f"expected text, found {describe(value)} (YAML reads unquoted {raw} as {describe(value)}); "
                f'put it in quotes: "{raw}"'
            )
        return f"expected text, found {describe(value)}"
    if kind == "string_pattern_mismatch":
        return (
            f"'{value}' is not a valid id; ids are lowercase slugs of a-z, 0-9 and single hyphens, "
            "like 'contacting-support'"
        )
    if kind in ("string_too_short",):
        return "expected text, found an empty string"
    if kind == "string_too_long":
        return f"'{str(value)[:20]}…' is too long for an id (80 characters at most)"
    if kind == "too_short":
        minimum = error.get("ctx", {}).get("min_length", 1)
        return f"expected at least {minimum} item{'s' if minimum != 1 else ''}, found {len(value)}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), found {describe(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of keys, found {describe(value)}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"unknown value '{value}'; expected one of {expected}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return f"expected a date written as YYYY-MM-DD without quotes, found {describe(value)}"
    return f"{error['msg']} (found {describe(value)})"


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
        resolved.sort(key=lambda item: -len(item[0]))
        diagnostics: dict[tuple[int, int], Diagnostic] = {}
        reported: list[DataPath] = []
        for path, is_key, _loc, error in resolved:
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
