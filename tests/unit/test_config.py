"""publish/config.py: book.toml validated into a frozen, typed Config with an Edition per language."""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path

import pytest

from publish import config
from publish.config import AuthorEntry, Config, Edition, Overrides, PrintOptions
from publish.errors import ConfigError
from publish.languages import available, get_language
from publish.writers.pdf.variants import variants

BASE = {"slug": '"tiny"', "date": "2024-01-02", "title": '"Tiny"'}
AUTHORS = '\n[[authors]]\nname = "A. Author"\n'
KNOWN_KEYS = ("slug, languages, title, subtitle, description, authors, translators, original, "
              "publisher, date, calendar, "
              "subjects, rights, isbn, identifier, series, cover, chapters, toc_depth, labels, print, send, "
              "metadata, issue, contributors, offprints, onix, translations")


def write_project(root: Path, top: str = "", tail: str = "", *, langs=("en",),
                  replace: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> Path:
    """source/book.toml: slug (line 1), date (2), title (3), `top` (4…), [[authors]], `tail`.

    Without `top`, [[authors]] is line 5, its name line 6, and `tail` starts on line 7.
    """
    source = root / "source"
    source.mkdir(exist_ok=True)
    keys = {**BASE, **(replace or {})}
    text = "".join(f"{k} = {v}\n" for k, v in keys.items() if k not in drop) + top + AUTHORS + tail
    (source / "book.toml").write_text(text, encoding="utf-8")
    for code in langs:
        (source / code).mkdir(exist_ok=True)
        (source / code / "01-one.md").write_text("# One\n\nHello.\n", encoding="utf-8")
    return source / "book.toml"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A fresh project folder, also the working directory (errors show source/book.toml)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def logged(caplog, monkeypatch):
    """The warning messages logged on "publish" (the CLI may have stopped it propagating)."""
    monkeypatch.setattr(logging.getLogger("publish"), "propagate", True)
    caplog.set_level(logging.WARNING, logger="publish")
    return lambda: [r.getMessage() for r in caplog.records
                    if r.name == "publish" and r.levelno == logging.WARNING]


def load_error(root: Path, **kwargs) -> str:
    with pytest.raises(ConfigError) as info:
        config.load(root, **kwargs)
    return str(info.value)


# --- the typed Config ------------------------------------------------------------------------

def test_load_minimal(project):
    path = write_project(project)
    c = config.load(project)
    assert (c.path, c.root, c.source_dir, c.slug, c.date, c.languages) == \
        (path.resolve(), project.resolve(), path.parent.resolve(), "tiny", dt.date(2024, 1, 2),
         ("en",))


def test_load_defaults(project):
    write_project(project)
    c = config.load(project)
    assert (c.toc_depth, c.print, dict(c.send), c.fetch_remote) == (2, PrintOptions(), {}, False)


def test_load_minimal_edition(project):
    write_project(project)
    edition = config.load(project).edition("en")
    assert edition == Edition(language=get_language("en", project), title="Tiny",
                              authors=(AuthorEntry("A. Author", "", "aut", ""),),
                              labels=dict(get_language("en", project).labels),
                              folder=project.resolve() / "source" / "en")


def test_load_keeps_the_text(project):
    path = write_project(project)
    assert config.load(project).text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("where", [".", "source", "source/book.toml"])
def test_load_finds_the_config(project, where):
    path = write_project(project)
    assert config.load(project / where).path == path.resolve()


def test_load_without_config(project):
    missing = project.resolve() / "nowhere"
    assert load_error(missing) == (f"nowhere: no book.toml found (looked in {missing} and "
                                   f"{missing / 'source'})")


def test_date_time_is_kept(project):
    write_project(project, replace={"date": "2024-01-02T10:30:00"})
    assert config.load(project).date == dt.datetime(2024, 1, 2, 10, 30)


@pytest.mark.parametrize(("attribute", "value"), [
    ("config", "slug"), ("edition", "title"), ("print", "trim"), ("author", "name"),
])
def test_config_is_frozen(project, attribute, value):
    write_project(project)
    c = config.load(project)
    target = {"config": c, "edition": c.editions[0], "print": c.print,
              "author": c.editions[0].authors[0]}[attribute]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(target, value, "changed")


def test_config_types(project):
    write_project(project)
    c = config.load(project)
    assert (type(c), [type(e) for e in c.editions], type(c.print)) == \
        (Config, [Edition], PrintOptions)


# --- per-language values ---------------------------------------------------------------------

@pytest.mark.parametrize(("code", "title"), [("en", "Tiny"), ("fr", "Minuscule"), ("ru", "Крошка")])
def test_localized_table_per_language(project, code, title):
    write_project(project, replace={"title": '{en = "Tiny", fr = "Minuscule", ru = "Крошка"}'},
                  langs=("en", "fr", "ru"))
    assert config.load(project).edition(code).title == title


@pytest.mark.parametrize(("code", "title"), [("en", "Tiny"), ("fr", "Défaut"), ("ru", "Défaut")])
def test_localized_table_default(project, code, title):
    write_project(project, replace={"title": '{en = "Tiny", default = "Défaut"}'},
                  langs=("en", "fr", "ru"))
    assert config.load(project).edition(code).title == title


@pytest.mark.parametrize("code", ["en", "fr"])
def test_plain_value_for_every_language(project, code):
    write_project(project, 'publisher = "Press"\n', langs=("en", "fr"))
    assert config.load(project).edition(code).publisher == "Press"


@pytest.mark.parametrize(("key", "value", "attribute", "fr", "en"), [
    ("subtitle", '{fr = "Sous"}', "subtitle", "Sous", ""),
    ("description", '{fr = "D"}', "description", "D", ""),
    ("publisher", '{fr = "P"}', "publisher", "P", ""),
    ("rights", '{fr = "R"}', "rights", "R", ""),
    ("identifier", '{fr = "urn:x"}', "identifier", "urn:x", ""),
    ("cover", '{fr = "cover-fr.png"}', "cover", "cover-fr.png", ""),
    ("isbn", '{fr = "978-3-16-148410-0"}', "isbn", "978-3-16-148410-0", ""),
    ("subjects", '{fr = ["voyage"]}', "subjects", ("voyage",), ()),
])
def test_optional_key_for_one_language(project, key, value, attribute, fr, en):
    write_project(project, f"{key} = {value}\n", langs=("en", "fr"))
    c = config.load(project)
    assert (getattr(c.edition("fr"), attribute), getattr(c.edition("en"), attribute)) == (fr, en)


def test_required_key_missing_for_a_language(project):
    write_project(project, replace={"title": '{fr = "Minuscule"}'}, langs=("en", "fr"))
    assert load_error(project) == "source/book.toml:3: title: no value for language 'en'"


def test_required_key_empty(project):
    write_project(project, replace={"title": '"  "'})
    assert load_error(project) == "source/book.toml:3: title: 'title' is empty for language 'en'"


def test_edition_language(project):
    write_project(project, langs=("en", "fr"))
    edition = config.load(project).edition("fr")
    assert (edition.code, edition.language) == ("fr", get_language("fr", project))


def test_languages_key_sets_the_order(project):
    write_project(project, 'languages = ["ru", "en"]\n', langs=("en", "fr", "ru"))
    c = config.load(project)
    assert (c.languages, [e.code for e in c.editions]) == (("ru", "en"), ["ru", "en"])


@pytest.mark.parametrize(("code", "contents"), [("fr", "Sommaire"), ("en", "Contents")])
def test_labels_override(project, code, contents):
    write_project(project, tail='\n[labels.fr]\ncontents = "Sommaire"\n', langs=("en", "fr"))
    assert config.load(project).edition(code).labels["contents"] == contents


def test_labels_override_keeps_the_other_labels(project):
    write_project(project, tail='\n[labels.fr]\ncontents = "Sommaire"\n', langs=("fr",))
    labels = config.load(project).edition("fr").labels
    assert dict(labels) == {**get_language("fr", project).labels, "contents": "Sommaire"}


def test_labels_override_does_not_change_the_language(project):
    write_project(project, tail='\n[labels.fr]\ncontents = "Sommaire"\n', langs=("fr",))
    edition = config.load(project).edition("fr")
    assert edition.language.labels["contents"] == "Table des matières"


def test_authors_resolved_per_language(project):
    tail = 'sort = "Author, A."\nrole = "trl"\nbio = {en = "Born.", fr = "Né."}\n'
    write_project(project, tail=tail, langs=("en", "fr"))
    c = config.load(project)
    assert [c.edition(code).authors for code in ("en", "fr")] == [
        (AuthorEntry("A. Author", "Author, A.", "trl", "Born."),),
        (AuthorEntry("A. Author", "Author, A.", "trl", "Né."),)]


@pytest.mark.parametrize(("code", "series", "position"), [("en", "Travels", "2"),
                                                          ("fr", "Voyages", "2")])
def test_series(project, code, series, position):
    write_project(project, 'series = {name = {en = "Travels", fr = "Voyages"}, position = 2}\n',
                  langs=("en", "fr"))
    edition = config.load(project).edition(code)
    assert (edition.series, edition.series_position) == (series, position)


# --- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "message"), [
    ("slug", "missing required key 'slug' (file-name stem of the outputs, e.g. 'russia-and-laos')"),
    ("title", "missing required key 'title' (book title)"),
    ("date", "missing required key 'date' (publication date (YYYY-MM-DD))"),
])
def test_missing_required_key(project, key, message):
    write_project(project, drop=(key,))
    assert load_error(project) == f"source/book.toml: {key}: {message}"


