"""publish/render/credits.py: the translation credit in each language's words (issue 25)."""
from __future__ import annotations

import pytest

from publish.languages import get_language
from publish.render.credits import language_name, missing_labels, translation_line


@pytest.mark.parametrize(("code", "original", "people", "line"), [
    ("en", "ru", ["Anne Dupont"], "Translated from the Russian by Anne Dupont"),
    ("en", "fr", ["A B", "C D", "E F"], "Translated from the French by A B, C D and E F"),
    ("fr", "ru", ["Anne Dupont", "Luc Martin"], "Traduit du russe par Anne Dupont et Luc Martin"),
    ("fr", "en", ["Anne Dupont"], "Traduit de l’anglais par Anne Dupont"),
    ("fr", "he", ["Anne Dupont"], "Traduit de l’hébreu par Anne Dupont"),
    ("fr", "hu", ["Anne Dupont"], "Traduit du hongrois par Anne Dupont"),
    ("ru", "en", ["Иван Петров"], "Перевод с английского: Иван Петров"),
    ("ru", "sv", ["Иван Петров"], "Перевод со шведского: Иван Петров"),
    ("ru", "he", ["Иван Петров"], "Перевод с иврита: Иван Петров"),
    ("ru", "hi", ["Иван Петров", "Анна Кузнецова"], "Перевод с хинди: Иван Петров и Анна Кузнецова"),
    ("de", "ru", ["Eva Braun"], "Aus dem Russischen übersetzt von Eva Braun"),
    ("de", "la", ["Eva Braun"], "Aus dem Lateinischen übersetzt von Eva Braun"),
    ("uk", "en", ["Ірина Коваль"], "Переклад з англійської: Ірина Коваль"),
    ("it", "en", ["Lia Neri"], "Traduzione dall’inglese di Lia Neri"),
    ("it", "es", ["Lia Neri"], "Traduzione dallo spagnolo di Lia Neri"),
    ("pl", "sv", ["Jan Nowak"], "Przekład ze szwedzkiego: Jan Nowak"),
    ("cs", "en", ["Jan Novák"], "Překlad z angličtiny: Jan Novák"),
    ("de-CH", "fr", ["Eva Braun"], "Aus dem Französischen übersetzt von Eva Braun"),
    ("ja", "ru", ["山田 花子"], "山田 花子 訳（原語：ロシア語）"),
    ("ja", "en", ["山田 花子", "佐藤 一郎"], "山田 花子、佐藤 一郎 訳（原語：英語）"),
    ("zh-Hans", "ru", ["王小明"], "王小明 译自俄语"),
    ("zh-Hant", "en", ["王小明", "李四"], "王小明和李四 譯自英文"),
    ("ko", "ru", ["김민수"], "김민수 옮김 (원어: 러시아어)"),
])
def test_the_credit_in_the_editions_words_with_the_original_named_by_cldr(code, original,
                                                                           people, line):
    assert translation_line(get_language(code), people, original) == line


@pytest.mark.parametrize(("code", "line"), [
    ("en", "Translated by A B"), ("fr", "Traduit par A B"), ("ru", "Перевод: A B"),
])
def test_without_a_known_original_the_credit_names_the_translators_only(code, line):
    assert translation_line(get_language(code), ["A B"], "") == line


def test_no_translators_no_credit():
    assert translation_line(get_language("fr"), [], "en") == ""


@pytest.mark.parametrize("code", ["th", "am"])       # a shipped file without it; CLDR only
def test_a_language_without_the_phrase_gets_a_neutral_cldr_form_and_says_so(code):
    language = get_language(code)
    line = translation_line(language, ["A B"], "ru")
    assert line == f"{language_name(language, 'ru')} → {language.labels['language_name']}: A B"
    assert "Russian" not in line and "Translated" not in line
    assert missing_labels(language.labels) == ("translated_from", "translated_by")
    assert missing_labels(get_language("fr").labels) == ()


def test_a_projects_labels_give_the_phrase():
    labels = {**get_language("ja").labels, "translated_from": "{language}から翻訳：{translators}"}
    assert translation_line(get_language("ja"), ["A B"], "ru", labels) == "ロシア語から翻訳：A B"
    thai = {**get_language("th").labels, "translated_from": "แปลจากภาษา{language}โดย {translators}"}
    assert translation_line(get_language("th"), ["A B"], "ru", thai) == "แปลจากภาษารัสเซียโดย A B"
    assert missing_labels(thai) == ("translated_by",)


@pytest.mark.parametrize(("code", "line"), [("ja", "A B 訳"), ("zh-Hans", "A B 译"),
                                            ("zh-Hant", "A B 譯"), ("ko", "A B 옮김")])
def test_a_cjk_edition_credits_its_translator_without_the_original_named(code, line):
    assert translation_line(get_language(code), ["A B"], "") == line
    assert missing_labels(get_language(code).labels) == ()


def test_the_original_is_named_by_its_base_language():
    assert language_name(get_language("fr"), "pt-BR") == "du portugais"
