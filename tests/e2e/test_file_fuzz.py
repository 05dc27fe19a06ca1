"""File-level fuzz: whatever the files of a book are, a warning or a one-line refusal, the exit
code the policy gives, and never a traceback (issue 24; beside test_fuzz.py's Markdown fuzz).

Each case builds a tiny project in tmp_path through the CLI, in process, EPUB only. Image
cases live with the image tests.
"""
from __future__ import annotations

import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from publish.cli import main

BOOK = 'slug = "tiny"\ndate = 2024-01-02\ntitle = "Tiny"\n\n[[authors]]\nname = "A. Author"\n'


@pytest.fixture
def book(tmp_path, monkeypatch) -> Path:
    """source/en/ with one good chapter; the working directory is the project."""
    (tmp_path / "source" / "en").mkdir(parents=True)
    (tmp_path / "source" / "book.toml").write_text(BOOK, encoding="utf-8")
    (tmp_path / "source" / "en" / "01-one.md").write_text("# One\n\nHello.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "source" / "en"


def build(capsys, book: Path) -> tuple[int, list[str]]:
    """The exit code and the lines on stderr of `publish epub`; an exception escaping is a failure."""
    project = book.parent.parent
    try:
        code = main(["epub", "--source", str(project), "--out", str(project / "out")])
    except BaseException as exc:            # noqa: BLE001 - what a user would see as a traceback
        pytest.fail(f"a traceback: {type(exc).__name__}: {exc}")
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err.strip().splitlines()


def built(capsys, book: Path, *warnings: str) -> zipfile.ZipFile:
    """Builds; exit 0 and exactly these warnings (regular expressions, one line each)."""
    code, lines = build(capsys, book)
    assert code == 0, lines
    assert len(lines) == len(warnings), lines
    for line, expected in zip(lines, warnings):
        assert line.startswith("warning: ") and re.search(expected, line), line
    return zipfile.ZipFile(book.parent.parent / "out" / "tiny-en.epub")


def refused(capsys, book: Path, expected: str, code: int = 4) -> None:
    """Refused: the exit code, and the last line is the one-line error."""
    got, lines = build(capsys, book)
    assert got == code and lines and lines[-1].startswith("error: "), lines
    assert re.search(expected, lines[-1]), lines[-1]
    assert not (book.parent.parent / "out" / "tiny-en.epub").exists()


def chapter_xhtml(epub: zipfile.ZipFile, slug: str) -> etree._Element:
    return etree.fromstring(epub.read(f"EPUB/{slug}.xhtml"))


def text_of(epub: zipfile.ZipFile, slug: str) -> str:
    return "".join(chapter_xhtml(epub, slug).itertext())


def depth(root: etree._Element, tag: str) -> int:
    """The deepest nesting of `tag` elements (XHTML namespace) in the tree."""
    tag = f"{{http://www.w3.org/1999/xhtml}}{tag}"
    return max((sum(1 for a in el.iterancestors(tag)) + 1 for el in root.iter(tag)), default=0)


# --- files that are not text ------------------------------------------------------------------

def test_a_binary_file_named_md_is_left_out(capsys, book):
    (book / "02-image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    epub = built(capsys, book, r"02-image\.md: a binary file, not text .*; left out")
    assert "EPUB/image.xhtml" not in epub.namelist() and "EPUB/one.xhtml" in epub.namelist()


def test_invalid_utf8_is_refused_naming_the_line(capsys, book):
    (book / "02-latin.md").write_bytes(b"# Latin\n\nCaf\xe9 au lait\n")
    refused(capsys, book, r"02-latin\.md:3: not UTF-8 text \(byte 0xe9 at offset 12\)")


def test_nul_bytes_in_text_are_removed(capsys, book):
    (book / "02-nul.md").write_bytes(b"# Nul\n\nab\x00cd\x00ef\n")
    epub = built(capsys, book, r"02-nul\.md:3: control character U\+0000 at column 3 \(and 1 more")
    assert "abcdef" in text_of(epub, "nul")


def test_only_unreadable_chapters_is_refused_as_nothing_readable(capsys, book):
    (book / "01-one.md").write_bytes(b"\x00\x01\x02\xff\xfe\xfd" * 100)
    refused(capsys, book, r"source/en: no chapter left to read")


@pytest.mark.slow
def test_ten_megabytes_on_one_line_builds_in_reasonable_time(capsys, book):
    words = "alpha beta «gamma» l'amitié -- Россия 10 % ... ".encode()
    line = words * (10_000_000 // len(words))
    (book / "02-long.md").write_bytes(b"# Long\n\n" + line + b"\n")
    start = time.process_time()                 # CPU time: the machine may be shared
    epub = built(capsys, book)
    assert time.process_time() - start < 300       # linear: about 5 s a megabyte here
    assert len(epub.read("EPUB/long.xhtml")) > 10_000_000


# --- files that cannot be read ----------------------------------------------------------------

def test_a_symlink_loop_is_left_out(capsys, book):
    (book / "02-loop.md").symlink_to("02-loop.md")
    built(capsys, book, r"02-loop\.md: cannot read \(Too many levels of symbolic links\); left out")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its permissions; "
                    "the FIFO case below stands in")
def test_a_file_without_read_permission_is_left_out(capsys, book):
    path = book / "02-secret.md"
    path.write_text("# Secret\n", encoding="utf-8")
    path.chmod(0)
    built(capsys, book, r"02-secret\.md: cannot read \(Permission denied\); left out")


def test_a_file_that_cannot_be_read_as_a_file_is_left_out(capsys, book):
    """A named pipe: opening it would wait for a writer for ever, so it is not read at all."""
    os.mkfifo(book / "02-pipe.md")
    built(capsys, book, r"02-pipe\.md: cannot read \(not a regular file\); left out")


def test_a_folder_where_a_chapter_should_be_is_left_out(capsys, book):
    (book / "02-folder.md").mkdir()
    built(capsys, book, r"02-folder\.md: cannot read \(a folder\); left out")


def test_a_chapter_linked_from_outside_the_project_is_refused(capsys, book, tmp_path_factory):
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.md"
    secret.write_text("# Secret\n", encoding="utf-8")
    (book / "02-link.md").symlink_to(secret)
    refused(capsys, book, r"chapter '.*02-link\.md' lies outside the project folder; refused")


# --- tables of contents and includes that loop --------------------------------------------------

def test_a_summary_that_lists_itself(capsys, book):
    (book / "SUMMARY.md").write_text("# Summary\n\n- [Contents](SUMMARY.md)\n- [One](01-one.md)\n",
                                     encoding="utf-8")
    epub = built(capsys, book, r"SUMMARY\.md:3: SUMMARY\.md lists itself; the entry is left out")
    assert [n for n in epub.namelist() if "one" in n] == ["EPUB/01-one.xhtml"]


def test_an_include_that_includes_itself(capsys, book):
    (book / "02-self.md").write_text("# Self\n\nBefore.\n\n{{#include 02-self.md}}\n\nAfter.\n",
                                     encoding="utf-8")
    epub = built(capsys, book, r"02-self\.md:5: included file '02-self\.md' includes itself; left out")
    text = text_of(epub, "self")
    assert "Before." in text and "After." in text and "{{#include" not in text


# --- nesting ------------------------------------------------------------------------------------

def test_a_thousand_nested_blockquotes(capsys, book):
    lines = "".join("> " * n + f"level {n}\n" for n in range(1, 1001))
    (book / "02-deep.md").write_text("# Deep\n\n" + lines, encoding="utf-8")
    epub = built(capsys, book, r"02-deep\.md:23: nesting deeper than 20 levels .* flattened to 20")
    root = chapter_xhtml(epub, "deep")
    assert depth(root, "blockquote") == 20 and "level 1000" in "".join(root.itertext())


def test_a_thousand_nested_list_levels(capsys, book):
    lines = "".join("  " * n + f"- item {n}\n" for n in range(1000))
    (book / "02-deep.md").write_text("# Deep\n\n" + lines, encoding="utf-8")
    epub = built(capsys, book, r"02-deep\.md:23: nesting deeper than 20 levels .* flattened to 20")
    root = chapter_xhtml(epub, "deep")
    assert depth(root, "ul") == 20 and "item 999" in "".join(root.itertext())


# --- encodings and line ends that are read as they are -----------------------------------------

@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_a_byte_order_mark_builds(capsys, book, encoding, bom):
    (book / "02-wide.md").write_bytes(bom + "# Ünïcode\r\n\r\nPrix : 5 €.\r\n".encode(encoding))
    epub = built(capsys, book)
    assert "Ünïcode" in text_of(epub, "wide") and "Prix : 5 €." in text_of(epub, "wide")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_lone_cr_line_ends_build(capsys, book, newline):
    (book / "02-ends.md").write_bytes(newline.join(["# Ends", "", "First.", "", "Second.", ""]).encode())
    epub = built(capsys, book)
    paragraphs = chapter_xhtml(epub, "ends").iter("{http://www.w3.org/1999/xhtml}p")
    assert [p.text for p in paragraphs] == ["First.", "Second."]


def test_a_backspace_in_a_chapter_is_removed_with_a_warning(capsys, book):
    (book / "02-bs.md").write_text("# BS\n\nThe word\b is here.\n", encoding="utf-8")
    epub = built(capsys, book, r"02-bs\.md:3: control character U\+0008 at column 9 .*; removed")
    assert "The word is here." in text_of(epub, "bs")


@pytest.mark.parametrize("line", ["- " * 1000 + "x", "1. " * 1000 + "x", "_" * 5000 + "x" + "_" * 5000],
                         ids=["list-markers", "numbered-markers", "emphasis"])
def test_nesting_on_one_line_is_set_as_plain_text(capsys, book, line):
    """What no flattening foresaw still never exhausts the recursion: that paragraph is text."""
    (book / "02-deep.md").write_text(f"# Deep\n\nBefore.\n\n{line}\n\nAfter.\n", encoding="utf-8")
    epub = built(capsys, book, r"02-deep\.md:5: markup nested too deep to read .* set as plain text")
    text = text_of(epub, "deep")
    assert "Before." in text and "After." in text and line[:40] in text


def test_six_hundred_nested_html_elements(capsys, book):
    (book / "02-deep.md").write_text("# Deep\n\n" + "<div>" * 600 + "x" + "</div>" * 600
                                     + "\n\nAfter.\n", encoding="utf-8")
    epub = built(capsys, book, r"02-deep\.md:3: markup nested too deep .* set as plain text")
    assert "After." in text_of(epub, "deep") and depth(chapter_xhtml(epub, "deep"), "div") < 10


@pytest.mark.slow
def test_six_hundred_nested_html_elements_in_the_pdf(capsys, book):
    """WeasyPrint lays boxes out recursively: 600 nested <div>s exhausted Python's stack."""
    (book / "02-deep.md").write_text("# Deep\n\n" + "<div>" * 600 + "x" + "</div>" * 600 + "\n",
                                     encoding="utf-8")
    project = book.parent.parent
    code = main(["pdf", "--source", str(project), "--out", str(project / "out")])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err and "nested too deep" in err
    assert (project / "out" / "tiny-en.pdf").read_bytes().startswith(b"%PDF-")


def test_markup_an_extension_fails_on_is_set_as_text_the_rest_converted(capsys, book):
    """An HTML list inside a Markdown list inside <div markdown="1"> made mdx_truly_sane_lists
    raise IndexError (a traceback-class failure): the paragraphs that fail alone are text."""
    (book / "02-odd.md").write_text(
        '# Odd\n\n<div dir="rtl" markdown="1">\n\n### List\n\n* One\n* Two\n'
        '  <ul dir="rtl">\n    <li>X</li>\n  </ul>\n* Three\n\n\n'
        "### One\n\nAfter *it*.\n\n</div>\n", encoding="utf-8")
    epub = built(capsys, book, r"02-odd\.md:7: markup the Markdown reader fails on .* plain text")
    xhtml = chapter_xhtml(epub, "odd")
    assert "Three" in text_of(epub, "odd")
    assert xhtml.find(".//{http://www.w3.org/1999/xhtml}em").text == "it"


def test_a_link_with_no_target_keeps_its_text(capsys, book):
    (book / "02-empty.md").write_text("# Empty\n\nA [course]() by someone.\n", encoding="utf-8")
    epub = built(capsys, book, r"02-empty\.md:3: link 'course' has no target; .* its text stays")
    assert 'href=""' not in epub.read("EPUB/empty.xhtml").decode()
    assert "A course by someone." in text_of(epub, "empty")


def test_tags_left_open_paragraph_after_paragraph(capsys, book):
    """Each paragraph alone is shallow; together, 300 open lists are not: all set as text."""
    (book / "02-open.md").write_text("# Open\n\n" + "<ul><li>a\n\n" * 300 + "After.\n", encoding="utf-8")
    epub = built(capsys, book, r"02-open\.md:1: markup nested too deep .* set as plain text")
    text = text_of(epub, "open")
    assert "<ul><li>a" in text and "After." in text
    assert chapter_xhtml(epub, "open").find(".//{http://www.w3.org/1999/xhtml}h1").text == "Open"


def test_a_chapter_titled_by_an_html_heading(capsys, book):
    """Its <h1> has no id from Markdown: it gets one, for the contents (was an IndexError)."""
    (book / "02-raw.md").write_text("<h1>Raw title</h1>\n\nText.\n", encoding="utf-8")
    epub = built(capsys, book)
    h1 = chapter_xhtml(epub, "raw").find(".//{http://www.w3.org/1999/xhtml}h1")
    assert (h1.text, h1.get("id")) == ("Raw title", "raw-title")
