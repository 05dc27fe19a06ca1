"""A GitBook builds as it is (issue 24): book.json's title, author and language, SUMMARY.md's
order, LANGS.md's editions, variables, includes and hints; every EPUB passes EPUBCheck."""
from __future__ import annotations

import re
import shutil
import time
import zipfile

import pytest

from publish.cli import main
from conftest import FIXTURES, run_epubcheck

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Both fixtures built with `publish all --format epub`, outside any git repository."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1748736000")
    base = tmp_path_factory.mktemp("gitbooks")
    codes = {}
    try:
        for name in ("gitbook", "gitbook-langs"):
            shutil.copytree(FIXTURES / name, base / name)
            codes[name] = main(["all", "--source", str(base / name), "--out",
                                str(base / "out" / name), "--format", "epub", "--jobs", "1"])
    finally:
        mp.undo()
    return base, codes


def package(epub) -> tuple[str, list[str], dict[str, str]]:
    """The OPF, the spine's documents in order, and every document's text."""
    with zipfile.ZipFile(epub) as z:
        opf = z.read("EPUB/content.opf").decode()
        docs = {n[5:]: z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")}
    items = dict(re.findall(r'<item [^>]*?id="([^"]+)"[^>]*?href="([^"]+)"', opf))
    items |= {i: h for h, i in re.findall(r'<item [^>]*?href="([^"]+)"[^>]*?id="([^"]+)"', opf)}
    spine = [items[i] for i in re.findall(r'<itemref [^>]*?idref="([^"]+)"', opf)]
    return opf, spine, docs


def meta(opf: str, name: str) -> list[str]:
    return re.findall(rf"<dc:{name}[^>]*>([^<]*)</dc:{name}>", opf)


def test_the_chinese_gitbook_is_chinese(built):
    base, codes = built
    assert codes["gitbook"] == 0
    opf, spine, docs = package(base / "out" / "gitbook" / "gitbook-zh-Hans.epub")
    assert meta(opf, "language") == ["zh-Hans"]
    assert meta(opf, "title") == ["小小的书"] and meta(opf, "creator") == ["王小明"]
    chapters = [s for s in spine if s not in ("cover.xhtml", "titlepage.xhtml", "nav.xhtml",
                                              "copyright.xhtml")]
    assert chapters == ["readme.xhtml", "chapter1-readme.xhtml", "chapter1-install.xhtml",
                        "chapter1-details.xhtml", "usage.xhtml", "part-terms.xhtml", "terms.xhtml"]
    install = docs["chapter1-install.xhtml"]
    assert "安装第 2.0 版" in install and "这一段来自一个共享的文件" in install
    assert '<aside class="admonition warning" role="note">' in install and "<strong>备份</strong>" in install
    assert "在页面里写 {{ book.version }}" in install          # {% raw %}
    assert "{%" not in install and "make" in install                 # {% code %}: content kept
    assert "《示例站》的第 2.0 版" in docs["readme.xhtml"]


def test_langs_md_gives_one_book_per_language(built):
    base, codes = built
    assert codes["gitbook-langs"] == 0
    out = base / "out" / "gitbook-langs"
    expected = {"en": ("A Small Guide", ["readme.xhtml", "basics.xhtml", "details.xhtml"], "tiny"),
                "fr": ("Un petit guide", ["readme.xhtml", "bases.xhtml", "details.xhtml"], "petit"),
                "de": ("A Small Guide", ["readme.xhtml", "grundlagen.xhtml"], "tiny")}
    for code, (title, order, tool) in expected.items():
        opf, spine, docs = package(out / f"gitbook-langs-{code}.epub")
        assert (meta(opf, "language"), meta(opf, "title")) == ([code], [title])
        assert meta(opf, "creator") == ["Jane Doe"]
        assert [s for s in spine if s in order] == order
        assert tool in docs[order[1]]
        if code == "en":
            assert '<aside class="admonition info" role="note">' in docs["basics.xhtml"]


def test_every_epub_passes_epubcheck(built):
    base, _ = built
    epubs = sorted((base / "out").rglob("*.epub"))
    assert len(epubs) == 4
    for epub in epubs:
        found = [m for m in run_epubcheck(epub) if m["severity"] in ("FATAL", "ERROR", "WARNING")]
        assert found == [], (epub.name, found)


def test_a_no_change_rebuild_reads_the_gitbook_quickly(built, monkeypatch):
    """Reading book.json, LANGS.md and SUMMARY.md adds little to a no-change rebuild, and an
    edit to SUMMARY.md is seen."""
    from publish import config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")
    base, _ = built
    source = base / "gitbook-langs"
    config.load(source)                         # imports and language data, as a rebuild has
    started = time.perf_counter()
    config.load(source)
    assert time.perf_counter() - started < 0.1
    out = base / "out" / "gitbook-langs"
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.epub")}
    assert main(["epub", "--source", str(source), "--out", str(out)]) == 0
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.epub")} == before
    summary = source / "fr" / "SUMMARY.md"
    summary.write_text(summary.read_text().replace("    - [Les détails](details.md)\n", ""))
    assert main(["epub", "--source", str(source), "--out", str(out), "--lang", "fr"]) == 0
    _, spine, _ = package(out / "gitbook-langs-fr.epub")
    assert "details.xhtml" not in spine