def test_missing_authors(project):
    (project / "source").mkdir()
    (project / "source" / "book.toml").write_text('slug = "tiny"\ndate = 2024-01-02\n'
                                                  'title = "Tiny"\n', encoding="utf-8")
    assert load_error(project) == ("source/book.toml: authors: missing required key 'authors' "
                                   "([[authors]] tables: name, sort, role, bio)")


@pytest.mark.parametrize(("top", "key", "message"), [
    ('toc_depth = "2"\n', "toc_depth", "expected a whole number, got a string '2'"),
    ("toc_depth = true\n", "toc_depth", "expected a whole number, got true or false True"),
    ('subjects = "travel"\n', "subjects", "expected a list, got a string 'travel'"),
    ('languages = "en"\n', "languages", "expected a list, got a string 'en'"),
    ("subtitle = 5\n", "subtitle", "expected a string, got a whole number 5"),
    ("subtitle = {en = 5}\n", "subtitle", "expected a string, got a whole number 5"),
    ("rights = 1.5\n", "rights", "expected a string, got a number 1.5"),
    ("print = 3\n", "print", "expected a table, got a whole number 3"),
])
def test_wrong_type(project, top, key, message):
    write_project(project, top)
    assert load_error(project) == f"source/book.toml:4: {key}: {message}"


def test_wrong_type_of_date(project):
    write_project(project, replace={"date": '"2024-01-02"'})
    assert load_error(project) == ("source/book.toml:2: date: expected a date (YYYY-MM-DD), "
                                   "got a string '2024-01-02'")


@pytest.mark.parametrize("slug", ["Tiny", "tiny book", "-tiny", "tiny_book", "tiny.", "", "été"])
def test_bad_slug(project, slug):
    write_project(project, replace={"slug": f'"{slug}"'})
    assert load_error(project) == (f"source/book.toml:1: slug: expected lower-case letters, "
                                   f"digits and hyphens, got '{slug}'")


@pytest.mark.parametrize("slug", ["tiny", "a1-b2", "2024", "tiny-"])
def test_good_slug(project, slug):
    write_project(project, replace={"slug": f'"{slug}"'})
    assert config.load(project).slug == slug


@pytest.mark.parametrize("isbn", ["978-3-16-148410-0", "9783161484100", "978 3 16 148410 0",
                                  "979-10-90636-07-1"])
def test_good_isbn_kept_as_written(project, isbn):
    write_project(project, f'isbn = "{isbn}"\n')
    assert config.load(project).edition("en").isbn == isbn


@pytest.mark.parametrize(("isbn", "message"), [
    ("978-3-16-148410-1", "ISBN '978-3-16-148410-1' has a wrong check digit"),
    ("9783161484109", "ISBN '9783161484109' has a wrong check digit"),
    ("3-16-148410-0", "expected a 13-digit ISBN starting 978 or 979, got '3-16-148410-0'"),
    ("977-3-16-148410-0", "expected a 13-digit ISBN starting 978 or 979, got '977-3-16-148410-0'"),
    ("978-3-16-148410-X", "expected a 13-digit ISBN starting 978 or 979, got '978-3-16-148410-X'"),
])
def test_bad_isbn(project, isbn, message):
    write_project(project, f'isbn = "{isbn}"\n')
    assert load_error(project) == f"source/book.toml:4: isbn: {message}"


