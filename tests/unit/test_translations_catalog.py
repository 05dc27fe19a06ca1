"""PO files read for an edition: figures, usable translations, unreadable files (issue 25)."""
from __future__ import annotations

import logging

import pytest

from publish.translations.catalog import dropped, read_catalog
from publish.translations.codeblocks import known, parts

PO = '''msgid ""
msgstr ""
"Language: fr\\n"

#: src/a.md:1
msgid "See [the lamp](lamp.md) and `wick()`."
msgstr "Voir la lampe et `wick()`."

#, fuzzy
msgid "Old"
msgstr "Vieux"

msgid "New"
msgstr ""

msgid "Done"
msgstr "Fait"

#~ msgid "Gone"
#~ msgstr "Parti"
'''


@pytest.mark.parametrize("msgid, msgstr, lost", [
    ("Run `cargo`.", "Lancez cargo.", "a code span"),
    ("Run `cargo`.", "Lancez `cargo`.", ""),
    ("See [x](a.md).", "Voir [x](b.md).", "the link to 'a.md'"),
    ("At <https://a.org>.", "À <https://a.org>.", ""),
    ("Plain.", "Simple.", ""),
])
def test_a_translation_must_keep_links_and_code(msgid, msgstr, lost):
    assert dropped(msgid, msgstr) == lost


def test_figures_and_the_translations_used(tmp_path, caplog):
    path = tmp_path / "fr.po"
    path.write_text(PO, encoding="utf-8")
    catalog = read_catalog(path)
    assert (catalog.figures.total, catalog.figures.translated, catalog.figures.fuzzy) == (4, 2, 1)
    assert catalog.figures.said() == "50% translated (2 of 4 messages, 1 fuzzy)"
    assert catalog.figures.percent(fuzzy_counts=True) == 75.0
    warned: set[str] = set()
    with caplog.at_level(logging.WARNING, logger="publish"):
        assert catalog.lookup("Done", warned) == "Fait"
        assert catalog.lookup("Old", warned) is None and catalog.lookup("New", warned) is None
        used = catalog.lookup("See [the lamp](lamp.md) and `wick()`.", warned)
        assert used == "Voir la lampe et `wick()`."
        catalog.lookup("See [the lamp](lamp.md) and `wick()`.", warned)       # warned once
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}:7: the translation drops the link to 'lamp.md' its source has; it is used "
        f"as written"]


def test_an_unreadable_po_file_is_one_warning_naming_its_line(tmp_path, caplog):
    path = tmp_path / "de.po"
    path.write_text(PO.replace('msgstr "Fait"', 'msgstr "Fait"\nnonsense here'), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="publish"):
        assert read_catalog(path) is None
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}:18: not a PO file that can be read (Syntax error); this edition is not built"]


def test_code_blocks_by_syntect_grammars():
    assert known("rust,editable") and known("sh") and known("txt")
    assert not known("toml") and not known("text") and not known("bob")
    assert parts("python", 'x = "hi"  # say it\n') == ((4, '"hi"  # say it\n'),)


def test_a_link_target_with_parentheses_must_be_kept_whole():
    url = "https://doc.rust-lang.org/x.html#impl-From%3C%5B(K,+V);+N%5D%3E-for-HashMap%3E"
    assert dropped(f"It has [`From`]({url}), so", f"Il a [`From`]({url}), donc") == ""
    assert dropped(f"It has [`From`]({url}), so", f"Il a [`From`]({url[:-3]}, donc") != ""
