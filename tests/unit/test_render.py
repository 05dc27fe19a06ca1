"""Unit tests for publish/render/: Markdown -> the Book (chapters, notes, links, images,
serialization, the print form, sanitizing and metadata)."""
from __future__ import annotations

import concurrent.futures
import datetime as _dt
import logging
import time
import uuid
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from PIL import Image as PILImage

from publish import config as config_mod, executor
from publish.build import read_book
from publish.errors import ConfigError, SourceError
from publish.languages import get_language
from publish.model import Image
from publish.render import RESERVED_IDS, convert, metadata, printform, serialize
from publish.render.notes import notes_section
from publish.render.sanitize import sanitize

NB = "\u00a0"

BOOK_TOML = ('slug = "tiny"\ndate = 2024-01-02\ntitle = "Tiny"\n{extra}\n'
             '[[authors]]\nname = "A. Author"\nbio = "Writes."\n')
ONE = ("# One\n"
       "\n"
       'Hello "world" with a note.[^1] See [two](02-two.md#a-section).\n'
       "\n"
       "![Alt](images/x.png)\n"
       "\n"
       "[^1]: The note text.\n")
TWO = ("# Two\n"
       "\n"
       "Intro.[^1]\n"
       "\n"
       "## A Section\n"
       "\n"
       "Back to [one](01-one.md).\n"
       "\n"
       "[^1]: Second note.\n")


def make_project(root: Path, chapters: dict[str, str] | None = None, extra: str = "") -> Path:
    """A small project in `root`: source/book.toml, source/en/<chapters>, source/images/x.png."""
    src = root / "source"
    (src / "en").mkdir(parents=True)
    (src / "images").mkdir()
    PILImage.new("RGB", (2, 2), "red").save(src / "images" / "x.png")
    (src / "book.toml").write_text(BOOK_TOML.format(extra=extra), encoding="utf-8")
    for name, text in (chapters if chapters is not None else {"01-one.md": ONE, "02-two.md": TWO}).items():
        (src / "en" / name).write_text(text, encoding="utf-8")
    return root


def book_of(root: Path, chapters: dict[str, str] | None = None, extra: str = ""):
    make_project(root, chapters, extra)
    return read_book(config_mod.load(root), "en")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return book_of(tmp_path_factory.mktemp("tiny"))


def tree(fragment: str) -> etree._Element:
    return lxml_html.fragment_fromstring(fragment, create_parent="div")


def xml_tree(xhtml: str) -> etree._Element:
    """A chapter's XHTML fragment parsed as XML (epub:type bound to its namespace)."""
    return etree.fromstring('<div xmlns:epub="http://www.idpf.org/2007/ops">' + xhtml + "</div>")


# -- render_book: the whole Book -------------------------------------------------------

def test_chapters_come_in_file_order_with_their_slugs(tiny):
    assert [(c.slug, c.title, c.file_name) for c in tiny.chapters] == \
        [("one", "One", "one.xhtml"), ("two", "Two", "two.xhtml")]


def test_headings_are_h1_to_h3_with_ids(tiny):
    assert [(h.level, h.id, h.title) for h in tiny.chapters[1].headings] == \
        [(1, "two", "Two"), (2, "a-section", "A Section")]


def test_the_first_h1_is_marked_as_chapter_title(tiny):
    h1 = xml_tree(tiny.chapters[0].xhtml).find("h1")
    assert h1.get("class") == "chapter-title"


def test_toc_lists_each_chapter_with_its_sections(tiny):
    assert [(e.title, e.href_id, e.chapter, [(c.title, c.href_id, c.level) for c in e.children])
            for e in tiny.toc] == [("One", "one", "one", []),
                                   ("Two", "two", "two", [("A Section", "a-section", 2)])]


@pytest.mark.parametrize("depth,children", [(1, []), (2, ["a-section"]), (3, ["a-section", "deep"])])
def test_toc_depth_limits_the_sections_listed(tmp_path, depth, children):
    book = book_of(tmp_path, {"01-one.md": "# One\n\n## A Section\n\n### Deep\n\ntext\n"},
                   extra=f"toc_depth = {depth}")
    assert [c.href_id for c in book.toc[0].children] == children


def test_link_to_an_anchor_in_another_chapter_becomes_a_fragment(tiny):
    assert '<a href="#a-section">two</a>' in tiny.chapters[0].xhtml


def test_link_to_a_chapter_file_points_at_its_title(tiny):
    assert '<a href="#one">one</a>' in tiny.chapters[1].xhtml


@pytest.mark.parametrize("href", ["https://example.org/a?b=c#d", "http://example.org/", "mailto:a@b.org"])
def test_external_links_are_left_as_written(tmp_path, href):
    book = book_of(tmp_path, {"01-one.md": f"# One\n\nSee [there]({href}).\n"})
    assert xml_tree(book.chapters[0].xhtml).find(".//a").get("href") == href