def test_bad_isbn_for_one_language(project):
    write_project(project, 'isbn = {en = "978-3-16-148410-0", fr = "978-3-16-148410-9"}\n',
                  langs=("en", "fr"))
    assert load_error(project) == \
        "source/book.toml:4: isbn.fr: ISBN '978-3-16-148410-9' has a wrong check digit"


# ISBNs per edition and per format (issue 25): every form checked, a wrong one naming its key.
GOOD = ("978-0-00-000002-6", "978-0-00-000003-3", "978-0-00-000004-0")
WRONG = "978-0-00-000002-7"


@pytest.mark.parametrize(("top", "tail", "message"), [
    (f'isbn = "{WRONG}"\n', "", f"source/book.toml:4: isbn: ISBN '{WRONG}' has a wrong check digit"),
    (f'isbn = {{ epub = "{GOOD[0]}", print = "{WRONG}" }}\n', "",
     f"source/book.toml:4: isbn.print: ISBN '{WRONG}' has a wrong check digit"),
    (f'isbn.fr = "{WRONG}"\n', "", f"source/book.toml:4: isbn.fr: ISBN '{WRONG}' has a wrong check digit"),
    ("", f'\n[isbn.fr]\nepub = "{GOOD[0]}"\npdf = "{WRONG}"\n',
     f"source/book.toml:10: isbn.fr.pdf: ISBN '{WRONG}' has a wrong check digit"),
    ("", f'\n[isbn]\nen = "{GOOD[0]}"\n\n[isbn.fr]\nprint = "{WRONG}"\n',
     f"source/book.toml:12: isbn.fr.print: ISBN '{WRONG}' has a wrong check digit"),
    ('original = { language = "en", isbn = "978-0-00-000001-8" }\n', "",
     "source/book.toml:4: original.isbn: ISBN '978-0-00-000001-8' has a wrong check digit"),
    ("", '\n[isbn.fr]\nebook = "978-0-00-000002-6"\n',
     "source/book.toml:9: isbn.fr.ebook: unknown format 'ebook' (known: epub, pdf, print)"),
    (f'isbn = {{ epub = "{GOOD[0]}", fr = "{GOOD[1]}" }}\n', "",
     "source/book.toml:4: isbn: expected a table of formats (epub, pdf, print) or of languages, "
     "not both (got epub, fr)"),
])
def test_a_wrong_isbn_in_any_form_is_refused_naming_its_key(project, top, tail, message):
    write_project(project, top, tail, langs=("en", "fr"))
    assert load_error(project) == message


