"""Finding a README set's translations (publish.readmeset): cheap, and never a traceback."""
from __future__ import annotations

import logging

import pytest

from publish import readmeset


@pytest.fixture(autouse=True)
def _date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")


def _write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(text if isinstance(text, bytes) else text.encode())


def test_only_readme_like_names_are_read(tmp_path, monkeypatch):
    """A big repository: its pages and sources are listed at most, never opened."""
    from publish.sources import text

    files = {"README.md": "# Tool\n\nA tool.\n", "README.fr.md": "# Outil\n",
             "docs/de.md": "# Werkzeug\n"}
    files.update({f"docs/page-{i}.md": "# Page\n" for i in range(50)})
    files.update({f"src/module{i}.py": "x = 1\n" for i in range(50)})
    files.update({f"translations/notes-{i}.md": "# Note\n" for i in range(5)})
    _write(tmp_path, files)
    read = []
    real = text.read_text
    monkeypatch.setattr(text, "read_text", lambda path, **kw: read.append(path.name) or real(path, **kw))
    raw, _ = readmeset.translate(tmp_path)
    assert raw["languages"] == ["en", "de", "fr"]
    assert sorted(read) == ["README.fr.md", "README.md", "de.md"]


def test_an_unreadable_translation_still_makes_its_edition(tmp_path, caplog):
    """Its title falls back to the folder's name; building it says what is wrong."""
    _write(tmp_path, {"README.md": "# Tool\n", "README.fr.md": b"# Outil \xff\xfe\n"})
    with caplog.at_level(logging.WARNING, logger="publish"):
        raw, _ = readmeset.translate(tmp_path)
    assert raw["languages"] == ["en", "fr"]
    assert raw["title"] == {"en": "Tool", "fr": tmp_path.name}


def test_the_base_readme_in_any_case(tmp_path):
    _write(tmp_path, {"Readme.md": "# Tool\n"})
    assert readmeset.is_readme_set(tmp_path)
    assert readmeset.translate(tmp_path)[0]["chapters"] == {"en": ["Readme.md"]}
    assert not readmeset.is_readme_set(tmp_path / "missing")


@pytest.mark.parametrize("files, found", [
    # a page in docs/ named like a word is not a translation, nor a folder without a README
    ({"docs/Deutsch.md": "# W\n", "docs/fr/index.md": "# O\n"}, ["en"]),
    # a folder made for translations takes names too
    ({"translations/Deutsch.md": "# W\n", "i18n/French/README.md": "# O\n"}, ["en", "de", "fr"]),
    # a publish project's own languages/ folder is not a translations folder
    ({"languages/fr.md": "# O\n"}, ["en"]),
])
def test_subfolders(tmp_path, files, found):
    _write(tmp_path, {"README.md": "# Tool\n", **files})
    assert readmeset.translate(tmp_path)[0]["languages"] == found


def test_a_translation_outside_the_project_is_never_read(tmp_path):
    outside = tmp_path / "elsewhere"
    _write(outside, {"README.fr.md": "# Dehors\n", "de.md": "# Draußen\n"})
    project = tmp_path / "tool"
    _write(project, {"README.md": "# Tool\n"})
    (project / "README.fr.md").symlink_to(outside / "README.fr.md")
    (project / "translations").symlink_to(outside)
    assert readmeset.translate(project)[0]["languages"] == ["en"]


