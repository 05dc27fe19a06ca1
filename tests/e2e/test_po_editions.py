"""An mdBook translated with gettext PO files builds one edition per PO file (issue 25):
translations in place, fallbacks marked with the source language, titles translated, the
project's minimum kept, `publish translate extract`/`update` as mdbook-xgettext and msgmerge."""
from __future__ import annotations

import logging
import shutil
import zipfile

import polib
import pytest

from publish import config as config_mod
from publish.build import build_editions, load_book
from publish.cli import main
from conftest import FIXTURES, run_epubcheck

BOOK = FIXTURES / "po_book"
FALLBACK = "Notwithstanding extraordinarily unpredictable weather"


def _copy(tmp_path_factory, name: str = "po_book"):
    root = tmp_path_factory.mktemp(name) / "book"
    shutil.copytree(BOOK, root)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = _copy(tmp_path_factory)
    config = config_mod.load(root)
    outcome = build_editions(config, ("epub",), config.languages, root / "out")
    return config, {r.lang: r.path for r in outcome.results}


def _read(epub, name: str) -> str:
    with zipfile.ZipFile(epub) as z:
        return z.read(f"EPUB/{name}").decode("utf-8")


def test_one_edition_per_po_file(built):
    config, epubs = built
    assert config.languages == ("en", "fr", "ja")
    assert sorted(epubs) == ["en", "fr", "ja"]


def test_translated_text_sits_where_the_source_was(built):
    _, epubs = built
    fr, ja = _read(epubs["fr"], "light.xhtml"), _read(epubs["ja"], "light.xhtml")
    assert "<h1" in fr and "La lumière</h1>" in fr
    assert fr.index("Le phare se dresse") < fr.index(FALLBACK) < fr.index("De l’huile")
    assert "<td>Hiver</td>" in fr and "<th>Saison</th>" in fr                  # table cells
    assert "<li>Des mèches et des <em>allumettes</em></li>" in fr              # list item
    assert "// Allumer la lampe au crépuscule." in fr and "La lampe est allumée" in fr
    assert "fn</span>" in fr and "light" in fr                                # code stays code
    assert '<a href="lamps.xhtml#les-lampes">lampes</a>' in fr
    assert "<p>Lighthouse No. 7, 1887.</p>" in fr                            # i18n:skip
    assert "灯台は海辺の岩の上に立っている。" in ja


def test_fallback_paragraphs_carry_the_source_language(built):
    _, epubs = built
    for lang in ("fr", "ja"):
        text = _read(epubs[lang], "light.xhtml")
        assert f'<p lang="en" xml:lang="en">{FALLBACK}' in text            # untranslated
        assert '<p lang="en" xml:lang="en">Its keeper climbs' in text          # fuzzy
    assert "<p lang=" not in _read(epubs["en"], "light.xhtml")


def test_titles_and_the_summary_are_translated(built):
    _, epubs = built
    assert "<dc:title id=\"title\">Le Phare</dc:title>" in _read(epubs["fr"], "content.opf")
    assert "灯台についての短い本。" in _read(epubs["ja"], "content.opf")     # per-language config
    nav = _read(epubs["fr"], "nav.xhtml")
    assert "Le gardien" in nav and "Les lampes" in nav                        # part, chapter


def test_the_fallback_is_hyphenated_as_english_in_print(built):
    """WeasyPrint hyphenates by each box's `lang`: the fallback paragraph's is English."""
    from weasyprint import HTML

    config, _ = built
    book = load_book(config, "fr")
    chapter = next(c for c in book.chapters if c.slug == "light")
    assert f'<p lang="en">{FALLBACK}' in chapter.html
    paragraphs = [p for p in chapter.html.split("\n") if p.startswith("<p")][:3]
    page = HTML(string=f'<html lang="fr"><body style="width: 3cm; hyphens: auto">'
                       f'{"".join(paragraphs)}</body></html>').render().pages[0]
    langs = {}
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        stack.extend(getattr(box, "children", []))
        text = getattr(box, "text", "")
        if text.startswith("Notwith") or text.startswith("Le phare"):
            langs[text.split()[0]] = box.style["lang"]
    assert langs.get("Le") == "fr" and any(v == "en" for k, v in langs.items() if k != "Le")


def test_extract_reproduces_the_po_files_messages(tmp_path_factory):
    root = _copy(tmp_path_factory, "extract")
    assert main(["translate", "extract", "--source", str(root)]) == 0
    pot = polib.pofile(str(root / "po" / "messages.pot"))
    fr = polib.pofile(str(root / "po" / "fr.po"))
    assert [e.msgid for e in pot] == [e.msgid for e in fr]
    assert [e.occurrences for e in pot] == [e.occurrences for e in fr]
    lamp = pot.find("A lamp burns oil.")
    assert lamp.comment == "The lamp of the lighthouse, not a table lamp." and not lamp.msgctxt
    assert pot.find("The Light").occurrences == [("src/SUMMARY.md", "7"), ("src/light.md", "1")]