def test_each_edition_and_format_has_its_own_isbn(project):
    write_project(project, "", f'\n[isbn]\nen = "{GOOD[2]}"\n\n[isbn.fr]\nepub = "{GOOD[0]}"\n'
                               f'print = "{GOOD[1]}"\n', langs=("en", "fr"))
    c = config.load(project)
    en, fr = c.edition("en"), c.edition("fr")
    assert (en.isbn, dict(en.isbns)) == (GOOD[2], dict.fromkeys(("epub", "pdf", "print"), GOOD[2]))
    assert (fr.isbn, dict(fr.isbns)) == ("", {"epub": GOOD[0], "print": GOOD[1]})
    # fr is a translation of en (the first language): the original's ISBNs are its source
    assert (fr.original, dict(fr.original_isbns), en.original) == ("en", dict(en.isbns), "")


def test_one_isbn_for_two_editions_is_one_warning(project, logged):
    write_project(project, f'isbn = "{GOOD[0]}"\n', langs=("en", "fr", "ru"))
    assert config.load(project).edition("fr").isbn == GOOD[0]
    assert logged() == [f"source/book.toml:4: isbn: the editions 'en' and 'fr' share the ISBN "
                        f"{GOOD[0].replace('-', '')}: each edition, and each format, needs its own"]


def test_translators_per_edition_as_names_or_tables(project):
    write_project(project, "original = \"ru\"\n",
                  '\n[translators]\nfr = ["Anne Dupont"]\n'
                  'en = [{ name = "Ivan Petrov", sort = "Petrov, Ivan", '
                  'alternate_script = { ru = "Иван Петров" } }]\n', langs=("en", "fr"))
    c = config.load(project)
    assert c.edition("fr").translators == (AuthorEntry("Anne Dupont", "", "trl", ""),)
    assert c.edition("en").translators == (
        AuthorEntry("Ivan Petrov", "Petrov, Ivan", "trl", "", (("ru", "Иван Петров"),)),)
    assert (c.edition("en").original, c.edition("fr").original) == ("ru", "ru")


def test_an_original_this_book_does_not_build_gives_its_isbn(project):
    write_project(project, f'original = {{ language = "ru", isbn = "{GOOD[2]}" }}\n')
    en = config.load(project).edition("en")
    assert (en.original, dict(en.original_isbns)) == ("ru", dict.fromkeys(("epub", "pdf", "print"),
                                                                          GOOD[2]))


def test_the_original_is_said_once(project):
    write_project(project, 'original = "fr"\n', '\n[translations]\nsource = "en"\n',
                  langs=("en", "fr"))
    assert load_error(project) == ("source/book.toml:4: original: 'fr' is not [translations] "
                                   "source 'en': give the original's language once")


def test_an_unknown_key_of_a_translator_warns_once(project, logged):
    write_project(project, "", '\n[[translators]]\nname = "A"\nnick = "B"\n', langs=("en", "fr"))
    assert config.load(project).edition("fr").translators[0].name == "A"
    assert logged() == ["source/book.toml:10: translators[0].nick: unknown key 'nick' in "
                        "translators[0] (known: name, sort, bio, alternate_script)"]


@pytest.mark.parametrize(("tail", "message"), [
    ('\n[translators]\nfr = [3]\n',
     "source/book.toml:9: translators.fr[0]: expected a name, or a table with a name, got 3"),
    ('\n[translators]\nfr = [{ name = "A", alternate_script = "B" }]\n',
     "source/book.toml:9: translators.fr[0].alternate_script: expected a table of names by language tag ({ ja = \"村上 春樹\" }), got 'B'"),
])
def test_a_translator_that_cannot_be_read_is_refused(project, tail, message):
    write_project(project, "", tail, langs=("en", "fr"))
    assert load_error(project) == message


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_toc_depth(project, depth):
    write_project(project, f"toc_depth = {depth}\n")
    assert config.load(project).toc_depth == depth


@pytest.mark.parametrize("depth", [0, 4, -1, 10])
def test_toc_depth_out_of_range(project, depth):
    write_project(project, f"toc_depth = {depth}\n")
    assert load_error(project) == f"source/book.toml:4: toc_depth: expected 1, 2 or 3, got {depth}"


