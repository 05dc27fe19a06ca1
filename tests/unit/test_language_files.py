"""Issue 12: every shipped language file, checked against CLDR (PyICU, Babel) and the fonts.

What a language file says of quotes, names, direction, script and hyphenation is data
typed once; CLDR is the second source it must agree with (or say, in `cldr_quotes`, why
book typography departs from it). Each language's typography is then tried on input and
expected output."""
from __future__ import annotations

import tomllib
from pathlib import Path

import icu
import pyphen
import pytest
from babel import Locale

from publish.fonts import stack
from publish.fonts.families import FAMILIES
from publish.languages import LABEL_KEYS, SHIPPED, available, get_language
from publish.languages.cldr import quotes as cldr_quotes
from publish.languages.cldr import script_of
from publish.render.typography import typeset

NBSP, NNBSP = "\u00a0", "\u202f"
ISSUE_LANGUAGES = (
    "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv "   # EU
    "ru uk be sr sr-Latn mk tr ar he fa ur hi bn ta zh-Hans zh-Hant ja ko th lo km vi id ms sw"
).split()
SHIPPED_CODES = sorted(p.stem for p in SHIPPED.glob("*.toml"))


def raw(code: str) -> dict:
    return tomllib.loads((SHIPPED / f"{code}.toml").read_text(encoding="utf-8"))


def test_every_language_the_issue_names_is_shipped():
    assert len(ISSUE_LANGUAGES) == 49          # 48 languages, Serbian in both scripts
    assert set(ISSUE_LANGUAGES) <= set(available())


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_every_label_is_there_and_its_placeholders_kept(code):
    labels = get_language(code).labels
    assert all(labels[key].strip() for key in LABEL_KEYS if key != "isbn")
    assert "{fonts}" in labels["typeset_in"] and "{n}" in labels["footnote_ref"]
    # The layout puts the colon after a label (published_by is followed by the name as the
    # language writes it: "Издатель: …").
    assert not any(":" in labels[k] or "：" in labels[k] for k in LABEL_KEYS if k != "published_by")


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_quotes_are_cldrs_or_say_why_not(code):
    """CLDR's delimiters through ICU: a file that departs from them names CLDR's own."""
    language = get_language(code)
    typography = raw(code).get("typography", {})
    cldr = list(cldr_quotes(language.babel_locale))
    if "quotes" not in typography:                  # a region file: its language's, checked there
        return
    if typography["quotes"] != cldr:
        assert typography.get("cldr_quotes") == cldr, f"{code}: quotes differ from CLDR's {cldr}"
        assert "# " in (SHIPPED / f"{code}.toml").read_text(encoding="utf-8").split("cldr_quotes")[0]


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_name_direction_and_script_agree_with_cldr(code):
    language = get_language(code)
    locale = Locale.parse(language.babel_locale)
    own_name = locale.get_language_name(locale).casefold()
    assert own_name in language.name.casefold() or language.name.casefold() in own_name
    assert language.labels["language_name"] == language.name
    assert language.direction == locale.text_direction
    assert language.script == ("Latn" if code == "sr-Latn" else script_of(locale))


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_the_fonts_cover_every_letter_of_the_language(code):
    """CLDR's exemplar characters (both cases) all have a glyph in the book's fonts."""
    language = get_language(code)
    letters = set("".join(icu.LocaleData(language.babel_locale).getExemplarSet(0, 0)))
    letters |= {ch.upper() for ch in letters if len(ch.upper()) == 1}
    chosen = stack.choose(language.fonts, "".join(letters))
    assert chosen.missing == ()
    assert chosen.body[0] == language.fonts[0] and all(n in FAMILIES for n in language.fonts)


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_hyphenation_has_a_dictionary(code):
    language = get_language(code)
    if not language.hyphenate:
        return
    if "/" in language.hyphenation:
        assert Path(language.hyphenation).is_file()        # Debian's hyphen-* (set-up installs it)
        assert pyphen.Pyphen(filename=language.hyphenation).inserted("parameterisation") is not None
    else:
        assert pyphen.language_fallback(language.code.replace("-", "_")) is not None


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_nested_quotes_and_the_apostrophe(code):
    language = get_language(code)
    o_open, o_close, i_open, i_close = language.typography.quotes
    space = language.typography.quote_space
    assert typeset('"ab "cd" ef"', language) == \
        f"{o_open}{space}ab {i_open}cd{i_close} ef{space}{o_close}"
    assert typeset("l'a", language) == "l’a"


