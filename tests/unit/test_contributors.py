"""The contributors registry (publish/contributors.py) and articles' bylines and people
(publish/render/article.py): contributors.toml and Hugo data/authors.* read the same way,
bylines as each language sets them, unknown ids and missing bios mended with one warning."""
from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest

from publish import contributors
from publish.languages import get_language
from publish.model import Article, Author
from publish.render import article
from publish.sources import RawChapter

TOML = '''
[ana]
name = "Ana Lima"
sort_name = "Lima, Ana"
orcid = "0000-0002-1825-0097"
bio.en = "Ana writes."
bio.fr = "Ana écrit."

[ksenia]
name = { en = "Ksenia Muratshina", ru = "Ксения Муратшина" }
alternate_script = { ru = "Ксения Муратшина" }
bio = "Ksenia studies Laos."
'''


def test_contributors_toml_maps_ids_to_people(tmp_path):
    (tmp_path / "contributors.toml").write_text(TOML, encoding="utf-8")
    registry = contributors.load(tmp_path)
    ana, ksenia = registry.get("ana"), registry.get("ksenia")
    assert (ana.name, ana.sort_name, ana.orcid, ana.line) == ("Ana Lima", "Lima, Ana",
                                                              "0000-0002-1825-0097", 2)
    assert ana.bio_in("fr", "en") == ("Ana écrit.", "fr")
    assert ana.bio_in("de", "en") == ("Ana writes.", "en")
    assert ksenia.name_in("ru") == "Ксения Муратшина" and ksenia.name_in("fr") == "Ksenia Muratshina"
    assert ksenia.alternate_script == (("ru", "Ксения Муратшина"),)
    assert ksenia.bio_in("fr", "en") == ("Ksenia studies Laos.", "fr")   # one bio for all
    assert registry.get("nobody") is None


@pytest.mark.parametrize("name,text", [
    ("authors.yml", "ana:\n  name: Ana Lima\n  title: Harbour Studies\n  bio: Ana writes.\n"),
    ("authors.json", json.dumps({"ana": {"name": "Ana Lima", "title": "Harbour Studies",
                                         "bio": "Ana writes."}})),
    ("authors.toml", '[ana]\nname = "Ana Lima"\ntitle = "Harbour Studies"\nbio = "Ana writes."\n'),
])
def test_a_hugo_data_authors_file_is_read_as_it_is(tmp_path, name, text):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / name).write_text(text, encoding="utf-8")
    ana = contributors.load(tmp_path).get("ana")
    assert (ana.name, ana.affiliation, ana.bio_in("en", "en")) == \
        ("Ana Lima", "Harbour Studies", ("Ana writes.", "en"))


def test_an_unreadable_registry_is_left_out_with_one_warning(tmp_path, caplog):
    (tmp_path / "contributors.toml").write_text("[ana\nname = 1", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="publish"):
        assert not contributors.load(tmp_path)
    assert len(caplog.records) == 1 and "contributors.toml" in caplog.records[0].getMessage()


def _names(lang: str, people: list[str]) -> str:
    language = get_language(lang)
    authors = tuple(Author(name=n, sort_name=n, role="aut") for n in people)
    labels = article.labels_for(language, language.labels)
    names = article.credits.names(language, people)
    art = Article(authors=authors, names=names,
                  byline=labels["byline"].replace("{names}", names))
    p = article.byline(art, labels, language)
    return " ".join("".join(p.itertext()).split())


@pytest.mark.parametrize("lang,people,expected", [
    ("en", ["A", "B"], "By A and B"),
    ("en", ["A", "B", "C"], "By A, B and C"),     # en_GB: no serial comma
    ("fr", ["A", "B"], "Par A et B"),
    ("de", ["A", "B", "C"], "Von A, B und C"),
    ("ru", ["А", "Б"], "А и Б"),
])
def test_the_byline_is_joined_as_cldr_joins_a_list_for_the_language(lang, people, expected):
    assert _names(lang, people) == expected


class _Config:
    source_language = "en"


def _raw(tmp_path: Path, meta: dict) -> RawChapter:
    path = tmp_path / "01.md"
    path.write_text("+++\nauthors = [\"ana\", \"zed\"]\n+++\n# T\n", encoding="utf-8")
    return RawChapter(path=path, slug="t", text="# T\n", first_line=4, meta=meta)


def test_an_unknown_id_is_named_with_file_and_line_and_stands_as_the_name(tmp_path, caplog):
    (tmp_path / "contributors.toml").write_text(TOML, encoding="utf-8")
    registry = contributors.load(tmp_path)
    language = get_language("fr")
    labels = article.labels_for(language, language.labels)
    raw = _raw(tmp_path, {"authors": ["ana", "zed"], "date": dt.date(2026, 1, 2)})
    with caplog.at_level(logging.WARNING, logger="publish"):
        art = article.read(raw, _Config(), language, labels, registry, lambda md: f"<p>{md}</p>")
    assert [a.name for a in art.authors] == ["Ana Lima", "zed"]
    assert art.byline == "Par Ana Lima et zed"
    assert art.authors[0].bio_html == "<p>Ana écrit.</p>"
    assert art.date_text == "2 janvier 2026"
    [record] = caplog.records
    assert record.getMessage().startswith(f"{raw.path}:2: unknown contributor id 'zed'")


def test_a_missing_bio_is_the_source_languages_marked_and_warned(tmp_path, caplog):
    (tmp_path / "contributors.toml").write_text(TOML, encoding="utf-8")
    registry = contributors.load(tmp_path)
    language = get_language("de")
    labels = article.labels_for(language, language.labels)
    raw = _raw(tmp_path, {"authors": ["ana"]})
    with caplog.at_level(logging.WARNING, logger="publish"):
        art = article.read(raw, _Config(), language, labels, registry, lambda md: f"<p>{md}</p>")
    assert art.authors[0].bio_html == '<div lang="en"><p>Ana writes.</p></div>'
    assert "no bio in 'de'; the 'en' one stands in" in caplog.records[0].getMessage()


def test_a_chapter_without_article_keys_is_no_article(tmp_path):
    language = get_language("en")
    labels = article.labels_for(language, language.labels)
    raw = RawChapter(path=tmp_path / "x.md", slug="x", text="# X", first_line=1)
    art = article.read(raw, _Config(), language, labels, contributors.Registry(), str)
    assert not art.is_article and art.byline == ""


def test_yaml_front_matter_gives_the_article_keys_too(tmp_path):
    from publish.sources.text import split_front_matter

    text = ("---\ntitle: Harbours\nauthors:\n  - ana\n  - boris\ndate: 2026-01-15\n"
            "doi: 10.5555/x\nlayout: post\n---\n# Harbours\n")
    meta, body, first = split_front_matter(text, tmp_path / "a.md")
    assert meta["authors"] == ["ana", "boris"] and meta["date"] == dt.date(2026, 1, 15)
    assert meta["doi"] == "10.5555/x" and "layout" not in meta
    assert (body, first) == ("# Harbours\n", 10)