def _unknown_language(code: str, project: Path) -> str:
    return (f"unknown language '{code}': no data file, and CLDR does not know it "
            f"(add languages/{code}.toml to the project; shipped: {', '.join(available(project))})")


@pytest.mark.parametrize(("top", "tail", "key", "line"), [
    ('languages = ["en", "xx"]\n', "", "languages", 4),
    ('subtitle = {en = "S", xx = "T"}\n', "", "subtitle", 4),
    ("", '\n[labels.xx]\ncontents = "C"\n', "labels.xx", 8),               # the [labels.xx] header
])
def test_unknown_language_code(project, top, tail, key, line):
    write_project(project, top, tail)
    where = f"source/book.toml:{line}" if line else "source/book.toml"
    assert load_error(project) == f"{where}: {key}: {_unknown_language('xx', project)}"


def test_no_language_to_build(project):
    write_project(project, langs=())
    assert load_error(project) == ("source/book.toml: languages: no language to build: add "
                                   "'languages' or a source/<lang>/ folder")


@pytest.mark.parametrize(("tail", "key", "message"), [
    ('role = "author"\n', "role",
     "authors[0].role: expected one of aut, trl, edt, ill, aui, aft, pbl, ctb, got 'author'"),
])
def test_bad_author(project, tail, key, message):
    write_project(project, tail=tail)
    assert load_error(project) == f"source/book.toml:7: {key}: {message}"


@pytest.mark.parametrize(("top", "key", "message"), [
    ("authors = []\n", "authors", "at least one author is needed"),
    ('authors = ["A. Author"]\n', "authors",
     "authors[0]: expected a table with name, sort, role, bio"),
    ('authors = [{sort = "Author, A."}]\n', "authors", "authors[0]: missing required key 'name'"),
])
def test_bad_authors_list(project, top, key, message):
    source = project / "source"
    (source / "en").mkdir(parents=True)
    (source / "book.toml").write_text(
        'slug = "tiny"\ndate = 2024-01-02\ntitle = "Tiny"\n' + top, encoding="utf-8")
    assert load_error(project) == f"source/book.toml:4: {key}: {message}"


def test_series_without_name(project):
    write_project(project, "series = {position = 1}\n")
    assert load_error(project) == "source/book.toml:4: series: series needs a 'name'"


# --- [print] and overrides -----------------------------------------------------------------------

@pytest.mark.parametrize(("trim", "expected"), [
    ("a5", ("a5", "148mm", "210mm")),
    ("A4", ("a4", "210mm", "297mm")),
    ("letter", ("letter", "8.5in", "11in")),
    ("6x9", ("6x9", "6in", "9in")),
    ("130mmx200mm", ("130mmx200mm", "130mm", "200mm")),
    ("5.5in × 8.5in", ("5.5in × 8.5in", "5.5in", "8.5in")),
])
def test_trim(project, trim, expected):
    write_project(project, tail=f'\n[print]\ntrim = "{trim}"\n')
    p = config.load(project).print
    assert (p.trim, p.width, p.height) == expected


@pytest.mark.parametrize(("line", "key", "message"), [
    ('trim = "huge"', "trim", "expected one of a5, a4, letter, 6x9, 5.5x8.5, 5x8 or WIDTHxHEIGHT "
                              "with units (e.g. 130mmx200mm), got 'huge'"),
    ('trim = "130x200"', "trim", "expected one of a5, a4, letter, 6x9, 5.5x8.5, 5x8 or WIDTHxHEIGHT "
                                 "with units (e.g. 130mmx200mm), got '130x200'"),
    ('press = "yes"', "press", "expected true, false or a printer's name (ingram, kdp), got 'yes'"),
    ('font_size = "11px"', "font_size", "expected a size in pt such as 10.5pt, got '11px'"),
])
def test_bad_print_option(project, line, key, message):
    write_project(project, tail=f"\n[print]\n{line}\n")
    assert load_error(project) == f"source/book.toml:9: {key}: {message}"


