"""publish/languages: the shipped data files, a project's own languages, and their errors."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from publish.errors import ConfigError
from publish.languages.cldr import number_rules
from publish.languages import (ARTICLE_LABELS, CODE_RE, LABEL_KEYS, OPTIONAL_LABELS, SHIPPED, available,
                               get_language)

LAYOUTS = Path(__file__).resolve().parents[2] / "layouts"
SHIPPED_CODES = ("en", "fr", "ru")


def _labels_toml(skip: tuple[str, ...] = ()) -> str:
    return "[labels]\n" + "".join(f'{k} = "{k.upper()}"\n' for k in LABEL_KEYS if k not in skip)


NEW_LANGUAGE = """\
name = "Xish"
babel_locale = "en_US"

[typography]
quotes = ["<", ">", "(", ")"]
rules = [["--", "—"]]

""" + _labels_toml()


def _project_file(root: Path, code: str, text: str) -> Path:
    folder = root / "languages"
    folder.mkdir(exist_ok=True)
    path = folder / f"{code}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_shipped_language_has_every_label(code):
    language = get_language(code)
    assert set(LABEL_KEYS) <= set(language.labels)


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_shipped_labels_are_non_empty_strings(code):
    labels = get_language(code).labels
    assert [k for k in LABEL_KEYS if not (isinstance(labels[k], str) and labels[k].strip())] == []


@pytest.mark.parametrize(("code", "name", "locale", "script", "quotes"), [
    ("en", "English", "en_GB", "Latn", ("“", "”", "‘", "’")),
    ("fr", "Français", "fr_FR", "Latn", ("«", "»", "“", "”")),
    ("ru", "Русский", "ru_RU", "Cyrl", ("«", "»", "„", "“")),
])
def test_shipped_language_values(code, name, locale, script, quotes):
    language = get_language(code)
    assert (language.code, language.name, language.babel_locale, language.script,
            language.typography.quotes) == (code, name, locale, script, quotes)


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_shipped_language_reads_only_its_shipped_file(code):
    assert get_language(code).files == (SHIPPED / f"{code}.toml",)


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_shipped_rules_are_compiled_patterns(code):
    rules = get_language(code).typography.rules
    assert rules and all(isinstance(p, re.Pattern) and isinstance(r, str) for p, r in rules)


def _template_labels() -> set[str]:
    names = set()
    for path in LAYOUTS.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            names |= set(re.findall(r"\blabels\.([A-Za-z_]\w*)", text))
            names |= set(re.findall(r"""\blabels\[\s*['"]([^'"]+)['"]\s*\]""", text))
    return names - {"get", "items", "keys", "values"}


def test_layouts_use_labels():
    assert {"contents", "copyright", "title_page"} <= _template_labels()


@pytest.mark.parametrize("name", sorted(_template_labels()))
def test_every_template_label_is_a_label_key(name):
    assert name in LABEL_KEYS or name in OPTIONAL_LABELS or name in ARTICLE_LABELS


def test_label_method():
    assert get_language("fr").label("contents") == "Table des matières"


@pytest.mark.parametrize(("code", "expected"), [
    ("en", "29 May 2024"),
    ("fr", "29 mai 2024"),
    ("ru", "29 мая 2024\u202fг."),   # CLDR: a narrow no-break space before г.
])
def test_format_date(code, expected):
    assert get_language(code).format_date(dt.date(2024, 5, 29)) == expected


@pytest.mark.parametrize("code", ["en", "fr", "ru", "pt-BR", "zh-Hant", "sr-Latn", "es-419",
                                  "ast", "sr-Latn-RS"])
def test_code_re_accepts(code):
    assert CODE_RE.match(code)


@pytest.mark.parametrize("code", ["EN", "english", "pt_BR", "pt-br", "e", "zh-hant", "es-41",
                                  "", "en-"])
def test_code_re_refuses(code):
    assert not CODE_RE.match(code)


def test_available_without_project_is_the_shipped_files():
    shipped = tuple(sorted(p.stem for p in SHIPPED.glob("*.toml")))
    assert available() == shipped
    assert set(SHIPPED_CODES) <= set(shipped)


def test_available_adds_project_languages(tmp_path):
    for code in ("xx", "pt-BR", "fr"):
        _project_file(tmp_path, code, "")
    assert available(tmp_path) == tuple(sorted(set(available()) | {"xx", "pt-BR"}))


@pytest.mark.parametrize("stem", ["English", "pt_BR", "notes", "EN"])
def test_available_ignores_files_that_are_not_codes(tmp_path, stem):
    _project_file(tmp_path, stem, "")
    assert available(tmp_path) == available()


def test_available_without_languages_folder(tmp_path):
    assert available(tmp_path) == available()


def test_unknown_language_is_a_config_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        get_language("xx", tmp_path, path=Path("source/book.toml"), key="languages", line=4)
    supported = ", ".join(available())
    assert str(info.value) == (f"source/book.toml:4: languages: unknown language 'xx': no data "
                               f"file, and CLDR does not know it (add languages/xx.toml to the "
                               f"project; shipped: {supported})")


def test_new_project_language(tmp_path):
    path = _project_file(tmp_path, "xx", NEW_LANGUAGE)
    language = get_language("xx", tmp_path)
    assert (language.code, language.name, language.babel_locale, language.typography.quotes,
            language.files) == ("xx", "Xish", "en_US", ("<", ">", "(", ")"), (path.resolve(),))


def test_new_project_language_defaults(tmp_path):
    _project_file(tmp_path, "xx", NEW_LANGUAGE)
    language = get_language("xx", tmp_path)
    assert (language.script, language.direction, language.hyphenate, language.fonts,
            language.typography.quote_space) == ("Latn", "ltr", True, ("Source Serif 4",), "")


def test_new_project_language_labels_and_rules(tmp_path):
    _project_file(tmp_path, "xx", NEW_LANGUAGE)
    language = get_language("xx", tmp_path)
    assert language.labels == {**OPTIONAL_LABELS, **{k: k.upper() for k in LABEL_KEYS}}
    assert [(p.pattern, r) for p, r in language.typography.rules] == \
        [(p.pattern, r) for p, r in number_rules(language.babel_locale)] + [("--", "—")]


def test_project_override_changes_only_what_it_sets(tmp_path):
    path = _project_file(tmp_path, "fr", '[typography]\nquotes = ["‹", "›", "<", ">"]\n')
    shipped, over = get_language("fr"), get_language("fr", tmp_path)
    assert over.typography.quotes == ("‹", "›", "<", ">")
    assert over.typography.quote_space == shipped.typography.quote_space == "\u202f"
    assert [p.pattern for p, _ in over.typography.rules] == \
        [p.pattern for p, _ in shipped.typography.rules]
    assert (over.name, over.babel_locale, over.script, over.fonts, over.labels) == \
        (shipped.name, shipped.babel_locale, shipped.script, shipped.fonts, shipped.labels)
    assert over.files == (SHIPPED / "fr.toml", path.resolve())


def test_project_override_changes_the_digest(tmp_path):
    _project_file(tmp_path, "fr", '[typography]\nquotes = ["‹", "›", "<", ">"]\n')
    assert get_language("fr", tmp_path).digest != get_language("fr").digest


def test_project_override_of_one_label(tmp_path):
    _project_file(tmp_path, "en", '[labels]\ncontents = "Index"\n')
    labels = get_language("en", tmp_path).labels
    assert labels == {**get_language("en").labels, "contents": "Index"}


def test_project_folder_without_the_code_uses_the_shipped_file(tmp_path):
    _project_file(tmp_path, "xx", NEW_LANGUAGE)
    assert get_language("ru", tmp_path).files == (SHIPPED / "ru.toml",)


_NEW_PREFIX = 'name = "Xish"\nbabel_locale = "en_US"\n'
_TYPO = '[typography]\nquotes = ["<", ">", "(", ")"]\nrules = []\n'


@pytest.mark.parametrize(("code", "text", "key", "line", "message"), [
    ("fr", 'colour = "blue"\n', "colour", 1,
     "unknown key 'colour' (known: name, babel_locale, script, direction, spine, hyphenate, fonts, emphasis, "
     "hyphenation, typography, justify, numbering, labels, from_language)"),
    ("fr", 'name = "x"\nhyphenate = "yes"\n', "hyphenate", 2,
     "expected whether body text is hyphenated, got 'yes'"),
    ("fr", 'direction = "up"\n', "direction", 1, "expected ltr or rtl, got 'up'"),
    ("fr", '[typography]\nrules = [["(", "x"]]\n', "rules", 2,
     "rule 1: bad pattern '(': missing ), unterminated subpattern at position 0"),
    ("fr", '[typography]\nrules = [["a", "b"], ["c"]]\n', "rules", 2,
     "rule 2: expected [pattern, replacement], got ['c']"),
    ("fr", '[typography]\nquotes = ["«", "»"]\n', "quotes", 2,
     "expected four quote marks, got ['«', '»']"),
    ("fr", '[typography]\nquotes = ["«", "»", "", "”"]\n', "quotes", 2,
     "expected four quote marks, got ['«', '»', '', '”']"),
    ("xx", _NEW_PREFIX + "\n" + _TYPO + "\n" + _labels_toml(skip=("chapter", "notes")),
     "labels", 8, "labels missing: notes, chapter"),
    ("xx", _NEW_PREFIX + _labels_toml(), "typography", None,
     "missing required key 'typography' (quotes, quote_space and rules)"),
    ("xx", 'name = "Xish"\n' + _TYPO + _labels_toml(), "babel_locale", None,
     "missing required key 'babel_locale' (Babel locale for dates, e.g. fr_FR)"),
    ("lo", 'justify = "both"\n', "justify", 1,
     "expected spaces or inter-character or ragged, got 'both'"),
    ("ja", '[typography]\nquotes_by = "guess"\n', "quotes_by", 2,
     "expected context or alternation, got 'guess'"),
    ("fa", 'numbering = "roman"\n', "numbering", 1,
     "expected a CLDR numbering system with ten digits (latn, arabext, beng…), got 'roman'"),
])
def test_bad_data_file(tmp_path, monkeypatch, code, text, key, line, message):
    _project_file(tmp_path, code, text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        get_language(code, tmp_path)
    where = f"languages/{code}.toml:{line}" if line else f"languages/{code}.toml"
    assert str(info.value) == f"{where}: {key}: {message}"


def test_bad_data_file_names_the_project_file(tmp_path):
    path = _project_file(tmp_path, "fr", "[typography]\nquotes = 4\n")
    with pytest.raises(ConfigError) as info:
        get_language("fr", tmp_path)
    assert (info.value.path, info.value.line, info.value.key) == (path.resolve(), 2, "quotes")


def test_a_locale_babel_does_not_know_is_a_config_error(tmp_path, monkeypatch):
    _project_file(tmp_path, "en", 'babel_locale = "xx_QQ"\n')
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        get_language("en", tmp_path)
    assert str(info.value) == ("languages/en.toml:1: babel_locale: Babel has no locale 'xx_QQ' "
                               "(expected one such as fr_FR)")


def test_invalid_toml_in_data_file(tmp_path, monkeypatch):
    _project_file(tmp_path, "fr", 'name = "x"\nname = \n')
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        get_language("fr", tmp_path)
    assert str(info.value) == "languages/fr.toml:2: invalid TOML: Invalid value"


def test_label_keys_are_unique():
    assert len(set(LABEL_KEYS)) == len(LABEL_KEYS)


def test_cache_is_per_project_folder(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    _project_file(one, "en", '[labels]\ncontents = "One"\n')
    _project_file(two, "en", '[labels]\ncontents = "Two"\n')
    assert (get_language("en", one).labels["contents"], get_language("en", two).labels["contents"]) \
        == ("One", "Two")

