"""Issue 25: suffix files' names (`a.fr.md`), and the [translations] table that says what a
translation lacking a chapter gets."""
from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES
from publish import config as config_mod, suffixes
from publish.errors import ConfigError


@pytest.mark.parametrize(("name", "expected"), [
    ("a.fr.md", ("a.md", "fr")),
    ("guide/a.pt_BR.md", ("guide/a.md", "pt_BR")),
    ("a.zh-Hant.md", ("a.md", "zh-Hant")),
    ("a.md", ("a.md", None)),
    ("a.de.md", ("a.de.md", None)),            # not one of the book's languages
    ("v1.2.md", ("v1.2.md", None)),
])
def test_split_reads_the_language_a_name_gives(name, expected):
    assert suffixes.split(name, suffixes.in_codes(["fr", "pt-BR", "zh-Hant"])) == expected


def test_a_translation_is_found_in_any_spelling_of_its_code(tmp_path):
    (tmp_path / "a.md").write_text("# A\n")
    (tmp_path / "a.pt_BR.md").write_text("# A\n")
    assert suffixes.translation(tmp_path / "a.md", "pt-BR") == tmp_path / "a.pt_BR.md"
    assert suffixes.translation(tmp_path / "a.md", "fr") is None


@pytest.fixture
def suffix_project(tmp_path):
    shutil.copytree(FIXTURES / "suffix", tmp_path / "book")
    return tmp_path / "book"


def _with(project, table: str):
    toml = project / "source" / "book.toml"
    toml.write_text(toml.read_text().replace('missing = "source"', table))
    return config_mod.load(project)


def test_the_editions_read_the_folder_the_suffix_files_are_in(suffix_project):
    config = config_mod.load(suffix_project)
    assert [e.folder for e in config.editions] == [suffix_project / "source"] * 2
    assert (config.source_language, config.missing) == ("en", "source")


def test_translations_source_names_the_source_language(suffix_project):
    assert _with(suffix_project, 'source = "fr"').source_language == "fr"


@pytest.mark.parametrize(("table", "key"), [
    ('missing = "skip"', "translations.missing"),
    ('source = "de"', "translations.source"),
])
def test_a_wrong_translations_value_is_refused_naming_the_key(suffix_project, table, key):
    with pytest.raises(ConfigError) as caught:
        _with(suffix_project, table)
    assert caught.value.key == key and "expected" in caught.value.message