@pytest.mark.parametrize("code,text,expected", [
    # Quotes as the issue gives them.
    ("de", '"a "b" c"', "„a ‚b‘ c“"),
    ("de-CH", '"a "b" c"', "«a ‹b› c»"),
    ("pl", '"ab "cd" ef"', "„ab «cd» ef”"),
    ("cs", '"ab "cd" ef"', "„ab ‚cd‘ ef“"),
    ("sv", '"a "b" c"', "”a ’b’ c”"),
    ("fi", '"a "b" c"', "”a ’b’ c”"),
    ("ja", '"a "b" c"', "「a 『b』 c」"),
    ("zh-Hant", '"a "b" c"', "「a 『b』 c」"),
    ("zh-Hans", '"a "b" c"', "“a ‘b’ c”"),
    ("da", '"a "b" c"', "»a ›b‹ c«"),
    # One-letter words kept off the line end.
    ("cs", "a v lese k domu", f"a{NBSP}v{NBSP}lese k{NBSP}domu"),
    ("sk", "s bratom a sestrou", f"s{NBSP}bratom a{NBSP}sestrou"),
    ("pl", "w domu i z kotem", f"w{NBSP}domu i{NBSP}z{NBSP}kotem"),
    ("de", "a v lese", "a v lese"),
    # French spacing, and its Swiss and Canadian variants.
    ("fr", "Oui ? Non ; voici : « x »", f"Oui{NNBSP}? Non{NNBSP}; voici{NBSP}: «{NNBSP}x{NNBSP}»"),
    ("fr-CA", "Oui ? voici : x", f"Oui{NNBSP}? voici{NBSP}: x"),
    ("fr-CH", "Oui ? voici : x", f"Oui{NNBSP}? voici{NNBSP}: x"),
    # Numbers: CLDR's group space and the space before % and units.
    ("ru", "8 000 человек, 50 %", f"8{NNBSP}000 человек, 50{NBSP}%"),   # ru.toml: a thin group space
    ("cs", "8 000 lidí, 50 %, 5 km", f"8{NBSP}000 lidí, 50{NBSP}%, 5{NBSP}km"),
    ("de", "8 000 Menschen, 50 %, 5 km", f"8 000 Menschen, 50{NBSP}%, 5{NBSP}km"),
    ("en", "8,000 people, 50 %, 5 km", f"8,000 people, 50%, 5{NBSP}km"),
    ("sv", "8 000 personer, 5 km", f"8{NBSP}000 personer, 5{NBSP}km"),
    # Dashes.
    ("de", "Text -- mehr", f"Text{NBSP}– mehr"),
    ("uk", "Текст -- ще", f"Текст{NBSP}— ще"),
    ("zh-Hans", "文字--更多", "文字——更多"),
    ("es", "texto --- más", "texto — más"),
    # Swiss German has no ß.
    ("de-CH", "Die Straße ist groß", "Die Strasse ist gross"),
])
def test_typography_input_and_expected(code, text, expected):
    assert typeset(text, get_language(code)) == expected


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_typesetting_is_idempotent(code):
    language = get_language(code)
    once = typeset('He said "it is -- 8 000 km, 50 %" a v lese... l\'a', language)
    assert typeset(once, language) == once


@pytest.mark.parametrize("code,expected", [
    ("am", ("«", "»", "‹", "›")), ("ka", ("„", "“", "«", "»")), ("hy", ("«", "»", "«", "»")),
    ("my", ("“", "”", "‘", "’")),
])
def test_a_language_known_only_to_cldr_gets_cldrs_quotes_and_english_labels(code, expected):
    language = get_language(code)
    assert language.typography.quotes == expected
    assert language.labels["contents"] == "Contents"
    assert "contents" in language.untranslated and "language_name" not in language.untranslated
    assert language.fonts[0] != "Source Serif 4"           # its script's own family


@pytest.mark.parametrize("code,locale,date", [
    ("de-CH", "de_CH", "29. Mai 2024"), ("fr-CA", "fr_CA", "29 mai 2024"),
    ("pt-BR", "pt_BR", "29 de maio de 2024"), ("en-US", "en_US", "May 29, 2024"),
    ("es-MX", "es_MX", "29 de mayo de 2024"),
])
def test_a_region_tag_is_its_language_in_the_regions_locale(code, locale, date):
    import datetime as dt

    language = get_language(code)
    assert (language.babel_locale, language.format_date(dt.date(2024, 5, 29))) == (locale, date)
    assert language.labels["contents"] == get_language(code.split("-")[0]).labels["contents"]


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_straight_single_quotes_are_the_inner_quotes(code):
    """'…' typed on a keyboard is the language's inner pair; an apostrophe stays one."""
    language = get_language(code)
    _, _, i_open, i_close = language.typography.quotes
    assert typeset("'ab cd' l'ab, the cats' bowls", language) == \
        f"{i_open}ab cd{i_close} l’ab, the cats’ bowls"


@pytest.mark.parametrize("code,base,contents", [
    ("zh-TW", "zh-Hant", "目錄"), ("zh-HK", "zh-Hant", "目錄"), ("zh", "zh-Hans", "目录"),
    ("zh-SG", "zh-Hans", "目录"), ("sr-ME", "sr-Latn", "Sadržaj"), ("sr-RS", "sr", "Садржај"),
])
def test_a_region_written_in_another_script_takes_that_scripts_file(code, base, contents):
    language = get_language(code)
    assert (language.files[-1].stem, language.labels["contents"], language.untranslated) == \
        (base, contents, ())


@pytest.mark.parametrize("code,grid,small_caps", [
    ("zh-Hans", True, False), ("zh-Hant", True, False), ("ja", True, False), ("ko", False, False),
    ("ar", False, False), ("lo", False, False), ("ru", False, True), ("el", False, True),
    ("en", False, True),
])
def test_how_a_script_is_set(code, grid, small_caps):
    """Chinese and Japanese on a grid of whole ems; letter-spaced small caps only where the
    designed faces set the script."""
    language = get_language(code)
    assert (language.grid, language.small_caps) == (grid, small_caps)


def test_a_books_font_stack_is_kept_for_that_book_only(monkeypatch):
    """fonts.stack.for_book keeps the last book's stack (a PDF's parts each ask for it):
    the same Book gets it again without its text being read again, another Book (a
    character more) its own."""
    from dataclasses import replace

    from publish import config as config_mod, fonts
    from publish.build import load_book
    from conftest import FIXTURES

    book = load_book(config_mod.load(FIXTURES / "multi"), "en")
    read = []
    real = fonts.code_text
    monkeypatch.setattr(fonts, "code_text", lambda markup: read.append(1) or real(markup))
    first = stack.for_book(book)
    assert len(read) == len(book.chapters)
    assert stack.for_book(book) is first and len(read) == len(book.chapters)
    greek = replace(book, text=book.text + " Ωμέγα")
    assert "Ω" not in first.texts.get("Source Serif 4", "")
    assert "Ω" in stack.for_book(greek).texts["Source Serif 4"]
    assert stack.for_book(book) == first
