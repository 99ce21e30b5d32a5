"""The JSON Schemas editors use: committed, current, valid draft-07, and as strict as the checker."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from generator.source.load import parse_yaml
from generator.source.schema import DRAFT_07, directive, render_schemas, schema_for
from tests.conftest import FIXTURES, ROOT, run

SCHEMAS = ROOT / "schema"
SOURCE = ROOT / "source"


def _validator(name: str) -> Draft7Validator:
    return Draft7Validator(json.loads((SCHEMAS / name).read_text()))


def _json_data(value: Any) -> Any:
    """YAML data as an editor's language server hands it to the schema (dates are text there)."""
    if isinstance(value, dict):
        return {key: _json_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_data(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _errors(name: str, text: str) -> list[str]:
    source, problems = parse_yaml("x.yaml", text.encode())
    assert problems == []
    return sorted(error.message for error in _validator(name).iter_errors(_json_data(source.data)))


def test_committed_schemas_match_the_models() -> None:
    """Fails when generator/source/model.py changes without 'runbook schema' (or 'make schema')."""
    expected = render_schemas()
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(expected)
    for name, text in expected.items():
        assert (SCHEMAS / name).read_text() == text, f"schema/{name} is stale: run 'runbook schema'"


@pytest.mark.parametrize("name", sorted(render_schemas()))
def test_schema_is_valid_draft_07(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text())
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT_07
    text = (SCHEMAS / name).read_text()
    for newer in ('"$defs"', '"prefixItems"', '"unevaluatedProperties"', '"$dynamicRef"'):
        assert newer not in text


@pytest.mark.parametrize("name", sorted(render_schemas()))
def test_every_field_has_hover_text(name: str) -> None:
    def properties(node: Any) -> list[tuple[str, dict[str, Any]]]:
        if isinstance(node, dict):
            found = list(node.get("properties", {}).items())
            return found + [pair for value in node.values() for pair in properties(value)]
        if isinstance(node, list):
            return [pair for item in node for pair in properties(item)]
        return []

    for field, schema in properties(json.loads((SCHEMAS / name).read_text())):
        assert schema.get("description"), f"{name}: '{field}' has no description"


def test_every_source_file_names_its_schema_on_the_first_line() -> None:
    for path in sorted(SOURCE.rglob("*.yaml")):
        name = path.relative_to(SOURCE).as_posix()
        assert path.read_text().split("\n", 1)[0] == directive(name), name
        schema_file = (path.parent / directive(name).split("$schema=", 1)[1]).resolve()
        assert schema_file == (SCHEMAS / schema_for(name)).resolve()


def test_bundled_source_is_valid_against_its_schema() -> None:
    for path in sorted(SOURCE.rglob("*.yaml")):
        name = path.relative_to(SOURCE).as_posix()
        source, problems = parse_yaml(name, path.read_bytes())
        assert problems == []
        errors = list(_validator(schema_for(name)).iter_errors(_json_data(source.data)))
        assert [e.message for e in errors] == [], name


def test_schema_flags_an_unknown_key() -> None:
    errors = _errors("operation.schema.json", "titel: T\ncategory: support\nsummary: S\n")
    assert errors == [
        "'title' is a required property",
        "Additional properties are not allowed ('titel' was unexpected)",
    ]


def test_schema_flags_a_boolean_where_text_is_expected() -> None:
    assert _errors("operation.schema.json", "title: no\ncategory: support\nsummary: S\n") == [
        "False is not of type 'string'"
    ]


def test_schema_flags_an_id_that_is_not_a_slug() -> None:
    errors = _errors("operation.schema.json", "title: T\ncategory: Support Team\nsummary: S\n")
    assert errors == ["'Support Team' does not match '^[a-z0-9]+(?:-[a-z0-9]+)*$'"]


def test_schema_flags_a_responsibility_key_that_is_not_a_slug() -> None:
    text = (FIXTURES / "library" / "severities.yaml").read_text().replace("call-vendor:", "Call vendor:", 1)
    assert _errors("severities.schema.json", text) == [
        "'Call vendor' does not match any of the regexes: '^[a-z0-9]+(?:-[a-z0-9]+)*$'"
    ]


def test_schema_check_command_reports_drift(in_tmp: Path) -> None:
    result = run("schema", "--output", "schema")
    assert result.exit_code == 0
    assert result.stderr == "runbook: 5 written, 0 unchanged in schema\n"
    assert run("schema", "--output", "schema").stderr == "runbook: 0 written, 5 unchanged in schema\n"
    Path("schema/owners.schema.json").write_text("{}\n")
    result = run("schema", "--output", "schema", "--check")
    assert result.exit_code == 1
    assert result.stdout == "schema/owners.schema.json: differs from the models\n"
    assert result.stderr == "runbook: 1 schema(s) stale; run 'runbook schema' and commit them\n"


def test_repository_schemas_are_fresh_through_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run("schema", "--check")
    assert result.exit_code == 0, result.stdout
    assert result.stderr == "runbook: schema is up to date (5 schemas)\n"


def test_a_missing_schema_line_is_a_warning_once_the_project_keeps_schemas(base_source: Path) -> None:
    assert run("check").stderr == "runbook check passed: 0 errors, 0 warnings in source\n"
    Path("schema").mkdir()
    for path in base_source.rglob("*.yaml"):
        path.write_text(directive(path.relative_to(base_source).as_posix()) + "\n" + path.read_text())
    page = base_source / "operations" / "error-reports.yaml"
    page.write_text(page.read_text().replace("../../schema/operation", "../schema/operation"))
    owners = base_source / "owners.yaml"
    owners.write_text(owners.read_text().split("\n", 1)[1])
    result = run("check")
    assert result.exit_code == 0
    assert result.stderr == (
        "source/operations/error-reports.yaml:1:1: warning: the first line should be "
        "'# yaml-language-server: $schema=../../schema/operation.schema.json' so editors complete and check "
        "this file, but it points at '../schema/operation.schema.json'; make it the first line\n"
        "source/owners.yaml:1:1: warning: the first line should be "
        "'# yaml-language-server: $schema=../schema/owners.schema.json' so editors complete and check "
        "this file, but it is missing; make it the first line\n"
        "runbook check passed: 0 errors, 2 warnings in source\n"
    )
