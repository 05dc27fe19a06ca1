"""Languages: one data file each (`<code>.toml` here, or in a project's `languages/`), read into a Language.

A Language carries everything the pipeline needs to know of it: its labels, the
Babel locale for dates, its quotes and typographic rules, hyphenation, direction,
script and fonts. The code holds no per-language table: adding a language is adding
a file, and a project's `languages/<code>.toml` adds one or overrides a shipped one
key by key (only what it sets changes).
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from publish import tomlfile
from publish.errors import ConfigError

SHIPPED = Path(__file__).resolve().parent
PROJECT_FOLDER = "languages"        # <project>/languages/<code>.toml
# Every label the built-in layouts use; a language file must give each one.
LABEL_KEYS = ("contents", "cover", "title_page", "copyright", "about_author", "notes",
              "landmarks", "start", "back_to_note", "note", "half_title", "published_by",
              "all_rights", "identifier", "isbn", "series", "date", "typeset_in",
              "footnote_ref", "chapter", "language_name")
# Labels of the translation credit ("Translated from the Russian by …"; "Translated by …"),
# with {language} and {translators} in them: a file may leave them out, and an edition with
# translators then prints a neutral form (render/credits.py) and says they are missing.
TRANSLATION_LABELS = ("translated_from", "translated_by")
# Labels of magazine articles (issue 26): the byline ("By {names}") and the back-of-book
# Contributors page's title; render/article.py puts a neutral form where a file has none.
ARTICLE_LABELS = ("byline", "contributors")
# A BCP 47 tag as used for folders and lang attributes: en, pt-BR, zh-Hant, sr-Latn.
CODE_RE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?\Z")
# Labels a language file may leave out: the punctuation the layouts put between a label and
# what follows it (a CJK or Arabic-script file sets its own: "：", "، ", "۔").
OPTIONAL_LABELS = {"colon": ": ", "comma": ", ", "full_stop": "."}
DIRECTIONS = ("ltr", "rtl")
# How the title runs up a book's spine: English and American books read top to bottom (the
# book lying face up), French, German and much of continental Europe bottom to top.
SPINES = ("top-to-bottom", "bottom-to-top")
# The top-level keys of a language file: (type, what it is).
KEYS: dict[str, tuple[type, str]] = {
    "name": (str, "the language's own name"),
    "babel_locale": (str, "Babel locale for dates, e.g. fr_FR"),
    "script": (str, "ISO 15924 script code, e.g. Latn"),
    "direction": (str, "ltr or rtl"),
    "spine": (str, "how the title runs on a printed spine: top-to-bottom (the default) or "
                   "bottom-to-top"),
    "hyphenate": (bool, "whether body text is hyphenated"),
    "fonts": (list, "font families for body text, in order of preference"),
    "emphasis": (str, "how emphasis is set: italic, or bold for a script with no italic"),
    "hyphenation": (str, "a pyphen dictionary name, or a hyphenation file (Debian hyphen-*)"),
    "typography": (dict, "quotes, quote_space and rules"),
    "justify": (str, "how body text fills the measure: spaces (justified at the spaces), "
                     "inter-character (between letters, where the reader can), or ragged"),
    "numbering": (str, "CLDR numbering system of folios, note numbers and dates, e.g. arabext "
                       "(default: the locale's, from Babel)"),
    "labels": (dict, "every label the layouts use"),
    "from_language": (list, "rules [pattern, replacement], applied in order, that write CLDR's "
                            "name of the language a book is translated from as translated_from "
                            "wants it (du russe, Russischen, с английского)"),
}
EMPHASES = ("italic", "bold")
JUSTIFY = ("spaces", "inter-character", "ragged")
# How a straight double quote is paired: by the letter before it (a quote after a letter
# closes), or by alternation, for scripts written without spaces, where one opens after a
# letter as often as it closes (彼は"友人"と).
QUOTES_BY = ("context", "alternation")
# Chinese and Japanese are set on a grid of whole ems (writers/pdf/document.py, the CSS).
GRID_SCRIPTS = ("Hans", "Hant", "Jpan")


@dataclass(frozen=True)
class Typography:
    """A language's typographic conventions, as the typesetter applies them."""

    quotes: tuple[str, str, str, str]          # outer open, outer close, inner open, inner close
    quote_space: str                           # space set inside the outer quotes (French)
    own_rules: tuple[tuple[re.Pattern, str], ...]  # the language's own regex rules, in order
    nobreak_after: tuple[str, ...] = ()        # one-letter words tied to the next word (cs, pl)
    numbers_locale: str = ""                   # CLDR's number rules of this locale go first
    quotes_by: str = "context"                 # or "alternation" (QUOTES_BY)

    @property
    def rules(self) -> tuple[tuple[re.Pattern, str], ...]:
        """Every rule in order: CLDR's number rules (read from Babel when first asked for:
        a build that finds its outputs up to date never needs them), then the file's own,
        which have the last word."""
        if not self.numbers_locale:
            return self.own_rules
        from publish.languages.cldr import number_rules

        return number_rules(self.numbers_locale) + self.own_rules