def test_update_marks_an_edited_paragraph_fuzzy(tmp_path_factory):
    root = _copy(tmp_path_factory, "update")
    light = root / "src" / "light.md"
    light.write_text(light.read_text(encoding="utf-8").replace("at the edge of", "by the edge of"),
                     encoding="utf-8")
    assert main(["translate", "extract", "--source", str(root)]) == 0
    assert main(["translate", "update", "fr", "--source", str(root)]) == 0
    fr = polib.pofile(str(root / "po" / "fr.po"))
    entry = fr.find("The lighthouse stands on a rock by the edge of the sea.")
    assert entry.fuzzy and entry.msgstr == "Le phare se dresse sur un rocher au bord de la mer."
    assert entry.previous_msgid == "The lighthouse stands on a rock at the edge of the sea."
    assert fr.find("Oil for the lamp").msgstr == "De l'huile pour la lampe"
    assert fr.metadata["Language"] == "fr"                                  # its header kept


def test_a_new_language_starts_with_this_tool_alone(tmp_path_factory):
    root = _copy(tmp_path_factory, "start")
    assert main(["translate", "extract", "--source", str(root)]) == 0
    assert main(["translate", "update", "de", "--source", str(root)]) == 0
    de = polib.pofile(str(root / "po" / "de.po"))
    assert de.metadata["Language"] == "de" and len(de) == 20 and not de.translated_entries()
    assert "de" in config_mod.load(root).languages


def test_minimum_leaves_out_editions_below_it(tmp_path_factory, caplog):
    root = _copy(tmp_path_factory, "minimum")
    with (root / "book.toml").open("a", encoding="utf-8") as f:
        f.write("\n[output.publish.translations]\nminimum = 95\nfuzzy = true\n")
    with caplog.at_level(logging.WARNING, logger="publish"):
        config = config_mod.load(root)
    assert config.languages == ("en", "fr", "ja")      # 19 of 20 with the fuzzy one: 95%
    (root / "book.toml").write_text((root / "book.toml").read_text().replace(
        "fuzzy = true", "fuzzy = false"))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="publish"):
        config = config_mod.load(root)
    assert config.languages == ("en",)
    said = [r.getMessage() for r in caplog.records]
    assert any("po/fr.po: the 'fr' edition is 90% translated (18 of 20 messages, 1 fuzzy), "
               "below the minimum of 95%; it is not built" in s for s in said)


def test_bad_input_is_mended(tmp_path_factory, caplog):
    root = _copy(tmp_path_factory, "bad")
    fr = root / "po" / "fr.po"
    fr.write_text(fr.read_text(encoding="utf-8").replace(
        'msgstr "Saison"', 'msgstr "Saison"\nnot a PO line'), encoding="utf-8")
    ja = root / "po" / "ja.po"
    ja.write_text(ja.read_text(encoding="utf-8").replace(
        "[ランプ](lamps.md)と`wick()`を参照。", "ランプと`wick()`を参照。"), encoding="utf-8")
    shutil.copy(ja, root / "po" / "eu.po")             # Basque: no data file, CLDR's
    with caplog.at_level(logging.WARNING, logger="publish"):
        config = config_mod.load(root)
        book = load_book(config, "ja")
    said = [r.getMessage().replace(str(root) + "/", "") for r in caplog.records]
    line = next(n for n, text in enumerate(ja.read_text().split("\n"), 1)
                if text.startswith('msgstr "ランプと'))
    assert config.languages == ("en", "eu", "ja")
    assert "po/fr.po:69: not a PO file that can be read (Syntax error); this edition is not " \
           "built" in said
    assert f"po/ja.po:{line}: the translation drops the link to 'lamps.md' its source " \
           f"has; it is used as written" in said
    light = next(c for c in book.chapters if c.slug == "light")
    assert "<p>ランプと<code>wick()</code>を参照。</p>" in light.xhtml   # the reader's language
    assert '<p lang="en" xml:lang="en">See the <a href=' not in light.xhtml
    assert load_book(config, "eu").metadata.lang == "eu"


def test_our_own_layout_translates_its_first_language(tmp_path):
    (tmp_path / "source" / "en").mkdir(parents=True)
    (tmp_path / "po").mkdir()
    (tmp_path / "source" / "book.toml").write_text(
        'slug = "own"\ndate = 2024-01-02\ntitle = "Own"\nlanguages = ["en", "fr"]\n\n'
        '[[authors]]\nname = "A. Author"\n\n[translations]\n', encoding="utf-8")
    (tmp_path / "source" / "en" / "01-one.md").write_text("# One\n\nHello.\n\nMore.\n",
                                                         encoding="utf-8")
    (tmp_path / "po" / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "One"\nmsgstr "Un"\n\n'
        'msgid "Hello."\nmsgstr "Bonjour."\n\nmsgid "More."\nmsgstr ""\n', encoding="utf-8")
    book = load_book(config_mod.load(tmp_path), "fr")
    assert book.chapters[0].xhtml.split("\n")[1:3] == [
        "<p>Bonjour.</p>", '<p lang="en" xml:lang="en">More.</p>']


@pytest.mark.java
def test_every_edition_passes_epubcheck(built):
    _, epubs = built
    for lang, path in sorted(epubs.items()):
        bad = [m for m in run_epubcheck(path) if m["severity"] in ("FATAL", "ERROR")]
        assert bad == [], (lang, bad)
