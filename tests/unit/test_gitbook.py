"""publish/gitbook.py (book.json and LANGS.md as our config), sources/gitbook.py (SUMMARY.md
as GitBook reads it) and sources/gitbook_tags.py (template tags and variables)."""
from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from conftest import write_tree
from publish import config, gitbook, sources
from publish.errors import ConfigError, SourceError
from publish.sources.gitbook import chapters_of, read_summary
from publish.sources.gitbook_tags import Expander

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")            # 2025-06-01


def book(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_tree(tmp_path / "book", files)


def messages(caplog, root: Path) -> list[str]:
    return [r.getMessage().replace(str(root) + "/", "") for r in caplog.records]


# --- book.json ------------------------------------------------------------------------------

def test_book_json_gives_title_author_language_description(tmp_path):
    root = tmp_path / "zh"
    shutil.copytree(FIXTURES / "gitbook", root)
    loaded = config.load(root)
    edition = loaded.editions[0]
    assert loaded.languages == ("zh-Hans",)
    assert (edition.title, edition.description) == ("小小的书", "一本用来测试的小书。")
    assert [a.name for a in edition.authors] == ["王小明"]
    assert loaded.path == root / "book.json" and edition.folder == root
    assert config.load(root / "book.json").languages == ("zh-Hans",)


@pytest.mark.parametrize("code, tag", [("zh-hans", "zh-Hans"), ("zh-hant", "zh-Hant"),
                                       ("zh-tw", "zh-Hant"), ("zh-cn", "zh-Hans"),
                                       ("zh", "zh-Hans"), ("pt-br", "pt-BR"), ("fr", "fr"),
                                       ("EN", "en"), ("de_ch", "de-CH"), ("english", None),
                                       ("docs", None)])
def test_gitbook_language_codes_become_bcp47(code, tag):
    assert gitbook.edition_code(code) == tag


def test_absent_keys_get_defaults_with_one_warning_each(tmp_path, caplog):
    root = book(tmp_path, {"README.md": "# Мой справочник\n\nТекст на русском языке.\n",
                           "SUMMARY.md": "# Summary\n"})
    with caplog.at_level(logging.WARNING, logger="publish"):
        loaded = config.load(root)
    assert loaded.languages == ("ru",)
    assert loaded.editions[0].title == "Мой справочник"
    assert messages(caplog, root) == [
        "book.json: language: not set; 'ru' is used (the language of the text of README.md); "
        "set language in book.json",
        "book.json: title: not set; 'Мой справочник' is used (the README's first heading); "
        "set title in book.json",
        "book.json: author: not set; 'book' is used (the folder's name); set author in book.json",
        "book.json: publish.slug: not set; 'book' is used (from the folder's name); set slug in "
        "book.json's \"publish\"",
        "book.json: publish.date: not set; '2025-06-01' is used (SOURCE_DATE_EPOCH); set date "
        "in book.json's \"publish\"",
    ]


def test_a_setext_heading_titles_the_book(tmp_path):
    root = book(tmp_path, {"book.json": '{"author": "A", "language": "en"}',
                           "README.md": "Some *Things*\n======\n\nText.\n"})
    assert config.load(root).editions[0].title == "Some Things"


def test_own_options_in_the_publish_object(tmp_path):
    root = book(tmp_path, {"book.json": json.dumps({
        "title": "T", "author": ["A", "B"], "language": "en",
        "publish": {"slug": "my-book", "date": "2024-03-04", "toc_depth": 1}}),
        "README.md": "# T\n\nText.\n"})
    loaded = config.load(root)
    assert (loaded.slug, loaded.date.isoformat(), loaded.toc_depth) == ("my-book", "2024-03-04", 1)
    assert [a.name for a in loaded.editions[0].authors] == ["A", "B"]


def test_a_book_json_that_does_not_parse_is_refused_with_its_line(tmp_path):
    root = book(tmp_path, {"book.json": '{\n  "title": "T",\n  "author": "A"\n  "x": 1\n}\n',
                           "README.md": "# T\n"})
    with pytest.raises(ConfigError) as caught:
        config.load(root)
    assert caught.value.finding == "config-unreadable"
    assert str(caught.value).startswith(f"{root / 'book.json'}:4: not valid JSON")


@pytest.mark.parametrize("text, message", [
    ('{"title": ["T"]}', "title: expected a string, got ['T']"),
    ('{"author": 5}', "author: expected a name, got 5"),
    ('{"language": 5}', 'language: expected a code such as "zh-hans", got 5'),
    ('{"root": 1}', "root: expected a folder name, got 1"),
    ('{"publish": {"date": "soon"}}', "publish.date: expected YYYY-MM-DD, got 'soon'"),
    ("[]", "book.json:1: expected a JSON object ({...})")])
def test_a_value_of_the_wrong_type_is_refused(tmp_path, text, message):
    root = book(tmp_path, {"book.json": text, "README.md": "# T\n"})
    with pytest.raises(ConfigError) as caught:
        config.load(root)
    assert str(caught.value).endswith(message) and caught.value.finding == "config-unreadable"


def test_an_unknown_language_code_is_mended_from_the_text(tmp_path, caplog):
    root = book(tmp_path, {"book.json": '{"title": "T", "author": "A", "language": "qq-zz"}',
                           "README.md": "# 标题\n\n中文的文字。\n"})
    with caplog.at_level(logging.WARNING, logger="publish"):
        assert config.load(root).languages == ("zh-Hans",)
    assert messages(caplog, root)[0] == (
        "book.json: language: 'qq-zz' is not a language CLDR knows; 'zh-Hans' is used (the "
        "language of the text of README.md)")


def test_root_and_structure_move_the_content(tmp_path):
    root = book(tmp_path, {
        "book.json": json.dumps({"title": "T", "author": "A", "language": "en", "root": "./docs",
                                 "structure": {"readme": "intro.md", "summary": "toc.md"}}),
        "docs/intro.md": "# Intro\n\nHello.\n", "docs/toc.md": "* [One](one.md)\n",
        "docs/one.md": "# One\n\nText.\n"})
    loaded = config.load(root)
    assert loaded.editions[0].folder == root / "docs"
    assert [c.slug for c in sources.read(loaded, "en")] == ["intro", "one"]


def test_langs_md_makes_one_edition_per_folder(tmp_path):
    root = tmp_path / "langs"
    shutil.copytree(FIXTURES / "gitbook-langs", root)
    loaded = config.load(root)
    assert loaded.languages == ("en", "fr", "de")        # `deutsch/`: from the link's text
    assert [e.title for e in loaded.editions] == ["A Small Guide", "Un petit guide",
                                                  "A Small Guide"]
    assert [e.folder.name for e in loaded.editions] == ["en", "fr", "deutsch"]


def test_a_langs_folder_without_a_code_or_a_known_name_takes_its_text_language(tmp_path, caplog):
    root = book(tmp_path, {"book.json": '{"title": "T", "author": "A"}',
                           "LANGS.md": "* [English](en/)\n* [Ελληνικά!](greek/)\n* [Gone](gone/)\n",
                           "en/README.md": "# Hello\n\nText.\n",
                           "greek/README.md": "# Γεια\n\nΚείμενο στα ελληνικά.\n"})
    with caplog.at_level(logging.WARNING, logger="publish"):
        loaded = config.load(root)
    assert loaded.languages == ("en", "el")
    assert messages(caplog, root)[:2] == [
        "greek/book.json: language: not set; 'el' is used (the language of the text of "
        "README.md); set language in book.json",
        "LANGS.md:3: language folder 'gone/' not found; left out"]


@pytest.mark.parametrize("files", [{"book.json": '{"root": "../elsewhere"}'},
                                   {"LANGS.md": "* [English](../elsewhere/)\n"}])
def test_content_outside_the_project_is_refused(tmp_path, files):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "README.md").write_text("# Secret\n")
    with pytest.raises(SourceError) as caught:
        config.load(book(tmp_path, {"README.md": "# T\n", **files}))
    assert caught.value.finding == "outside-project"


def test_language_names_and_text_scripts():
    assert [gitbook.language_named(n) for n in ("Français", "简体中文", "German", "日本語",
                                                "Klingonese")] == ["fr", "zh-Hans", "de", "ja", None]
    assert [gitbook.text_language(t) for t in ("这是中文。", "これは日本語です。", "مرحبا بالعالم",
                                               "Hello", "")] == ["zh-Hans", "ja", "ar", "en", "en"]


def test_mdbook_language_is_normalised_too(tmp_path):
    root = book(tmp_path, {"book.toml": '[book]\ntitle = "T"\nauthors = ["A"]\nlanguage = "zh-cn"\n',
                           "src/SUMMARY.md": "- [One](one.md)\n", "src/one.md": "# 一\n\n中文。\n"})
    assert config.load(root).languages == ("zh-Hans",)
    (root / "book.toml").write_text('[book]\ntitle = "T"\nauthors = ["A"]\nlanguage = "fa"\n')
    assert config.load(root).languages == ("fa",)


# --- SUMMARY.md -----------------------------------------------------------------------------

def test_summary_nesting_parts_and_any_heading(tmp_path):
    root = book(tmp_path, {"SUMMARY.md": (
        "# 目录\n\n* [A](a.md)\n  * [B](b.md)\n    * [C](c.md)\n* Plain heading\n"
        "    - [D](d/)\n\n## Part Two\n\n+ [E](e.md#anchor)\n+ [Web](https://example.com)\n")})
    entries = read_summary(root / "SUMMARY.md", root)
    assert [(e.path.relative_to(root).as_posix(), e.title, e.level, e.part) for e in entries] == [
        ("a.md", "A", 1, ""), ("b.md", "B", 2, ""), ("c.md", "C", 3, ""),
        ("d/README.md", "D", 1, ""), ("e.md", "E", 1, "Part Two")]


