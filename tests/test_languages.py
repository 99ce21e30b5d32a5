"""Runbooks in German and Japanese: their own content in their own language through check, generate,
build and the link check, with none of the tool's English on a built page or in `runbook triage`.

tests/fixtures/stadtwerke is a municipal utility's customer-portal on-call runbook in German
(`language: de`), tests/fixtures/netbank a regional bank's internet-banking runbook in Japanese
(`language: ja`). "English" is judged by message id, not by word: a message whose translation is
the same text ("Tags", "Triage") says nothing; every other message's English text, cut at its
placeholders, must not appear.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from generator.i18n.catalog import PLACEHOLDER, po_path
from generator.i18n.extract import TEMPLATE
from generator.i18n.words import contact_label, runbook_messages
from generator.pages.markdown import escape_inline
from generator.runtime.memo import RunCache
from generator.source.project import load_project
from tests.conftest import FIXTURES, check_links, run
from tests.sites import build_runbook

RUNBOOKS = {"de": FIXTURES / "stadtwerke", "ja": FIXTURES / "netbank"}


def english_fragments(language: str) -> list[str]:
    """The English text of every message the language translates differently, cut at its placeholders."""
    with po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    with TEMPLATE.open("rb") as handle:
        template = [m for m in read_po(handle) if m.id]
    fragments: set[str] = set()
    for source in template:
        message = catalog.get(source.id, context=source.context)
        ids = source.id if isinstance(source.id, tuple) else (source.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in forms:
                continue
            for piece in PLACEHOLDER.sub("\0", english).split("\0"):
                piece = piece.strip(" .,:;()")
                if re.search(r"[A-Za-z]{3,}", piece):
                    fragments.add(piece)
    return sorted(fragments, key=len, reverse=True)


class _VisibleText(HTMLParser):
    """The text a reader sees (and a screen reader reads): text nodes and alt, title and aria-label."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [
            value for name, value in attrs if name in ("alt", "title", "aria-label", "placeholder") and value
        ]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_found(text: str, fragments: list[str]) -> list[str]:
    return [f for f in fragments if re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", text)]


def own_text(source: Path) -> list[str]:
    """Every text value of the runbook's YAML, which may be in any language."""

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return []

    return [s for path in source.rglob("*.yaml") for s in strings(yaml.safe_load(path.read_text(encoding="utf-8")))]


@pytest.fixture(scope="module", params=sorted(RUNBOOKS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    language = request.param
    project = tmp_path_factory.mktemp(f"runbook-{language}")
    build_runbook(project, RUNBOOKS[language])
    return language, project


@pytest.mark.parametrize("language", sorted(RUNBOOKS))
def test_the_runbook_passes_strict_check(language: str, in_tmp: Path) -> None:
    shutil.copytree(RUNBOOKS[language], in_tmp / "source")
    result = run("check", "--strict", "--today", "2026-12-01")
    assert result.stderr == "runbook check passed: 0 errors, 0 warnings in source\n"


def test_site_speaks_the_language_and_searches_in_it(built: tuple[str, Path]) -> None:
    language, project = built
    site = project / "site"
    for page in site.rglob("*.html"):
        assert f'<html lang="{language}"' in page.read_text(encoding="utf-8"), page
    config = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert config["lang"] == [language]


def test_no_english_message_of_the_tool_on_any_built_page(built: tuple[str, Path]) -> None:
    language, project = built
    fragments = english_fragments(language)
    assert len(fragments) > 150
    theirs = own_text(project / "source")
    found = {}
    for page in sorted((project / "site").rglob("*.html")):
        text = visible_text(page.read_text(encoding="utf-8"))
        for value in sorted(theirs, key=len, reverse=True):
            text = text.replace(" ".join(value.split()), " ")
        english = english_found(text, fragments)
        if english:
            found[page.relative_to(project / "site").as_posix()] = english
    assert not found


def test_every_link_and_anchor_resolves(built: tuple[str, Path]) -> None:
    _, project = built
    report = check_links(project / "site")
    assert report["exit_code"] == 0 and report["errors"] == 0, report["output"]


def test_section_anchors_come_from_the_heading_text_in_any_script(built: tuple[str, Path]) -> None:
    _, project = built
    source = project / "source" / "operations"
    for path in sorted(source.glob("*.yaml")):
        operation = yaml.safe_load(path.read_text(encoding="utf-8"))
        page = (project / "docs" / "operations" / f"{path.stem}.md").read_text(encoding="utf-8")
        for section in operation.get("sections", []):
            anchor = section.get("anchor") or section["title"].lower().replace(" ", "-")
            assert f"## {section['title']} {{#{anchor}}}" in page
    # Python-Markdown would number headings it cannot spell in ASCII: none is left to it.
    assert not re.search(r'id="_\d+"', (project / "site" / "operations" / "index.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", sorted(RUNBOOKS))
def test_triage_text_is_in_the_language(language: str, in_tmp: Path) -> None:
    shutil.copytree(RUNBOOKS[language], in_tmp / "source")
    runbook = yaml.safe_load((in_tmp / "source" / "runbook.yaml").read_text(encoding="utf-8"))
    first, second = runbook["triage"][0], runbook["triage"][1]
    result = run("triage", f"{first['id']}=unsure", f"{second['id']}={second['answers'][0]['id']}")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for value in sorted(own_text(in_tmp / "source"), key=len, reverse=True):
        text = text.replace(value, " ")
    text = re.sub(r"\(operations/[a-z0-9-]+\.md\)|[a-z0-9-]+=[a-z0-9|-]+", " ", text)
    assert not english_found(text, english_fragments(language))
    not_sure = {"de": "Unklar", "ja": "わからない"}[language]
    assert not_sure in result.stdout


@pytest.mark.parametrize("language", sorted(RUNBOOKS))
def test_contacts_are_written_with_the_languages_punctuation(language: str, in_tmp: Path) -> None:
    """'電話：+81 …（夜間・休日も対応。）' in Japanese, 'Telefon: … (…)' in German.

    The catalog's marks, on pages and in the terminal.
    """
    from babel.messages.pofile import read_po as read

    with po_path(language).open("rb") as handle:
        catalog = read(handle, locale=language)
    labelled, noted = (catalog.get(m).string for m in ("%(label)s: %(value)s", "%(contact)s (%(note)s)"))
    shutil.copytree(RUNBOOKS[language], in_tmp / "source")
    assert run("generate").exit_code == 0
    owners_page = (in_tmp / "docs" / "owners.md").read_text(encoding="utf-8")
    owners = yaml.safe_load((in_tmp / "source" / "owners.yaml").read_text(encoding="utf-8"))["owners"]
    with_note = [c for o in owners for c in o["contact"] if c.get("note")]
    assert with_note
    for contact in with_note:
        note = noted.split("%(contact)s")[1].replace("%(note)s", contact["note"])
        assert note in owners_page, note
    between = labelled.split("%(label)s")[1].split("%(value)s")[0]
    project, problems = load_project(in_tmp / "source", RunCache.off())
    assert project is not None, problems
    messages = runbook_messages(project.runbook)
    for owner in project.owners.owners:
        for contact in owner.contact:
            assert f"- {escape_inline(contact_label(contact, messages))}{between}" in owners_page

    runbook = yaml.safe_load((in_tmp / "source" / "runbook.yaml").read_text(encoding="utf-8"))
    answers = [f"{d['id']}={d['answers'][0]['id']}" for d in runbook["triage"]]
    text = run("triage", *answers).stdout
    assert re.search(r"^  \S+?" + re.escape(between), text, flags=re.MULTILINE), text
