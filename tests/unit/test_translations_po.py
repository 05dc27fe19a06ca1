"""The one-pass PO reader gives what polib gives (issue 25)."""
from __future__ import annotations

import polib
import pytest

from publish.translations import po

TEXT = r'''# A translator's comment
msgid ""
msgstr ""
"Language: fr\n"
"Content-Type: text/plain; charset=UTF-8\n"

#: src/a.md:3 src/b.md:7
msgid "One \"quoted\" line"
msgstr "Une ligne \"citée\""

#: src/a.md:9
#, fuzzy
#| msgid "Old"
msgid ""
"Two "
"lines\n"
msgstr "Deux lignes"

#. i18n:comment
#: src/c.md
msgid "Untranslated"
msgstr ""

msgctxt "menu"
msgid "File"
msgid_plural "Files"
msgstr[0] "Fichier"
msgstr[1] ""

#~ msgid "Gone"
#~ msgstr "Parti"
'''


def test_same_entries_as_polib(tmp_path):
    path = tmp_path / "fr.po"
    path.write_text(TEXT, encoding="utf-8")
    entries, header = po.read(str(path))
    ref = polib.pofile(str(path), wrapwidth=0)
    assert header["Language"] == "fr" == ref.metadata["Language"]
    assert [(e.msgid, e.msgstr, e.fuzzy, e.obsolete, e.translated(), e.line, e.msgctxt)
            for e in entries] == \
           [(e.msgid, e.msgstr, e.fuzzy, e.obsolete, e.translated(), e.linenum, e.msgctxt)
            for e in ref]
    assert entries[0].files == ["src/a.md", "src/b.md"] and entries[2].files == ["src/c.md"]
    assert entries[1].msgid == "Two lines\n"


def test_a_line_it_cannot_read_goes_to_polib_which_names_it(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nnonsense here\n', encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        po.parse(path.read_text(encoding="utf-8"))
    assert "line 4" in str(caught.value)
    with pytest.raises(OSError, match="line 4"):
        po.read(str(path))