def test_a_heading_above_the_list_is_a_title_unless_parts_follow(tmp_path):
    root = book(tmp_path, {"SUMMARY.md": "## Table of contents\n\n* [A](a.md)\n"})
    assert read_summary(root / "SUMMARY.md", root)[0].part == ""
    (root / "SUMMARY.md").write_text("# Summary\n\n## Part I\n* [A](a.md)\n## Part II\n* [B](b.md)\n")
    assert [e.part for e in read_summary(root / "SUMMARY.md", root)] == ["Part I", "Part II"]


def test_readme_first_when_unlisted_missing_and_repeated_left_out(tmp_path, caplog):
    names = gitbook.structure({})
    root = book(tmp_path, {"README.md": "# Intro\n", "a.md": "# A\n", "GLOSSARY.md": "## Term\n",
                           "SUMMARY.md": "* [A](a.md)\n* [Gone](gone.md)\n* [A again](a.md)\n"
                                         "* [Me](SUMMARY.md)\n"})
    with caplog.at_level(logging.WARNING, logger="publish"):
        entries = chapters_of(root, names)
    assert [e.path.name for e in entries] == ["README.md", "a.md"]
    assert messages(caplog, root) == [
        "SUMMARY.md:2: chapter 'gone.md' not found; left out",
        "SUMMARY.md:3: 'a.md' is listed again; the first entry is kept",
        "SUMMARY.md:4: SUMMARY.md lists itself; left out"]


def test_readme_listed_later_stays_where_listed(tmp_path):
    root = book(tmp_path, {"README.md": "# Intro\n", "a.md": "# A\n",
                           "SUMMARY.md": "* [A](a.md)\n* [Intro](README.md)\n"})
    assert [e.path.name for e in chapters_of(root, gitbook.structure({}))] == ["a.md", "README.md"]


def test_a_book_with_no_chapter_is_refused(tmp_path):
    root = book(tmp_path, {"book.json": '{"title": "T", "author": "A", "language": "en"}',
                           "SUMMARY.md": "* [Gone](gone.md)\n"})
    with pytest.raises(SourceError) as caught:
        sources.read(config.load(root), "en")
    assert caught.value.finding == "nothing-readable"


# --- template tags ----------------------------------------------------------------------------

def expand(tmp_path: Path, text: str, variables=None, files=None) -> tuple[str, tuple[int, ...]]:
    root = book(tmp_path, {"page.md": text, **(files or {})})
    return Expander(variables or {}, tmp_path, root).expand(text, root / "page.md")


def test_variables_filled_and_unknown_kept_with_one_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="publish"):
        text, _ = expand(tmp_path, "v{{ book.version }} {{book.site.name}} {{ book.nope }}\n"
                         "{{ book.nope }} {{ page.title }} {{#include x.md}}",
                         {"version": 2, "site": {"name": "S"}})
    assert text == "v2 S {{ book.nope }}\n{{ book.nope }} {{ page.title }} {{#include x.md}}"
    assert messages(caplog, tmp_path / "book") == [
        "page.md:1: {{ book.nope }}: book.json sets no variable 'nope'; kept as written"]


def test_raw_keeps_its_content_and_comments_go(tmp_path):
    text, origins = expand(tmp_path, "a {# note #}b\n{% raw %}\n{{ book.v }} {% hint %}\n"
                                     "{% endraw %}\n{{ book.v }}", {"v": "X"})
    assert text == "a b\n\n{{ book.v }} {% hint %}\n\nX"
    assert origins == (1, 2, 3, 4, 5)


def test_include_is_expanded_and_its_lines_map_to_the_tag(tmp_path):
    text, origins = expand(tmp_path, "one\n{% include \"./part/x.md\" %}\nthree",
                           {"v": "V"}, {"part/x.md": "x1 {{ book.v }}\nx2\n"})
    assert text == "one\nx1 V\nx2\nthree"
    assert origins == (1, 2, 2, 3)


def test_include_outside_the_project_is_refused_and_missing_left_out(tmp_path, caplog):
    (tmp_path / "secret.md").write_text("secret")
    with pytest.raises(SourceError) as caught:
        Expander({}, tmp_path / "book", tmp_path / "book").expand(
            '{% include "../secret.md" %}', tmp_path / "book" / "page.md")
    assert caught.value.finding == "outside-project"
    with caplog.at_level(logging.WARNING, logger="publish"):
        text, _ = expand(tmp_path, 'a\n{% include "gone.md" %}')
    assert text == "a\n" and "included file 'gone.md' not found; left out" in caplog.text


def test_an_include_of_itself_stops(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="publish"):
        text, _ = expand(tmp_path, 'me\n{% include "page.md" %}')
    assert text == "me\n" and "included file 'page.md' includes itself" in caplog.text
    with caplog.at_level(logging.WARNING, logger="publish"):
        text, _ = expand(tmp_path / "2", 'a\n{% include "b.md" %}',
                         files={"b.md": 'b\n{% include "page.md" %}\n'})
    assert text == "a\nb"


def test_hint_becomes_an_admonition_aside(tmp_path):
    text, origins = expand(tmp_path, '{% hint style="danger" %}\nCareful.\n{% endhint %}')
    assert text.split("\n") == ["", "", '<aside class="admonition danger" markdown="1">', "", "",
                                "Careful.", "", "", "</aside>", "", ""]
    assert origins == (1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3)


def test_other_tags_dropped_content_kept_noted_once(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="publish"):
        text, _ = expand(tmp_path, '{% tabs %}\n{% tab title="Linux" %}\nrun\n{% endtab %}\n'
                         '{% endtabs %}\n{% tabs %}{% endtabs %}\n{% embed url="https://x.org/v" %}\n'
                         "```\n{% tabs %}\n```")
    assert text == "\n\n\n**Linux**\n\n\nrun\n\n\n\n<https://x.org/v>\n```\n{% tabs %}\n```"
    assert messages(caplog, tmp_path / "book") == [
        "page.md:1: {% tabs %} is a GitBook tag with no meaning in a book; left out, its "
        "content kept"]


def test_an_unlisted_readme_without_a_heading_is_titled_by_the_book(tmp_path):
    root = book(tmp_path, {"book.json": '{"title": "书名", "author": "A", "language": "zh-hans"}',
                           "README.md": "没有标题的前言。\n", "SUMMARY.md": "# 目录\n"})
    chapters = sources.read(config.load(root), "zh-Hans")
    assert [(c.slug, c.listed_title) for c in chapters] == [("readme", "书名")]
