"""Issue 24, item 5: numbers as the language writes them, and where a language's data file
says how its text is justified and its quotes paired.

Folios, contents numbers, note numbers and dates take the digits of CLDR's default
numbering system for the language (Babel says which, ICU gives the digits); a project may
choose the calendar of its dates (ICU converts, Babel cannot)."""
from __future__ import annotations

import datetime as dt

import pytest

from publish import templates
from publish.languages import get_language
from publish.languages.cldr import digits, format_date, numbering_system, to_digits
from publish.paths import PACKAGE_LAYOUTS
from publish.writers.pdf import parts

DAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize("code,system,twelve", [
    ("fa", "arabext", "۱۲"), ("ps", "arabext", "۱۲"), ("bn", "beng", "১২"), ("my", "mymr", "၁၂"),
    ("ne", "deva", "१२"), ("mr", "deva", "१२"),
    # Babel's CLDR (42 on) gives ar, with no region, Latin digits (ar_EG and ar_SA: arab).
    ("ar", "latn", "12"), ("en", "latn", "12"), ("hi", "latn", "12"), ("th", "latn", "12"),
])
def test_each_language_numbers_in_cldrs_default_system(code, system, twelve):
    language = get_language(code)
    assert (language.numbering, language.number(12)) == (system, twelve)


def test_babel_and_icu_agree_on_the_arabic_regions():
    assert (numbering_system("ar"), numbering_system("ar_EG"), numbering_system("ar_MA")) == \
        ("latn", "arab", "latn")
    assert digits("arab") == "٠١٢٣٤٥٦٧٨٩" and digits("arabext") == "۰۱۲۳۴۵۶۷۸۹"


@pytest.mark.parametrize("system", ["roman", "nope", "hanidays"])
def test_a_system_without_ten_digits_has_none(system):
    assert digits(system) == ""


def test_a_language_file_may_choose_its_numbering(tmp_path):
    (tmp_path / "languages").mkdir()
    (tmp_path / "languages" / "ar.toml").write_text('numbering = "arab"\n', encoding="utf-8")
    assert get_language("ar", tmp_path).number("2026") == "٢٠٢٦"


@pytest.mark.parametrize("code,calendar,expected", [
    ("fa", "gregorian", "۷ دسامبر ۲۰۲۶"),
    ("fa", "persian", "۱۶ آذر ۱۴۰۵"),          # ICU: 7 December 2026 is 16 Azar 1405
    ("en", "gregorian", "7 December 2026"),
    ("en", "persian", "16 Azar 1405 AP"),
    ("bn", "gregorian", "৭ ডিসেম্বর, ২০২৬"),
    ("ru", "gregorian", "7 декабря 2026\u202fг."),
])
def test_dates_in_the_languages_digits_and_the_chosen_calendar(code, calendar, expected):
    assert get_language(code).format_date(DAY, calendar) == expected


def test_the_solar_hijri_year_and_date_with_western_digits_before_conversion():
    assert format_date(DAY, "fa_IR", "persian") == "16 آذر 1405"
    assert format_date(DAY, "fa_IR", "persian", year=True) == "1405"
    assert get_language("fa").format_year(DAY, "persian") == "۱۴۰۵"
    assert get_language("en").format_year(DAY) == "2026"


def test_digits_are_replaced_and_nothing_else():
    assert to_digits("p. 12, 2026-12-07", "۰۱۲۳۴۵۶۷۸۹") == "p. ۱۲, ۲۰۲۶-۱۲-۰۷"
    assert to_digits("12", "0123456789") == "12"


@pytest.mark.parametrize("number,digits_,expected", [
    (7, "0123456789", "\u2007\u20077"), (42, "۰۱۲۳۴۵۶۷۸۹", "\u2007۴۲"), (123, "০১২৩৪৫৬৭৮৯", "১২৩"),
])
def test_contents_numbers_are_padded_in_the_languages_digits(number, digits_, expected):
    assert parts.padded(number, digits_) == expected


def _css(name: str, **context) -> str:
    env = templates.get_environment((PACKAGE_LAYOUTS,))
    page = dict(width="148mm", height="210mm", top="1mm", bottom="1mm", inside="1mm",
                outside="1mm", press=False, font_size="10pt", cmyk=False)
    return templates.render(env, name, faces=[], family="F", mono="M", page=page,
                            running_verso="x", **context)


def _rule(css: str, selector: str) -> str:
    return next(line for line in css.splitlines() if line.startswith(selector + " {"))


@pytest.mark.parametrize("justify,print_align,epub_rule", [
    ("spaces", "text-align: justify;", "text-align: justify; }"),
    ("ragged", "text-align: start;", "text-align: start; }"),
    # WeasyPrint 70 has no text-justify: print sets it ragged; an e-reader may justify.
    ("inter-character", "text-align: start;", "text-align: justify; text-justify: inter-character; }"),
])
def test_the_stylesheets_justify_as_the_language_says(justify, print_align, epub_rule):
    assert print_align in _rule(_css("css/print.css", justify=justify), "p")
    assert _rule(_css("css/epub.css", justify=justify), "p").endswith(epub_rule)


@pytest.mark.parametrize("code,justify", [("lo", "ragged"), ("th", "ragged"), ("km", "ragged"),
                                          ("my", "ragged"), ("fa", "spaces"), ("ar", "spaces"),
                                          ("en", "spaces"), ("ja", "spaces")])
def test_the_phrase_spaced_scripts_are_set_ragged(code, justify):
    assert get_language(code).justify == justify


def test_folios_contents_and_notes_count_in_the_languages_digits():
    css = _css("css/print.css", digits="۰۱۲۳۴۵۶۷۸۹", direction="rtl")
    assert '@counter-style folio { system: numeric; symbols: "۰" "۱" "۲"' in css
    assert css.count("counter(page, folio)") == 2
    assert "counter(footnote, folio)" in css and "system: extends folio" in css
    latin = _css("css/print.css")
    assert "counter(page, decimal)" in latin and "system: extends decimal" in latin


def test_right_to_left_paragraphs_get_their_indent_at_their_start():
    """WeasyPrint 70 puts a right-to-left first line's text-indent at its end: the indent is
    an empty box at its start instead."""
    rtl, ltr = _css("css/print.css", direction="rtl"), _css("css/print.css")
    assert 'p + p::before { content: ""; display: inline-block; width: 1em; }' in rtl
    assert "::before" not in ltr.replace("hr::after", "")
