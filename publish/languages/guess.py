"""What language a README's name or text says, as a BCP 47 tag publish builds: from a code
as GitHub projects write it (`fr`, `fr-FR`, `zh_CN`, `ZH`, `pt-BR`), a language's name
(`Chinese`, `Español`) or, for a README that says nothing, its letters' script.

Every fact comes from CLDR and Unicode (likely subtags, names and scripts as ICU and
Babel hold them, ICU's Chinese conversion); the only tables here are the country codes
projects use for a language and a few stopwords that tell big Latin-script languages apart.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

# A code as projects write it: a language, then a script or a region (either case, - or _).
_CODE = re.compile(r"^(?P<lang>[A-Za-z]{2,3})(?:[-_](?P<script>[A-Za-z]{4}))?"
                   r"(?:[-_](?P<region>[A-Za-z]{2}|\d{3}))?$")
# Codes projects write where the language's belongs: a country's (README.cn.md, README-JP.md)
# or Windows' for Chinese (chs, cht). None is a language CLDR knows, but for `tw` (Twi),
# which READMEs never mean.
_COUNTRY_CODES = {"cn": "zh-CN", "tw": "zh-TW", "hk": "zh-HK", "jp": "ja", "kr": "ko",
                  "ua": "uk", "gr": "el", "cz": "cs", "dk": "da", "vn": "vi", "ir": "fa",
                  "il": "he", "rs": "sr", "by": "be", "kh": "km", "chs": "zh-Hans",
                  "cht": "zh-Hant"}
# A language and a region run together, as `ptbr` or `zhcn` (README-ptbr.md).
_RUN_TOGETHER = re.compile(r"^(?P<lang>[a-z]{2})(?P<region>[a-z]{2})$", re.I)
# Portuguese is written to two standards, and a README says which: its region is kept.
_KEEP_REGION = {"pt"}
# Letters one language of a script has and the script's likely language lacks.
_OWN_LETTERS = {"Arab": (("ur", "ٹڈڑںے"), ("fa", "پچژگ")), "Cyrl": (("uk", "ґєї"),)}
# Words that tell the big Latin-script languages apart (each is frequent in its language).
_STOPWORDS = {
    "en": "the and of to is in that for with this you are be it on can",
    "fr": "le la les et des est une pour dans que avec du vous sur pas",
    "de": "der die das und ist nicht mit ein eine für den zu sie werden auf",
    "es": "el los las y es una para con que del por se como más puede",
    "pt": "o os as e é um uma para com que do da não em você",
    "it": "il gli e è una per con che di del della non sono più può",
    "nl": "de het een en is van voor met dat niet zijn op je kan",
}
# Markdown that is not prose: code, links to other READMEs (which name their languages),
# link targets, tags, URLs.
_NOT_PROSE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`"
                        r"|\[[^\]\n]*\]\([^)]*readme[^)]*\)|<a\s[^>]*readme[^>]*>.*?</a>"
                        r"|\]\([^)]*\)|<[^>]*>|https?://\S+", re.S | re.I)
_CJK_WEIGHT = 3       # one Han, kana or Hangul letter says about as much as three Latin ones


def tag_from_name(word: str) -> str | None:
    """The tag a README's name gives (`zh_CN` → zh-Hans, `Español` → es), or None when it
    names no language CLDR knows."""
    m = _CODE.match(word)
    if m:
        lang = m.group("lang").lower()
        if lang in _COUNTRY_CODES and not m.group("script") and not m.group("region"):
            return tag_from_name(_COUNTRY_CODES[lang])
        return _canonical(lang, m.group("script"), m.group("region"))
    code = _names().get(_name_key(word))
    if code:
        return _canonical(*_split(code))
    m = _RUN_TOGETHER.match(word)
    if m and _spoken_in(m.group("lang").lower(), m.group("region").upper()):
        return _canonical(m.group("lang").lower(), None, m.group("region"))
    return None


def _canonical(lang: str, script: str | None, region: str | None) -> str | None:
    """The tag publish builds for a language, script and region CLDR knows:
    - a script is kept where it is not the language's likely one (sr-Latn), or where the
      language's editions are split by script (zh-Hans, zh-Hant); a region then says no more;
    - a region is kept unless it is the language's likely one (fr-FR is fr, es-MX stays)."""
    import icu
    from babel import localedata

    lang = icu.Locale.createCanonical(lang).getLanguage()      # in → id, iw → he
    if not localedata.exists(lang):                             # (a file check: no data read)
        return None
    script = script.title() if script else None
    region = region.upper() if region else None
    likely = _likely(lang)
    written = script or (region and _likely(f"{lang}_{region}")[1]) or likely[1]
    if written and (written != likely[1] or _split_by_script(lang)):
        return f"{lang}-{written}"
    if region and (lang in _KEEP_REGION or (region != likely[2] and _spoken_in(lang, region))):
        return f"{lang}-{region}"
    return lang


def _spoken_in(lang: str, region: str) -> bool:
    """Whether CLDR counts the language among the territory's: `es-MX` is Mexican Spanish,
    but `ja-JA`, `vi-VI` or `ar-AR` (a folder named twice for its language, as READMEs
    often are) say nothing of a region. Babel's data is read only for such a tag."""
    from babel.languages import get_territory_language_info

    try:
        return lang in get_territory_language_info(region)
    except (KeyError, ValueError):
        return False