def test_ids_repeated_across_chapters_are_renamed_and_links_follow(tmp_path):
    book = book_of(tmp_path, {"01-one.md": "# One\n\n## Intro\n\ntext\n",
                              "02-two.md": "# Two\n\n## Intro\n\nSee [intro](#intro).\n"})
    assert [h.id for h in book.chapters[1].headings] == ["two", "intro-2"]
    assert '<a href="#intro-2">intro</a>' in book.chapters[1].xhtml
    assert "intro" in book.chapters[0].ids and "intro-2" in book.chapters[1].ids


def test_link_to_a_renamed_id_of_another_chapter_follows_the_rename(tmp_path):
    book = book_of(tmp_path, {"01-one.md": "# One\n\n## Intro\n\nSee [2](02-two.md#intro).\n",
                              "02-two.md": "# Two\n\n## Intro\n\ntext\n"})
    assert '<a href="#intro-2">2</a>' in book.chapters[0].xhtml


@pytest.mark.parametrize("title,expected", [
    ("TOC", "toc-2"), ("Landmarks", "landmarks-2"), ("About Author", "about-author-2"),
    ("Toc Title", "toc-title-2"), ("Contents Title", "contents-title-2"),
])
def test_chapter_ids_never_take_the_layouts_reserved_ids(tmp_path, title, expected):
    book = book_of(tmp_path, {"01-one.md": f"# {title}\n\ntext\n"})
    assert book.chapters[0].headings[0].id == expected
    assert not book.chapters[0].ids & RESERVED_IDS


def test_front_matter_title_stands_in_for_a_missing_h1(tmp_path):
    book = book_of(tmp_path, {"01-one.md": '+++\ntitle = "The \\"Quoted\\" One"\n+++\nJust text.\n'})
    chapter = book.chapters[0]
    assert chapter.title == "The “Quoted” One"
    h1 = xml_tree(chapter.xhtml).find("h1")
    assert (h1.text, h1.get("id"), h1.get("class")) == ('The "Quoted" One', "the-quoted-one", "chapter-title")


def test_a_chapter_without_any_title_is_titled_from_its_file_name(tmp_path, caplog):
    with caplog.at_level("WARNING", logger="publish"):
        book = book_of(tmp_path, {"01-the_long-road.md": "Only text.\n"})
    chapter = book.chapters[0]
    assert (chapter.title, xml_tree(chapter.xhtml).find("h1").text) == ("The long road", "The long road")
    assert [r.getMessage().rsplit("/", 1)[-1] for r in caplog.records
            if "no heading" in r.getMessage()] == [
        "01-the_long-road.md:1: chapter has no heading and no title; titled 'The long road' "
        "from its file name (start it with '# Title')"]


@pytest.mark.parametrize("body,message,line", [
    ("# One\n\ntext\n\nSee [x](03-none.md).\n",
     "link to '03-none.md': no file '03-none.md'; the link is left out, its text stays", 5),
    ("# One\n\nSee [x](#nowhere).\n", "link to '#nowhere': no anchor '#nowhere' in 01-one.md", 3),
    ("# One\n\n\nSee [x](02-two.md#nowhere).\n",
     "link to '02-two.md#nowhere': no anchor '#nowhere' in 02-two.md", 4),
])
def test_broken_links_are_warnings_at_their_line(tmp_path, caplog, body, message, line):
    """Issue 11: a dead link is a warning naming file and line; its text stays, unlinked."""
    with caplog.at_level(logging.WARNING, logger="publish"):
        book = book_of(tmp_path, {"01-one.md": body, "02-two.md": "# Two\n\ntext\n"})
    assert [r.getMessage().split("/source/en/", 1)[-1] for r in caplog.records] == \
        [f"01-one.md:{line}: {message}"]
    assert '<span class="unlinked">x</span>' in book.chapters[0].xhtml


# -- footnotes (notes.py) -----------------------------------------------------------------

@pytest.mark.parametrize("index,prefix", [(0, "c1-"), (1, "c2-")])
def test_noterefs_are_numbered_per_chapter(tiny, index, prefix):
    a = xml_tree(tiny.chapters[index].xhtml).find(".//sup/a")
    epub_type = a.get("{http://www.idpf.org/2007/ops}type")
    assert (a.get("id"), a.get("href"), a.get("class"), a.get("role"), epub_type, a.text) == \
        (f"{prefix}fnref-1", f"#{prefix}fn-1", "noteref", "doc-noteref", "noteref", "1")


def test_footnotes_become_asides_in_an_endnotes_section(tiny):
    root = xml_tree(tiny.chapters[0].xhtml)
    section = root.find("section")
    assert (section.get("class"), section.get("role"), section.get("aria-label")) == \
        ("footnotes", "doc-endnotes", "Notes")
    aside = section.find("aside")
    assert (aside.get("id"), aside.get("role"), aside.get("{http://www.idpf.org/2007/ops}type")) == \
        ("c1-fn-1", "doc-footnote", "footnote")
    assert aside.find("span[@class='note-number']").text == "1"
    back = aside.find(".//a[@class='backlink']")
    assert (back.get("href"), back.get("role")) == ("#c1-fnref-1", "doc-backlink")
    assert "The note text." in "".join(aside.itertext())


