"""Every word the tool writes comes from its message catalog, and every shipped catalog is whole.

The pseudo-locale build renders fixture runbooks with every message wrapped in ⟦ ⟧: once the
runbook's own text (its YAML values and ids) and the Markdown and HTML syntax are taken away,
any letter left over was written by the tool without going through the catalog.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from generator.i18n.catalog import (
    LOCALE_DIR,
    PRIORITY,
    PSEUDO_LANGUAGE,
    Messages,
    placeholders,
    po_path,
    shipped_languages,
)
from generator.i18n.extract import TEMPLATE, extracted, po_text, updated
from generator.pages.render import render_site
from generator.pages.triagedata import triage_data
from generator.runtime.memo import RunCache
from generator.site.language import not_found_words
from generator.site.stamp import build_time, stamp_text
from generator.source.project import Project, load_project
from generator.triage.decision import decide
from generator.triage.text import decision_text
from tests.conftest import BASE_CASE, FIXTURES

FIXTURE_RUNBOOKS = [FIXTURES / "library", FIXTURES / "payments", FIXTURES / "one-level", BASE_CASE]


def _template() -> list[object]:
    with TEMPLATE.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def test_the_template_and_every_catalog_hold_exactly_the_messages_the_tool_writes() -> None:
    """`make messages` leaves nothing to change: no string missing from the template, none left over."""
    template = extracted()
    assert po_text(template) == TEMPLATE.read_bytes(), "run `make messages` and translate what it adds"
    for language in shipped_languages():
        assert po_text(updated(language, template)) == po_path(language).read_bytes(), (
            f"{po_path(language)} is not merged with the template: run `make messages`"
        )


@pytest.mark.parametrize("language", [lang for lang in shipped_languages() if lang != "en"])
def test_a_shipped_language_translates_every_message_with_its_placeholders(language: str) -> None:
    with po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    missing, broken = [], []
    for source in _template():
        message = catalog.get(source.id, context=source.context)
        forms = [] if message is None else (message.string if isinstance(message.string, tuple) else (message.string,))
        if message is None or message.fuzzy or not forms or not all(forms):
            missing.append(source.id)
            continue
        ids = source.id if isinstance(source.id, tuple) else (source.id,)
        wanted = set().union(*(placeholders(i) for i in ids))
        # Every form keeps the message's placeholders; a singular may say "one" instead of %(count)s.
        kept = set().union(*(placeholders(form) for form in forms))
        if any(placeholders(form) - wanted for form in forms) or wanted - kept - {"count"}:
            broken.append((source.id, forms))
    assert not missing, f"{language}: {len(missing)} untranslated, first: {missing[:5]}"
    assert not broken, f"{language}: placeholders differ from the English: {broken[:5]}"


def test_english_writes_every_priority_form() -> None:
    """`words: {level: priority}` reads the English catalog's own 'priority' forms: none may be missing."""
    with po_path("en").open("rb") as handle:
        catalog = read_po(handle, locale="en")
    priority = [m for m in _template() if m.context == PRIORITY]
    assert priority
    for source in priority:
        message = catalog.get(source.id, context=PRIORITY)
        assert message is not None and all(message.string), source.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not any(re.search(r"severity|severe", form, re.IGNORECASE) for form in forms), forms


def _yaml_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _yaml_strings(v)]  # keys are the schema's, never shown
    if isinstance(value, list):
        return [s for item in value for s in _yaml_strings(item)]
    return [str(value)] if value is not None else []


def _pseudo_project(folder: Path, tmp_path: Path) -> tuple[Project, list[str]]:
    source = tmp_path / "source"
    shutil.copytree(folder, source)
    runbook = source / "runbook.yaml"
    runbook.write_text(runbook.read_text() + f"\nlanguage: {PSEUDO_LANGUAGE}\n")
    texts = [s for path in sorted(source.rglob("*.yaml")) for s in _yaml_strings(yaml.safe_load(path.read_text()))]
    texts += [path.stem for path in source.rglob("*.yaml")]
    project, _ = load_project(source, RunCache.off())
    assert project is not None
    return project, texts


_WRAPPED = re.compile(r"⟦[^⟦⟧]*⟧")
_SYNTAX = [
    re.compile(r"\A---\n.*?\n---\n", re.DOTALL),  # front matter
    re.compile(r"\]\([^)\s]*\)"),  # link targets
    re.compile(r"^\s*click op\d+ href \"[^\"]*\"", re.MULTILINE),  # diagram links
    re.compile(r"\{[#:]?[^}\n]*\}"),  # attribute lists and heading ids
    re.compile(r"<[^>\n]*>"),  # HTML tags, data attributes included
    re.compile(r"^(```+|~~~+).*$", re.MULTILINE),  # fences and their language
    re.compile(r"^\s*(flowchart TB|subgraph cat\d+|end|click op\d+ href \"[^\"]*\"|accTitle:|accDescr:)", re.MULTILINE),
    re.compile(r"\b(op|cat)\d+\b"),  # diagram node ids
    re.compile(r"https?://\S+|mailto:\S+|tel:\S+"),
    re.compile(r"material/tags"),  # Material's tags marker, a comment
    re.compile(r"^\s*!!! \w+", re.MULTILINE),  # admonition kinds
]


