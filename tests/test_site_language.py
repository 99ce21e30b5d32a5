"""The site's language comes from runbook.yaml through the plugin, before the search plugin reads it."""

from __future__ import annotations

from pathlib import Path

import material
import yaml
from markdown.extensions.toc import slugify_unicode
from material.plugins.search.plugin import SearchPlugin

from generator.site.language import material_language, not_found_words, site_messages, with_unicode_slugs
from generator.site.plugin import RunbookPlugin
from tests.conftest import ROOT

THEME_DIRS = [str(Path(material.__file__).parent / "templates")]


def test_the_plugin_sets_the_language_before_the_search_plugin_reads_it() -> None:
    ours = getattr(RunbookPlugin.on_config, "mkdocs_priority", 0)
    search = getattr(SearchPlugin.on_config, "mkdocs_priority", 0)
    assert ours > search


def test_a_region_tag_reads_materials_language_and_an_unknown_one_english() -> None:
    assert material_language("de", THEME_DIRS) == "de"
    assert material_language("de-AT", THEME_DIRS) == "de"
    assert material_language("pt-BR", THEME_DIRS) == "pt-BR"
    assert material_language("fr-CA", THEME_DIRS) == "fr"  # no catalog of ours, Material has French
    assert material_language("tlh", THEME_DIRS) == "en"


def test_no_mkdocs_yml_names_a_language() -> None:
    """source/ alone decides: neither the bundled configuration nor the one `runbook init` writes sets one."""
    bundled = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    scaffold = (ROOT / "generator" / "scaffold" / "project" / "mkdocs.yml.j2").read_text(encoding="utf-8")
    for text in (bundled, scaffold):
        assert "language:" not in text


def test_the_404_page_and_the_site_words_follow_runbook_yaml(tmp_path: Path) -> None:
    (tmp_path / "runbook.yaml").write_text(
        yaml.safe_dump({"language": "de", "messages": {"Home": "Zur Startseite"}}), encoding="utf-8"
    )
    words = not_found_words(site_messages(tmp_path))
    assert words["title"] == "Seite nicht gefunden"
    assert words["home"] == "Zur Startseite"
    (tmp_path / "runbook.yaml").write_text("title: [broken\n", encoding="utf-8")
    assert not_found_words(site_messages(tmp_path))["title"] == "Page not found"


def test_heading_ids_keep_any_script_unless_the_site_chose_its_own() -> None:
    assert with_unicode_slugs({})["toc"]["slugify"] is slugify_unicode
    own = with_unicode_slugs({"toc": {"permalink": True, "slugify": str.lower}})["toc"]
    assert own == {"permalink": True, "slugify": str.lower}
