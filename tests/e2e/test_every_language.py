"""Issue 12: a short book in every shipped language, as EPUB and PDF.

For each one: its labels, quotes and date appear; lang, xml:lang, dc:language and the
PDF's /Lang are its tag; every page reads as its typesetter would set it (no label left
without its no-break space); and no character falls back to a font the book did not embed."""
from __future__ import annotations

import copy
import re
import subprocess
import zipfile
from datetime import date

import pikepdf
import pytest
from lxml import etree

from publish import config as config_mod
from publish.build import build, load_book
from publish.checks import check_book
from publish.fonts.families import FAMILIES
from publish.languages import SHIPPED, get_language
from publish.render.typography import typeset, typeset_tree

pytestmark = pytest.mark.slow

CODES = sorted(p.stem for p in SHIPPED.glob("*.toml"))
XHTML = "{http://www.w3.org/1999/xhtml}"
DESIGNED = set(FAMILIES) | {"Source Code Pro"}
ZWSP = "\u200b"


def _chapter(code: str) -> str:
    from babel.dates import get_month_names

    language = get_language(code)
    months = " ".join(get_month_names("wide", locale=language.babel_locale).values())
    return (f"# {language.labels['chapter']} 1\n\n"
            f'"{language.name}" {months}.\n\n## {language.labels["notes"]}\n\n{months}\n')


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    root = tmp_path_factory.mktemp("every-language")
    source = root / "source"
    titles = "\n".join(f'"{code}" = "{get_language(code).name}"' for code in CODES)
    (source).mkdir()
    (source / "book.toml").write_text(
        f'slug = "every"\nlanguages = [{", ".join(repr(c).replace(chr(39), chr(34)) for c in CODES)}]\n'
        f'date = 2024-05-29\npublisher = "P"\ndescription = "D"\nrights = "R"\nsubjects = ["S"]\n'
        f'[title]\n{titles}\n[[authors]]\nname = "A. Author"\n', encoding="utf-8")
    for code in CODES:
        (source / code).mkdir()
        (source / code / "01-one.md").write_text(_chapter(code), encoding="utf-8")
    config = config_mod.load(root)
    results = build(config, ("epub", "pdf"), CODES, root / "out", jobs=2)
    outputs = {(r.lang, r.fmt): r.path for r in results}
    return config, outputs


def _docs(epub):
    with zipfile.ZipFile(epub) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith(".xhtml")}, \
            z.read("EPUB/content.opf").decode("utf-8")


@pytest.mark.parametrize("code", CODES)
def test_the_epub_is_in_its_language(books, code):
    config, outputs = books
    language = get_language(code)
    docs, opf = _docs(outputs[(code, "epub")])
    assert f"<dc:language>{code}</dc:language>" in opf
    if language.direction == "rtl":
        assert 'page-progression-direction="rtl"' in opf
    for name, data in docs.items():
        root = etree.fromstring(data)
        assert (root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang"),
                root.get("dir")) == (code, code, language.direction), name
    text = {name: "".join(etree.fromstring(d).itertext()).replace(ZWSP, "") for name, d in docs.items()}
    labels = language.labels
    o_open, o_close, _, _ = language.typography.quotes
    space = language.typography.quote_space
    assert labels["contents"] in text["EPUB/nav.xhtml"]
    assert typeset(language.format_date(date(2024, 5, 29)), language) in text["EPUB/copyright.xhtml"]
    assert labels["identifier"] in text["EPUB/copyright.xhtml"]
    assert f"{o_open}{space}{language.name}{space}{o_close}" in text["EPUB/one.xhtml"]


@pytest.mark.parametrize("code", CODES)
def test_every_page_is_typeset(books, code):
    """No label or punctuation a layout adds is left as a typesetter would not set it
    (French « Identifiant : » with its no-break space, as in the chapters)."""
    _, outputs = books
    language = get_language(code)
    docs, _ = _docs(outputs[(code, "epub")])
    for name, data in docs.items():
        body = etree.fromstring(data).find(f"{XHTML}body")
        again = copy.deepcopy(body)
        typeset_tree(again, language)
        # Break opportunities (U+200B) in Thai, Lao and Khmer are not a slip of spacing: the
        # title page sets the book's title as given.
        assert etree.tostring(again, encoding="unicode").replace(ZWSP, "") == \
            etree.tostring(body, encoding="unicode").replace(ZWSP, ""), name


@pytest.mark.parametrize("code", CODES)
def test_the_pdf_is_in_its_language_and_its_fonts(books, code):
    _, outputs = books
    path = outputs[(code, "pdf")]
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == code
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    embedded = {line.split()[0].split("+", 1)[-1] for line in fonts.splitlines()[2:]}
    families = {next((f for f in DESIGNED if name.replace(",", "").startswith(f.replace(" ", "-"))),
                     name) for name in embedded}
    assert families <= DESIGNED, families - DESIGNED
    assert get_language(code).fonts[0] in families
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])       # embedded


@pytest.mark.parametrize("code", CODES)
def test_the_pdf_shows_its_date_and_contents_label(books, code):
    _, outputs = books
    language = get_language(code)
    text = subprocess.run(["pdftotext", str(outputs[(code, "pdf")]), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = re.sub(r"[\s\u200b]+", "", text)
    label = re.sub(r"\s+", "", language.labels["contents"])
    if language.script == "Khmr":
        # Khmer's ligatures (មា, a consonant and its vowel in one glyph) come back from
        # pdftotext as their last character only: the label is checked in the EPUB, and
        # the rendered pages were looked at.
        label = None
    elif language.script in ("Taml", "Beng", "Deva"):
        # pdftotext gives a vowel sign written on both sides of its consonant (Tamil ொ,
        # Khmer ោ) in glyph order: the consonants are compared, the marks set aside.
        flat, label = _consonants(flat), _consonants(label)
    assert label is None or label in flat
    assert language.number("2024") in flat       # in its digits: ২০২৪ in Bengali


def _consonants(text: str) -> str:
    import unicodedata

    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))


@pytest.mark.parametrize("code", CODES)
def test_no_character_lacks_a_font(books, code):
    config, _ = books
    book = load_book(config, code)
    assert [m for m in check_book(book, config.path) if m.code.startswith("font")] == []