def test_the_footnote_div_of_python_markdown_is_gone(tiny):
    assert 'class="footnote"' not in tiny.chapters[0].xhtml.split("<section")[0]
    assert "fn:1" not in tiny.chapters[0].xhtml and "fnref:" not in tiny.chapters[0].xhtml


@pytest.mark.parametrize("body,has_notes", [("# One\n\nA[^1]\n\n[^1]: n.\n", True), ("# One\n\nA\n", False)])
def test_has_footnotes(tmp_path, body, has_notes):
    assert book_of(tmp_path, {"01-one.md": body}).chapters[0].has_footnotes is has_notes


class Recorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_an_unreferenced_footnote_is_left_out_with_a_warning(tmp_path):
    # A handler on the package's logger itself: the CLI's tests may stop it propagating.
    log, recorder = logging.getLogger("publish"), Recorder()
    level = log.level
    log.addHandler(recorder)
    log.setLevel(logging.WARNING)
    try:
        book = book_of(tmp_path, {"01-one.md": "# One\n\nA[^1].\n\n[^1]: used.\n[^2]: unused.\n"})
    finally:
        log.removeHandler(recorder)
        log.setLevel(level)
    assert "unused." not in book.chapters[0].xhtml
    assert "used." in book.chapters[0].xhtml
    [message] = [m for m in recorder.messages if "never referenced" in m]
    assert message.endswith("01-one.md:6: footnote [^2] is never referenced; left out")


def test_named_footnotes_keep_their_name_in_the_ids(tmp_path):
    book = book_of(tmp_path, {"01-one.md": "# One\n\nA[^why].\n\n[^why]: because.\n"})
    assert {"c1-fnref-why", "c1-fn-why"} <= book.chapters[0].ids


def test_notes_section_wraps_the_notes_with_the_label():
    notes = [etree.Element("aside", {"id": "n1"}), etree.Element("aside", {"id": "n2"})]
    section = notes_section(notes, {"notes": "Remarques"})
    assert (section.tag, section.get("aria-label"), section.get("data-epub-type"),
            [n.get("id") for n in section]) == ("section", "Remarques", "footnotes", ["n1", "n2"])


# -- images (links.py) ---------------------------------------------------------------------

def test_images_point_at_the_books_copy(tiny):
    img = xml_tree(tiny.chapters[0].xhtml).find(".//img")
    assert (img.get("src"), img.get("alt")) == ("images/images-x.png", "Alt")
    assert tiny.chapters[0].images == (Image(src="images/images-x.png",
                                             path=tiny.project / "source" / "images" / "x.png",
                                             alt="Alt", line=5),)


def test_a_paragraph_holding_only_an_image_is_marked_as_image(tiny):
    assert xml_tree(tiny.chapters[0].xhtml).find(".//img/..").get("class") == "image"


def test_an_image_inside_text_is_not_marked_as_image(tmp_path):
    book = book_of(tmp_path, {"01-one.md": "# One\n\nText ![Alt](images/x.png) more.\n"})
    assert xml_tree(book.chapters[0].xhtml).find(".//img/..").get("class") is None


def test_an_image_beside_the_chapter_is_found_there(tmp_path):
    make_project(tmp_path, {"01-one.md": "# One\n\n![Here](pic.png)\n"})
    PILImage.new("RGB", (1, 1)).save(tmp_path / "source" / "en" / "pic.png")
    book = read_book(config_mod.load(tmp_path), "en")
    assert book.chapters[0].images[0].src == "images/en-pic.png"
    assert book.chapters[0].images[0].path == (tmp_path / "source" / "en" / "pic.png").resolve()


@pytest.mark.parametrize("markdown,alt,role", [
    ("![](images/x.png)", "", "presentation"),
    ('<img src="images/x.png">', "", "presentation"),
    ("![A cat](images/x.png)", "A cat", None),
])
def test_images_without_alt_text_are_presentational(tmp_path, markdown, alt, role):
    book = book_of(tmp_path, {"01-one.md": f"# One\n\n{markdown}\n"})
    img = xml_tree(book.chapters[0].xhtml).find(".//img")
    assert (img.get("alt"), img.get("role")) == (alt, role)
    assert book.chapters[0].images[0].alt == alt


def test_remote_images_are_not_fetched_and_their_alt_text_stands_in(tmp_path):
    book = book_of(tmp_path, {"01-one.md": "# One\n\ntext\n\n![A far picture](https://example.org/far.png) after\n"})
    chapter = book.chapters[0]
    span = xml_tree(chapter.xhtml).find(".//span[@class='missing-image']")
    assert (span.text, span.tail) == ("A far picture", " after")
    assert "<img" not in chapter.xhtml
    assert chapter.remote == (("https://example.org/far.png", 5),)
    assert chapter.images == ()


@pytest.mark.parametrize("setup,markdown,message", [
    (None, "![x](images/none.png)", "image 'images/none.png' not found; its alt text stands in"),
    ("source/images/notes.txt", "![x](images/notes.txt)",
     "image 'images/notes.txt' cannot be identified as an image"),
])
def test_unusable_images_are_left_out_with_a_warning_at_their_line(tmp_path, caplog, setup,
                                                                   markdown, message):
    """Issue 24: mended, not refused; the alt text stands in."""
    project = tmp_path / "project"
    make_project(project, {"01-one.md": f"# One\n\n{markdown}\n"})
    if setup:
        (project / setup).write_bytes(b"data")
    with caplog.at_level(logging.WARNING, logger="publish"):
        book = read_book(config_mod.load(project), "en")
    assert [r.getMessage() for r in caplog.records if message in r.getMessage()] and \
        all("01-one.md:3: " in r.getMessage() for r in caplog.records if message in r.getMessage())
    assert book.chapters[0].images == () and "<img" not in book.chapters[0].xhtml
    assert '<span class="missing-image">x</span>' in book.chapters[0].xhtml


def test_an_image_outside_the_project_is_refused_at_its_line(tmp_path):
    project = tmp_path / "project"
    make_project(project, {"01-one.md": "# One\n\n![x](../../../outside.png)\n"})
    (project / "../outside.png").write_bytes(b"data")
    with pytest.raises(SourceError, match="lies outside the project folder") as exc:
        read_book(config_mod.load(project), "en")
    assert exc.value.line == 3 and exc.value.finding == "outside-project"


def test_the_print_form_points_at_the_image_file(tiny):
    img = tree(tiny.chapters[0].html).find(".//img")
    assert img.get("src") == (tiny.project / "source" / "images" / "x.png").as_uri()


# -- the print form of a chapter, in the Book -------------------------------------------

def test_the_print_form_has_each_note_at_its_call(tiny):
    root = tree(tiny.chapters[0].html)
    span = root.find(".//p/span[@class='footnote']")
    assert span.get("id") == "c1-fn-1"
    assert "".join(span.itertext()).strip() == "The note text."
    assert root.find(".//sup") is None and root.find(".//aside") is None
    assert "backlink" not in tiny.chapters[0].html and "note-number" not in tiny.chapters[0].html


def test_the_print_form_ties_the_last_two_words_of_headings(tiny):
    assert f"A{NB}Section</h2>" in tiny.chapters[1].html
    assert "A Section</h2>" in tiny.chapters[1].xhtml


def test_the_xhtml_uses_epub_type_and_the_html_does_not(tiny):
    assert 'epub:type="noteref"' in tiny.chapters[0].xhtml
    assert "epub:type" not in tiny.chapters[0].html


# -- cover and the book's text -------------------------------------------------------------

def test_a_configured_cover_is_the_books_cover(tmp_path):
    book = book_of(tmp_path, {"01-one.md": "# One\n\ntext\n"}, extra='cover = "images/x.png"')
    assert book.cover == (tmp_path / "source" / "images" / "x.png").resolve()


def test_no_cover_configured_means_a_generated_one(tiny):
    assert tiny.cover is None


def test_a_missing_cover_gives_the_generated_one_with_a_warning_naming_the_key(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="publish"):
        book = book_of(tmp_path, {"01-one.md": "# One\n\ntext\n"}, extra='cover = "images/none.png"')
    assert book.cover is None
    assert any(r.getMessage().endswith("book.toml:4: cover: cover image 'images/none.png' not "
                                       "found; the generated cover stands in")
               for r in caplog.records)


@pytest.mark.parametrize("piece", ["Tiny", "A. Author", "<p>Writes.</p>", "Contents",
                                   "Start of Content", "The note text.", "A Section"])
def test_book_text_holds_metadata_labels_and_chapters(tiny, piece):
    assert piece in tiny.text


# -- serialize.py ----------------------------------------------------------------------------

@pytest.mark.parametrize("fragment,method,expected", [
    ('<p data-epub-type="x">a<br>b</p>', "xml", '<p epub:type="x">a<br/>b</p>'),
    ('<p data-epub-type="x">a<br>b</p>', "html", '<p data-epub-type="x">a<br>b</p>'),
    ('<img src="a.png" alt="">', "xml", '<img src="a.png" alt=""/>'),
    ('<img src="a.png" alt="">', "html", '<img src="a.png" alt="">'),
])
def test_serialize_element(fragment, method, expected):
    el = tree(fragment)[0]
    el.tail = " tail"
    assert serialize.serialize_element(el, method) == expected


def test_serialize_puts_each_child_on_its_own_line():
    root = tree("  lead  <p>a</p>\n  between  <p>b</p>\n")
    assert serialize.serialize(root, "xml") == "lead\n<p>a</p>\nbetween\n<p>b</p>\n"


def test_serialize_leaves_the_tree_as_it_was():
    root = tree("<p>a</p> tail <p>b</p>")
    serialize.serialize(root, "html")
    assert root[0].tail == " tail "


def test_serialize_inline_keeps_markup_and_tails():
    h = tree("<h2>A <em>big</em> day <code>x</code></h2>")[0]
    assert serialize.serialize_inline(h) == "A <em>big</em> day <code>x</code>"


@pytest.mark.parametrize("fragment,expected", [
    ("<h1>  A\n  <em>b</em>\tc  </h1>", "A b c"),
    (f"<h1>10{NB}%  x</h1>", f"10{NB}% x"),
    ("<h1>Quoi\u202f?</h1>", "Quoi\u202f?"),
])
def test_plain_text_folds_ascii_white_space_only(fragment, expected):
    assert serialize.plain_text(tree(fragment)[0]) == expected


# -- convert.py -----------------------------------------------------------------------------

EN_LABELS = dict(get_language("en").labels)


@pytest.mark.parametrize("markdown,expected", [
    ("| a | b |\n|---|--:|\n| 1 | 2 |\n", '<td style="text-align:right">2</td>'),
    ("Term\n: Meaning\n", "<dt>Term</dt>"),
    ("The HTML spec.\n\n*[HTML]: Hyper Text\n", '<abbr title="Hyper Text">HTML</abbr>'),
    ("```\nx -- y\n```\n", '<div class="highlight"><pre><span></span><code>x -- y\n</code></pre></div>'),
    ("Styled\n{: .wide }\n", '<p class="wide">Styled</p>'),
    ("# Head\n", '<h1 id="head">Head</h1>'),
    ("# Глава\n", '<h1 id="глава">Глава</h1>'),
])
def test_markdown_extensions(markdown, expected):
    md = convert.get_markdown(EN_LABELS)
    html = convert.convert_all(md, get_language("en"), EN_LABELS, None, [markdown])[markdown]
    assert expected in html


def test_conversion_sanitizes_raw_html():
    md, text = convert.get_markdown(EN_LABELS), '<script>x()</script>\n\nok <b onclick="y()">b</b>\n'
    html = convert.convert_all(md, get_language("en"), EN_LABELS, None, [text])[text]
    assert "script" not in html and "onclick" not in html and "<b>b</b>" in html


def test_conversion_typesets_the_text():
    md, text = convert.get_markdown(EN_LABELS), 'He said "no" -- twice...\n'
    html = convert.convert_all(md, get_language("en"), EN_LABELS, None, [text])[text]
    assert "He said “no” – twice…" in html


def test_render_inline_gives_typeset_xhtml_paragraphs():
    md = convert.get_markdown(EN_LABELS)
    assert convert.render_inline('"Hi" *there*<br>\n\nTwo', get_language("en"), md) == \
        "<p>“Hi” <em>there</em><br/></p>\n<p>Two</p>\n"


class Memo:
    """A stand-in for the build cache: a dict per kind."""

    def __init__(self, stored=None):
        self.stored, self.puts = dict(stored or {}), []

    def get(self, kind, key):
        return self.stored.get((kind, key))

    def put(self, kind, key, data):
        self.puts.append((kind, key))
        self.stored[(kind, key)] = data


def test_convert_all_converts_each_distinct_text_once(monkeypatch):
    seen = []
    real = convert._convert

    def counting(md, language, text):
        seen.append(text)
        return real(md, language, text)
    monkeypatch.setattr(convert, "_convert", counting)
    texts = ["# A\n", "# B\n", "# A\n"]
    html = convert.convert_all(convert.get_markdown(EN_LABELS), get_language("en"), EN_LABELS, None, texts)
    assert seen == ["# A\n", "# B\n"]
    assert set(html) == {"# A\n", "# B\n"}


def test_convert_all_takes_what_the_memo_has_and_stores_the_rest():
    language = get_language("en")
    key_a = convert._memo_key(language, EN_LABELS, "# A\n")
    memo = Memo({("markdown", key_a): b"<p>from the memo</p>"})
    html = convert.convert_all(convert.get_markdown(EN_LABELS), language, EN_LABELS, memo,
                               ["# A\n", "# B\n"])
    assert html["# A\n"] == "<p>from the memo</p>"
    assert '<h1 id="b">B</h1>' in html["# B\n"]
    assert memo.puts == [("markdown", convert._memo_key(language, EN_LABELS, "# B\n"))]
    assert memo.stored[memo.puts[0]].decode() == html["# B\n"]


@pytest.mark.parametrize("change", ["labels", "text", "language"])
def test_memo_key_changes_with_what_the_result_depends_on(change):
    en, labels, text = get_language("en"), dict(EN_LABELS), "# A\n"
    base = convert._memo_key(en, labels, text)
    if change == "labels":
        labels["notes"] = "Endnotes"
    elif change == "text":
        text = "# B\n"
    else:
        en = get_language("fr")
    assert convert._memo_key(en, labels, text) != base


def test_conversion_in_forked_processes_gives_the_same_results(monkeypatch):
    language = get_language("en")
    texts = [f'# T{n}\n\n"q{n}" -- x[^1]\n\n[^1]: n{n}\n' for n in range(6)]
    alone = convert._convert_texts(convert.get_markdown(EN_LABELS), language, EN_LABELS, texts)
    pools = []

    class Pool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs["max_workers"])
            super().__init__(*args, **kwargs)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(convert, "PARALLEL_FROM", 2)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    # Conversion forks only in a process running no other thread; an earlier test in this
    # pytest worker may have left idle ones (Dask's client keeps its event loop's), which
    # made this test pass or fail by the order files reached the worker.
    monkeypatch.setattr("threading.active_count", lambda: 1)
    assert convert._convert_texts(convert.get_markdown(EN_LABELS), language, EN_LABELS, texts) == alone
    assert pools == [1]


def test_the_building_process_converts_the_pieces_no_worker_has_begun(monkeypatch):
    """Work sharing (issue 28): the texts go to the worker in pieces, in order; the building
    process takes pieces from the end while the worker has not begun them, so both finish
    together. Whoever converts a piece, the results are the same and in order."""
    language = get_language("en")
    texts = [f"# T{n}\n\nText -- {n}...\n" for n in range(40)]
    alone = convert._convert_texts(convert.get_markdown(EN_LABELS), language, EN_LABELS, texts)
    taken = []
    real = executor.Local.run

    def run(self, calls, fresh=False):
        outcomes = real(self, calls, fresh)
        take = outcomes.take
        outcomes.take = lambda: taken.append(take()) or taken[-1]
        return outcomes
    monkeypatch.setattr(executor.Local, "run", run)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr("threading.active_count", lambda: 1)
    monkeypatch.setattr(convert, "PARALLEL_FROM", 2)
    assert convert._convert_texts(convert.get_markdown(EN_LABELS), language, EN_LABELS, texts) == alone
    pieces = -(-len(texts) // -(-len(texts) // (2 * convert.PIECES)))
    assert taken[-1] is None and taken[0] == pieces - 1       # the last piece, first
    assert taken[:-1] == list(range(pieces - 1, pieces - len(taken), -1))


def test_a_job_no_worker_has_begun_can_be_taken_back():
    """executor.Local: take() withdraws the last job not begun; the others come back."""
    outcomes = executor.Local(1).run([(time.sleep, (0.1,)) for _ in range(4)])
    assert outcomes.take() == 3
    assert sorted(n for n, _ in outcomes) == [0, 1, 2]


def test_a_book_for_no_pdf_has_no_print_html(tmp_path):
    """An EPUB-only build leaves out the print HTML (issue 28); the XHTML is the same."""
    make_project(tmp_path)
    config = config_mod.load(tmp_path)
    full, lean = read_book(config, "en"), read_book(config, "en", print_html=False)
    assert all(c.html for c in full.chapters) and not any(c.html for c in lean.chapters)
    assert [c.xhtml for c in lean.chapters] == [c.xhtml for c in full.chapters]


# -- printform.py -----------------------------------------------------------------------------

@pytest.mark.parametrize("heading,expected", [
    ("<h2>A Section</h2>", f"<h2>A{NB}Section</h2>"),
    ("<h1>Three short words </h1>", f"<h1>Three short{NB}words </h1>"),
    ("<h2>Single</h2>", "<h2>Single</h2>"),
    ("<h3>The incomprehensibilities</h3>", "<h3>The incomprehensibilities</h3>"),
    ("<h4>Hello <em>big world</em></h4>", f"<h4>Hello <em>big{NB}world</em></h4>"),
    ("<h2>Some <em>x</em> end</h2>", f"<h2>Some <em>x</em>{NB}end</h2>"),
    ("<h5>Not tied here</h5>", "<h5>Not tied here</h5>"),
    ("<p>Not a heading</p>", "<p>Not a heading</p>"),
])
def test_print_headings_never_end_on_a_lone_word(heading, expected):
    out = printform.print_tree(tree(heading), [], [])
    assert lxml_html.tostring(out[0], encoding="unicode") == expected


NOTE_TREE = ('<p>Text<sup><a class="noteref" href="#c1-fn-1" id="c1-fnref-1">1</a></sup> after.</p>')
NOTE = ('<aside id="c1-fn-1" class="footnote"><span class="note-number">1</span>\n'
        '<p>First <em>part</em>. <a href="#c1-fnref-1" class="backlink">\u2191</a></p>\n'
        '<blockquote><p>Quoted.</p></blockquote></aside>')


def test_print_notes_sit_at_their_call_as_spans():
    out = printform.print_tree(tree(NOTE_TREE), [lxml_html.fragment_fromstring(NOTE)], [])
    assert lxml_html.tostring(out[0], encoding="unicode") == (
        '<p>Text<span class="footnote" id="c1-fn-1"><span class="fn-p">First <em>part</em>.</span>'
        '<span class="fn-blockquote"><span class="fn-p">Quoted.</span></span></span> after.</p>')


def test_print_tree_leaves_the_epub_tree_alone():
    root, note = tree(NOTE_TREE), lxml_html.fragment_fromstring(NOTE)
    before = lxml_html.tostring(root), lxml_html.tostring(note)
    printform.print_tree(root, [note], [])
    assert (lxml_html.tostring(root), lxml_html.tostring(note)) == before


@pytest.mark.parametrize("src,expected", [
    ("images/a.png", Path("/book/source/images/a.png").as_uri()),
    ("images/other.png", "images/other.png"),
])
def test_print_images_point_at_their_files(src, expected):
    images = [Image(src="images/a.png", path=Path("/book/source/images/a.png"), alt="")]
    out = printform.print_tree(tree(f'<p><img src="{src}" alt=""></p>'), [], images)
    assert out.find(".//img").get("src") == expected


# -- sanitize.py ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw,expected", [
    ("<script>alert(1)</script><p>x</p>", "<p>x</p>"),
    ("<style>p { color: red }</style><p>s</p>", "<p>s</p>"),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="ftp://host/file">x</a>', "<a>x</a>"),
    ('<a href="mailto:a@b.org">m</a>', '<a href="mailto:a@b.org">m</a>'),
    ('<a href="02-two.md#s">r</a>', '<a href="02-two.md#s">r</a>'),
    ('<a href="https://x.org" rel="nofollow" target="_blank">x</a>', '<a href="https://x.org">x</a>'),
    ('<img src="data:image/png;base64,AAAA" alt="d">', '<img alt="d">'),
    ('<img src="x.png" onerror="alert(1)" alt="a">', '<img src="x.png" alt="a">'),
    ('<p style="color: red" onclick="x()" class="k" id="i">p</p>', '<p class="k" id="i">p</p>'),
    ('<p>a<!-- hidden -->b</p>', "<p>ab</p>"),
    ('<iframe src="https://x.org"></iframe><p>t</p>', "<p>t</p>"),
    ('<object data="x.swf"></object><p>t</p>', "<p>t</p>"),
    ('<link rel="stylesheet" href="https://x.org/a.css"><p>t</p>', "<p>t</p>"),
    ('<table><tr><td style="text-align: right; background: url(https://x.org/a.png)">c</td></tr></table>',
     '<table><tbody><tr><td style="text-align:right">c</td></tr></tbody></table>'),
])
def test_sanitize_keeps_only_the_allowlist(raw, expected):
    assert sanitize(raw) == expected


# -- metadata.py -------------------------------------------------------------------------------

UTC = _dt.UTC


@pytest.mark.parametrize("date,epoch,expected", [
    (_dt.date(2024, 1, 2), None, _dt.datetime(2024, 1, 2, tzinfo=UTC)),
    (_dt.date(2024, 1, 2), "86400", _dt.datetime(1970, 1, 2, tzinfo=UTC)),
    (_dt.datetime(2024, 1, 2, 3, 4, 5), None, _dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
    (_dt.datetime(2024, 1, 2, 3, 0, tzinfo=_dt.timezone(_dt.timedelta(hours=5))), None,
     _dt.datetime(2024, 1, 1, 22, 0, tzinfo=UTC)),
])
def test_build_time(monkeypatch, date, epoch, expected):
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    got = metadata.build_time(date)
    assert (got, got.utcoffset()) == (expected, _dt.timedelta(0))


@pytest.mark.parametrize("epoch", ["soon", "1.5", ""])
def test_a_bad_source_date_epoch_is_a_config_error(monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    if not epoch:      # empty means unset
        assert metadata.build_time(_dt.date(2024, 1, 2)) == _dt.datetime(2024, 1, 2, tzinfo=UTC)
        return
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH must be a whole number") as exc:
        metadata.build_time(_dt.date(2024, 1, 2))
    assert exc.value.key == "SOURCE_DATE_EPOCH"


@pytest.mark.parametrize("name,expected", [
    ("Ksenia Muratshina", "Muratshina, Ksenia"),
    ("Homer", "Homer"),
    ("Ursula K. Le", "Le, Ursula K."),
    (f"В.{NB}В.{NB}Путин", "Путин, В. В."),
])
def test_sort_name_guess(name, expected):
    assert metadata._sort_name(name) == expected


def meta_of(tmp_path, extra: str = "", authors: str = '[[authors]]\nname = "A. Author"\n'):
    src = tmp_path / "source"
    (src / "en").mkdir(parents=True)
    (src / "en" / "01-one.md").write_text("# One\n\ntext\n", encoding="utf-8")
    (src / "book.toml").write_text('slug = "tiny"\ndate = 2024-01-02\n' + extra + "\n" + authors,
                                   encoding="utf-8")
    config = config_mod.load(tmp_path)
    edition = config.edition("en")
    md = convert.get_markdown(dict(edition.labels))
    return metadata.read_metadata(config, edition,
                                  lambda text: convert.render_inline(text, edition.language, md))


@pytest.mark.parametrize("extra,identifier,isbn", [
    ('title = "T"\nisbn = "978-3-16-148410-0"', "urn:isbn:9783161484100", "9783161484100"),
    ('title = "T"\nisbn = "978 3 16 148410 0"\nidentifier = "urn:x:1"', "urn:isbn:9783161484100",
     "9783161484100"),
    ('title = "T"\nidentifier = "https://example.org/book"', "https://example.org/book", ""),
    ('title = "T"', f"urn:uuid:{uuid.uuid5(metadata.ID_NAMESPACE, 'tiny/en')}", ""),
])
def test_identifier(tmp_path, extra, identifier, isbn):
    meta = meta_of(tmp_path, extra)
    assert (meta.identifier, meta.isbn) == (identifier, isbn)


def test_metadata_strings_are_typeset(tmp_path):
    meta = meta_of(tmp_path, 'title = "The \\"Best\\" Book"\nsubtitle = "Part one -- again"\n'
                             'description = "Wait..."\nsubjects = ["Cats\' lives", "rock\'s"]\n'
                             'rights = "It\'s ours"\nseries = { name = "The \\"Set\\"", position = "2" }')
    assert (meta.title, meta.subtitle, meta.description, meta.subjects, meta.rights, meta.series,
            meta.series_position) == ("The “Best” Book", "Part one – again", "Wait…",
                                      ("Cats’ lives", "rock’s"), "It’s ours", "The “Set”", "2")


def test_missing_optional_metadata_is_empty(tmp_path):
    meta = meta_of(tmp_path, 'title = "T"')
    assert (meta.subtitle, meta.description, meta.publisher, meta.rights, meta.series,
            meta.subjects) == ("", "", "", "", "", ())


def test_authors_get_a_sort_name_a_role_and_a_rendered_bio(tmp_path):
    meta = meta_of(tmp_path, 'title = "T"',
                   authors='[[authors]]\nname = "Ksenia Muratshina"\nbio = "Writes *books*."\n\n'
                           '[[authors]]\nname = "Tom Trans"\nsort = "Trans-Tom"\nrole = "trl"\n')
    assert [(a.name, a.sort_name, a.role, a.bio_html) for a in meta.authors] == [
        ("Ksenia Muratshina", "Muratshina, Ksenia", "aut", "<p>Writes <em>books</em>.</p>\n")]
    # a translator among [[authors]] is credited as one (dc:contributor, the credit line)
    assert [(a.name, a.sort_name, a.role) for a in meta.translators] == [
        ("Tom Trans", "Trans-Tom", "trl")]
    assert meta.author_line == "Ksenia Muratshina"
    assert meta.translation == "Translated by Tom Trans"


@pytest.mark.parametrize("date,day,modified", [
    ("2024-01-02", _dt.date(2024, 1, 2), _dt.datetime(2024, 1, 2, tzinfo=UTC)),
    ("2024-01-02T10:30:00+02:00", _dt.date(2024, 1, 2), _dt.datetime(2024, 1, 2, 8, 30, tzinfo=UTC)),
])
def test_metadata_dates(tmp_path, monkeypatch, date, day, modified):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    src = tmp_path / "source"
    (src / "en").mkdir(parents=True)
    (src / "en" / "01-one.md").write_text("# One\n\ntext\n", encoding="utf-8")
    (src / "book.toml").write_text(f'slug = "tiny"\ndate = {date}\ntitle = "T"\n\n'
                                   '[[authors]]\nname = "A"\n', encoding="utf-8")
    config = config_mod.load(tmp_path)
    meta = metadata.read_metadata(config, config.edition("en"), lambda text: "")
    assert (meta.lang, meta.slug, meta.date, meta.modified) == ("en", "tiny", day, modified)


# -- right to left: the cover's runs, code (issue 12) ---------------------------------------

def test_the_cover_orders_mixed_runs_as_bidi_does():
    """A Latin name and a number inside an Arabic title read left to right, at their place."""
    from publish.cover import _visual_runs

    assert _visual_runs("نظام Windows 11 جديد", "rtl") == [
        (" جديد", "rtl"), ("Windows 11", "ltr"), ("نظام ", "rtl")]
    assert _visual_runs("J. R. R. Tolkien", "rtl") == [("J. R. R. Tolkien", "ltr")]


def test_code_in_a_right_to_left_book_runs_left_to_right():
    from publish.languages import get_language
    from publish.render.convert import get_markdown, _convert

    language = get_language("he")
    html = _convert(get_markdown(language.labels), language,
                    "טקסט `x = 1;` כאן.\n\n```\nx = f(1);\n```\n")
    assert '<code dir="ltr">\u200ex = 1;\u200e</code>' in html
    assert '<pre dir="ltr">' in html
    english = get_language("en")
    assert 'dir=' not in _convert(get_markdown(english.labels), english, "Text `x`.\n")


def test_break_pieces_never_split_a_character_outside_the_basic_plane():
    """ICU counts UTF-16 units: an emoji before a cut must not shift it."""
    from publish.render.segment import pieces

    assert pieces("Rust 🦀 book 中文", "en", "line") == ["Rust ", "🦀 ", "book ", "中", "文"]


def test_a_figcaption_is_only_ever_a_figures_first_or_last_child():
    """httpx's caption in a <div>, You Don't Know JS's line breaks after one, and a caption
    in the middle of its figure: each mended so that EPUBCheck has no RSC-005."""
    from publish.render.convert import _figcaptions
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(
        '<div><img src="a.png" alt="A"/><figcaption>Loose</figcaption></div>'
        '<figure><img src="b.png" alt="B"/><figcaption>Spaced</figcaption><br/><br/></figure>'
        '<figure><img src="c.png" alt="C"/><figcaption>Middle</figcaption> tail'
        '<p>After</p></figure>', create_parent="section")
    _figcaptions(root)
    assert [p.text for p in root.iter("p") if p.get("class") == "caption"] == ["Loose"]
    figures = root.findall("figure")
    assert [e.tag for e in figures[0]] == ["img", "figcaption"]
    assert [e.tag for e in figures[1]] == ["img", "p", "figcaption"]
    assert figures[1][0].tail.strip() == "tail"
