"""A work in three editions (tests/fixtures/translated): translators in the OPF and on the title and
copyright pages in each edition's words, each output's own ISBN, the original as dc:source,
and the OPDS catalog and the preview linking the editions (issue 25)."""
from __future__ import annotations

import dataclasses
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest

from conftest import FIXTURES
from publish import config as config_mod
from publish.build import load_book, write

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "a": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGS = ("en", "fr", "ru")
CREDIT = {"en": None, "fr": "Traduit de l’anglais par Anne Dupont et Luc Martin",
          "ru": "Перевод с английского: Иван Петров"}
EPUB_ISBN = {"en": "9780000000019", "fr": "9780000000026", "ru": "9780000000057"}


@pytest.fixture(scope="module")
def books():
    config = config_mod.load(FIXTURES / "translated")
    return {lang: load_book(config, lang) for lang in LANGS}


@pytest.fixture(scope="module")
def epubs(books, tmp_path_factory):
    out = tmp_path_factory.mktemp("translated")
    return {lang: write(book, "epub", out) for lang, book in books.items()}


def _opf(path) -> ET.Element:
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read("EPUB/content.opf"))


def _text(path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read(f"EPUB/{name}"))
    return " | ".join(" ".join("".join(p.itertext()).split())
                      for p in root.iter(f"{{{NS['x']}}}p"))


def _refines(metadata: ET.Element, uid: str) -> dict[str, tuple[str, dict]]:
    return {m.get("property"): (m.text, {k: v for k, v in m.attrib.items()
                                         if k not in ("refines", "property")})
            for m in metadata.findall("opf:meta", NS) if m.get("refines") == f"#{uid}"}


def test_translators_are_contributors_with_the_marc_role_trl(epubs):
    metadata = _opf(epubs["fr"]).find("opf:metadata", NS)
    contributors = metadata.findall("dc:contributor", NS)
    assert [c.text for c in contributors] == ["Anne Dupont", "Luc Martin"]
    assert _refines(metadata, contributors[0].get("id")) == {
        "role": ("trl", {"scheme": "marc:relators"}), "file-as": ("Dupont, Anne", {})}
    assert [c.text for c in metadata.findall("dc:creator", NS)] == ["Mary Holt"]


def test_a_name_in_another_script_is_an_alternate_script_in_its_language(epubs):
    metadata = _opf(epubs["ru"]).find("opf:metadata", NS)
    (contributor,) = metadata.findall("dc:contributor", NS)
    refines = _refines(metadata, contributor.get("id"))
    assert contributor.text == "Иван Петров"
    assert refines["file-as"] == ("Петров, Иван", {})
    assert refines["alternate-script"] == ("Ivan Petrov", {XML_LANG: "en"})


def test_the_original_has_no_translators_and_no_source(epubs):
    metadata = _opf(epubs["en"]).find("opf:metadata", NS)
    assert metadata.findall("dc:contributor", NS) == [] and metadata.find("dc:source", NS) is None
    assert "Translat" not in _text(epubs["en"], "titlepage.xhtml") + \
        _text(epubs["en"], "copyright.xhtml")


@pytest.mark.parametrize("lang", ["fr", "ru"])
def test_the_credit_is_on_the_title_and_copyright_pages_in_the_editions_words(epubs, lang):
    assert CREDIT[lang] in _text(epubs[lang], "titlepage.xhtml").split(" | ")
    assert CREDIT[lang] in _text(epubs[lang], "copyright.xhtml")


def test_each_edition_carries_its_own_isbn_and_the_original_as_source(epubs):
    for lang, isbn in EPUB_ISBN.items():
        metadata = _opf(epubs[lang]).find("opf:metadata", NS)
        assert metadata.findtext("dc:identifier", namespaces=NS) == f"urn:isbn:{isbn}"
        assert f"ISBN {isbn}" in _text(epubs[lang], "copyright.xhtml")
        if lang != "en":
            assert metadata.findtext("dc:source", namespaces=NS) == "urn:isbn:9780000000019"


