"""Adding a language is one data file (issue 10): a project's own languages/<code>.toml adds one
or overrides a shipped one, and the book builds in it, EPUB and PDF."""
from __future__ import annotations

import re
import zipfile

import pikepdf
import pytest
from pypdf import PdfReader

from publish import config as config_mod
from publish.build import build

pytestmark = pytest.mark.slow

GERMAN = """\
name = "Deutsch"
babel_locale = "de_DE"
script = "Latn"

[typography]
# „Gänsefüßchen“ outside, ‚einfache‘ inside.
quotes = ["„", "“", "‚", "‘"]
rules = [
  # Two hyphens between spaces are a Gedankenstrich (en dash).
  [' -- ', " – "],
  # A single quote after a space or an opening quote opens an inner quotation.
  ['''(?<=[\\s„(])'''', "‚"],
  # Any other closes one (apostrophes between letters are ’ already).
  ["'", "‘"],
]

[labels]
language_name = "Deutsch"
contents = "Inhalt"
cover = "Umschlag"
title_page = "Titelseite"
copyright = "Impressum"
about_author = "Über die Autorin"
notes = "Anmerkungen"
landmarks = "Orientierungspunkte"
start = "Textbeginn"
back_to_note = "Zurück zum Verweis"
note = "Anmerkung"
half_title = "Schmutztitel"
published_by = "Erschienen bei"
all_rights = "Alle Rechte vorbehalten."
identifier = "Kennung"
isbn = "ISBN"
series = "Reihe"
date = "Erschienen"
typeset_in = "Gesetzt aus der Source Serif 4."
footnote_ref = "Anmerkung {n}"
chapter = "Kapitel"
"""


def _project(tmp_path, lang: str, chapter: str):
    (tmp_path / "source" / lang).mkdir(parents=True)
    (tmp_path / "source" / "book.toml").write_text(
        f'slug = "eins"\nlanguages = ["{lang}"]\ndate = 2024-01-02\ntitle = "Ein Buch"\n'
        'publisher = "Verlag"\n\n[[authors]]\nname = "Anna Autorin"\nbio = "Schreibt."\n',
        encoding="utf-8")
    (tmp_path / "source" / lang / "01-eins.md").write_text(chapter, encoding="utf-8")
    (tmp_path / "languages").mkdir()
    return tmp_path


def _epub_text(path, name):
    with zipfile.ZipFile(path) as z:
        return z.read(f"EPUB/{name}").decode("utf-8")


def test_a_new_language_from_the_project_builds_epub_and_pdf(tmp_path):
    # Swiss German (gsw) is not shipped: the project's file makes it, on top of CLDR's data.
    project = _project(tmp_path, "gsw", '# Eins\n\nSie sagte "Hallo -- und \'tschüss\'".\n')
    (project / "languages" / "gsw.toml").write_text(GERMAN, encoding="utf-8")
    config = config_mod.load(project)
    results = build(config, ("epub", "pdf"), ("gsw",), tmp_path / "out")
    epub, pdf = (r.path for r in results)
    chapter = _epub_text(epub, "eins.xhtml")
    assert "Sie sagte „Hallo – und ‚tschüss‘“." in chapter
    assert 'lang="gsw"' in chapter and 'xml:lang="gsw"' in chapter
    opf = _epub_text(epub, "content.opf")
    assert "<dc:language>gsw</dc:language>" in opf
    assert "Inhalt" in _epub_text(epub, "nav.xhtml")
    assert "2. Januar 2024" in _epub_text(epub, "copyright.xhtml")        # Babel's de_DE date
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "gsw"
    pages = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Inhalt" in pages and "Über die Autorin" in pages and "2. Januar 2024" in pages


def test_a_project_overrides_one_key_of_a_shipped_language(tmp_path):
    """French with « » swapped for “ ” outside: the rest of French (labels, spacing) stays."""
    project = _project(tmp_path, "fr", '# Un\n\nIl dit "bonjour" ; voilà.\n')
    (project / "languages" / "fr.toml").write_text(
        '[typography]\nquotes = ["“", "”", "‘", "’"]\nquote_space = ""\n', encoding="utf-8")
    epub = build(config_mod.load(project), ("epub",), ("fr",), tmp_path / "out")[0].path
    chapter = _epub_text(epub, "eins.xhtml")
    assert "Il dit “bonjour”\u202f; voilà." in chapter                  # narrow space before ; kept
    assert "Table des matières" in _epub_text(epub, "nav.xhtml")


def test_a_broken_language_file_names_itself(tmp_path, capsys):
    from publish.cli import main

    # A tag neither shipped nor known to CLDR: its file alone must give every label.
    project = _project(tmp_path, "qq", "# Eins\n\nText.\n")
    (project / "languages" / "qq.toml").write_text(re.sub(r'contents = "Inhalt"\n', "", GERMAN),
                                                   encoding="utf-8")
    code = main(["epub", "--source", str(project), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 3
    line = GERMAN.splitlines().index("[labels]") + 1
    assert err.endswith(f"languages/qq.toml:{line}: labels: labels missing: contents"), err
