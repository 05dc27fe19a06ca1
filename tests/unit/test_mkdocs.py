"""An MkDocs site's mkdocs.yml read as the config, its nav (or MkDocs' own order) as the
chapters, mkdocs-static-i18n's languages as editions (issue 24)."""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from publish import config as config_mod
from publish import mkdocs
from publish.cache import _inputs
from publish.errors import ConfigError, PublishError
from publish.sources import read
from publish.sources.mkdocs_nav import own_order, Page, Section

EPOCH = "1748736000"                       # 2025-06-01


def _site(root: Path, yml: str, pages: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(yml, encoding="utf-8")
    for name, text in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _messages(caplog) -> list[str]:
    return [r.getMessage().split("mkdocs.yml", 1)[-1] for r in caplog.records
            if r.levelno >= logging.WARNING]


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


FULL = """site_name: The Site
site_author: A. Writer
site_description: What it is about.
copyright: Copyright &copy; 2024 <a href="https://example.org">A. Writer</a>
theme:
  name: material
  language: pt_BR
extra:
  publish:
    slug: the-site
    date: 2024-05-06
"""


def test_the_site_gives_title_author_description_rights_and_language(tmp_path, caplog):
    root = _site(tmp_path / "s", FULL, {"index.md": "# Home\n"})
    with caplog.at_level(logging.WARNING, logger="publish"):
        config = config_mod.load(root)
    edition = config.edition("pt-BR")
    assert (edition.title, edition.description, edition.rights) == (
        "The Site", "What it is about.", "Copyright © 2024 A. Writer")
    assert [a.name for a in edition.authors] == ["A. Writer"]
    assert (config.slug, config.date, config.languages) == ("the-site", dt.date(2024, 5, 6),
                                                            ("pt-BR",))
    assert edition.folder == root / "docs"
    assert _messages(caplog) == []                       # everything said: no default warned


def test_absent_values_get_defaults_with_one_warning_each(tmp_path, caplog):
    root = _site(tmp_path / "bare-site", "site_name: Bare Site\ntheme: readthedocs\n",
                 {"index.md": "# Home\n"})
    with caplog.at_level(logging.WARNING, logger="publish"):
        config = config_mod.load(root)
    assert (config.slug, config.languages, config.date) == ("bare-site", ("en",),
                                                            dt.date(2025, 6, 1))
    assert [a.name for a in config.edition("en").authors] == ["bare-site"]
    assert _messages(caplog) == [
        ": site_author: not set; 'bare-site' is used (the folder's name); set site_author in "
        "mkdocs.yml",
        ":2: theme.language: not set; 'en' is used (MkDocs' own default); set language under "
        "theme in mkdocs.yml",
        ": extra.publish.slug: not set; 'bare-site' is used (from the site's name); set slug "
        "under extra.publish in mkdocs.yml",
        ": extra.publish.date: not set; '2025-06-01' is used (SOURCE_DATE_EPOCH); set date under "
        "extra.publish in mkdocs.yml",
    ]


def test_python_and_env_tags_are_read_as_plain_values_never_run(tmp_path):
    yml = ('site_name: !ENV [SITE_NAME, "Tagged"]\nsite_author: !ENV AUTHOR_VAR\n'
           'markdown_extensions:\n  - pymdownx.emoji:\n'
           '      emoji_index: !!python/name:material.extensions.emoji.twemoji\n'
           '      generator: !!python/object/apply:os.system ["echo no"]\n'
           'hooks: !relative $config_dir/hooks\n')
    root = _site(tmp_path / "s", yml, {"index.md": "# Home\n"})
    site = mkdocs.load_site(root / "mkdocs.yml")
    assert site.raw["site_name"] == "Tagged" and site.raw["site_author"] is None
    emoji = site.raw["markdown_extensions"][0]["pymdownx.emoji"]
    assert emoji == {"emoji_index": "material.extensions.emoji.twemoji",
                     "generator": ["echo no"]}
    assert site.raw["hooks"] == "$config_dir/hooks"


@pytest.mark.parametrize("yml, line", [
    ("site_name: A\nnav:\n  - Home: index.md\n   - bad: [\n", 4),
    ("site_name: 'never closed\n", 2),
    ("- just\n- a list\n", 1),
])
def test_yaml_that_cannot_be_read_is_refused_with_file_and_line(tmp_path, yml, line):
    root = _site(tmp_path / "s", yml, {"index.md": "# Home\n"})
    with pytest.raises(ConfigError) as caught:
        config_mod.load(root)
    assert caught.value.path == root / "mkdocs.yml" and caught.value.line == line
    assert caught.value.finding == "config-unreadable"


def test_book_toml_wins_and_a_yml_path_is_read(tmp_path):
    root = _site(tmp_path / "s", "site_name: Named\n", {"index.md": "# Home\n"})
    (root / "mkdocs.yml").rename(root / "mkdocs.yaml")
    assert mkdocs.find(root) == root / "mkdocs.yaml"
    assert mkdocs.find(root / "mkdocs.yaml") == root / "mkdocs.yaml"
    (root / "book.toml").write_text("[book]\ntitle = 'x'\n", encoding="utf-8")
    assert mkdocs.find(root) is None


def test_inherit_merges_the_base_config(tmp_path):
    root = _site(tmp_path / "s", "INHERIT: base.yml\ntheme:\n  language: de\n",
                 {"index.md": "# Home\n"})
    (root / "base.yml").write_text("site_name: Base\ntheme:\n  name: material\n  language: fr\n",
                                   encoding="utf-8")
    config = config_mod.load(root)
    assert (config.edition("de").title, config.languages) == ("Base", ("de",))
    assert root / "base.yml" in config.inputs


@pytest.mark.parametrize("yml, code", [
    ("theme:\n  name: mkdocs\n  locale: fr\n", "fr"),
    ("theme:\n  name: material\n  language: zh-Hant\n", "zh-Hant"),
    ("extra:\n  alternate:\n    - {name: English, link: /en/, lang: en}\n"
     "    - {name: Deutsch, link: /, lang: de}\n", "de"),
])
def test_the_language_comes_from_the_theme_or_the_alternates(tmp_path, yml, code):
    root = _site(tmp_path / "s", "site_name: S\n" + yml, {"index.md": "# Home\n"})
    assert config_mod.load(root).languages == (code,)


I18N = """site_name: Tool
plugins:
  - search
  - i18n:
      docs_structure: {structure}
      languages:
        - locale: fr
          name: Français
          site_name: Outil
          nav_translations:
            Guide: Mode d'emploi
        - locale: en
          default: true
          name: English
        - locale: de
          name: Deutsch
          build: false
"""


def test_i18n_languages_default_first_unbuilt_left_out_own_site_name(tmp_path):
    root = _site(tmp_path / "s", I18N.format(structure="suffix"), {"index.md": "# Home\n"})
    config = config_mod.load(root)
    assert config.languages == ("en", "fr")
    assert [config.edition(c).title for c in config.languages] == ["Tool", "Outil"]


def test_i18n_old_settings_are_read(tmp_path):
    yml = ("site_name: Tool\nplugins:\n  - i18n:\n      default_language: en\n"
           "      languages:\n        en: English\n        fr:\n          name: Français\n"
           "        es:\n          name: Español\n          build: false\n")
    root = _site(tmp_path / "s", yml, {"index.md": "# Home\n"})
    assert config_mod.load(root).languages == ("en", "fr")


def _order(items) -> list:
    return [i.uri if isinstance(i, Page) else (i.title, _order(i.items)) for i in items]


def test_without_a_nav_mkdocs_own_order():
    uris = ["b.md", "a.md", "index.md", "z/x.md", "getting-started/b.md",
            "getting-started/README.md", "Upper_Case/index.md", "Upper_Case/README.md",
            "getting-started/deep/index.md", "getting-started/a.md"]
    assert _order(own_order({u: Path(u) for u in uris})) == [
        "index.md", "a.md", "b.md",
        ("Upper Case", ["Upper_Case/index.md"]),             # README.md gives way to index.md
        ("Getting started", ["getting-started/README.md", "getting-started/a.md",
                             "getting-started/b.md",
                             ("Deep", ["getting-started/deep/index.md"])]),
        ("Z", ["z/x.md"]),
    ]


def _chapters(root: Path, lang: str) -> list[tuple]:
    config = config_mod.load(root)
    return [(r.path.relative_to(root / "docs").as_posix(), r.level, r.part, r.listed_title)
            for r in read(config, lang)]


def test_the_nav_gives_parts_sub_chapters_and_leaves_out_links_and_missing(tmp_path, caplog):
    yml = ("site_name: S\nnav:\n  - index.md\n  - Part One:\n      - One: one/a.md\n"
           "      - Deeper:\n          - one/deep/index.md\n          - one/deep/b.md\n"
           "      - Loose:\n          - one/c.md\n          - one/d.md\n"
           "      - Elsewhere: https://example.org\n      - Gone: one/gone.md\n"
           "  - Twice: index.md\n  - last.md\n")
    pages = {p: f"# {p}\n" for p in ("index.md", "one/a.md", "one/deep/index.md", "one/deep/b.md",
                                     "one/c.md", "one/d.md", "last.md")}
    root = _site(tmp_path / "s", yml, pages)
    with caplog.at_level(logging.WARNING, logger="publish"):
        chapters = _chapters(root, "en")
    assert chapters == [
        ("index.md", 1, "", "Home"),
        ("one/a.md", 1, "Part One", "One"),
        ("one/deep/index.md", 1, "", "Deeper"),          # the section's index page leads it
        ("one/deep/b.md", 2, "", "B"),
        ("one/c.md", 1, "", "C"),                        # no index page: the section's level
        ("one/d.md", 1, "", "D"),
        ("last.md", 1, "", "Last"),
    ]
    assert [m for m in _messages(caplog) if "nav" in m] == [
        ":13: nav: 'one/gone.md' is not in docs/; left out",
        ":14: nav: 'index.md' is listed twice; the first place is kept",
    ]


def test_i18n_suffix_pages_with_fallback_and_translated_nav(tmp_path, caplog):
    yml = I18N.format(structure="suffix") + "nav:\n  - index.md\n  - Guide:\n      - guide.md\n"
    pages = {"index.md": "# Home\n", "index.fr.md": "# Accueil\n", "guide.md": "# Guide\n",
             "only.fr.md": "# Seulement\n"}
    root = _site(tmp_path / "s", yml, pages)
    with caplog.at_level(logging.WARNING, logger="publish"):
        assert _chapters(root, "fr") == [("index.fr.md", 1, "", "Home"),
                                         ("guide.md", 1, "Mode d'emploi", "Guide")]
    assert _messages(caplog)[-1] == (":7: 1 page not translated into 'fr'; the 'en' page "
                                     "stands in, as mkdocs-static-i18n does: guide.md")
    assert _chapters(root, "en") == [("index.md", 1, "", "Home"),
                                     ("guide.md", 1, "Guide", "Guide")]


def test_i18n_folder_structure_without_a_nav(tmp_path):
    pages = {"en/index.md": "# Home\n", "en/b.md": "# B\n", "en/a/x.md": "# X\n",
             "fr/index.md": "# Accueil\n", "fr/a/x.md": "# X fr\n"}
    root = _site(tmp_path / "s", I18N.format(structure="folder"), pages)
    assert _chapters(root, "fr") == [("fr/index.md", 1, "", "Home"), ("en/b.md", 1, "", "B"),
                                     ("fr/a/x.md", 1, "A", "X")]
    config = config_mod.load(root)
    index = read(config, "fr")[0]
    assert root / "docs" / "en" / "index.md" in index.aliases     # a link by its English path


def test_the_build_cache_reads_mkdocs_yml_and_docs_only(tmp_path):
    root = _site(tmp_path / "s", "site_name: S\n", {"index.md": "# Home\n"})
    (root / "src").mkdir()
    (root / "src" / "tool.py").write_text("print('not a page')\n", encoding="utf-8")
    found = {p.relative_to(root).as_posix() for p in _inputs(config_mod.load(root), None)}
    assert found == {"mkdocs.yml", "docs/index.md"}


@pytest.mark.parametrize("docs_dir", ["../", "/tmp"])
def test_a_docs_dir_outside_the_project_is_refused(tmp_path, docs_dir):
    root = _site(tmp_path / "s", f"site_name: S\ndocs_dir: {docs_dir}\n", {"index.md": "# Home\n"})
    with pytest.raises(PublishError) as caught:
        config_mod.load(root)
    assert (caught.value.finding, caught.value.line) == ("outside-project", 2)


def test_a_language_own_nav_is_read_with_its_lines(tmp_path, caplog):
    yml = I18N.format(structure="suffix").replace(
        "          site_name: Outil\n",
        "          site_name: Outil\n          nav:\n            - Début: index.md\n"
        "            - Absent: gone.md\n") + "nav:\n  - index.md\n  - b.md\n"
    root = _site(tmp_path / "s", yml, {"index.md": "# Home\n", "b.md": "# B\n"})
    with caplog.at_level(logging.INFO, logger="publish"):
        assert _chapters(root, "fr") == [("index.md", 1, "", "Début")]
    assert ":12: nav: 'gone.md' is not in docs/; left out" in _messages(caplog)
    assert any("1 page(s) of docs/ not in the nav, left out: b.md" in r.getMessage()
               for r in caplog.records if r.levelno == logging.INFO)


def test_a_nav_entry_naming_a_folder_is_its_pages_in_mkdocs_order(tmp_path):
    yml = "site_name: S\nnav:\n  - index.md\n  - Guide: guide/\n  - guide/b.md\n"
    pages = {p: f"# {p}\n" for p in ("index.md", "guide/README.md", "guide/b.md", "guide/a.md",
                                     "guide/deep/x.md")}
    root = _site(tmp_path / "s", yml, pages)
    assert _chapters(root, "en") == [
        ("index.md", 1, "", "Home"),
        ("guide/README.md", 1, "Guide", "Guide"), ("guide/a.md", 1, "", "A"),
        ("guide/b.md", 1, "", "B"), ("guide/deep/x.md", 1, "", "X")]


def test_a_literate_nav_file_gives_the_order(tmp_path, caplog):
    yml = "site_name: S\nplugins:\n  - literate-nav:\n      nav_file: NAV.md\n      implicit_index: true\n"
    nav = ("# Contents\n\n- [Ignored](b.md)\n\nThe last list is the nav:\n\n"
           "* [Home](index.md)\n* Guide\n    * [Install](guide/install.md)\n"
           "* [Reference](ref/)\n* [Gone](gone.md)\n* [Site](https://example.org)\n")
    pages = {"NAV.md": nav, "index.md": "# Home\n", "b.md": "# B\n", "guide/install.md": "# I\n",
             "ref/README.md": "# Ref\n", "ref/NAV.md": "- [Two](two.md)\n- [One](one.md)\n",
             "ref/one.md": "# One\n", "ref/two.md": "# Two\n"}
    root = _site(tmp_path / "s", yml, pages)
    with caplog.at_level(logging.WARNING, logger="publish"):
        assert _chapters(root, "en") == [
            ("index.md", 1, "", "Home"), ("guide/install.md", 1, "Guide", "Install"),
            ("ref/README.md", 1, "Reference", "Ref"),              # implicit_index leads it
            ("ref/two.md", 1, "", "Two"), ("ref/one.md", 1, "", "One")]
    assert [r.getMessage().split("/s/docs/", 1)[1] for r in caplog.records
            if "nav:" in r.getMessage()] == ["NAV.md:11: nav: 'gone.md' is not in docs/; left out"]
