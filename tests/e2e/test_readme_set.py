"""A set of translated READMEs builds as it is (issue 11): no book.toml, one edition a language."""
from __future__ import annotations

import logging
import re
import shutil
import subprocess
import zipfile

import pytest

from publish import config as config_mod
from publish.build import build
from conftest import FIXTURES, run_epubcheck

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def readmes(tmp_path_factory):
    root = tmp_path_factory.mktemp("readmes") / "tiny-tool"      # outside any git repository
    shutil.copytree(FIXTURES / "readme-set", root)
    return root


@pytest.fixture(scope="module")
def books(readmes, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1748736000")
    try:
        config = config_mod.load(readmes)
        results = build(config, ("epub", "pdf"), config.languages, tmp_path_factory.mktemp("out"))
    finally:
        mp.undo()
    return config, {(r.lang, r.fmt): r.path for r in results}


def test_languages_titles_and_defaults(readmes, caplog, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")
    with caplog.at_level(logging.WARNING, logger="publish"):
        config = config_mod.load(readmes)
    assert config.languages == ("en", "fr", "ko", "ru")
    assert [config.edition(c).title for c in config.languages] == [
        "Tiny Tool", "Petit outil", "작은 도구", "Маленькая утилита"]
    assert [r.getMessage().replace(str(readmes) + "/", "") for r in caplog.records] == [
        "README.tlh.md: language 'tlh' has no data file and CLDR does not know it; this README "
        "is left out (add languages/tlh.toml)",
        "book.toml: slug: not set; 'tiny-tool' is used (from the folder's name); set slug in "
        "book.toml",
        "book.toml: authors: not set; 'tiny-tool' is used (the folder's name); set authors in "
        "book.toml",
        "book.toml: date: not set; '2025-06-01' is used (SOURCE_DATE_EPOCH); set date in book.toml",
    ]


def test_each_language_is_its_own_book(books):
    config, paths = books
    with zipfile.ZipFile(paths[("fr", "epub")]) as z:
        readme = z.read("EPUB/readme-fr.xhtml").decode()
    assert 'lang="fr"' in readme and "«\u202fles détails\u202f»" in readme
    # The quotation's list is a list, nested two spaces deep, and the fence in the list is code.
    assert re.search(r"<blockquote>.*<ul>\s*<li>Il se lit comme un README\u00a0:<ul>", readme, re.S)
    assert "<code>" in readme and "```" not in readme


def test_links_to_other_languages_keep_their_text(books):
    _, paths = books
    with zipfile.ZipFile(paths[("en", "epub")]) as z:
        readme = z.read("EPUB/readme.xhtml").decode()
    assert '<span class="unlinked">Français</span>' in readme
    assert 'href="#install"' in readme


def test_the_pdfs_embed_only_the_designed_fonts(books):
    _, paths = books
    for lang in ("en", "fr", "ru"):
        out = subprocess.run(["pdffonts", str(paths[(lang, "pdf")])], capture_output=True,
                             text=True, check=True).stdout
        names = {line.split()[0].split("+")[-1] for line in out.splitlines()[2:]}
        # the designed faces, and the serifs for the names of other languages' scripts
        assert names and all(n.startswith(("Source-Serif-4", "Source-Code-Pro", "Noto-Serif",
                                           "Symbola")) for n in names), names
    out = subprocess.run(["pdffonts", str(paths[("ko", "pdf")])], capture_output=True,
                         text=True, check=True).stdout
    assert "Noto-Serif-CJK-KR" in out


@pytest.mark.java
@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_the_readmes_pass_epubcheck(books, lang):
    messages = run_epubcheck(books[1][(lang, "epub")])
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_golden_readme_html(readmes, save_golden, lang, monkeypatch):
    """Each README's XHTML as checked by eye; rewritten only on purpose (--save-golden)."""
    from publish.build import load_book

    from conftest import GOLDEN
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")
    chapter = load_book(config_mod.load(readmes), lang).chapters[0]
    golden = GOLDEN / "readme-set" / f"{lang}.xhtml"
    if save_golden:
        golden.write_text(chapter.xhtml, encoding="utf-8")
    assert chapter.xhtml == golden.read_text(encoding="utf-8")
