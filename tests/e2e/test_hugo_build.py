"""A Hugo site's issue and a Jekyll site's posts build as they are (issue 26): page bundles in
weight order, the `_index.md` introduction, an `index.es.md` translation, front matter in
three formats, `figure` and pull quotes carried out, an unknown shortcode left out."""
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
    """The Hugo issue (named by its section) and the Jekyll posts, with `publish all --format
    epub`, outside any git repository; the warnings each logged."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1748736000")
    base = tmp_path_factory.mktemp("sites")
    codes = {}
    try:
        for name, source in (("hugo-site", "content/issues/3"), ("jekyll-site", "")):
            shutil.copytree(FIXTURES / name, base / name)
            codes[name] = main(["all", "--source", str(base / name / source), "--out",
                                str(base / "out" / name), "--format", "epub", "--jobs", "1"])
    finally:
        mp.undo()
    return base, codes


def book(epub) -> tuple[str, list[str], dict[str, str]]:
    with zipfile.ZipFile(epub) as z:
        opf = z.read("EPUB/content.opf").decode()
        docs = {n[5:]: z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")}
    items = dict(re.findall(r'<item [^>]*?href="([^"]+)"[^>]*?id="([^"]+)"', opf))
    ids = {i: h for h, i in items.items()}
    spine = [ids.get(i, i) for i in re.findall(r'<itemref [^>]*?idref="([^"]+)"', opf)]
    return opf, [s for s in spine if s not in ("cover.xhtml", "titlepage.xhtml", "nav.xhtml",
                                                 "copyright.xhtml")], docs


def test_the_issue_builds_one_book_per_language_in_weight_order(built):
    base, codes = built
    assert codes["hugo-site"] == 0
    out = base / "out" / "hugo-site"
    order = ["introduction.xhtml", "first-light.xhtml", "salt-roads.xhtml", "letters.xhtml"]
    for code, title in (("en", "Issue Three"), ("es", "Número tres")):
        opf, spine, docs = book(out / f"the-quarterly-3-{code}.epub")
        assert spine == order, code                      # weight 1, 2, then by date; no draft
        assert f"<dc:title id=\"title\">{title}</dc:title>" in opf and f"<dc:language>{code}</dc:language>" in opf
        assert "Ksenia Muratshina" in opf                # the editor, an id in data/authors.yml
        intro = docs["introduction.xhtml"]
        assert ("harbour wall" in intro) == (code == "en") and ("muelle" in intro) == (code == "es")
    opf, _, docs = book(out / "the-quarterly-3-es.epub")
    assert "Primera luz" in docs["first-light.xhtml"]    # index.es.md
    assert 'lang="en"' in docs["salt-roads.xhtml"]        # no translation: the English, marked


def test_shortcodes_become_figures_and_pull_quotes(built):
    base, _ = built
    _, _, docs = book(base / "out" / "hugo-site" / "the-quarterly-3-en.epub")
    first = docs["first-light.xhtml"]
    assert re.search(r'<figure>\s*<p class="image"><img alt="A small blue boat" src="images/[^"]+'
                     r'boat\.png"/></p>\s*<figcaption>\s*<p>A boat at the <em>harbour</em> wall\.',
                     first)
    assert '<h1 id="first-light" class="chapter-title">First Light</h1>' in first
    assert "The wall was built in 1820." in first and "{{" not in first and "youtube" not in first
    salt = docs["salt-roads.xhtml"]
    assert re.search(r'<aside class="pullquote"[^>]*>\s*<p>Salt was money', salt)
    assert "The roads are footpaths now." in salt and "notice" not in salt
    assert 'href="first-light.xhtml#before-dawn"' in docs["letters.xhtml"]   # a link from the site's root


def test_the_jekyll_posts_build_in_date_order(built):
    base, codes = built
    assert codes["jekyll-site"] == 0
    opf, spine, docs = book(base / "out" / "jekyll-site" / "field-notes-en.epub")
    assert spine == ["first-visit.xhtml", "second-visit.xhtml"]     # 2023 before 2024; no draft
    second = docs["second-visit.xhtml"]
    assert "back to Field Notes country" in second and "Keep {{ this }} as written." in second
    assert "<pre>" in second and "count the birds" in second and "{%" not in second
    assert "<dc:creator" in opf and "Rosa Lind" in opf


def test_the_issue_passes_epubcheck(built):
    base, _ = built
    messages = run_epubcheck(base / "out" / "hugo-site" / "the-quarterly-3-es.epub")
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []
