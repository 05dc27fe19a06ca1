"""An MkDocs site builds as it is (issue 24): `publish all` on a folder holding mkdocs.yml,
its nav's parts and sub-chapters, a mkdocs-static-i18n site's languages, admonitions."""
from __future__ import annotations

import re
import shutil
import time
import zipfile
from xml.etree import ElementTree as ET

import pytest

from publish import config as config_mod
from publish import writers
from publish.cache import fingerprint
from publish.cli import main
from conftest import FIXTURES, run_epubcheck

pytestmark = pytest.mark.slow

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
XHTML = {"x": "http://www.w3.org/1999/xhtml"}
EPOCH = "1748736000"                     # 2025-06-01


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Both fixture sites, copied outside any repository, built with `publish all`."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = tmp_path_factory.mktemp("mkdocs")
    built = {}
    try:
        for name in ("mkdocs-nav", "mkdocs-i18n"):
            shutil.copytree(FIXTURES / name, root / name)
            out = root / "out" / name
            code = main(["all", "--format", "epub", "--jobs", "1", "--source", str(root / name),
                         "--out", str(out)])
            built[name] = (code, root / name, out)
    finally:
        mp.undo()
    return built


def _epub(sites, name: str, lang: str):
    code, _, out = sites[name]
    assert code == 0
    return next(out.glob(f"*-{lang}.epub"))


def _opf(epub) -> ET.Element:
    with zipfile.ZipFile(epub) as z:
        return ET.fromstring(z.read("EPUB/content.opf"))


def _doc(epub, name: str) -> str:
    with zipfile.ZipFile(epub) as z:
        return z.read(f"EPUB/{name}").decode("utf-8")


def _spine(epub) -> list[str]:
    opf = _opf(epub)
    hrefs = {i.get("id"): i.get("href") for i in opf.iterfind(".//opf:manifest/opf:item", OPF)}
    return [hrefs[r.get("idref")].removesuffix(".xhtml")
            for r in opf.iterfind(".//opf:spine/opf:itemref", OPF)]


@pytest.mark.parametrize("name, lang, title, creator", [
    ("mkdocs-nav", "en", "A Small Handbook", "Ada Lovelace"),
    ("mkdocs-i18n", "en", "Tiny Tool", "Jean Dupont"),
    ("mkdocs-i18n", "fr", "Petit outil", "Jean Dupont"),
])
def test_opf_title_creator_and_language(sites, name, lang, title, creator):
    opf = _opf(_epub(sites, name, lang))
    assert opf.findtext(".//dc:title", namespaces=OPF) == title
    assert opf.findtext(".//dc:creator", namespaces=OPF) == creator
    assert opf.findtext(".//dc:language", namespaces=OPF) == lang


def test_the_spine_follows_the_nav(sites):
    epub = _epub(sites, "mkdocs-nav", "en")
    assert [s for s in _spine(epub) if s not in ("cover", "titlepage", "copyright", "nav")] == [
        "index", "part-guide-index", "guide-index", "guide-install", "guide-advanced-readme",
        "guide-advanced-tuning", "part-reference-api", "reference-api", "about"]
    opf = _opf(epub)
    assert opf.findtext(".//dc:rights", namespaces=OPF) == "Copyright © 2024 Ada Lovelace"


def test_sections_are_parts_holding_chapters_and_sub_chapters(sites):
    epub = _epub(sites, "mkdocs-nav", "en")
    assert 'epub:type="part"' in _doc(epub, "part-guide-index.xhtml")
    nav = ET.fromstring(_doc(epub, "nav.xhtml").encode())

    def tree(ol):
        return [(li.find("x:a", XHTML).text,
                 tree(li.find("x:ol", XHTML)) if li.find("x:ol", XHTML) is not None else [])
                for li in ol.findall("x:li", XHTML)]
    assert tree(nav.find(".//x:nav[@id='toc']/x:ol", XHTML)) == [
        ("Welcome", []),
        ("Guide", [("The Guide", []), ("Installing", []),
                   ("Advanced Use", [("Tuning", [])])]),
        ("Reference", [("The API", [])]),
        ("About", []),
    ]


def test_without_a_nav_mkdocs_order_and_the_untranslated_page(sites):
    fr = _epub(sites, "mkdocs-i18n", "fr")
    chapters = [s for s in _spine(fr) if s not in ("cover", "titlepage", "copyright", "nav")]
    assert chapters == ["index", "setup", "part-usage-index", "usage-index", "usage-advanced"]
    assert "<h1" in _doc(fr, "usage-advanced.xhtml") and "Advanced Use" in \
        _doc(fr, "usage-advanced.xhtml")                       # the English page stands in
    assert 'href="setup.xhtml#installation"' in _doc(fr, "index.xhtml")   # setup.md: its French


@pytest.mark.parametrize("name, lang, doc, kind, title", [
    ("mkdocs-nav", "en", "index.xhtml", "note", "Before you start"),
    ("mkdocs-nav", "en", "guide-index.xhtml", "warning", "Read this first"),   # ??? collapsible
    ("mkdocs-nav", "en", "guide-install.xhtml", "tip", "Tip"),                 # inline end
    ("mkdocs-i18n", "fr", "setup.xhtml", "note", "Un seul fichier"),
])
def test_admonitions_are_asides_with_their_title(sites, name, lang, doc, kind, title):
    xhtml = _doc(_epub(sites, name, lang), doc)
    m = re.search(rf'<div class="admonition {kind}">\s*<p class="admonition-title">([^<]*)</p>',
                  xhtml)
    assert m and m.group(1) == title
    css = _doc(_epub(sites, name, lang), "css/book.css")
    assert ".admonition {" in css and "p.admonition-title" in css


def test_content_tabs_follow_one_another_under_their_labels(sites):
    xhtml = _doc(_epub(sites, "mkdocs-nav", "en"), "reference-api.xhtml")
    assert re.findall(r'<p class="tab-title">([^<]*)</p>', xhtml) == ["Python", "Shell"]
    text = re.sub(r"<[^>]+>", "", xhtml)
    assert "===" not in text and "```" not in text and "value = api.call()" in text


def test_a_no_change_rebuild_is_up_to_date_and_quick_to_read(sites, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    _, root, out = sites["mkdocs-nav"]
    capsys.readouterr()
    assert main(["all", "--format", "epub", "--source", str(root), "--out", str(out)]) == 0
    assert "up to date" in capsys.readouterr().out
    best = 1.0
    for _ in range(3):
        start = time.perf_counter()
        config = config_mod.load(root)
        fingerprint(config, "en", writers.get_writer("epub"), out_dir=out)
        best = min(best, time.perf_counter() - start)
    assert best < 0.1


def test_edits_to_mkdocs_yml_and_pages_change_the_fingerprint(sites, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = tmp_path / "site"
    shutil.copytree(sites["mkdocs-nav"][1], root)
    epub = writers.get_writer("epub")

    def key() -> str:
        return fingerprint(config_mod.load(root), "en", epub)
    first = key()
    (root / "src").mkdir()
    (root / "src" / "tool.py").write_text("x = 1\n", encoding="utf-8")     # not the site's
    assert key() == first
    page = root / "manual" / "guide" / "install.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    second = key()
    assert second != first
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("About: about.md", "About us: about.md"),
                   encoding="utf-8")
    assert key() != second


@pytest.mark.java
def test_the_epubs_pass_epubcheck(sites):
    found = {}
    for name, lang in (("mkdocs-nav", "en"), ("mkdocs-i18n", "en"), ("mkdocs-i18n", "fr")):
        messages = run_epubcheck(_epub(sites, name, lang))
        found[(name, lang)] = [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert found == {key: [] for key in found}