def _pieces(own: list[str]) -> list[str]:
    """The runbook's text as pages show it: lines joined, split at [[references]], first letter either case."""
    pieces: set[str] = set()
    for value in own:
        for piece in re.split(r"\[\[[^\]]*\]\]|\n\s*\n", value):
            joined = " ".join(piece.split())
            if joined:
                pieces |= {joined, joined[:1].upper() + joined[1:], joined.rstrip(".")}
    return sorted(pieces, key=len, reverse=True)


def leftover_words(text: str, own: list[str]) -> list[str]:
    """Words in ``text`` that are neither the runbook's own text, nor wrapped, nor syntax."""
    text = html.unescape(re.sub(r"\\(.)", r"\1", text))
    text = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)  # Mermaid's entity codes
    for pattern in _SYNTAX:
        text = pattern.sub(" ", text)
    text = " ".join(text.split(" "))
    for value in _pieces(own):
        if value in text:
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    previous = None
    while previous != text:
        previous, text = text, _WRAPPED.sub(" ", text)
    return re.findall(r"[^\W\d_]{2,}", text)


@pytest.mark.parametrize("folder", FIXTURE_RUNBOOKS, ids=lambda p: p.name)
def test_pseudo_locale_pages_have_no_word_outside_the_catalog(folder: Path, tmp_path: Path) -> None:
    project, own = _pseudo_project(folder, tmp_path)
    own += [" ".join(s.split()) for s in own]
    pages = render_site(project, RunCache.off())
    found = {name: words for name, page in pages.items() if (words := leftover_words(page.content, own))}
    assert not found, f"words that did not come from the catalog: {found}"


def test_every_message_looked_up_is_in_the_template(tmp_path: Path) -> None:
    """A message looked up at run time but written so `make messages` cannot see it (an f-string) is missing."""
    project, _ = _pseudo_project(FIXTURES / "payments", tmp_path)
    from generator.i18n import words

    seen: set[str] = set()
    original = words.runbook_messages

    def recording(runbook):  # type: ignore[no-untyped-def]
        messages = original(runbook)
        messages.looked_up = seen
        return messages

    from generator.pages import escalation, triagedata, view
    from generator.triage import text

    users = (words, text, view, triagedata, escalation)
    try:
        for module in users:
            module.runbook_messages = recording  # type: ignore[attr-defined]
        render_site(project, RunCache.off())
        decision_text(decide(project, {project.runbook.triage[0].id: "unsure"}), project.runbook)
    finally:
        for module in users:
            module.runbook_messages = original  # type: ignore[attr-defined]
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _template()}  # type: ignore[attr-defined]
    assert seen and not seen - ids, sorted(seen - ids)


@pytest.mark.parametrize("folder", FIXTURE_RUNBOOKS, ids=lambda p: p.name)
def test_pseudo_locale_triage_text_and_script_data_come_from_the_catalog(folder: Path, tmp_path: Path) -> None:
    project, own = _pseudo_project(folder, tmp_path)
    unsure = {project.runbook.triage[0].id: "unsure"}
    text = decision_text(decide(project, unsure), project.runbook)
    own += [op_id for op_id in project.operations] + [d.id for d in project.runbook.triage]
    own += [a.id for d in project.runbook.triage for a in d.answers] + [lv.id for lv in project.severities.levels]
    assert not leftover_words(re.sub(r"\(operations/[^)]*\.md\)", " ", text), own)
    data = triage_data(project)
    assert data["messages"] and all("⟦" in str(value) for value in data["messages"].values())
    assert "Whom to page" in data["messages"] and "Skip to the first question" in data["messages"]


def test_pseudo_locale_site_words_come_from_the_catalog() -> None:
    messages = Messages(PSEUDO_LANGUAGE)
    assert all(value.startswith("⟦") for value in not_found_words(messages).values())
    stamp = stamp_text(build_time({"SOURCE_DATE_EPOCH": "1795000000"}), "1a2b3c4d5e6f", messages)
    assert stamp.startswith("⟦") and stamp.endswith("⟧")


def test_catalogs_ship_as_package_data() -> None:
    text = (LOCALE_DIR.parent.parent.parent / "pyproject.toml").read_text()
    assert '"generator.i18n" = ["locale/*.pot", "locale/*/LC_MESSAGES/*.po"]' in text
