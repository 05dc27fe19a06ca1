"""The translation credit an edition prints ("Translated from the Russian by …"), in its words.

The phrase is the language file's `translated_from` label (or `translated_by`, when the
language translated from is not known), with `{language}` and `{translators}` in it. The
language's name is CLDR's, in the edition's language (Babel), written as the phrase wants
it by the file's `from_language` rules: French "du russe", German "Russischen", Russian
"с английского". The names are joined as CLDR joins a list ("A et B", "A и B"). A language
whose file has no such label gets a neutral form, and `missing_labels` names the labels.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from publish.languages import TRANSLATION_LABELS, Language

# The neutral credit of a language whose file has no phrase: CLDR's names of the two
# languages ("русский → ລາວ: Name"), or, the original's language unknown, English words.
NEUTRAL_FROM = "{language} → {edition}: {translators}"
NEUTRAL_BY = "Translation: {translators}"


def language_name(language: Language, code: str) -> str:
    """CLDR's name of the language `code` (its base: ru for ru-RU) in `language`'s own,
    as `from_language` writes it after the credit's preposition."""
    name = _plain_name(language, code)
    for pattern, replacement in language.from_language:
        name = pattern.sub(replacement, name)
    return name


def _plain_name(language: Language, code: str) -> str:
    """CLDR's name of `code` in `language`, as a name stands alone."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.babel_locale).languages.get(code.split("-")[0]) or code
    except (ValueError, UnknownLocaleError):
        return code


def names(language: Language, people: Sequence[str]) -> str:
    """The names joined as the language joins a list: "A, B and C", "A, B et C"."""
    from babel.lists import format_list

    return format_list(list(people), locale=language.babel_locale)


def translation_line(language: Language, people: Sequence[str], original: str,
                     labels: Mapping[str, str] | None = None) -> str:
    """The credit line of an edition translated by `people` from the language `original`
    ("" when unknown); "" when it has no translators. `labels`: the edition's, with the
    project's [labels.<code>] (default: the language's)."""
    if not people:
        return ""
    labels = language.labels if labels is None else labels
    if original:
        phrase = labels.get("translated_from") or NEUTRAL_FROM
    else:
        phrase = labels.get("translated_by") or NEUTRAL_BY
    if phrase is NEUTRAL_FROM:
        phrase = phrase.replace("{edition}", labels["language_name"])
        name = _plain_name(language, original)
    else:
        name = language_name(language, original) if original else ""
    return phrase.replace("{language}", name).replace("{translators}", names(language, people))


def missing_labels(labels: Mapping[str, str]) -> tuple[str, ...]:
    """The credit's labels an edition's labels leave out (the neutral form stands in)."""
    return tuple(key for key in TRANSLATION_LABELS if not labels.get(key))
