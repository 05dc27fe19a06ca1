"""Property-based tests: any Markdown gives a valid book or a clean error, never a traceback (issue 5).

Generated chapters mix the three scripts, nesting, tables, footnotes, raw HTML and broken
syntax. Examples that once failed are kept in tests/fuzz_regressions/ and run every time.
"""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from publish import config as config_mod
from publish.build import load_book, write
from publish.errors import PublishError
from conftest import run_epubcheck

pytestmark = pytest.mark.slow      # lays out PDFs, big books or runs a browser

REGRESSIONS = Path(__file__).resolve().parent.parent / "fuzz_regressions"

WORDS = st.sampled_from([
    "Laos", "friendship", "Россия", "ёлочки", "дружба", "l'amitié", "Québec", "naïve", "œuvre",
    '"quoted"', "'single'", "--", "---", "...", "«guillemets»", "„лапки“", "10 %", "8 000", "В. В.",
    "?", "!", ";", ":", "&", "<", ">", "&amp;", "&nbsp;", "&#8212;", "x*y", "_under_", "a\\*b", "№ 5",
])
RAW_INLINE = st.sampled_from([
    "<b>bold</b>", "<script>alert(1)</script>", '<img src="javascript:x">', "<iframe src=x></iframe>",
    '<a href="file:///etc/passwd" rel="attachment">p</a>', '<span style="background:url(x)">s</span>',
    "<br>", "<em>unclosed", "</div>", '<a href="#nowhere">n</a>', '<abbr title="t">ab</abbr>',
    '<img src="https://example.com/x.png" alt="remote">', "<object data=x></object>", "<u>u</u>",
])
BROKEN = st.sampled_from(["[unclosed", "**", "`", "](", "![", "[^", "|", "<!--", "```", "~~~", "\\", "{: #"])


def inline():
    atom = st.one_of(WORDS, RAW_INLINE, BROKEN,
                     WORDS.map(lambda w: f"*{w}*"), WORDS.map(lambda w: f"**{w}**"),
                     WORDS.map(lambda w: f"`{w}`"), st.just("[^1]"), st.just("[^2]"),
                     WORDS.map(lambda w: f"[{w}](#a-heading)"),
                     st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Co", "Cn")),
                             max_size=6))
    return st.lists(atom, min_size=1, max_size=12).map(" ".join)


def block():
    text = inline()
    return st.one_of(
        text,
        text.map(lambda t: f"## {t}"), text.map(lambda t: f"### {t}"),
        st.lists(text, min_size=1, max_size=4).map(lambda xs: "\n".join(f"- {x}" for x in xs)),
        st.lists(text, min_size=1, max_size=3).map(lambda xs: "\n".join(f"1. {x}\n    - {x}" for x in xs)),
        st.tuples(text, text).map(lambda p: f"| {p[0]} | b |\n|---|:-:|\n| {p[1]} | 2 |"),
        text.map(lambda t: f"> {t}\n>\n> > {t}"),
        text.map(lambda t: f"```\n{t}\n```"),
        text.map(lambda t: f"[^1]: {t}"), text.map(lambda t: f"[^2]: {t}\n\n    {t}"),
        RAW_INLINE.map(lambda r: f"<div>{r}</div>"), st.just("---"), st.just("## A heading"),
    )


CHAPTERS = st.lists(block(), min_size=1, max_size=8).map(lambda bs: "# Fuzz\n\n" + "\n\n".join(bs) + "\n")


def _project(tmp: Path, chapters: list[str], lang: str = "en") -> Path:
    src = tmp / "source"
    if src.exists():
        shutil.rmtree(src)
    (src / lang).mkdir(parents=True)
    (src / "book.toml").write_text(f'slug = "fuzz"\ndate = 2024-01-02\nlanguages = ["{lang}"]\n'
                                   'title = "Fuzz"\n[[authors]]\nname = "F"\n')
    for n, text in enumerate(chapters, 1):
        (src / lang / f"{n:02d}-c{n}.md").write_text(text, encoding="utf-8")
    return tmp


def build_or_clean_error(tmp: Path, chapters: list[str], lang: str = "en"):
    """Both outputs, or None after a PublishError; any other exception fails the test."""
    project = _project(tmp, chapters, lang)
    try:
        book = load_book(config_mod.load(project), lang)
    except PublishError:
        return None
    out = tmp / "out"
    epub, pdf = write(book, "epub", out), write(book, "pdf", out)
    with zipfile.ZipFile(epub) as z:
        for name in z.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx")):
                etree.fromstring(z.read(name))          # well-formed, or this raises
    assert pdf.read_bytes().startswith(b"%PDF-")
    return epub, pdf


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(chapter=CHAPTERS, lang=st.sampled_from(["en", "fr", "ru"]))
def test_any_markdown_builds_or_fails_cleanly(tmp_path, chapter, lang):
    build_or_clean_error(tmp_path, [chapter], lang)


BOOKS = st.lists(CHAPTERS.map(lambda c: c.replace("# Fuzz\n\n", "# Fuzz\n\n## A heading\n\n", 1)),
                 min_size=8, max_size=12)


@pytest.mark.java
def test_generated_books_pass_epubcheck_and_qpdf(tmp_path):
    """Whole generated books (one EPUBCheck run each) are valid whenever they build."""
    checked = []

    @settings(max_examples=4, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(BOOKS, st.sampled_from(["en", "fr", "ru"]))
    def check(chapters, lang):
        result = build_or_clean_error(tmp_path / f"b{len(checked)}", chapters, lang)
        if result is None:
            return
        epub, pdf = result
        messages = run_epubcheck(epub)
        assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []
        if shutil.which("qpdf"):
            assert subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode == 0
        checked.append(len(chapters))

    check()
    assert checked, "no generated book built: the strategy makes only invalid books"


@pytest.mark.java
@pytest.mark.parametrize("case", sorted(REGRESSIONS.glob("*.md")), ids=lambda p: p.stem)
def test_regressions(tmp_path, case):
    result = build_or_clean_error(tmp_path, [case.read_text(encoding="utf-8")])
    if result is not None:
        messages = run_epubcheck(result[0])
        assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []
