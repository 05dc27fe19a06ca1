"""A docsify site builds as it is (issue 24): `publish epub --source REPO` finds the site in
docs/, builds the English and Chinese editions in the sidebar's order, with parts, tips
and includes; one EPUB passes EPUBCheck."""
from __future__ import annotations

import re
import shutil
import zipfile

import pytest

from publish.cli import main
from conftest import FIXTURES, run_epubcheck

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1748736000")
    base = tmp_path_factory.mktemp("docsify")
    try:
        shutil.copytree(FIXTURES / "docsify", base / "lantern")
        code = main(["epub", "--source", str(base / "lantern"), "--out", str(base / "out")])
    finally:
        mp.undo()
    return base / "out", code


def package(epub) -> tuple[str, list[str], dict[str, str]]:
    with zipfile.ZipFile(epub) as z:
        opf = z.read("EPUB/content.opf").decode()
        docs = {n[5:]: z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")}
    items = {i: h for h, i in re.findall(r'<item [^>]*?href="([^"]+)"[^>]*?id="([^"]+)"', opf)}
    spine = [items[i] for i in re.findall(r'<itemref [^>]*?idref="([^"]+)"', opf)]
    return opf, spine[4:], docs                         # after cover, title, copyright, nav


def test_both_editions_in_the_sidebars_order(built):
    out, code = built
    assert code == 0
    assert sorted(p.name for p in out.glob("*.epub")) == ["lantern-en.epub", "lantern-zh-Hans.epub"]
    opf, spine, docs = package(out / "lantern-en.epub")
    assert re.findall(r"<dc:title[^>]*>([^<]*)", opf) == ["Lantern Guide"]
    assert spine == ["readme.xhtml", "part-quickstart.xhtml", "quickstart.xhtml",
                     "guide-install.xhtml", "guide-routes.xhtml", "part-snippets.xhtml",
                     "snippets.xhtml"]
    assert "Going further" in docs["part-snippets.xhtml"]
    opf, spine, _ = package(out / "lantern-zh-Hans.epub")
    assert re.findall(r"<dc:language>([^<]*)", opf) == ["zh-Hans"]
    assert spine == ["readme.xhtml", "part-quickstart.xhtml", "quickstart.xhtml",
                     "guide-install.xhtml"]


def test_tips_includes_and_routes_are_read(built):
    out, _ = built
    _, _, docs = package(out / "lantern-en.epub")
    home, quick = docs["readme.xhtml"], docs["quickstart.xhtml"]
    assert '<aside class="admonition tip"' in home and '<aside class="admonition warning"' in home
    assert "?&gt;" not in home and ":id=" not in home and ":ignore" not in home
    assert 'href="guide-routes.xhtml#names"' in home and 'href="quickstart.xhtml' in home
    assert "Included notes: trim the wick first." in quick
    assert "light" in quick and "setup" not in quick          # the fragment only


def test_the_english_edition_passes_epubcheck(built):
    out, _ = built
    found = [m for m in run_epubcheck(out / "lantern-en.epub")
             if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert found == []