@dataclass(frozen=True)
class Language:
    """One language as the pipeline knows it; `files` are the data files it was read from."""

    code: str                       # BCP 47 tag, as in lang, xml:lang and dc:language
    name: str
    babel_locale: str
    script: str
    direction: str
    hyphenate: bool
    fonts: tuple[str, ...]
    typography: Typography
    labels: Mapping[str, str]
    files: tuple[Path, ...] = field(default=(), compare=False)
    digest: str = ""                # of the merged data: what a cache keys rendered text by
    emphasis: str = "italic"
    hyphenation: str = ""           # pyphen dictionary (name or file); "" for none
    untranslated: tuple[str, ...] = ()   # labels still in English (a language known only to CLDR)
    justify: str = "spaces"         # JUSTIFY
    numbering_chosen: str = ""      # the data file's numbering system; "": CLDR's default
    from_language: tuple[tuple[re.Pattern, str], ...] = ()   # KEYS["from_language"]
    spine: str = "top-to-bottom"    # SPINES: how the cover spread sets the spine's title

    @property
    def numbering(self) -> str:
        """The CLDR numbering system whose digits write every number: the data file's, else
        CLDR's default for the locale, looked up only now (Babel loads all of a locale's data
        to say it: a config naming six languages paid 40 ms for the five not built)."""
        from publish.languages.cldr import numbering_system

        return self.numbering_chosen or numbering_system(self.babel_locale)

    @property
    def digits(self) -> str:
        """The ten digits of the language's numbering system (0123456789, ۰۱۲۳۴۵۶۷۸۹)."""
        from publish.languages.cldr import digits

        return digits(self.numbering)

    def number(self, text: str | int) -> str:
        """`text` with its ASCII digits written in the language's own: 12 -> ۱۲ in Persian."""
        from publish.languages.cldr import to_digits

        return to_digits(str(text), self.digits)

    def label(self, key: str) -> str:
        return self.labels[key]

    @property
    def grid(self) -> bool:
        """Set on a grid of whole ems (Chinese, Japanese)."""
        return self.script in GRID_SCRIPTS

    @property
    def small_caps(self) -> bool:
        """Written in a script of the designed faces, which have small caps and italics (and
        are letter-spaced in running heads: spacing Arabic apart would break its joins)."""
        from publish.fonts.families import DESIGNED_SCRIPTS

        return self.script in DESIGNED_SCRIPTS

    def format_date(self, date: _dt.date, calendar: str = "gregorian") -> str:
        """The long date form readers expect: '29 May 2024', '29 mai 2024', '29 мая 2024 г.',
        in the language's digits and the `calendar` (persian: '۱۶ آذر ۱۴۰۵')."""
        from publish.languages.cldr import format_date

        return self.number(format_date(date, self.babel_locale, calendar))

    def format_year(self, date: _dt.date, calendar: str = "gregorian") -> str:
        """The date's year, as the copyright line gives it: 2024, ۱۴۰۵ (persian)."""
        from publish.languages.cldr import format_date

        return self.number(format_date(date, self.babel_locale, calendar, year=True))