@pytest.mark.parametrize(("lang", "press", "isbn"), [
    ("fr", False, "9780000000033"),      # the PDF's own
    ("fr", True, "9780000000040"),       # made for the press: the print book's
    ("ru", False, "9780000000064"),      # no PDF ISBN: the print book's (the same pages)
])
def test_the_pdfs_copyright_page_prints_the_pdf_or_print_isbn(books, monkeypatch, tmp_path,
                                                              lang, press, isbn):
    from publish.writers import pdf
    from publish.writers.pdf import writer
    from publish.writers.pdf.document import render_html

    seen = {}
    monkeypatch.setattr(writer, "write_pdf", lambda book, target, jobs: seen.setdefault("b", book))
    book = books[lang]
    pdf.write(dataclasses.replace(book, print=dataclasses.replace(book.print, press=press)),
              tmp_path / "x.pdf")
    html = render_html(seen["b"], chapters=())
    copyright_page = html.split('class="copyright-page"')[1].split("</section>")[0]
    assert f"ISBN {isbn}" in copyright_page and CREDIT[lang] in copyright_page
    title_page = html.split('class="title-page"')[1].split("</section>")[0]
    assert f'<p class="tp-translation">{CREDIT[lang]}</p>' in title_page


def test_the_opds_entries_link_the_other_editions(books):
    from publish.catalog import Entry, make_catalog, opds1
    from publish.serve.routes import ADDRESSES

    catalog = make_catalog("T", [Entry(books[lang].metadata, books[lang].labels["language_name"])
                                 for lang in LANGS])
    entry = ET.fromstring(opds1.entry_document(catalog, catalog.entries[1], ADDRESSES))   # French
    alternates = [(link.get("hreflang"), link.get("href"), link.get("type"))
                  for link in entry.findall("a:link", NS) if link.get("rel") == "alternate"]
    assert alternates == [("en", "/opds/entry-lantern-en", opds1.ENTRY),
                          ("ru", "/opds/entry-lantern-ru", opds1.ENTRY)]
    assert [c.findtext("a:name", namespaces=NS) for c in entry.findall("a:contributor", NS)] == \
        ["Anne Dupont", "Luc Martin"]


def test_the_preview_links_the_other_editions(books):
    from publish.serve.preview import Chrome, Link, render_book

    chrome = Chrome(lang="fr", watch="fr", version=1, nonce="n", font_url=lambda face: "/f",
                    languages=tuple(Link(lang, f"/{lang}/", lang=lang, current=lang == "fr")
                                    for lang in LANGS))
    html = render_book(books["fr"], books["fr"].layouts, chrome)
    head = html.split("</head>")[0]
    assert re.findall(r'<link rel="alternate" type="text/html" hreflang="(\w+)" href="([^"]+)"',
                      head) == [("en", "/en/"), ("ru", "/ru/")]
    assert f'<p class="tp-translation">{CREDIT["fr"]}</p>' in html


def _two_editions(tmp_path, code: str, text: str, translator: str):
    source = tmp_path / "source"
    for lang, body in (("en", "# One\n\nText.\n"), (code, text)):
        (source / lang).mkdir(parents=True)
        (source / lang / "01.md").write_text(body, encoding="utf-8")
    (source / "book.toml").write_text(
        f'slug = "s"\nlanguages = ["en", "{code}"]\ndate = 2025-01-01\ntitle = "T"\n'
        f'[[authors]]\nname = "A"\n[translators]\n{code} = ["{translator}"]\n', encoding="utf-8")
    return config_mod.load(tmp_path)


def test_a_language_without_the_phrase_is_credited_neutrally_with_one_warning(tmp_path):
    from publish import checks

    config = _two_editions(tmp_path, "th", "# หนึ่ง\n\nข้อความ\n", "สมชาย ใจดี")
    book = load_book(config, "th")
    assert book.metadata.translation == "อังกฤษ → ไทย: สมชาย ใจดี"
    assert [m.text for m in checks.check_book(book, config.path) if m.code == "labels"] == [
        "language 'th' (ไทย) has no words for the translation credit, which is given in a "
        "neutral form; add them to languages/th.toml: translated_from, translated_by"]
    assert [m for m in checks.check_book(load_book(config, "en"), config.path)
            if m.code == "labels"] == []


@pytest.mark.parametrize(("code", "text", "credit"), [
    ("ja", "# 一\n\n本文。\n", "山田 花子 訳（原語：英語）"),
    ("zh-Hans", "# 一\n\n正文。\n", "山田 花子 译自英语"),
])
def test_a_cjk_edition_with_a_translator_credits_them_in_its_words(tmp_path, code, text, credit):
    from publish import checks

    config = _two_editions(tmp_path, code, text, "山田 花子")
    book = load_book(config, code)
    assert book.metadata.translation == credit
    assert [m for m in checks.check_book(book, config.path) if m.code == "labels"] == []