def test_the_pages_a_readme_links_to_follow_it_in_the_order_linked(tmp_path, caplog):
    """A README that is a contents page: its linked pages are chapters, README's order first,
    then the pages they lead to; translations, housekeeping files, links in code and links
    outside the project are not chapters."""
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# Elsewhere\n")
    root = tmp_path / "book"
    _write(root, {
        "README.md": "# Weekly\n\n- [Two](docs/issue-2.md)\n- [One](./docs/issue-1.md#top)\n"
                     "- [Rules](CONTRIBUTING.md)\n- [Ta](CONTRIBUTING-ta.md)\n- [Français](README.fr.md)\n"
                     "- [Away](../elsewhere.md)\n- [Folder](part/)\n\n"
                     "```\n[no](docs/in-code.md)\n```\n\n[ref]: docs/ref.md\n",
        "README.fr.md": "# Hebdo\n", "CONTRIBUTING-ta.md": "# C\n",
        "docs/issue-2.md": "# Two\n\n[one](issue-1.md), [three](/docs/issue-3.md)\n",
        "docs/issue-1.md": "# One\n", "docs/issue-3.md": "# Three\n", "docs/ref.md": "# Ref\n",
        "docs/in-code.md": "# Code\n", "part/README.md": "# Part\n", "CONTRIBUTING.md": "# C\n",
        ".github/notes.md": "# Notes\n"})
    with caplog.at_level(logging.WARNING, logger="publish"):
        raw, _ = readmeset.translate(root)
    assert raw["chapters"]["en"] == ["README.md", "docs/issue-2.md", "docs/issue-1.md",
                                     "part/README.md", "docs/ref.md", "docs/issue-3.md"]
    assert raw["chapters"]["fr"] == ["README.fr.md"]
    said = [r.getMessage() for r in caplog.records if "in the order linked" in r.getMessage()]
    assert len(said) == 1 and "README.md" in said[0] and "5 Markdown page(s)" in said[0]


def test_translations_in_folders_named_for_their_language_or_by_the_switchers_words(tmp_path):
    """30-Days-Of-JavaScript's shape: `Spanish/readme.md`, and `RU/README.md` and
    `Korea/README.md` named only by the base README's language links; each is an edition
    with its own pages, none of them a chapter of the English book. `src/` and `Part/`
    are no languages, whatever a link to them says."""
    _write(tmp_path, {
        "README.md": "# Days\n\n[English](./README.md) [Spanish](./Spanish/readme.md)\n"
                     "🇷🇺 [Russian](./RU/README.md) 🇰🇷 [Korean](./Korea/README.md)\n"
                     "[Code](./src/README.md) [Day 2](./day2/day2.md)\n",
        "Spanish/readme.md": "# Días\n\n[Día 2](./dia2/dia2.md)\n",
        "Spanish/dia2/dia2.md": "# Día 2\n", "RU/README.md": "# Дни\n",
        "Korea/README.md": "# 날\n", "src/README.md": "# Code\n", "day2/day2.md": "# Day 2\n",
        "Part/README.md": "# Part\n"})
    raw, _ = readmeset.translate(tmp_path)
    assert raw["languages"] == ["en", "es", "ko", "ru"]
    assert raw["chapters"]["en"] == ["README.md", "src/README.md", "day2/day2.md"]
    assert raw["chapters"]["es"] == ["Spanish/readme.md", "Spanish/dia2/dia2.md"]
    assert raw["chapters"]["ru"] == ["RU/README.md"] and raw["chapters"]["ko"] == ["Korea/README.md"]


def test_a_readme_whose_name_gives_no_language_takes_the_one_its_link_names(tmp_path, caplog):
    """javascript-testing-best-practices' `readme-pr-fr.md`, linked as "Persian": the Persian
    edition, not a left-out README that the English book then read as a chapter."""
    _write(tmp_path, {"readme.md": "# Tests\n\n- 🇮🇷[Persian](readme-pr-fr.md)\n- [Tips](tips.md)\n",
                      "readme-pr-fr.md": "# آزمون‌ها\n", "tips.md": "# Tips\n"})
    with caplog.at_level(logging.WARNING, logger="publish"):
        raw, _ = readmeset.translate(tmp_path)
    assert raw["languages"] == ["en", "fa"]
    assert raw["chapters"] == {"en": ["readme.md", "tips.md"], "fa": ["readme-pr-fr.md"]}
    assert not any("names no language" in r.getMessage() for r in caplog.records)