def available(project: Path | None = None) -> tuple[str, ...]:
    """Every language code with a data file: the shipped ones and the project's own."""
    own = project / PROJECT_FOLDER if project else None
    return tuple(sorted(set(_shipped_codes()) | {p.stem for p in (own.glob("*.toml") if own and
                                                                  own.is_dir() else ())
                                                 if CODE_RE.fullmatch(p.stem)}))


@lru_cache(maxsize=1)
def _shipped_codes() -> tuple[str, ...]:
    """The shipped data files' codes (listed once: a catalog loads hundreds of projects)."""
    return tuple(p.stem for p in SHIPPED.glob("*.toml") if CODE_RE.fullmatch(p.stem))


def get_language(code: str, project: Path | None = None, *, path: Path | None = None,
                 key: str | None = None, line: int | None = None) -> Language:
    """The Language for `code`, from the shipped file and the project's own (which wins).

    An unknown code is a ConfigError at `path:line` (`key`) listing the known ones;
    a bad data file is a ConfigError naming that file and the key.
    """
    project = _resolved(project) if project else None
    parent = code.rsplit("-", 1)[0] if "-" in code else ""
    if not _has_file(code, project) and not (parent and _has_file(parent, project)) \
            and not _cldr_knows(code):
        raise ConfigError(f"unknown language '{code}': no data file, and CLDR does not know it "
                          f"(add {PROJECT_FOLDER}/{code}.toml to the project; "
                          f"shipped: {', '.join(available(project))})",
                          path=path, key=key, line=line)
    # A project without language files of its own shares the shipped Language (one load
    # for many projects: `publish catalog` and `publish all` over a catalog).
    return _load(code, project if project and (project / PROJECT_FOLDER).is_dir() else None)


@lru_cache(maxsize=1024)
def _resolved(project: Path | str) -> Path:
    """A project folder's real path, found once (a catalog loads hundreds of configs)."""
    return Path(project).resolve()


def _has_file(code: str, project: Path | None) -> bool:
    """Whether a data file describes `code` (what available() lists, without listing)."""
    if not CODE_RE.fullmatch(code):
        return False
    return (SHIPPED / f"{code}.toml").is_file() or \
        bool(project and (project / PROJECT_FOLDER / f"{code}.toml").is_file())


def _cldr_knows(code: str) -> bool:
    from publish.languages.cldr import data_for

    return CODE_RE.fullmatch(code) is not None and data_for(code) is not None


@lru_cache(maxsize=None)
def _load(code: str, project: Path | None) -> Language:
    data, files, texts = _data(code, project)
    return _language(code, data, tuple(files), texts)


def _data(code: str, project: Path | None) -> tuple[dict[str, Any], list[Path], dict]:
    """The merged data of `code`: a region or script tag (de-CH, pt-PT) starts from its
    language's (de, pt) in the region's own locale; a tag no file describes, from CLDR's;
    then the shipped file and the project's own, each on top."""
    own = [f for f in (SHIPPED / f"{code}.toml",
                       project / PROJECT_FOLDER / f"{code}.toml" if project else None)
           if f is not None and f.is_file()]
    parent = _inherits(code, project)
    data: dict[str, Any] = {}
    texts: dict = {}
    inherited: list[Path] = []
    if parent:
        data, inherited, texts = _data(parent, project)
        data = _regional(dict(data), code)
    elif not (SHIPPED / f"{code}.toml").is_file():
        from publish.languages.cldr import data_for

        known = data_for(code)               # a language CLDR knows and no file describes
        if known is not None:
            english = {k: v for k, v in _load("en", None).labels.items()
                       if k not in TRANSLATION_LABELS + ARTICLE_LABELS}   # neutral, not English
            data = {**known, "labels": {**english, **known["labels"]},
                    "untranslated": [k for k in LABEL_KEYS if k not in ("language_name", "isbn")]}
    for file in own:
        table, texts[file] = tomlfile.read(file, ConfigError)
        _check_keys(table, file, texts[file])
        set_labels = table.get("labels", {})
        data = _merge(data, table)
        if "untranslated" in data:
            data["untranslated"] = [k for k in data["untranslated"] if k not in set_labels]
    return data, inherited + own, texts