def test_print_options_from_file(project):
    write_project(project, tail='\n[print]\nvariant = "PDF/X-5G"\npress = true\nfont_size = "11pt"\n')
    assert config.load(project).print == PrintOptions(variant="pdf/x-5g", press=True,
                                                      font_size="11pt")


@pytest.mark.parametrize("name", ["pdf/a-4e", "pdf/a-4f", "pdf/x-5g", "pdf/ua-1", "none"])
def test_variants_include(name):
    assert name in variants()


def test_variants_leave_out_debug():
    assert "debug" not in variants()


def test_variants_end_with_none():
    assert variants()[-1] == "none"


@pytest.mark.parametrize("variant", ["pdf/a-4e", "pdf/a-4f", "pdf/x-5g", "none"])
def test_file_variant_from_weasyprint_list(project, variant):
    write_project(project, tail=f'\n[print]\nvariant = "{variant}"\n')
    assert config.load(project).print.variant == variant


def test_bad_file_variant(project):
    write_project(project, tail='\n[print]\nvariant = "pdf/a-9"\n')
    assert load_error(project) == (f"source/book.toml:9: variant: expected one of "
                                   f"{', '.join(variants())}, got 'pdf/a-9'")


def test_bad_override_variant_names_the_option(project):
    write_project(project)
    with pytest.raises(ConfigError) as info:
        config.load(project, overrides=Overrides(variant="pdf/a-9"))
    assert (str(info.value), info.value.path) == \
        (f"--variant: expected one of {', '.join(variants())}, got 'pdf/a-9'", None)


def test_overrides_win_over_the_file(project):
    write_project(project, tail='\n[print]\nvariant = "pdf/x-5g"\npress = false\n')
    p = config.load(project, overrides=Overrides(variant="PDF/A-4E", press=True)).print
    assert (p.variant, p.press) == ("pdf/a-4e", True)


def test_override_fetch_remote(project):
    write_project(project)
    assert config.load(project, overrides=Overrides(fetch_remote=True)).fetch_remote is True


def test_overrides_validated_with_the_file_in_one_pass(project, logged):
    write_project(project, "bogus = 1\n", langs=("en", "fr"))
    config.load(project, overrides=Overrides(variant="pdf/a-4e", press=True))
    assert logged() == [f"source/book.toml:4: bogus: unknown key 'bogus' (known: {KNOWN_KEYS})"]


def test_bad_override_after_the_file_warnings(project, logged):
    write_project(project, "bogus = 1\n")
    with pytest.raises(ConfigError):
        config.load(project, overrides=Overrides(variant="pdf/zz"))
    assert len(logged()) == 1


# --- unknown keys ------------------------------------------------------------------------------

@pytest.mark.parametrize(("top", "tail", "expected"), [
    ("bogus = 1\n", "",
     [f"source/book.toml:4: bogus: unknown key 'bogus' (known: {KNOWN_KEYS})"]),
    ("", '\n[print]\npapr = "x"\n',
     ["source/book.toml:9: print.papr: unknown key 'papr' in print "
      "(known: caliper, font_size, paper, press, price, trim, variant)"]),
    ("", 'nick = "AA"\n',
     ["source/book.toml:7: authors[0].nick: unknown key 'nick' in authors[0] "
      "(known: alternate_script, bio, name, role, sort)"]),
    ("", '\n[labels.en]\ncontnts = "C"\n', ["source/book.toml:8: labels.en: unknown label 'contnts'"]),
    ("bogus = 1\nother = 2\n", "", [
        f"source/book.toml:4: bogus: unknown key 'bogus' (known: {KNOWN_KEYS})",
        f"source/book.toml:5: other: unknown key 'other' (known: {KNOWN_KEYS})"]),
])
def test_unknown_keys_warn_once_each(project, logged, top, tail, expected):
    write_project(project, top, tail)
    config.load(project)
    assert logged() == expected


def test_unknown_top_level_key_warns_once_with_many_languages(project, logged):
    write_project(project, "bogus = 1\n", langs=("en", "fr", "ru"))
    config.load(project)
    assert len(logged()) == 1


