"""A Jekyll site's collection builds as it is (issue 24): one EPUB per language folder, its
documents in front-matter order, the French edition titled by its landing page."""
from __future__ import annotations

import re
import shutil
import zipfile

import pytest

from conftest import FIXTURES, run_epubcheck
from publish.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1748736000")
    base = tmp_path_factory.mktemp("jekyll")
    shutil.copytree(FIXTURES / "jekyll-collection", base / "site")
    try:
        code = main(["epub", "--source", str(base / "site"), "--out", str(base / "out")])
    finally:
        mp.undo()
    return base / "out", code


def book(epub) -> tuple[str, list[str], dict[str, str]]:
    with zipfile.ZipFile(epub) as z:
        opf = z.read("EPUB/content.opf").decode()
        docs = {n[5:]: z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")}
    items = {i: h for h, i in re.findall(r'<item [^>]*?href="([^"]+)"[^>]*?id="([^"]+)"', opf)}
    spine = [items.get(i, i) for i in re.findall(r'<itemref [^>]*?idref="([^"]+)"', opf)]
    return opf, [s for s in spine if s not in ("cover.xhtml", "titlepage.xhtml", "nav.xhtml",
                                                 "copyright.xhtml")], docs


def test_one_edition_per_language_folder(built):
    out, code = built
    assert code == 0
    assert sorted(p.name for p in out.glob("*.epub")) == ["field-guides-en.epub",
                                                          "field-guides-fr.epub"]
    opf, spine, docs = book(out / "field-guides-en.epub")
    assert spine == ["welcome.xhtml", "tools.xhtml", "after.xhtml"]
    assert "<dc:language>en</dc:language>" in opf and "Rosa Lind" in opf
    assert "Welcome to the Field</h1>" in docs["welcome.xhtml"]
    assert "This is Field Guides: start here." in docs["welcome.xhtml"]
    opf, spine, docs = book(out / "field-guides-fr.epub")
    assert spine == ["welcome.xhtml", "tools.xhtml"]
    assert "<dc:language>fr</dc:language>" in opf and ">Guides de terrain</dc:title>" in opf
    assert "Bienvenue sur le terrain</h1>" in docs["welcome.xhtml"]


def test_the_french_edition_passes_epubcheck(built):
    out, _ = built
    messages = run_epubcheck(out / "field-guides-fr.epub")
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []
