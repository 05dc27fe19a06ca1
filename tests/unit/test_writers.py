"""Unit tests for the pure parts of publish/writers/: the registry, the EPUB's documents,
container and package fix-up, the print HTML and page geometry, PDF parts and variants.

Nothing here lays out a PDF or runs EPUBCheck.
"""
from __future__ import annotations

import datetime as _dt
import types
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image as PILImage

from publish import config as config_mod
from publish import templates, writers
from publish.build import read_book
from publish.config import TRIM_SIZES, PrintOptions
from publish.errors import ConfigError
from publish.writers.epub import container, documents, package
from publish.writers.pdf import document, parts, variants
from publish.writers.pdf.xref import XREF

BOOK_TOML = ('slug = "tiny"\ndate = 2024-01-02\ntitle = "Tiny"\n\n'
             '[[authors]]\nname = "A. Author"\n{bio}\n')
ONE = ("# One\n\nHello \"world\" with a note.[^1] See [two](02-two.md#a-section).\n\n"
       "![Alt](images/x.png)\n\n[^1]: The note text.\n")
TWO = "# Two\n\nIntro.[^1]\n\n## A Section\n\nBack to [one](01-one.md).\n\n[^1]: Second note.\n"


def make_book(root: Path, lang: str = "en", bio: bool = True):
    src = root / "source"
    (src / lang).mkdir(parents=True)
    (src / "images").mkdir()
    PILImage.new("RGB", (2, 2)).save(src / "images" / "x.png")
    (src / "book.toml").write_text(BOOK_TOML.format(bio='bio = "Writes."' if bio else ""), encoding="utf-8")
    (src / lang / "01-one.md").write_text(ONE, encoding="utf-8")
    (src / lang / "02-two.md").write_text(TWO, encoding="utf-8")
    return read_book(config_mod.load(root), lang)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)       # the build time is the book's date
        return make_book(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def docs(book):
    return documents.render_documents(book, templates.get_environment(book.layouts))


# -- the registry (writers/__init__.py) --------------------------------------------------

def test_the_registry_finds_epub_then_kepub_then_pdf():
    assert writers.names() == ("epub", "kepub", "pdf")
    assert list(writers.registry()) == ["epub", "kepub", "pdf"]


@pytest.mark.parametrize("name,suffix,media_type", [
    ("epub", ".epub", "application/epub+zip"),
    ("kepub", ".kepub.epub", "application/kepub+zip"),
    ("pdf", ".pdf", "application/pdf"),
])
def test_each_writer_has_its_suffix_and_media_type(name, suffix, media_type):
    writer = writers.get_writer(name)
    assert (writer.name, writer.suffix, writer.media_type) == (name, suffix, media_type)


@pytest.mark.parametrize("name,print_options", [("epub", False), ("kepub", False),
                                                ("pdf", True)])
def test_only_the_pdf_is_shaped_by_print_options(name, print_options):
    assert writers.get_writer(name).print_options is print_options


@pytest.mark.parametrize("slug,lang,fmt,expected", [
    ("tiny", "en", "epub", "tiny-en.epub"),
    ("russia-and-laos", "ru", "pdf", "russia-and-laos-ru.pdf"),
    ("b", "pt-BR", "epub", "b-pt-BR.epub"),
    ("b", "zh-Hans", "kepub", "b-zh-Hans.kepub.epub"),
])
def test_output_name(slug, lang, fmt, expected):
    writer = writers.get_writer(fmt)
    assert writers.output_name(slug, lang, writer) == expected
    assert writers.output_path(Path("/out"), slug, lang, writer) == Path("/out") / expected


@pytest.mark.parametrize("name", ["docx", "EPUB", ""])
def test_an_unknown_format_is_a_config_error_naming_the_option(name):
    with pytest.raises(ConfigError) as exc:
        writers.get_writer(name)
    assert exc.value.key == "--format"
    assert str(exc.value) == f"--format: unknown format '{name}' (known: epub, kepub, pdf)"


@pytest.mark.parametrize("suffix,name", [(".epub", "epub"), (".pdf", "pdf"), (".docx", None), ("epub", None)])
def test_by_suffix(suffix, name):
    found = writers.by_suffix(suffix)
    assert (found.name if found else None) == name


@pytest.mark.parametrize("file_name,name", [("b-en.kepub.epub", "kepub"), ("b-en.epub", "epub"),
                                            ("B-EN.PDF", "pdf"), ("b-en.docx", None)])
def test_by_file_name_takes_the_longest_suffix(file_name, name):
    found = writers.by_file_name(file_name)
    assert (found.name if found else None) == name


# -- EPUB documents (writers/epub/documents.py) --------------------------------------------

@pytest.mark.parametrize("xhtml,expected", [
    ("<html><head><title>Head only</title></head><body><p>Body</p></body></html>", ["Body"]),
    ('<body class="x"><p>a &amp; b &lt;c&gt;</p></body>', ["a", "&", "b", "<c>"]),
    ('<body><img alt="Alt text" src="a.png"/><abbr title="Title">T</abbr></body>', ["T", "Alt", "text", "Title"]),
    ('<body><section aria-label="Notes"></section></body>', ["Notes"]),
    ("<body><p>a<em>b</em>c</p></body>", ["a", "b", "c"]),
    ("<p>no body</p>", ["no", "body"]),
])
def test_visible_text(xhtml, expected):
    assert documents.visible_text(xhtml).split() == expected


FILES = {"one": "one.xhtml", "c1-fn-1": "one.xhtml", "a-section": "two.xhtml"}


@pytest.mark.parametrize("xhtml,own,expected", [
    ('<a href="#a-section">s</a>', "one.xhtml", '<a href="two.xhtml#a-section">s</a>'),
    ('<a href="#c1-fn-1">1</a>', "one.xhtml", '<a href="#c1-fn-1">1</a>'),
    ('<a href="#one">o</a>', "two.xhtml", '<a href="one.xhtml#one">o</a>'),
    ('<a href="#unknown">u</a>', "two.xhtml", '<a href="#unknown">u</a>'),
    ('<a href="https://x.org/#one">x</a>', "two.xhtml", '<a href="https://x.org/#one">x</a>'),
    ('<a href="#one">1</a> <a href="#a-section">2</a>', "one.xhtml",
     '<a href="#one">1</a> <a href="two.xhtml#a-section">2</a>'),
])
def test_rewrite_links_points_into_the_chapter_that_defines_the_id(xhtml, own, expected):
    assert documents._rewrite_links(xhtml, own, FILES) == expected


@pytest.mark.parametrize("cover,expected", [
    (None, "images/cover.png"),
    (Path("/p/source/images/Front.JPG"), "images/cover.jpg"),
    (Path("/p/source/cover.png"), "images/cover.png"),
])
def test_cover_name(cover, expected):
    assert documents.cover_name(SimpleNamespace(cover=cover)) == expected


def test_documents_come_in_reading_order(docs):
    assert [(d.id, d.file_name, d.title) for d in docs] == [
        ("cover", "cover.xhtml", "Cover"), ("titlepage", "titlepage.xhtml", "Title Page"),
        ("copyright", "copyright.xhtml", "Copyright"), ("nav", "nav.xhtml", "Contents"),
        ("chapter-1", "one.xhtml", "One"), ("chapter-2", "two.xhtml", "Two"),
        ("about", "about.xhtml", "About the Author")]


def test_documents_carry_their_landmarks(docs):
    assert [d.landmark for d in docs] == ["cover", "titlepage", "copyright-page", "toc", "bodymatter", "", ""]


def test_the_nav_lists_cover_contents_and_start_as_landmarks(docs):
    nav = next(d for d in docs if d.id == "nav").content
    landmarks = nav[nav.index('epub:type="landmarks"'):]
    assert [line.strip() for line in landmarks.splitlines() if "<li>" in line] == [
        '<li><a epub:type="cover" href="cover.xhtml">Cover</a></li>',
        '<li><a epub:type="toc" href="nav.xhtml">Contents</a></li>',
        '<li><a epub:type="bodymatter" href="one.xhtml">Start of Content</a></li>']


def test_the_nav_lists_chapters_sections_and_the_about_page(docs):
    nav = next(d for d in docs if d.id == "nav").content
    toc = nav[:nav.index('epub:type="landmarks"')]
    assert [line.strip() for line in toc.splitlines() if "href=" in line and "css" not in line] == [
        '<li><a href="one.xhtml">One</a></li>', '<li><a href="two.xhtml">Two</a><ol>',
        '<li><a href="two.xhtml#a-section">A Section</a></li>',
        '<li><a href="about.xhtml">About the Author</a></li>']


@pytest.mark.parametrize("doc_id,present,absent", [
    ("chapter-1", ['href="two.xhtml#a-section"', 'href="#c1-fn-1"'], ['href="#a-section"']),
    ("chapter-2", ['href="one.xhtml#one"', 'href="#c2-fn-1"'], ['href="#one"']),
])
def test_chapter_documents_link_across_files(docs, doc_id, present, absent):
    content = next(d for d in docs if d.id == doc_id).content
    assert all(p in content for p in present)
    assert not any(a in content for a in absent)


def test_chapter_documents_are_xhtml_in_the_books_language(docs):
    content = next(d for d in docs if d.id == "chapter-1").content
    assert content.startswith("<?xml")
    assert 'xml:lang="en"' in content and 'xmlns:epub="http://www.idpf.org/2007/ops"' in content


def test_without_a_bio_there_is_no_about_page(tmp_path):
    book = make_book(tmp_path, bio=False)
    docs = documents.render_documents(book, templates.get_environment(book.layouts))
    assert [d.id for d in docs] == ["cover", "titlepage", "copyright", "nav", "chapter-1", "chapter-2"]
    assert "about.xhtml" not in docs[3].content


# -- the EPUB container (writers/epub/container.py) ---------------------------------------

WHEN = _dt.datetime(2024, 1, 2, 3, 4, 6, tzinfo=_dt.UTC)


def raw_zip(path: Path, entries: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in (entries or {"EPUB/b.xhtml": b"<b/>", "mimetype": b"application/epub+zip",
                                       "META-INF/container.xml": b"<c/>", "EPUB/a.css": b"a{}"}).items():
            info = zipfile.ZipInfo(name, date_time=(2001, 2, 3, 4, 5, 6))
            info.external_attr = 0o100600 << 16
            z.writestr(info, data, zipfile.ZIP_DEFLATED)
    return path


@pytest.fixture
def repacked(tmp_path):
    target = tmp_path / "out.epub"
    container.repack(raw_zip(tmp_path / "raw.zip"), target, WHEN)
    with zipfile.ZipFile(target) as z:
        yield z


def test_repack_puts_mimetype_first_then_sorted_names(repacked):
    assert repacked.namelist() == ["mimetype", "EPUB/a.css", "EPUB/b.xhtml", "META-INF/container.xml"]


def test_repack_stores_mimetype_and_deflates_the_rest(repacked):
    assert [i.compress_type for i in repacked.infolist()] == \
        [zipfile.ZIP_STORED] + [zipfile.ZIP_DEFLATED] * 3


def test_repack_keeps_the_contents(repacked):
    assert {n: repacked.read(n) for n in repacked.namelist()} == {
        "mimetype": b"application/epub+zip", "EPUB/a.css": b"a{}", "EPUB/b.xhtml": b"<b/>",
        "META-INF/container.xml": b"<c/>"}


def test_repack_gives_every_entry_the_same_time_and_mode(repacked):
    assert {(i.date_time, i.external_attr >> 16, i.create_system) for i in repacked.infolist()} == \
        {((2024, 1, 2, 3, 4, 6), 0o100644, 3)}


def test_the_mimetype_entry_is_readable_at_its_fixed_offset(tmp_path):
    target = tmp_path / "out.epub"
    container.repack(raw_zip(tmp_path / "raw.zip"), target, WHEN)
    assert target.read_bytes()[30:58] == b"mimetypeapplication/epub+zip"


@pytest.mark.parametrize("when,date_time", [
    (_dt.datetime(2024, 1, 2, 1, 0, tzinfo=_dt.timezone(_dt.timedelta(hours=2))), (2024, 1, 1, 23, 0, 0)),
    (_dt.datetime(1970, 1, 1, tzinfo=_dt.UTC), (1980, 1, 1, 0, 0, 0)),
])
def test_repack_time_is_utc_and_never_before_1980(tmp_path, when, date_time):
    target = tmp_path / "out.epub"
    container.repack(raw_zip(tmp_path / "raw.zip"), target, when)
    with zipfile.ZipFile(target) as z:
        assert {i.date_time for i in z.infolist()} == {date_time}


def test_repack_gives_the_same_bytes_for_the_same_content(tmp_path):
    first, second = tmp_path / "1.epub", tmp_path / "2.epub"
    container.repack(raw_zip(tmp_path / "raw1.zip"), first, WHEN)
    shuffled = {"META-INF/container.xml": b"<c/>", "EPUB/a.css": b"a{}", "mimetype": b"application/epub+zip",
                "EPUB/b.xhtml": b"<b/>"}
    container.repack(raw_zip(tmp_path / "raw2.zip", shuffled), second, WHEN)
    assert first.read_bytes() == second.read_bytes()


def test_repack_applies_a_transform_to_its_entry_only(tmp_path):
    target = tmp_path / "out.epub"
    container.repack(raw_zip(tmp_path / "raw.zip"), target, WHEN,
                     {"EPUB/b.xhtml": lambda data: data.replace(b"b", b"strong")})
    with zipfile.ZipFile(target) as z:
        assert (z.read("EPUB/b.xhtml"), z.read("EPUB/a.css")) == (b"<strong/>", b"a{}")


# -- the package fix-up (writers/epub/package.py) --------------------------------------------

@pytest.mark.parametrize("opf,lang,expected", [
    (b'<?xml version="1.0"?>\n<package version="3.0">x</package>', "fr",
     b'<?xml version="1.0"?>\n<package xml:lang="fr" version="3.0">x</package>'),
    (b"<package a><package b>", "pt-BR", b'<package xml:lang="pt-BR" a><package b>'),
    (b"<opf/>", "en", b"<opf/>"),
])
def test_fix_opf_gives_the_package_its_language_once(opf, lang, expected):
    assert package._fix_opf(opf, lang) == expected


# -- the print document (writers/pdf/document.py) --------------------------------------------

def geometry(trim: str) -> dict:
    width, height = TRIM_SIZES[trim] if trim in TRIM_SIZES else trim.split("x")
    return document.page_geometry(SimpleNamespace(print=PrintOptions(trim=trim, width=width, height=height),
                                                  language=SimpleNamespace(script="Latn", grid=False)))


def mm(value: str) -> float:
    assert value.endswith("mm")
    return float(value[:-2])


@pytest.mark.parametrize("trim,inside,outside,top,bottom", [
    ("a5", "19.2mm", "23.7mm", "17.9mm", "24.2mm"),
    ("6x9", "19.8mm", "24.4mm", "19.4mm", "26.3mm"),
    ("letter", "28.1mm", "69.8mm", "23.7mm", "32.1mm"),
    ("100mmx160mm", "15.0mm", "16.0mm", "13.6mm", "18.4mm"),
])
def test_page_geometry(trim, inside, outside, top, bottom):
    g = geometry(trim)
    assert (g["inside"], g["outside"], g["top"], g["bottom"]) == (inside, outside, top, bottom)


@pytest.mark.parametrize("trim", ["a5", "6x9", "5x8", "a4", "letter", "100mmx160mm"])
def test_the_gutter_is_at_least_15_mm(trim):
    assert mm(geometry(trim)["inside"]) >= 15.0


@pytest.mark.parametrize("trim,measure", [("a5", 105.1), ("6x9", 108.2), ("a4", 118.0), ("letter", 118.0)])
def test_the_measure_is_what_the_margins_leave_at_most_118_mm(trim, measure):
    g = geometry(trim)
    width = document._mm(g["width"])
    assert width - mm(g["inside"]) - mm(g["outside"]) == pytest.approx(measure, abs=0.11)


@pytest.mark.parametrize("trim", ["a5", "6x9", "5x8", "a4"])
def test_the_outside_margin_is_wider_than_the_gutter(trim):
    g = geometry(trim)
    assert mm(g["outside"]) > mm(g["inside"])


def test_page_geometry_passes_the_trim_and_print_options_through():
    options = PrintOptions(trim="6x9", width="6in", height="9in", press=True, font_size="11pt")
    g = document.page_geometry(SimpleNamespace(print=options, language=SimpleNamespace(script="Latn", grid=False)))
    assert (g["width"], g["height"], g["press"], g["font_size"]) == ("6in", "9in", True, "11pt")


@pytest.mark.parametrize("length,expected", [("148mm", 148.0), ("6in", 152.4), ("2cm", 20.0), ("72pt", 25.4)])
def test_lengths_in_mm(length, expected):
    assert document._mm(length) == pytest.approx(expected)


@pytest.fixture(scope="module")
def print_html(book):
    return document.render_html(book)


@pytest.mark.parametrize("piece", ['<html lang="en" dir="ltr">', "<title>Tiny</title>",
                                   '<meta name="author" content="A. Author">',
                                   '<meta name="dcterms.created" content="2024-01-02T00:00:00Z">'])
def test_render_html_has_the_books_head(print_html, piece):
    assert piece in print_html


def test_render_html_holds_every_chapter_in_its_print_form(print_html, book):
    assert all(c.html.strip().splitlines()[0] in print_html for c in book.chapters)
    assert print_html.index('id="one"') < print_html.index('id="two"')


def test_render_html_in_another_language(tmp_path):
    html = document.render_html(make_book(tmp_path, lang="fr"))
    assert '<html lang="fr" dir="ltr">' in html and "<title>Tiny</title>" in html


def test_render_html_of_some_chapters_without_front_matter(book, print_html):
    html = document.render_html(book, chapters=[book.chapters[1]], front=False, about=False)
    assert 'id="two"' in html and 'id="one"' not in html
    assert 'class="half-title"' in print_html and 'class="half-title"' not in html


@pytest.mark.parametrize("text,expected", [('Say "hi"', 'Say \\"hi\\"'), ("a\\b", "a\\\\b"), ("a\nb", "a b")])
def test_css_string(text, expected):
    assert document._css_string(text) == expected


@pytest.mark.parametrize("variant,expected", [
    ("pdf/ua-1", {"pdf_tags": True, "uncompressed_pdf": False, "custom_metadata": False, "pdf_variant": "pdf/ua-1"}),
    ("none", {"pdf_tags": True, "uncompressed_pdf": False, "custom_metadata": False}),
])
def test_pdf_options(variant, expected):
    assert document.pdf_options(SimpleNamespace(print=PrintOptions(variant=variant))) == expected


# -- PDF parts (writers/pdf/parts.py) -----------------------------------------------------

def sized(*sizes: int, levels: tuple[int, ...] = (), extra: int = 0):
    """Chapters of `sizes` steps of parts.SIZE_STEP characters (the first `extra` more)."""
    levels = levels or (1,) * len(sizes)
    return SimpleNamespace(chapters=[
        SimpleNamespace(html="x" * (n * parts.SIZE_STEP - parts.SIZE_STEP // 2
                                    + (extra if i == 0 else 0)), level=level, part="")
        for i, (n, level) in enumerate(zip(sizes, levels))])


@pytest.mark.parametrize("sizes,n,expected", [
    ((10, 10, 10, 10), 2, [[0, 1], [2, 3]]),
    ((10, 10, 10, 10), 4, [[0], [1], [2], [3]]),
    ((10, 10, 10, 10), 1, [[0, 1, 2, 3]]),
    ((30, 10, 10, 10), 2, [[0], [1, 2, 3]]),
    ((10, 10, 10, 30), 2, [[0, 1, 2], [3]]),
    ((5, 5), 4, [[0], [1]]),
    ((7,), 3, [[0]]),
])
def test_groups(sizes, n, expected):
    assert parts.groups(sized(*sizes), n) == expected


@pytest.mark.parametrize("sizes,n", [
    ((1, 1, 1, 1, 100), 2), ((100, 1, 1, 1, 1), 3), (tuple(range(1, 30)), 4), ((3,) * 7, 3),
    ((50, 1, 50, 1, 50, 1), 5), ((1,) * 3, 8),
])
def test_groups_cover_every_chapter_in_order_in_at_most_n_nonempty_runs(sizes, n):
    runs = parts.groups(sized(*sizes), n)
    assert [i for run in runs for i in run] == list(range(len(sizes)))
    assert all(runs) and len(runs) <= n


@pytest.mark.parametrize("n", [2, 3, 4, 6])
def test_groups_of_even_chapters_are_about_equal(n):
    sizes = (100,) * 12
    totals = [sum(sizes[i] for i in run) for run in parts.groups(sized(*sizes), n)]
    assert len(totals) == n and max(totals) - min(totals) <= max(sizes)


def test_a_small_edit_leaves_the_cuts_where_they_were():
    """Kept parts stay valid: a sentence more in a chapter does not move a cut."""
    before = parts.groups(sized(10, 10, 10, 10, 10, 10), 3)
    assert parts.groups(sized(10, 10, 10, 10, 10, 10, extra=80), 3) == before


def test_a_run_never_starts_with_a_subchapter():
    """A sub-chapter follows on without a recto: a run cut before it would open on one."""
    runs = parts.groups(sized(10, 10, 10, 10, 10, 10, levels=(1, 2, 2, 2, 1, 2)), 3)
    assert runs == [[0, 1, 2, 3], [4, 5]]


def test_groups_of_no_chapters():
    assert parts.groups(sized(), 3) == []


@pytest.mark.parametrize("number,expected", [(0, "\u2007\u20070"), (7, "\u2007\u20077"), (42, "\u200742"),
                                             (123, "123"), (1234, "1234")])
def test_padded(number, expected):
    assert parts.padded(number) == expected


@pytest.mark.parametrize("html,own,expected", [
    ('<a href="#one">x</a>', {"one"}, '<a href="#one">x</a>'),
    ('<a href="#two">x</a>', {"one"}, f'<a href="{XREF}two">x</a>'),
    ('<a href="#a&amp;b">x</a>', set(), f'<a href="{XREF}a%26b">x</a>'),
    ('<a href="#глава">x</a>', set(), f'<a href="{XREF}%D0%B3%D0%BB%D0%B0%D0%B2%D0%B0">x</a>'),
    ('<a href="#a b">x</a>', {"a b"}, '<a href="#a b">x</a>'),
    ('<a href="https://x.org/#two">x</a>', set(), '<a href="https://x.org/#two">x</a>'),
    ('<a href="#one">1</a><a href="#two">2</a>', {"two"}, f'<a href="{XREF}one">1</a><a href="#two">2</a>'),
])
def test_cross_links_mark_links_to_what_another_part_holds(html, own, expected):
    assert parts._cross_links(html, own) == expected


def test_a_chapter_part_marks_links_into_other_parts(book):
    html = parts.part_html(book, [0], back=False)
    assert f'href="{XREF}a-section"' in html and 'id="one"' in html and 'id="two"' not in html


def test_the_last_part_keeps_links_to_its_own_ids(book):
    html = parts.part_html(book, [0, 1], back=True)
    assert 'href="#a-section"' in html and 'href="#one"' in html and XREF not in html


def test_the_front_part_marks_its_contents_links_and_takes_page_numbers(book):
    html = parts.part_html(book, None, back=False, toc_pages={"one": "\u2007\u20075", "two": "\u2007\u20077",
                                                              "a-section": "\u2007\u20078",
                                                              "about-author": "\u2007\u20079"})
    assert f'href="{XREF}one"' in html and 'href="#one"' not in html
    assert 'class="chapter"' not in html


def test_placeholder_pages_cover_the_contents_and_the_bio(book):
    assert parts._placeholder_pages(book) == {k: "\u2007\u20070" for k in ("one", "two", "a-section",
                                                                          "about-author")}


# -- PDF variants (writers/pdf/variants.py) ------------------------------------------------

def test_variants_are_weasyprints_own_sorted_without_debug_then_none(monkeypatch):
    fake = types.ModuleType("weasyprint.pdf")
    fake.VARIANTS = {"pdf/x-4": None, "debug": None, "pdf/a-3b": None, "pdf/ua-1": None}
    from publish.writers.pdf.engine import weasyprint

    monkeypatch.setattr(weasyprint, "pdf", fake)
    variants.variants.cache_clear()
    try:
        assert variants.variants() == ("pdf/a-3b", "pdf/ua-1", "pdf/x-4", "none")
    finally:
        variants.variants.cache_clear()


def test_the_real_variants_include_the_default_and_none_last():
    found = variants.variants()
    assert config_mod.DEFAULT_VARIANT in found and "pdf/a-3b" in found and "debug" not in found
    assert found[-1] == variants.NONE == "none"
    assert list(found[:-1]) == sorted(found[:-1])


@pytest.mark.parametrize("script,grid", [("Hans", True), ("Jpan", True), ("Latn", False)])
def test_chinese_and_japanese_measures_are_whole_ems(script, grid):
    """WeasyPrint justifies at spaces only: a CJK measure of whole ems keeps lines flush."""
    options = PrintOptions(trim="a5", width="148mm", height="210mm")
    g = document.page_geometry(SimpleNamespace(print=options, language=SimpleNamespace(script=script, grid=grid)))
    measure = 148 - float(g["inside"][:-2]) - float(g["outside"][:-2])
    em = document._mm(options.font_size)
    ems = measure / em
    assert (abs(ems - round(ems)) < 0.02) == grid
