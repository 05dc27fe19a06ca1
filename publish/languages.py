"""The supported languages: their labels, date style and hyphenation code.

Adding a language is one entry in LANGUAGES (and one in typography.RULES).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from babel.dates import format_date

from .errors import ConfigError

LABEL_KEYS = ("contents", "cover", "title_page", "copyright", "about_author", "notes",
              "landmarks", "start", "back_to_note", "note", "half_title", "published_by",
              "all_rights", "identifier", "isbn", "series", "date", "typeset_in",
              "footnote_ref", "chapter", "language_name")


@dataclass(frozen=True)
class Language:
    code: str             # BCP 47 tag as used in lang/xml:lang/dc:language
    babel_locale: str     # for localized dates
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, key: str) -> str:
        return self.labels[key]

    def format_date(self, date: _dt.date) -> str:
        """The long date form readers expect: 'May 29, 2024', '29 mai 2024', '29 мая 2024 г.'."""
        return format_date(date, format="long", locale=self.babel_locale)


LANGUAGES: dict[str, Language] = {
    "en": Language("en", "en_GB", {
        "language_name": "English",
        "contents": "Contents", "cover": "Cover", "title_page": "Title Page",
        "copyright": "Copyright", "about_author": "About the Author", "notes": "Notes",
        "landmarks": "Landmarks", "start": "Start of Content", "back_to_note": "Back to note reference",
        "note": "Note", "half_title": "Half Title", "published_by": "Published by",
        "all_rights": "All rights reserved.", "identifier": "Identifier", "isbn": "ISBN",
        "series": "Series", "date": "Published", "typeset_in": "Set in Source Serif 4.",
        "footnote_ref": "Note {n}", "chapter": "Chapter",
    }),
    "fr": Language("fr", "fr_FR", {
        "language_name": "Français",
        "contents": "Table des matières", "cover": "Couverture", "title_page": "Page de titre",
        "copyright": "Mentions légales", "about_author": "À propos de l’auteur", "notes": "Notes",
        "landmarks": "Repères", "start": "Début du texte", "back_to_note": "Retour à l’appel de note",
        "note": "Note", "half_title": "Faux-titre", "published_by": "Publié par",
        "all_rights": "Tous droits réservés.", "identifier": "Identifiant", "isbn": "ISBN",
        "series": "Collection", "date": "Publication", "typeset_in": "Composé en Source Serif 4.",
        "footnote_ref": "Note {n}", "chapter": "Chapitre",
    }),
    "ru": Language("ru", "ru_RU", {
        "language_name": "Русский",
        "contents": "Содержание", "cover": "Обложка", "title_page": "Титульный лист",
        "copyright": "Выходные данные", "about_author": "Об авторе", "notes": "Примечания",
        "landmarks": "Ориентиры", "start": "Начало текста", "back_to_note": "Вернуться к сноске",
        "note": "Примечание", "half_title": "Шмуцтитул", "published_by": "Издатель:",
        "all_rights": "Все права защищены.", "identifier": "Идентификатор", "isbn": "ISBN",
        "series": "Серия", "date": "Дата публикации", "typeset_in": "Набрано шрифтом Source Serif 4.",
        "footnote_ref": "Сноска {n}", "chapter": "Глава",
    }),
}

for _lang in LANGUAGES.values():  # a new language must bring every label
    _missing = set(LABEL_KEYS) - set(_lang.labels)
    assert not _missing, f"language {_lang.code} lacks labels {sorted(_missing)}"


def get_language(code: str, *, path=None, key: str | None = None, line: int | None = None) -> Language:
    """The Language for `code`, or a ConfigError listing the supported ones."""
    try:
        return LANGUAGES[code]
    except KeyError:
        supported = ", ".join(sorted(LANGUAGES))
        raise ConfigError(f"unknown language '{code}' (supported: {supported})",
                          path=path, key=key, line=line) from None
