"""A README's name or text → the BCP 47 tag publish builds (publish.languages.guess)."""
from __future__ import annotations

import pytest
from babel import Locale, UnknownLocaleError

from publish.languages import get_language
from publish.languages.guess import _COUNTRY_CODES, language_of_text, tag_from_name


@pytest.mark.parametrize("word, tag", [
    # codes as written, in either case and with either separator
    ("fr", "fr"), ("FR", "fr"), ("RU", "ru"), ("ZH", "zh-Hans"), ("zh", "zh-Hans"),
    # a region that is the language's likely one says nothing more
    ("fr-FR", "fr"), ("fr_FR", "fr"), ("ja-JP", "ja"), ("ja-jp", "ja"), ("en-US", "en"),
    ("ko-KR", "ko"),
    # another region is kept, and Portuguese keeps its own
    ("es-MX", "es-MX"), ("en-GB", "en-GB"), ("de-CH", "de-CH"), ("pt-BR", "pt-BR"),
    ("pt_br", "pt-BR"), ("pt-PT", "pt-PT"), ("pt", "pt"),
    # Chinese: a region or script picks the script, and the region then says no more
    ("zh-CN", "zh-Hans"), ("zh_CN", "zh-Hans"), ("zh-cn", "zh-Hans"), ("zh-SG", "zh-Hans"),
    ("zh-Hans", "zh-Hans"), ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-Hant", "zh-Hant"),
    ("zh_Hant_TW", "zh-Hant"),
    # a script that is the language's likely one says nothing; another is kept
    ("sr", "sr"), ("sr-Cyrl", "sr"), ("sr-Latn", "sr-Latn"),
    # country codes written for the language
    ("cn", "zh-Hans"), ("CN", "zh-Hans"), ("tw", "zh-Hant"), ("jp", "ja"), ("kr", "ko"),
    ("ua", "uk"), ("cz", "cs"), ("gr", "el"), ("CHS", "zh-Hans"), ("cht", "zh-Hant"),
    # a deprecated code, as CLDR maps it
    ("in", "id"),
    # a language known only to CLDR
    ("uz", "uz"), ("ka", "ka"),
    # names, in English and in the language itself
    ("Chinese", "zh-Hans"), ("chinese", "zh-Hans"), ("Simplified-Chinese", "zh-Hans"),
    ("Traditional_Chinese", "zh-Hant"), ("Japanese", "ja"), ("Russian", "ru"),
    ("Persian", "fa"), ("Brazilian-Portuguese", "pt-BR"), ("Español", "es"), ("español", "es"), ("Deutsch", "de"),
    ("Français", "fr"), ("Português", "pt"), ("Русский", "ru"), ("Ελληνικά", "el"),
    ("中文", "zh-Hans"), ("简体中文", "zh-Hans"), ("繁體中文", "zh-Hant"), ("繁体中文", "zh-Hant"),
    ("日本語", "ja"), ("한국어", "ko"), ("فارسی", "fa"),
    # no language
    ("tlh", None), ("old", None), ("dev", None), ("template", None), ("", None),
])
def test_name_to_tag(word, tag):
    assert tag_from_name(word) == tag


def test_every_tag_a_name_gives_builds():
    for word in ("zh-CN", "zh-TW", "pt-BR", "es-MX", "sr-Latn", "uz", "cn", "Español"):
        assert get_language(tag_from_name(word)).code == tag_from_name(word)


def test_country_codes_are_not_languages_cldr_knows_but_twi():
    for code in _COUNTRY_CODES:
        if code == "tw":
            continue
        with pytest.raises(UnknownLocaleError):
            Locale.parse(code)


@pytest.mark.parametrize("text, found", [
    ("# 工具\n\n这是一个很小的工具，用来说明简体中文的读法。它很好用。", ("zh-Hans", "Hani")),
    ("# 工具\n\n這是一個很小的工具，用來說明繁體中文的讀法。它很好用。", ("zh-Hant", "Hani")),
    ("# ツール\n\nこれは小さなツールです。使い方を説明します。", ("ja", "Hira")),
    ("# 도구\n\n이것은 작은 도구입니다.", ("ko", "Hang")),
    ("# Утилита\n\nЭто маленькая утилита для проверки. Она работает хорошо.", ("ru", "Cyrl")),
    ("# Утиліта\n\nЦе маленька утиліта. Вона працює добре, її легко ставити.", ("uk", "Cyrl")),
    ("# ابزار\n\nاین یک ابزار کوچک است که برای گفتگو استفاده می‌شود.", ("fa", "Arab")),
    ("# أداة\n\nهذه أداة صغيرة تعمل بشكل جيد.", ("ar", "Arab")),
    ("# เครื่องมือ\n\nนี่คือเครื่องมือเล็ก ๆ", ("th", "Thai")),
    ("# Herramienta\n\nEsta es una herramienta pequeña para los usuarios. Se puede usar con "
     "el terminal y es muy fácil de instalar para todos los que la necesitan.", ("es", "Latn")),
    ("# Tool\n\nThis is a small tool for the people who use it. It can be installed with the "
     "package manager and you are free to use it in any way.", ("en", "Latn")),
    # code, links and a line of other languages' names do not outweigh the prose
    ("# Tool\n\n[中文](README.zh.md) | [日本語](README.ja.md)\n\n```\n# 中文中文中文中文\n```\n"
     "A small tool.", ("", "Latn")),
    ('<p><a href="README.zh-CN.md">简体中文</a> · <a href="docs/README.ja.md">日本語</a></p>\n'
     "A small tool.", ("", "Latn")),
    ("", ("", "Latn")),
])
def test_language_of_text(text, found):
    assert language_of_text(text) == found


def test_a_language_and_region_run_together_and_cambodias_code_name_their_languages():
    from publish.languages.guess import tag_from_name
    assert tag_from_name("ptbr") == "pt-BR"        # README-ptbr.md
    assert tag_from_name("kh") == "km"             # README-kh.md: Cambodia's code, for Khmer
    assert tag_from_name("esmx") == "es-MX"
    for word in ("test", "demo", "sample", "main"):
        assert tag_from_name(word) is None         # no language spoken in such a "region"
