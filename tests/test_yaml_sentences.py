"""Sentences built from YAML values read right whatever the value, and section anchors stay put.

A response target that is not a duration is shown as written after its label, never inside
"within …"; answer labels keep their capitals; a section's anchor comes from its own text, so
adding a section before it moves nothing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from generator.pages.render import render_site
from generator.pages.triagedata import triage_data
from generator.runtime.memo import RunCache
from generator.source.project import Project, load_project
from generator.triage.decision import decide
from generator.triage.text import decision_text
from tests.conftest import BASE_CASE, FIXTURES

NOT_A_DURATION = "no status page post; reply to the merchant within 1 business day"


def _load(source: Path) -> Project:
    project, problems = load_project(source, RunCache.off())
    assert project is not None, problems
    return project


def test_a_target_that_is_not_a_duration_is_shown_as_written_with_its_label(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(BASE_CASE, source)
    levels = yaml.safe_load((source / "severities.yaml").read_text())
    levels["levels"][-1]["response"]["first_update_within"] = NOT_A_DURATION
    (source / "severities.yaml").write_text(yaml.safe_dump(levels, sort_keys=False))
    project = _load(source)
    pages = render_site(project, RunCache.off())
    for name in ("severity-levels.md", "triage.md", "index.md"):
        text = pages[name].content
        assert f"within {NOT_A_DURATION}" not in text, name
        assert f"irst customer update: {NOT_A_DURATION}" in text, name
    # Targets with ';' of their own are set apart with '·', not '; ', so the clauses stay readable.
    assert f"first customer update: {NOT_A_DURATION} · updates: " in pages["severity-levels.md"].content
    level = levels["levels"][-1]
    targets = next(lv["targets"] for lv in triage_data(project)["levels"] if lv["id"] == level["id"])
    assert targets.endswith(f"First customer update: {NOT_A_DURATION}")
    answers = {d.id: d.answers[0].id for d in project.runbook.triage}
    text = decision_text(decide(project, answers), project.runbook)
    assert re.search(rf"First customer update:\s+{re.escape(NOT_A_DURATION)}$", text, re.MULTILINE)


def test_japanese_and_german_targets_read_in_their_language() -> None:
    netbank = render_site(_load(FIXTURES / "netbank"), RunCache.off())["severity-levels.md"].content
    assert "初回の障害告知：30分以内" in netbank
    assert "初回の障害告知：ホームページ告知は不要。" in netbank and "不要以内" not in netbank
    stadtwerke = render_site(_load(FIXTURES / "stadtwerke"), RunCache.off())["severity-levels.md"].content
    assert "erste Statusmeldung innerhalb von 30 Minuten" in stadtwerke
    assert "erste Statusmeldung: keine Statusmeldung; Rückruf" in stadtwerke


def test_answer_labels_keep_their_capitals_inside_criteria_sentences() -> None:
    project = _load(FIXTURES / "stadtwerke")
    criteria = render_site(project, RunCache.off())["severity-levels.md"].content
    assert "- Kundenwirkung: Viele oder alle Kundinnen und Kunden." in criteria
    assert "- Personenbezogene Daten: Möglich oder bestätigt." in criteria


def test_adding_a_section_moves_no_other_sections_anchor(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(FIXTURES / "netbank", source)
    page = "operations/login-shougai.md"
    before = re.findall(r"^## .* \{#([^}]+)\}$", render_site(_load(source), RunCache.off())[page].content, re.MULTILINE)
    path = source / "operations" / "login-shougai.yaml"
    operation = yaml.safe_load(path.read_text(encoding="utf-8"))
    operation["sections"].insert(0, {"title": "連絡を受けたら", "body": "まず時刻を記録します。"})
    path.write_text(yaml.safe_dump(operation, allow_unicode=True, sort_keys=False), encoding="utf-8")
    after = re.findall(r"^## .* \{#([^}]+)\}$", render_site(_load(source), RunCache.off())[page].content, re.MULTILINE)
    assert before[:2] == ["最初の切り分け", "メンテナンス表示に切り替える"]
    assert after == ["連絡を受けたら", *before]
