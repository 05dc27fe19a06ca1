"""The KEPUB writer (writers/kepub/) on the example book's six editions, and through the build."""
from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from conftest import icu_sentences, run_epubcheck
from publish import build as build_mod, writers
from publish.build import build
from publish.writers.kepub import derive

X = "http://www.w3.org/1999/xhtml"
OPF = "http://www.idpf.org/2007/opf"
NS = {"x": X, "opf": OPF}
LANGS = ("en", "fr", "ru", "lo", "ar", "zh-Hans")
LEFT_ALONE = {"pre", "script", "style", "svg", "math"}


@pytest.fixture(scope="module")
def kepubs(seed_epubs, tmp_path_factory):
    out = tmp_path_factory.mktemp("kepub")
    made = {}
    for lang, epub in seed_epubs.items():
        made[lang] = out / epub.name.replace(".epub", ".kepub.epub")
        derive(epub, made[lang])
    return made


def entries(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def documents(path) -> dict[str, etree._Element]:
    return {name: etree.fromstring(data) for name, data in entries(path).items()
            if name.endswith(".xhtml")}


def chapter(path) -> etree._Element:
    """The edition's one chapter (the document whose body is the bodymatter)."""
    return next(root for root in documents(path).values()
                if root.find("x:body", NS).get("{http://www.idpf.org/2007/ops}type") == "bodymatter")



def spans_by_sentence(p: etree._Element, lang: str) -> list[str]:
    """The paragraph's span texts joined per ICU sentence of its text; fails if a span
    crosses a sentence end or text lies outside every span."""
    text = "".join(p.itertext())
    ends, at = [], 0
    for sentence in icu_sentences(text, lang):
        at += len(sentence)
        ends.append(at)
    groups, cursor = [""] * len(ends), 0
    for span in p.iter(f"{{{X}}}span"):
        if span.get("class") != "koboSpan":
            continue
        start = text.index(span.text, cursor)
        assert not text[cursor:start].strip(), f"text outside the spans: {text[cursor:start]!r}"
        cursor = start + len(span.text)
        index = next(i for i, end in enumerate(ends) if start < end)
        assert cursor <= ends[index], f"span {span.text!r} crosses a sentence end"
        groups[index] += span.text
    assert not text[cursor:].strip()
    return groups


def test_each_of_the_six_editions_gives_a_kepub_under_its_name(kepubs, seed_epubs):
    assert sorted(kepubs) == sorted(LANGS)
    writer = writers.get_writer("kepub")
    for lang, path in kepubs.items():
        assert path.name == writers.output_name("russia-and-laos", lang, writer)
        assert path.name.endswith(".kepub.epub") and zipfile.is_zipfile(path)
        with zipfile.ZipFile(path) as z:
            first = z.infolist()[0]
            assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
            assert z.read("mimetype") == b"application/epub+zip"


@pytest.mark.parametrize("lang", LANGS)
def test_every_paragraph_is_cut_into_icus_sentences_in_its_language(kepubs, lang):
    root = chapter(kepubs[lang])
    paragraphs = root.findall(".//x:p", NS)
    several = 0
    for p in paragraphs:
        sentences = icu_sentences("".join(p.itertext()), lang)
        assert spans_by_sentence(p, lang) == sentences
        several += len(sentences) > 1
    # Each edition has paragraphs of several sentences: Chinese, Arabic and Lao too.
    assert several >= 3, f"{lang}: {several} paragraphs of more than one sentence"


@pytest.mark.parametrize("lang", ["zh-Hans", "ar"])
def test_a_plain_paragraph_in_chinese_or_arabic_has_one_span_per_sentence(kepubs, lang):
    root = chapter(kepubs[lang])
    plain = [p for p in root.findall(".//x:p", NS)
             if all(c.get("class") == "koboSpan" for c in p) and len(p) > 2]
    assert plain
    for p in plain:
        assert [s.text for s in p] == icu_sentences("".join(p.itertext()), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_documents_are_well_formed_ids_unique_text_all_in_spans(kepubs, seed_epubs, lang):
    before = documents(seed_epubs[lang])
    for name, root in documents(kepubs[lang]).items():
        ids = root.xpath("//@id")
        assert len(ids) == len(set(ids)), name
        body = root.find("x:body", NS)
        assert [c.get("id") for c in body] == ["book-columns"]
        assert [c.get("id") for c in body[0]] == ["book-inner"]
        assert root.find("x:head/x:style[@class='kobostylehacks']", NS) is not None
        for el in body.iter():
            name_ = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if name_ in LEFT_ALONE or any(etree.QName(a).localname in LEFT_ALONE
                                          for a in el.iterancestors()):
                continue
            if el.text and el.text.strip():
                assert el.get("class") == "koboSpan", (name, el.text)
            if el.tail and el.tail.strip():
                assert el.getparent().get("class") == "koboSpan", (name, el.tail)
        # the same text as the EPUB's, in the same order
        old = "".join("".join(before[name].find("x:body", NS).itertext()).split())
        assert "".join("".join(body.itertext()).split()) == old


def test_the_cover_is_marked_and_in_a_span_of_its_own_and_other_files_are_kept(kepubs,
                                                                            seed_epubs):
    new, old = entries(kepubs["en"]), entries(seed_epubs["en"])
    assert sorted(new) == sorted(old)
    assert {n for n in new if new[n] != old[n]} == \
        {n for n in new if n.endswith(".xhtml")}
    opf = etree.fromstring(new["EPUB/content.opf"])
    cover = opf.find(".//opf:item[@id='cover-image']", NS)
    assert cover.get("properties") == "cover-image"
    img = etree.fromstring(new["EPUB/cover.xhtml"]).find(".//x:img", NS)
    assert img.getparent().get("class") == "koboSpan"


def test_writing_from_the_book_gives_the_same_bytes_as_deriving_from_the_epub(seed_books,
                                                                            kepubs, tmp_path):
    path = build_mod.write(seed_books["en"], "kepub", tmp_path)
    assert path.name == kepubs["en"].name
    assert path.read_bytes() == kepubs["en"].read_bytes()
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == [path.name]


def test_the_build_derives_the_kepub_from_the_epub_without_reading_the_book(seed_config,
                                                                          tmp_path, monkeypatch):
    out = tmp_path / "out"
    epub, kepub = build(seed_config, ("epub", "kepub"), ("fr",), out)
    assert (epub.fmt, kepub.fmt, kepub.path.name) == ("epub", "kepub",
                                                      "russia-and-laos-fr.kepub.epub")

    def no_reading(*args, **kwargs):
        raise AssertionError("the book was read again")

    monkeypatch.setattr(build_mod, "load_book", no_reading)
    kepub.path.unlink()
    again = build(seed_config, ("kepub",), ("fr",), out)       # the EPUB is up to date
    assert again[0].path.read_bytes() == derive_bytes(epub.path, tmp_path)
    assert build(seed_config, ("kepub",), ("fr",), out)[0].cached


def derive_bytes(epub, tmp_path) -> bytes:
    target = tmp_path / "again.kepub.epub"
    derive(epub, target)
    return target.read_bytes()


@pytest.mark.java
def test_epubcheck_finds_nothing_in_a_kepub(kepubs):
    """One JVM (seconds) for one book: the Arabic one, right to left, its spans in Arabic
    sentences (all six were checked by hand: the same result)."""
    messages = run_epubcheck(kepubs["ar"])
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING", "INFO")] == []
    assert {m["ID"] for m in messages if m["severity"] == "USAGE"} <= {"CSS-028"}


def test_a_kepub_whose_epub_fails_fails_with_it_and_leaves_the_old_file(seed_config, seed_books,
                                                                        tmp_path, monkeypatch):
    import dataclasses

    from publish.build import build_editions

    out = tmp_path / "out"
    old = out / "russia-and-laos-en.kepub.epub"
    old.parent.mkdir()
    old.write_bytes(b"the previous KEPUB")
    epub = writers.get_writer("epub")

    def crash(book, target, jobs=None):
        raise RuntimeError("boom")

    monkeypatch.setitem(writers.registry(), "epub", dataclasses.replace(epub, write=crash))
    outcome = build_editions(seed_config, ("epub", "kepub"), ("en",), out,
                             books={"en": seed_books["en"]})
    assert outcome.results == []
    assert [(f.fmt, str(f.error)) for f in outcome.failed] == \
        [("epub", "internal error: RuntimeError: boom"), ("kepub", "internal error: RuntimeError: boom")]
    assert old.read_bytes() == b"the previous KEPUB"
    assert not (out / ".cache/outputs/russia-and-laos-en.kepub.epub.json").exists()
