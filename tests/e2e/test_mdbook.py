"""An mdBook builds as it is (issue 11): its own book.toml, SUMMARY.md, parts, sub-chapters,
includes, GitHub-style Markdown; dead links and drafts are warnings, never refusals."""
from __future__ import annotations

import logging
import re
import shutil
import subprocess
import zipfile
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader

from publish import config as config_mod
from publish.build import build, load_book
from conftest import FIXTURES, GOLDEN, run_epubcheck

pytestmark = pytest.mark.slow

XHTML = {"x": "http://www.w3.org/1999/xhtml"}
SYNTAX = ("```", "{{#", "<!--", "](", "[^")       # Markdown that must never reach a reader


@pytest.fixture(scope="module")
def manual(tmp_path_factory):
    root = tmp_path_factory.mktemp("manual") / "mdbook"
    shutil.copytree(FIXTURES / "mdbook", root)
    return root


@pytest.fixture(scope="module")
def outputs(manual, tmp_path_factory):
    results = build(config_mod.load(manual), ("epub", "pdf"), ("en",), tmp_path_factory.mktemp("o"))
    return {r.fmt: r.path for r in results}


def _documents(epub):
    with zipfile.ZipFile(epub) as z:
        return {n[len("EPUB/"):]: z.read(n).decode("utf-8") for n in z.namelist()
                if n.endswith(".xhtml")}


def test_the_warnings_name_file_and_line(manual, caplog):
    with caplog.at_level(logging.WARNING, logger="publish"):
        load_book(config_mod.load(manual), "en")
    found = [r.getMessage().replace(str(manual) + "/", "") for r in caplog.records]
    assert found == [
        "src/SUMMARY.md:10: draft chapter 'Someday Maybe' has no file yet; left out",
        "src/basics/installing.md:25: link to '../../README-other.md': '../../README-other.md' is "
        "not a chapter of this book; the link is left out, its text stays",
        "src/listings.md:3: <Listing> is not HTML (a preprocessor's tag?): its content is kept, "
        "the tag left out",
        "src/afterword.md:8: {{%session …}} is another preprocessor's directive, not run here; "
        "left out",
        "src/afterword.md:1: YAML front matter: only title and slug are read; left out: "
        "minutes, course",
    ]


def test_mdbook_defaults_are_warned_once_each(manual, tmp_path, caplog, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")            # 2025-06-01
    bare = tmp_path / "bare"
    shutil.copytree(manual, bare)
    toml = bare / "book.toml"
    toml.write_text(re.sub(r"(?ms)^\[output\.publish\].*", "", toml.read_text()).replace(
        'language = "en"\n', ""), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="publish"):
        config = config_mod.load(bare)
    assert (config.slug, config.languages) == ("a-small-manual", ("en",))
    assert [r.getMessage().split(": ", 1)[1] for r in caplog.records] == [
        "output.publish.languages: not set; 'en' is used (the language of the text; or [book] "
        "language); set languages in [output.publish]",
        "output.publish.slug: not set; 'a-small-manual' is used (from the title); set slug in "
        "[output.publish]",
        "output.publish.date: not set; '2025-06-01' is used (SOURCE_DATE_EPOCH); set date in "
        "[output.publish]",
    ]


def test_nav_nests_parts_and_sub_chapters(outputs):
    nav = ET.fromstring(_documents(outputs["epub"])["nav.xhtml"].encode())
    top = nav.find(".//x:nav[@id='toc']/x:ol", XHTML)

    def tree(ol):
        return [(li.find("x:a", XHTML).text, tree(li.find("x:ol", XHTML)) if li.find("x:ol", XHTML)
                 is not None else []) for li in ol.findall("x:li", XHTML)]
    assert tree(top) == [
        ("Foreword", []),
        ("The Basics", [("Getting Started", [("Installing", [("On Linux", [])]),
                                             ("First Steps", [])])]),
        ("Going Further", [("Listings", [])]),
        ("Afterword", []),                                          # a suffix: in no part
    ]


def test_parts_have_their_own_page(outputs):
    docs = _documents(outputs["epub"])
    assert 'epub:type="part"' in docs["part-basics-readme.xhtml"]
    texts = [page.extract_text() or "" for page in PdfReader(outputs["pdf"]).pages]
    part = next(n for n, t in enumerate(texts, 1) if t.strip() == "The Basics")
    assert part % 2 == 1                                            # a recto, alone on its page
    assert texts[part].strip() == ""                                # its verso left blank


def test_no_markdown_syntax_reaches_the_reader(outputs):
    for name, xhtml in _documents(outputs["epub"]).items():
        text = re.sub(r"<[^>]+>", "", xhtml)
        assert [s for s in SYNTAX if s in text] == [], name
    pdf = subprocess.run(["pdftotext", str(outputs["pdf"]), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert [s for s in SYNTAX if s in pdf] == []


def test_code_includes_and_hidden_lines(outputs):
    listings = _documents(outputs["epub"])["listings.xhtml"]
    code = re.sub(r"<[^>]+>", "", listings)
    assert code.count('let greeting = "Hello";') == 2 and "ANCHOR" not in code
    installing = re.sub(r"<[^>]+>", "", _documents(outputs["epub"])["basics-installing.xhtml"])
    assert 'println!("Hello, world!");' in installing and "mdBook hides this" not in installing


@pytest.mark.parametrize("name", ["foreword", "basics-readme", "basics-installing",
                                  "basics-first-steps", "listings"])
def test_golden_chapter_html(manual, save_golden, name):
    """The chapters' XHTML as checked by eye; rewritten only on purpose (--save-golden)."""
    book = load_book(config_mod.load(manual), "en")
    chapter = next(c for c in book.chapters if c.slug == name)
    golden = GOLDEN / "mdbook" / f"{name}.xhtml"
    if save_golden:
        golden.write_text(chapter.xhtml, encoding="utf-8")
    assert chapter.xhtml == golden.read_text(encoding="utf-8")


@pytest.mark.java
def test_the_manual_passes_epubcheck(outputs):
    messages = run_epubcheck(outputs["epub"])
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []
