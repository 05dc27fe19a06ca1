"""Defects a review of the reshaped package found (issue 10), each pinned by its own test."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from publish import config as config_mod, tomlfile
from publish.errors import ConfigError, SourceError
from publish.sources.chapters import read_chapter
from publish.sources.text import read_text

BOOK = 'slug = "tiny"\ndate = 2024-01-02\ntitle = "Tiny"\n'


def _project(tmp_path: Path, extra: str) -> Path:
    for lang in ("en", "fr"):
        (tmp_path / "source" / lang).mkdir(parents=True)
        (tmp_path / "source" / lang / "01-one.md").write_text("# One\n\nHi.\n", encoding="utf-8")
    (tmp_path / "source" / "book.toml").write_text(BOOK + extra, encoding="utf-8")
    return tmp_path


def test_unknown_keys_in_tables_warn_once_not_once_per_language(tmp_path, caplog, monkeypatch):
    monkeypatch.chdir(tmp_path)
    project = _project(tmp_path, 'series = {name = "S", colour = "red"}\n\n[[authors]]\nname = "A"\n'
                                 'nick = "AA"\n\n[labels.fr]\ncontnts = "x"\n')
    with caplog.at_level(logging.WARNING, logger="publish"):
        config_mod.load(project)
    assert [r.getMessage() for r in caplog.records] == [
        "source/book.toml:8: authors[0].nick: unknown key 'nick' in authors[0] "
        "(known: alternate_script, bio, name, role, sort)",
        "source/book.toml:4: series.colour: unknown key 'colour' in series (known: name, position)",
        "source/book.toml:10: labels.fr: unknown label 'contnts'",
    ]


def test_labels_that_are_not_a_table_are_a_config_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    project = _project(tmp_path, '[[authors]]\nname = "A"\n\n[labels]\nen = "Sommaire"\n')
    with pytest.raises(ConfigError) as err:
        config_mod.load(project)
    assert str(err.value) == ("source/book.toml:8: labels.en: expected a table of labels "
                              "([labels.en]), got 'Sommaire'")


def test_a_slug_with_a_trailing_newline_is_refused(tmp_path):
    project = _project(tmp_path, '[[authors]]\nname = "A"\n')
    toml = project / "source" / "book.toml"
    toml.write_text(toml.read_text().replace('slug = "tiny"', 'slug = "tiny\\n"'))
    with pytest.raises(ConfigError, match="expected lower-case letters, digits and hyphens"):
        config_mod.load(project)


def test_an_error_at_the_end_of_the_document_names_its_line():
    with pytest.raises(ConfigError) as err:
        tomlfile.parse("a = 1\nb = 2\nc = ", Path("f.toml"), ConfigError)
    assert str(err.value) == "f.toml:3: invalid TOML: Invalid value"


def test_front_matter_error_at_its_end_names_the_line(tmp_path, caplog):
    chapter = tmp_path / "c.md"
    chapter.write_text('+++\ntitle = "T"\nslug = \n+++\n# One\n', encoding="utf-8")
    with caplog.at_level("WARNING", logger="publish"):
        read_chapter(chapter)
    assert [r.getMessage() for r in caplog.records] == [
        f"{chapter}:3: invalid front matter: Invalid value; the front matter is left out"]


def test_control_characters_are_placed_in_files_with_lone_cr_line_ends(tmp_path, caplog):
    path = tmp_path / "c.md"
    path.write_bytes(b"# One\r\rab\x01c\n")
    with caplog.at_level("WARNING", logger="publish"):
        assert read_text(path) == "# One\n\nabc\n"
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}:3: control character U+0001 at column 3 is invisible and not allowed in a "
        "book; removed"]


# -- found by the unit tests' review of render/ (issue 11) --------------------------------

def _typeset(markup: str, code: str = "en") -> str:
    from lxml import html as lxml_html

    from publish.languages import get_language
    from publish.render.typography import typeset_tree
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    typeset_tree(root, get_language(code))
    return lxml_html.tostring(root, encoding="unicode")[5:-6]


@pytest.mark.parametrize("markup", [
    "<p><code>a <em>x</em> -- c...</code></p>",
    '<p><code><span class="k">fn</span> "a" -- b</code></p>',
    "<p><kbd><kbd>Ctrl</kbd>--<kbd>C</kbd></kbd></p>",
])
def test_markup_inside_code_is_left_as_typed(markup):
    assert _typeset(markup) == markup


def test_a_quote_right_after_inline_code_closes():
    assert _typeset('<p>Type "<code>ls</code>" to list.</p>') == \
        "<p>Type “<code>ls</code>” to list.</p>"


def test_text_that_reads_like_an_attribute_stays_text():
    from lxml import etree

    from publish.render.serialize import serialize_element
    p = etree.fromstring('<p data-epub-type="x">x data-epub-type="y"</p>')
    assert serialize_element(p, "xml") == '<p epub:type="x">x data-epub-type="y"</p>'


def test_a_named_footnote_shows_its_number(tmp_path):
    from publish.build import read_book
    (tmp_path / "source" / "en").mkdir(parents=True)
    (tmp_path / "source" / "book.toml").write_text(BOOK + '[[authors]]\nname = "A"\n')
    (tmp_path / "source" / "en" / "01-t.md").write_text("# T\n\nA[^note].\n\n[^note]: named.\n")
    xhtml = read_book(config_mod.load(tmp_path), "en").chapters[0].xhtml
    assert '<span class="note-number">1</span>' in xhtml and ">note<" not in xhtml


def test_a_note_called_twice_is_printed_once(tmp_path):
    from publish.build import read_book
    (tmp_path / "source" / "en").mkdir(parents=True)
    (tmp_path / "source" / "book.toml").write_text(BOOK + '[[authors]]\nname = "A"\n')
    (tmp_path / "source" / "en" / "01-t.md").write_text("# T\n\nA[^1] again[^1].\n\n[^1]: n.\n")
    chapter = read_book(config_mod.load(tmp_path), "en").chapters[0]
    assert chapter.html.count('class="footnote"') == 1
    assert '<sup><span class="noteref-again">1</span></sup>' in chapter.html


def test_images_whose_names_differ_only_by_odd_characters_stay_apart(tmp_path):
    from PIL import Image as PILImage

    from publish.build import read_book
    (tmp_path / "source" / "en").mkdir(parents=True)
    (tmp_path / "source" / "images").mkdir()
    for name, colour in (("a b.png", "red"), ("a-b.png", "blue")):
        PILImage.new("RGB", (2, 2), colour).save(tmp_path / "source" / "images" / name)
    (tmp_path / "source" / "book.toml").write_text(BOOK + '[[authors]]\nname = "A"\n')
    (tmp_path / "source" / "en" / "01-t.md").write_text(
        "# T\n\n![one](<../images/a b.png>)\n\n![two](../images/a-b.png)\n")
    book = read_book(config_mod.load(tmp_path), "en")
    assert sorted(i.path.name for i in book.images) == ["a b.png", "a-b.png"]
    assert len({i.src for i in book.images}) == 2


def test_a_link_to_a_missing_path_does_not_fall_back_to_a_chapter_of_that_name(tmp_path, caplog):
    """Review of issue 11: `gone/README.md` led to whichever chapter was named README.md."""
    from publish.build import read_book
    (tmp_path / "source" / "en").mkdir(parents=True)
    (tmp_path / "source" / "book.toml").write_text(BOOK + '[[authors]]\nname = "A"\n')
    (tmp_path / "source" / "en" / "01-one.md").write_text(
        "# One\n\nSee [there](gone/README.md) and [two](README.md).\n")
    (tmp_path / "source" / "en" / "README.md").write_text("# Two\n\nText.\n")
    with caplog.at_level(logging.WARNING, logger="publish"):
        xhtml = read_book(config_mod.load(tmp_path), "en").chapters[0].xhtml
    assert '<span class="unlinked">there</span>' in xhtml and 'href="#two"' in xhtml
    assert [r.getMessage().split("/source/en/", 1)[-1] for r in caplog.records] == [
        "01-one.md:3: link to 'gone/README.md': no file 'gone/README.md'; the link is left out, "
        "its text stays"]