def _likely(tag: str) -> tuple[str, str, str]:
    """CLDR's likely language, script and region for a tag (`und_Cyrl`, `zh_TW`, `fr`), as
    ICU holds them (its data is mapped, not loaded: Babel's takes a tenth of a second)."""
    import icu

    locale = icu.Locale(tag)
    locale.addLikelySubtags()
    lang = locale.getLanguage()
    return ("" if lang == "und" else lang), locale.getScript(), locale.getCountry()


@lru_cache(maxsize=None)
def _split_by_script(lang: str) -> bool:
    """Whether publish keeps this language's editions by script: its data files are named
    with one (zh-Hans.toml, zh-Hant.toml) and there is none for the bare language."""
    from publish.languages import available

    codes = available()
    return lang not in codes and any(c.startswith(f"{lang}-") and len(c) == len(lang) + 5
                                     for c in codes)


def _split(code: str) -> tuple[str, str | None, str | None]:
    parts = code.split("_")
    script = next((p for p in parts[1:] if len(p) == 4), None)
    region = next((p for p in parts[1:] if len(p) != 4), None)
    return parts[0], script, region


def _name_key(word: str) -> str:
    return re.sub(r"[-_.\s]+", " ", word).strip().casefold()


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Language names → code: every name English gives (Babel), and each language's own
    (ICU: Español, Русский, 中文, 简体中文); a name two languages share is left out."""
    import icu
    from babel import Locale

    found: dict[str, set[str]] = {}
    for code, name in Locale("en").languages.items():
        found.setdefault(_name_key(name), set()).add(code)
    for ident, locale in icu.Locale.getAvailableLocales().items():
        if locale.getCountry():
            continue
        own, script = locale.getDisplayLanguage(locale), locale.getDisplayScript(locale)
        names = [(own, locale.getLanguage()), (locale.getDisplayName(locale), ident)]
        if script and _likely(f"und_{locale.getScript()}")[0] == locale.getLanguage():
            # 简体中文 and 繁體中文 (the script's likely language), as either script writes them
            plain = icu.Locale(locale.getLanguage())
            names += [(script, ident), (locale.getDisplayScript(plain), ident),
                      (locale.getDisplayName(plain), ident)]
        for name, code in names:
            found.setdefault(_name_key(name), set()).add(code)
    return {name: next(iter(codes)) for name, codes in found.items() if len(codes) == 1}


def language_of_text(text: str) -> tuple[str, str]:
    """The language a README's prose is written in, and the script that says so: for a
    script other than Latin, CLDR's likely language for it (Cyrillic → ru), told apart
    by letters only some languages have (پ → fa) and, for Han, by simplified and
    traditional forms (zh-Hans, zh-Hant; kana → ja). For Latin, the language whose
    stopwords are most frequent, or "" when none clearly is."""
    text = _NOT_PROSE.sub(" ", text)
    counts = letters_by_script(text)
    if not counts:
        return "", "Latn"
    script = max(counts, key=lambda s: (counts[s], s))
    if script == "Latn":
        return _latin_language(text), script
    if script in ("Hani", "Hira", "Kana"):
        return _cjk_language(text, counts), script
    lang = _likely(f"und_{script}")[0]
    for own, letters in _OWN_LETTERS.get(script, ()):
        if any(letter in text for letter in letters):
            lang = own
            break
    return (tag_from_name(lang) or "") if lang else "", script


def letters_by_script(text: str) -> Counter:
    """Letters by ISO 15924 script (kana and Han apart), CJK letters weighted; each
    distinct letter beyond Latin's first blocks is asked of ICU once."""
    counts: Counter = Counter()
    letters = Counter(ch for ch in text if ch.isalpha())
    for ch, n in letters.items():
        if ch < "\u0250":            # Basic Latin to Latin Extended-B: no need to ask
            counts["Latn"] += n
            continue
        import icu

        script = icu.Script.getScript(ord(ch)).getShortName()
        if script in ("Zyyy", "Zinh", "Zzzz"):        # common to scripts, or unknown
            continue
        if script in ("Hani", "Hira", "Kana", "Hang"):
            n *= _CJK_WEIGHT
        counts[script] += n
    return counts


def _cjk_language(text: str, counts: Counter) -> str:
    """ja when kana make a tenth of the CJK letters; else zh-Hant when more letters change
    under ICU's traditional-to-simplified conversion than under the reverse; else zh-Hans."""
    kana = counts["Hira"] + counts["Kana"]
    if kana * 10 >= kana + counts["Hani"]:
        return "ja"
    import icu

    han = {ch for ch in set(text) if icu.Script.getScript(ord(ch)).getShortName() == "Hani"}
    to_simple = icu.Transliterator.createInstance("Hant-Hans")
    to_traditional = icu.Transliterator.createInstance("Hans-Hant")
    traditional = sum(to_simple.transliterate(ch) != ch for ch in han)
    simplified = sum(to_traditional.transliterate(ch) != ch for ch in han)
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def _latin_language(text: str) -> str:
    """The language of the most stopwords, when it has half again as many as the next."""
    words = Counter(w.casefold() for w in re.findall(r"\w+", text))
    scores = sorted(((sum(words[w] for w in set(stop.split())), lang)
                     for lang, stop in _STOPWORDS.items()), reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    return lang if best >= 5 and best * 2 >= second * 3 else ""