def _inherits(code: str, project: Path | None) -> str | None:
    """The language a tag with no file of its own starts from: its parent (de for de-CH), or
    the variant of its script where CLDR writes the region in another one than the parent
    (zh-TW in zh-Hant, zh in zh-Hans, sr-ME in sr-Latn)."""
    if _has_file(code, project) and "-" not in code:
        return None
    from publish.languages.cldr import likely_script

    parent = code.rsplit("-", 1)[0] if "-" in code else None
    script = likely_script(code)
    variant = f"{code.split('-')[0]}-{script}" if script else None
    if variant and variant != code and not code.startswith(variant) and _has_file(variant, project) \
            and not (parent and _has_file(parent, project) and _load(parent, project).script == script):
        return variant
    return parent if parent and _has_file(parent, project) else None


def _regional(data: dict[str, Any], code: str) -> dict[str, Any]:
    """A language's data for one of its regions: Babel's locale for the region (its dates and
    numbers) and, where the language follows CLDR's quotes, the region's (de-CH aside: its
    book typography is in de-CH.toml)."""
    from babel import Locale, UnknownLocaleError

    from publish.languages.cldr import quotes

    try:
        locale = str(Locale.parse(code.replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        return data
    typography = dict(data.get("typography", {}))
    base, regional = quotes(data.get("babel_locale", "")), quotes(locale)
    if regional and list(typography.get("quotes", [])) == list(base or ()):
        typography["quotes"] = list(regional)
    data["typography"] = typography
    data["babel_locale"] = locale
    return data


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` on top of `base`; tables (typography, labels) merge key by key."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = {**base[key], **value}
        else:
            merged[key] = value
    return merged


def _check_keys(table: dict[str, Any], file: Path, text: str) -> None:
    for key, value in table.items():
        if key not in KEYS:
            raise _error(file, text, key, f"unknown key '{key}' (known: {', '.join(KEYS)})")
        kind, doc = KEYS[key]
        if not isinstance(value, kind):
            raise _error(file, text, key, f"expected {doc}, got {value!r}")


def _error(file: Path, text: str, key: str, message: str) -> ConfigError:
    return ConfigError(message, path=file, line=tomlfile.line_of(text, key.split(".")[-1]), key=key)


def _language(code: str, data: dict[str, Any], files: tuple[Path, ...], texts) -> Language:
    """The merged data checked for completeness; errors name the last file that could set the key."""
    file = files[-1] if files else Path(f"{code}.toml")
    text = texts.get(file, "")

    def need(key: str, where: dict, kind: type, doc: str):
        if key not in where:
            raise _error(file, text, key, f"missing required key '{key}' ({doc})")
        if not isinstance(where[key], kind):
            raise _error(file, text, key, f"expected {doc}, got {where[key]!r}")
        return where[key]

    for key in ("name", "babel_locale", "typography", "labels"):
        need(key, data, KEYS[key][0], KEYS[key][1])
    _known_locale(data["babel_locale"], file, text)
    direction = data.get("direction", "ltr")
    if direction not in DIRECTIONS:
        raise _error(file, text, "direction", f"expected ltr or rtl, got {direction!r}")
    labels = data["labels"]
    missing = [k for k in LABEL_KEYS if k not in labels]
    if missing:
        raise _error(file, text, "labels", f"labels missing: {', '.join(missing)}")
    emphasis = data.get("emphasis", "italic")
    if emphasis not in EMPHASES:
        raise _error(file, text, "emphasis", f"expected italic or bold, got {emphasis!r}")
    from publish.fonts.families import for_script

    script = data.get("script", "Latn")
    justify = _choice(data, "justify", "spaces", JUSTIFY, file, text)
    spine = _choice(data, "spine", "top-to-bottom", SPINES, file, text)
    return Language(
        code=code, name=data["name"], babel_locale=data["babel_locale"],
        script=script, direction=direction,
        hyphenate=data.get("hyphenate", True),
        fonts=tuple(data.get("fonts") or for_script(script)),
        typography=_typography(data["typography"], file, text, need, data["babel_locale"]),
        labels={**OPTIONAL_LABELS, **{k: str(v) for k, v in labels.items()}}, files=files,
        emphasis=emphasis,
        hyphenation=data.get("hyphenation", code if data.get("hyphenate", True) else ""),
        untranslated=tuple(data.get("untranslated", ())), justify=justify, spine=spine,
        numbering_chosen=_numbering(data, file, text),
        from_language=_rules(data.get("from_language", []), "from_language", file, text),
        digest=hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False,
                                         default=str).encode()).hexdigest())


def _rules(items: list, key: str, file: Path, text: str) -> tuple[tuple[re.Pattern, str], ...]:
    """A list of [pattern, replacement] rules, compiled; a bad one names its number."""
    rules = []
    for n, rule in enumerate(items):
        if not (isinstance(rule, list) and len(rule) == 2 and all(isinstance(r, str) for r in rule)):
            raise _error(file, text, key, f"rule {n + 1}: expected [pattern, replacement], "
                                          f"got {rule!r}")
        try:
            rules.append((re.compile(rule[0]), rule[1]))
        except re.error as exc:
            raise _error(file, text, key, f"rule {n + 1}: bad pattern {rule[0]!r}: {exc}") from None
    return tuple(rules)


def _choice(data: dict[str, Any], key: str, default: str, allowed: tuple[str, ...],
            file: Path, text: str) -> str:
    value = data.get(key, default)
    if value not in allowed:
        raise _error(file, text, key, f"expected {' or '.join(allowed)}, got {value!r}")
    return value


def _numbering(data: dict[str, Any], file: Path, text: str) -> str:
    """The file's numbering system, checked; else "": CLDR's default for the locale (Babel:
    arabext for fa and ps, beng for bn_BD, latn for ar from CLDR 42 on and most others),
    looked up when used (Language.numbering)."""
    from publish.languages.cldr import digits

    system = data.get("numbering", "")
    if system and not digits(system):
        raise _error(file, text, "numbering", f"expected a CLDR numbering system with ten "
                                              f"digits (latn, arabext, beng…), got {system!r}")
    return system


def _known_locale(locale: str, file: Path, text: str) -> None:
    """A Babel locale Babel has data for: its dates, numbers and plural forms come from it."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(locale)
    except (ValueError, TypeError, UnknownLocaleError):
        raise _error(file, text, "babel_locale",
                     f"Babel has no locale {locale!r} (expected one such as fr_FR)") from None


def _typography(table: dict[str, Any], file: Path, text: str, need, locale: str) -> Typography:
    quotes = need("quotes", table, list, "four quote marks: outer open, outer close, inner open, "
                                         "inner close")
    if len(quotes) != 4 or not all(isinstance(q, str) and q for q in quotes):
        raise _error(file, text, "quotes", f"expected four quote marks, got {quotes!r}")
    rules = list(_rules(need("rules", table, list, "a list of [pattern, replacement]"), "rules",
                        file, text))
    words = table.get("nobreak_after", [])
    if not (isinstance(words, list) and all(isinstance(w, str) and w for w in words)):
        raise _error(file, text, "nobreak_after", f"expected a list of words, got {words!r}")
    if words:
        # A one-letter word never ends a line: tied to the next word by a no-break space.
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        rules.append((re.compile(rf"(?<!\w)({alternatives}) (?=\S)", re.I), "\\1\u00a0"))
    quotes_by = table.get("quotes_by", "context")
    if quotes_by not in QUOTES_BY:
        raise _error(file, text, "quotes_by", f"expected context or alternation, got {quotes_by!r}")
    return Typography(quotes=tuple(quotes), quote_space=str(table.get("quote_space", "")),
                      own_rules=tuple(rules), nobreak_after=tuple(words),
                      numbers_locale=locale if table.get("numbers", True) else "",
                      quotes_by=quotes_by)
