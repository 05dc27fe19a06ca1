"""What CLDR knows of a language: its quotes (through PyICU), its numbers and dates (Babel).

Shipped language files carry their quotes as data (checked against CLDR by the tests);
these functions serve the rules every language gets (number grouping, the space before
% and units) and a language no file describes: any BCP 47 tag CLDR knows builds, with
CLDR's quotes, Babel's dates and direction, its script's font and English labels (each
one listed in a warning, for the project's own languages/<code>.toml to translate).
"""
from __future__ import annotations

import re
from functools import lru_cache

_SPACES = (" ", "\u00a0", "\u202f")
# Unit symbols after a number (the space before them becomes CLDR's, and no line breaks there).
_UNITS = r"(?:km²|km|cm|mm|m²|m|kg|kW|MW|GW|ha|°C)"
# Scripts with spaces between phrases, not words: justified at the spaces, a line opens rivers.
PHRASE_SPACED = ("Thai", "Laoo", "Khmr", "Mymr")
# Scripts written without spaces between words: straight quotes pair by alternation.
UNSPACED = PHRASE_SPACED + ("Hans", "Hant", "Jpan")


@lru_cache(maxsize=None)
def quotes(locale: str) -> tuple[str, str, str, str] | None:
    """CLDR's outer open, outer close, inner open, inner close for `locale` (ICU's data)."""
    try:
        import icu
    except ImportError:          # PyICU is a dependency; without it, a language file's own
        return None
    data = icu.LocaleData(locale)
    kinds = icu.ULocaleDataDelimiterType
    return tuple(data.getDelimiter(k) for k in (kinds.QUOTATION_START, kinds.QUOTATION_END,
                                                kinds.ALT_QUOTATION_START,
                                                kinds.ALT_QUOTATION_END))


@lru_cache(maxsize=None)
def number_rules(locale: str) -> tuple[tuple[re.Pattern, str], ...]:
    """Rules for numbers as CLDR writes them in `locale`:
    - digit groups typed with a space are joined by the locale's own (no-break) group space;
    - a percent sign takes the locale's space before it, or none;
    - a unit symbol typed after a space is tied to its number by the locale's space."""
    from babel import numbers, units

    rules = []
    group = numbers.get_group_symbol(locale)
    if group in _SPACES:
        rules.append((re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))"),
                      "\u00a0" if group == " " else group))
    percent = re.fullmatch(r"50([ \u00a0\u202f]?)%", numbers.format_percent(0.5, locale=locale))
    if percent:
        rules.append((re.compile(r"(?<=\d)[ \u00a0\u202f]?%"), percent.group(1) + "%"))
    unit = re.fullmatch(r"5([ \u00a0\u202f])km", units.format_unit(5, "length-kilometer",
                                                                   length="short", locale=locale))
    if unit:
        space = "\u00a0" if unit.group(1) == " " else unit.group(1)
        rules.append((re.compile(rf"(?<=\d)[ \u00a0\u202f](?={_UNITS}(?!\w))"), space))
    return tuple(rules)


def script_of(locale) -> str:
    """The locale's script: its own subtag, else CLDR's likely one (am → Ethi, zh_TW → Hant)."""
    from babel.core import get_global

    if locale.script:
        return locale.script
    likely = get_global("likely_subtags")
    found = likely.get(f"{locale.language}_{locale.territory}") or likely.get(locale.language, "")
    return next((p for p in found.split("_")[1:] if len(p) == 4), "Latn")


def likely_script(code: str) -> str:
    """CLDR's likely script for a BCP 47 tag (zh-TW: Hant, zh: Hans, sr-ME: Latn), or ""
    for a tag CLDR does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        return script_of(Locale.parse(code.replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        return ""


@lru_cache(maxsize=None)
def data_for(code: str) -> dict | None:
    """A language file's data for a tag CLDR knows, or None; of the labels, only its name."""
    from babel import Locale, UnknownLocaleError

    from publish.fonts.families import DESIGNED_SCRIPTS, for_script

    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    script = script_of(locale)
    name = locale.get_display_name(locale) or code
    if script in DESIGNED_SCRIPTS | {"Armn"}:     # a name starts a menu item (Georgian has no case)
        name = name[:1].upper() + name[1:]
    found = quotes(str(locale)) or ("“", "”", "‘", "’")
    import pyphen

    return {
        "name": name, "babel_locale": str(locale), "script": script,
        "direction": locale.text_direction, "fonts": list(for_script(script)),
        "emphasis": "italic" if script in DESIGNED_SCRIPTS else "bold",
        "hyphenate": pyphen.language_fallback(str(locale)) is not None,
        "typography": {"quotes": list(found), "rules": [],
                       "quotes_by": "alternation" if script in UNSPACED else "context"},
        "justify": "ragged" if script in PHRASE_SPACED else "spaces",
        "labels": {"language_name": name},     # the rest: English (languages/__init__.py)
    }


@lru_cache(maxsize=None)
def numbering_system(locale: str) -> str:
    """CLDR's default numbering system for `locale` (Babel): arabext for fa_IR and ps, beng
    for bn_BD, deva for ne and mr, mymr for my; latn for ar since CLDR 42, and most others."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(locale).default_numbering_system or "latn"
    except (ValueError, TypeError, UnknownLocaleError):
        return "latn"


@lru_cache(maxsize=None)
def digits(system: str) -> str:
    """The ten digits of a CLDR numbering system (ICU's data), or "" for one that has none
    (an algorithmic system such as roman, or an unknown name)."""
    if system == "latn":
        return "0123456789"
    try:
        import icu

        found = icu.NumberingSystem.createInstanceByName(system)
    except Exception:             # ICU raises its own error type for an unknown name
        return ""
    described = found.getDescription() if found is not None else ""
    if found is None or found.isAlgorithmic() or found.getRadix() != 10 or len(described) != 10:
        return ""
    return described


def to_digits(text: str, digits: str) -> str:
    """`text` with its ASCII digits replaced by `digits` (the ten of a numbering system)."""
    if digits == "0123456789" or not digits:
        return text
    return text.translate(str.maketrans("0123456789", digits))


# The calendars a project may choose for its dates (book.toml's `calendar`): ICU's names.
CALENDARS = ("gregorian", "persian", "islamic", "islamic-civil", "islamic-umalqura", "hebrew",
             "buddhist", "japanese", "indian", "coptic", "ethiopic", "roc")


def format_date(date, locale: str, calendar: str = "gregorian", *, year: bool = False) -> str:
    """The long date in `locale` (or its year alone), with ASCII digits: Babel's for the
    Gregorian calendar, ICU's for another (Babel converts no calendar): 2026-12-07 in persian
    is '16 آذر 1405'."""
    if calendar == "gregorian":
        from babel.dates import format_date as babel_date

        return str(date.year) if year else babel_date(date, format="long", locale=locale)
    import icu

    gmt = icu.TimeZone.getGMT()
    gregorian = icu.GregorianCalendar(gmt)
    gregorian.clear()
    gregorian.set(date.year, date.month - 1, date.day)
    where = icu.Locale(f"{locale}@calendar={calendar};numbers=latn")
    formatter = icu.SimpleDateFormat("y", where) if year else \
        icu.DateFormat.createDateInstance(icu.DateFormat.LONG, where)
    formatter.setTimeZone(gmt)
    return formatter.format(gregorian.getTime())