def test_unknown_key_still_loads(project, logged):
    write_project(project, "bogus = 1\n")
    assert config.load(project).slug == "tiny"


def test_no_warning_for_a_clean_file(project, logged):
    write_project(project)
    config.load(project)
    assert logged() == []


@pytest.mark.parametrize(("top", "tail", "expected"), [
    ("bogus = 1\n", "", f"source/book.toml:4: bogus: unknown key 'bogus' (known: {KNOWN_KEYS})"),
    ("", '\n[print]\npapr = "x"\n', "source/book.toml:9: print.papr: unknown key 'papr' in "
                                     "print (known: caliper, font_size, paper, press, price, "
                                     "trim, variant)"),
    ("", '\n[send]\nhots = "x"\n', "source/book.toml:9: send.hots: unknown key 'hots' in send "
                                   "(known: host, port, user, from, to, starttls)"),
])
def test_unknown_key_is_an_error_when_strict(project, logged, top, tail, expected):
    write_project(project, top, tail)
    assert (load_error(project, strict=True), logged()) == (expected, [])


# --- [send] --------------------------------------------------------------------------------------

def test_send_table(project):
    write_project(project, tail='\n[send]\nhost = " smtp.example.org "\nport = 25\n')
    assert dict(config.load(project).send) == {"host": "smtp.example.org", "port": 25}


def test_send_password_refused(project):
    write_project(project, tail='\n[send]\npassword = "secret"\n')
    assert load_error(project) == ("source/book.toml:9: send.password: never put the password in "
                                   "book.toml; set PUBLISH_SMTP_PASSWORD")


# --- the default language list ------------------------------------------------------------------

def test_default_languages_are_known_folders(project):
    write_project(project, langs=("ru", "en", "fr"))
    for other in ("images", "notes", "xx", "qq"):
        (project / "source" / other).mkdir()
    assert config.load(project).languages == ("en", "fr", "ru")


def test_default_languages_include_a_project_region_tag(project):
    (project / "languages").mkdir()
    (project / "languages" / "pt-BR.toml").write_text(
        (Path(config.__file__).parent / "languages" / "en.toml").read_text(encoding="utf-8"),
        encoding="utf-8")
    write_project(project, langs=("en", "pt-BR"))
    assert config.load(project).languages == ("en", "pt-BR")


def test_a_region_tag_folder_is_an_edition_of_its_language(project):
    """Issue 12: pt-BR needs no file of its own; a folder of another tag is not a language."""
    write_project(project, langs=("en", "pt-BR"))
    (project / "source" / "xx-YY").mkdir()
    assert config.load(project).languages == ("en", "pt-BR")


def test_a_file_named_like_a_language_is_ignored(project):
    write_project(project)
    (project / "source" / "fr").write_text("", encoding="utf-8")
    assert config.load(project).languages == ("en",)


# --- line numbers -------------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "line"), [("slug", 1), ("title", 3), ("print.trim", 9),
                                           ("authors[0].name", 6), ("nothing", None)])
def test_config_line_of(project, key, line):
    write_project(project, tail='\n[print]\ntrim = "a4"\n')
    assert config.load(project).line_of(key) == line


# -- calendar (issue 24) --------------------------------------------------------------------

def test_the_calendar_is_gregorian_unless_the_project_chooses_another(project):
    write_project(project, langs=("en", "fa"))
    assert {e.code: e.calendar for e in config.load(project).editions} == \
        {"en": "gregorian", "fa": "gregorian"}
    write_project(project, 'calendar = { fa = "persian" }\n', langs=("en", "fa"))
    assert {e.code: e.calendar for e in config.load(project).editions} == \
        {"en": "gregorian", "fa": "persian"}


def test_an_unknown_calendar_is_refused_with_its_line(project):
    write_project(project, 'calendar = "lunar"\n')
    assert load_error(project).startswith(
        "source/book.toml:4: calendar: unknown calendar 'lunar' (known: gregorian, persian,")
