"""pandocmeta: a pandoc metadata YAML read as the book's config (issue 24)."""
from __future__ import annotations

import datetime as dt
import logging

import pytest

from publish import config as config_mod, pandocmeta
from publish.cli import main
from publish.errors import ConfigError, SourceError


def project(tmp_path, meta: str, name: str = "metadata.yaml", chapters=("01-a.md",)):
    (tmp_path / name).write_text(meta, encoding="utf-8")
    for chapter in chapters:
        (tmp_path / chapter).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / chapter).write_text(f"# {chapter}\n\nText.\n", encoding="utf-8")
    return tmp_path


def test_the_only_metadata_file_at_the_root_is_found(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("title: Site\nauthor: x\nlang: en\n")   # another tool's
    (tmp_path / "_config.yml").write_text("title: Blog\nauthor: x\n")            # Jekyll's
    (tmp_path / "ci.yaml").write_text("jobs: {}\n")                              # no title
    assert pandocmeta.find(tmp_path) is None
    (tmp_path / "title.yaml").write_text("---\ntitle: Book\nauthor: Me\n...\n")
    assert pandocmeta.find(tmp_path) == tmp_path / "title.yaml"
    (tmp_path / "meta.yml").write_text("title: Other\nlang: fr\n")
    assert pandocmeta.find(tmp_path) is None                     # two: neither is taken


def test_authors_in_every_form(tmp_path, caplog):
    text = ("title: T\nlang: en\ndate: 2024-05-06\nauthor:\n  - Ann One\n  - name: Bo Two\n"
            "    role: editor\n  - name: Cy Three\n    role: narrator\n")
    with caplog.at_level(logging.WARNING, logger="publish"):
        raw = pandocmeta.values(pandocmeta._first_table(text, tmp_path / "m.yaml"),
                                tmp_path / "m.yaml", text)
    assert raw["authors"] == [{"name": "Ann One"}, {"name": "Bo Two", "role": "edt"},
                              {"name": "Cy Three", "role": "aut"}]
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path}/m.yaml:4: author: role 'narrator' of Cy Three is not one publish knows "
        "(aut, trl, edt, ill…); 'aut' is used"]
    one = pandocmeta.values({"title": "T", "author": "Solo Writer"}, tmp_path / "m.yaml", "")
    assert one["authors"] == [{"name": "Solo Writer"}]


@pytest.mark.parametrize("lang,code", [("en-US", "en"), ("fr", "fr"), ("zh-TW", "zh-Hant"),
                                       ("pt_BR", "pt")])
def test_lang_gives_the_edition(tmp_path, lang, code):
    assert pandocmeta.edition_code(lang, tmp_path) == code


def test_the_config_from_the_metadata_alone(tmp_path):
    project(tmp_path, "title: Tiny Guide\nsubtitle: Short\nauthor: Ann One\nlang: de-DE\n"
                      "date: 2022-03-04\nrights: CC0\ncover-image: images/cover.png\n"
                      "identifier:\n  - scheme: ISBN-13\n    text: urn:isbn:9780306406157\n"
                      "belongs-to-collection: Guides\ngroup-position: 3\nsubject: [a, b]\n",
            chapters=("README.md", "README.fr.md", "02-b.md", "01-a.md", "LICENSE.md"))
    config = config_mod.load(tmp_path)
    edition = config.edition("de")
    assert (config.slug, config.date, config.languages) == ("tiny-guide", dt.date(2022, 3, 4), ("de",))
    assert (edition.title, edition.subtitle, edition.rights) == ("Tiny Guide", "Short", "CC0")
    assert (edition.series, edition.series_position) == ("Guides", "3")
    assert (edition.cover, edition.isbn, edition.subjects) == ("images/cover.png", "9780306406157",
                                                               ("a", "b"))
    assert [a.name for a in edition.authors] == ["Ann One"]
    assert edition.folder == tmp_path and edition.chapters == ("01-a.md", "02-b.md")
    assert config.path == tmp_path / "metadata.yaml"


def test_chapters_from_a_chapters_folder_else_the_readme(tmp_path):
    project(tmp_path, "title: T\nauthor: A\n", chapters=("README.md", "chapters/b.md", "chapters/a.md"))
    assert pandocmeta.chapter_files(tmp_path) == (tmp_path, ["chapters/a.md", "chapters/b.md"])
    other = tmp_path / "other"
    other.mkdir()
    project(other, "title: T\nauthor: A\n", chapters=("README.md",))
    assert pandocmeta.chapter_files(other) == (other, ["README.md"])


def test_a_date_not_in_iso_form_gets_the_default_with_one_warning(tmp_path, caplog, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project(tmp_path, "title: T\nauthor: A\nlang: en\ndate: Spring 2021\n")
    with caplog.at_level(logging.WARNING, logger="publish"):
        config = config_mod.load(tmp_path)
    assert config.date == dt.date(2023, 11, 14)
    assert [r.getMessage() for r in caplog.records if ": date:" in r.getMessage()] == [
        f"{tmp_path}/metadata.yaml:4: date: 'Spring 2021' is not a date in ISO form (YYYY-MM-DD); "
        "'2023-11-14' is used (SOURCE_DATE_EPOCH)"]


def test_invalid_yaml_is_one_line_naming_file_and_line(tmp_path, capsys):
    (tmp_path / "metadata.yaml").write_text("title: T\nauthor: [A\nlang: en\n")
    (tmp_path / "notes.yaml").write_text("a: [\n")            # not named as metadata: not it
    assert pandocmeta.find(tmp_path) == tmp_path / "metadata.yaml"
    for book_toml in (False, True):
        if book_toml:
            (tmp_path / "book.toml").write_text('metadata = "metadata.yaml"\n')
        with pytest.raises(ConfigError, match=r"invalid YAML") as caught:
            config_mod.load(tmp_path)
        assert caught.value.path == tmp_path / "metadata.yaml" and caught.value.line == 3
        assert main(["epub", "--source", str(tmp_path)]) == 3
        err = capsys.readouterr().err
        assert err.startswith(f"error: {tmp_path}/metadata.yaml:3: invalid YAML: expected ',' or "
                              "']'") and err.count("\n") == 1


def test_book_toml_names_the_file_and_wins(tmp_path):
    (tmp_path / "source/en").mkdir(parents=True)
    (tmp_path / "source/en/01-a.md").write_text("# A\n\nText.\n")
    (tmp_path / "meta.yaml").write_text("title: From YAML\nsubtitle: Sub\nauthor: Ann\n"
                                        "lang: fr\ndate: 2020-01-01\ncover-image: cover.png\n")
    (tmp_path / "source/book.toml").write_text('metadata = "../meta.yaml"\nslug = "mine"\n'
                                               'title = "From TOML"\n')
    config = config_mod.load(tmp_path)
    edition = config.edition("en")                   # the folders decide the languages
    assert (config.slug, config.languages, config.date) == ("mine", ("en",), dt.date(2020, 1, 1))
    assert (edition.title, edition.subtitle, edition.cover) == ("From TOML", "Sub", "../cover.png")
    (tmp_path / "source/book.toml").write_text('metadata = "../../meta.yaml"\n')
    with pytest.raises(SourceError, match="outside the project"):
        config_mod.load(tmp_path)
