"""Unit tests for publish/checks.py: findings on a rendered Book and on written EPUB files."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image as PILImage

from publish import checks
from publish import config as config_mod
from publish.build import read_book
from publish.checks import Message, check_book, check_epub, to_json

FULL_METADATA = ('description = "A tiny book."\npublisher = "Small Press"\nsubjects = ["Tests"]\n'
                 'rights = "All mine."\n')


def make_book(root: Path, chapters: dict[str, str], extra: str = FULL_METADATA,
              images: dict[str, tuple[int, int]] | None = None, files: dict[str, str] | None = None):
    src = root / "source"
    (src / "en").mkdir(parents=True)
    (src / "images").mkdir()
    for name, text in (files or {}).items():
        (src / name).write_text(text, encoding="utf-8")
    for name, size in (images or {"x.png": (2, 2)}).items():
        PILImage.new("1", size).save(src / "images" / name)
    (src / "book.toml").write_text('slug = "tiny"\ndate = 2024-01-02\ntitle = "Tiny"\n' + extra +
                                   '\n[[authors]]\nname = "A. Author"\nbio = "Writes."\n', encoding="utf-8")
    for name, text in chapters.items():
        (src / "en" / name).write_text(text, encoding="utf-8")
    config = config_mod.load(root)
    return read_book(config, "en"), config


CLEAN = {"01-one.md": "# One\n\nText.[^1]\n\n![Alt](images/x.png)\n\n[^1]: Note.\n",
         "02-two.md": "# Two\n\n## A Section\n\nBack to [one](01-one.md).\n"}


def codes(messages):
    return [m.code for m in messages]


# -- check_book ------------------------------------------------------------------------------

def test_a_clean_book_has_no_findings(tmp_path):
    book, config = make_book(tmp_path, CLEAN)
    assert check_book(book, config.path) == []


@pytest.mark.parametrize("missing", checks.RECOMMENDED)
def test_missing_recommended_metadata_is_a_warning_on_the_config_file(tmp_path, missing):
    extra = "".join(line + "\n" for line in FULL_METADATA.splitlines() if not line.startswith(missing))
    book, config = make_book(tmp_path, CLEAN, extra=extra)
    assert check_book(book, config.path) == [
        Message("warning", "metadata", str(config.path), None,
                f"{missing}: missing for language 'en' (e-readers and catalogues show it)")]


def test_metadata_findings_name_book_toml_without_a_config_path(tmp_path):
    book, _ = make_book(tmp_path, CLEAN, extra="")
    messages = check_book(book)
    assert [(m.code, m.file, m.text.split(":")[0]) for m in messages] == \
        [("metadata", "book.toml", key) for key in checks.RECOMMENDED]


@pytest.mark.parametrize("markdown,line", [
    ("# One\n\n![](images/x.png)\n", 3),
    ("# One\n\ntext\n\nmore\n\n<img src=\"images/x.png\">\n", 7),
])
def test_an_image_without_alt_text_is_a_warning_at_its_line(tmp_path, markdown, line):
    book, config = make_book(tmp_path, {"01-one.md": markdown})
    assert check_book(book, config.path) == [
        Message("warning", "image-alt", str(book.chapters[0].source), line, "image 'x.png' has no alt text")]


@pytest.mark.parametrize("size,warned", [((2000, 2000), False), ((2001, 2000), True), ((5000, 1000), True)])
def test_an_image_over_four_million_pixels_is_a_warning(tmp_path, size, warned):
    book, config = make_book(tmp_path, {"01-one.md": "# One\n\n![Big](images/big.png)\n"},
                             images={"big.png": size})
    expected = [Message("warning", "image-size", str(book.chapters[0].source), 3,
                        f"image 'big.png' has {size[0] * size[1] / 1e6:.1f} million pixels; "
                        "Apple Books wants at most 4 million")] if warned else []
    assert check_book(book, config.path) == expected


def test_svg_images_are_not_measured(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="9000" height="9000"/>'
    book, config = make_book(tmp_path, {"01-one.md": "# One\n\n![V](images/v.svg)\n"},
                             files={"images/v.svg": svg})
    assert [i.path.name for i in book.images] == ["v.svg"]
    assert check_book(book, config.path) == []


def test_each_image_is_checked_where_it_is_used(tmp_path):
    book, config = make_book(tmp_path, {"01-one.md": "# One\n\n![](images/x.png)\n",
                                        "02-two.md": "# Two\n\ntext\n\n![](images/x.png)\n"})
    assert [(m.code, Path(m.file).name, m.line) for m in check_book(book, config.path)] == \
        [("image-alt", "01-one.md", 3), ("image-alt", "02-two.md", 5)]


def test_a_remote_image_is_a_warning_at_its_line(tmp_path):
    book, config = make_book(tmp_path, {"01-one.md": "# One\n\ntext\n\n![Far](https://example.org/far.png)\n"})
    assert check_book(book, config.path) == [
        Message("warning", "remote-resource", str(book.chapters[0].source), 5,
                "remote image 'https://example.org/far.png' is not fetched; its alt text stands in")]


@pytest.mark.parametrize("chapters,file,line,shown", [
    ({"01-one.md": "# One\n\nA slide \U0001F6DD here.\n"}, "01-one.md", 3,
     "1 character(s) of the text: U+1F6DD '\U0001F6DD'"),
    ({"01-one.md": "# One\n\nPlain.\n", "02-two.md": "+++\ntitle = \"Two\"\n+++\nText\n\nglyph \U00013000\n"},
     "02-two.md", 6, "1 character(s) of the text: U+13000 '\U00013000'"),
    ({"01-one.md": "# One\n\n\U00013000 first\n\nthen \U0001F6DD\n"}, "01-one.md", 3,
     "2 character(s) of the text: U+13000 '\U00013000' U+1F6DD '\U0001F6DD'"),
])
def test_characters_the_font_lacks_are_a_warning_at_their_first_use(tmp_path, chapters, file, line,
                                                                    shown):
    """Issue 11: a warning (the book builds), naming where the first such character is."""
    book, config = make_book(tmp_path, chapters)
    messages = check_book(book, config.path)
    assert messages == [Message("warning", "font-coverage", str(tmp_path / "source" / "en" / file), line,
                                f"no embedded font has {shown}")]


def test_font_coverage_lists_at_most_eight_characters(tmp_path):
    lacking = "".join(chr(0x1E900 + n) for n in range(10))      # Adlam: no embedded font has it
    book, config = make_book(tmp_path, {"01-one.md": f"# One\n\n{lacking}\n"})
    [message] = check_book(book, config.path)
    assert "has 10 character(s)" in message.text
    assert message.text.count("U+") == 8


def test_cyrillic_and_typographic_spaces_are_covered(tmp_path):
    book, config = make_book(tmp_path, {"01-one.md": "# Одна\n\nТекст «вот» \u202f№\u00a05 — …\n"})
    assert "font-coverage" not in codes(check_book(book, config.path))


# -- Message and to_json ------------------------------------------------------------------------

@pytest.mark.parametrize("message,text", [
    (Message("error", "font-coverage", "source/en/01-one.md", 3, "lacks it"),
     "source/en/01-one.md:3: error: lacks it [font-coverage]"),
    (Message("warning", "metadata", "source/book.toml", None, "publisher: missing"),
     "source/book.toml: warning: publisher: missing [metadata]"),
])
def test_message_str(message, text):
    assert str(message) == text


def test_message_as_dict():
    assert Message("error", "c", "f", 2, "t").as_dict() == \
        {"severity": "error", "code": "c", "file": "f", "line": 2, "text": "t"}


@pytest.mark.parametrize("severities,errors,warnings", [
    ([], 0, 0),
    (["error"], 1, 0),
    (["warning", "warning"], 0, 2),
    (["error", "warning", "error"], 2, 1),
])
def test_to_json_counts_errors_and_warnings(severities, errors, warnings):
    messages = [Message(s, f"code-{n}", "f", n or None, f"ünïcode {n}") for n, s in enumerate(severities)]
    data = json.loads(to_json(messages))
    assert (data["errors"], data["warnings"]) == (errors, warnings)
    assert data["messages"] == [m.as_dict() for m in messages]


def test_to_json_keeps_non_ascii_text():
    assert "ünïcode" in to_json([Message("error", "c", "f", None, "ünïcode")])


# -- check_epub ---------------------------------------------------------------------------------

def make_epub(path: Path, entries: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip")
        for name, data in entries.items():
            z.writestr(name, data)
    return path


XHTML = '<?xml version="1.0"?>\n<html><body>\n{body}\n</body></html>\n'


def test_a_clean_epub_has_no_findings(tmp_path):
    epub = make_epub(tmp_path / "book.epub", {
        "EPUB/one.xhtml": XHTML.format(body='<img src="images/a.png" alt=""/> <a href="https://x.org">x</a>'),
        "EPUB/css/book.css": '@font-face { src: url("../fonts/a.ttf"); }\n',
        "EPUB/content.opf": '<package><item href="one.xhtml"/></package>\n'})
    assert check_epub(epub) == []


@pytest.mark.parametrize("name,text,line,url", [
    ("EPUB/one.xhtml", XHTML.format(body='<p>x</p>\n<img src="https://x.org/a.png" alt=""/>'), 4,
     "https://x.org/a.png"),
    ("EPUB/one.xhtml", XHTML.format(body='<svg><image xlink:href="http://x.org/s.png"/></svg>'), 3,
     "http://x.org/s.png"),
    ("EPUB/css/book.css", 'p {}\nbody { background: url("http://x.org/b.png"); }\n', 2, "http://x.org/b.png"),
    ("EPUB/css/book.css", "body { background: url( 'https://x.org/c.png' ) }\n", 1, "https://x.org/c.png"),
    ("EPUB/css/book.css", "\n\n@font-face { src: url(https://x.org/f.woff) }\n", 3, "https://x.org/f.woff"),
    ("EPUB/content.opf", '<package>\n<item href="a" src="https://x.org/o.js"/>\n</package>\n', 2,
     "https://x.org/o.js"),
])
def test_remote_resources_in_documents_are_errors_at_their_line(tmp_path, name, text, line, url):
    epub = make_epub(tmp_path / "book.epub", {name: text})
    assert check_epub(epub) == [Message("error", "remote-resource", f"book.epub/{name}", line,
                                        f"remote resource '{url}'")]


@pytest.mark.parametrize("name,text", [
    ("EPUB/one.xhtml", XHTML.format(body='<a href="https://x.org/page">a link is fine</a>')),
    ("EPUB/one.xhtml", XHTML.format(body='<img src="images/local.png" alt=""/>')),
    ("EPUB/script.js", 'img.src="https://x.org/a.png"\n'),
    ("EPUB/images/a.svg", '<svg><image xlink:href="https://x.org/a.png"/></svg>'),
    ("EPUB/css/book.css", 'body { background: url("../images/a.png") }\n'),
])
def test_local_resources_links_and_other_files_are_not_findings(tmp_path, name, text):
    assert check_epub(make_epub(tmp_path / "book.epub", {name: text})) == []


def test_every_remote_line_is_reported(tmp_path):
    text = XHTML.format(body='<img src="https://x.org/1.png"/>\n<p/>\n<img src="https://x.org/2.png"/>')
    epub = make_epub(tmp_path / "book.epub", {"EPUB/one.xhtml": text})
    assert [(m.line, m.text) for m in check_epub(epub)] == \
        [(3, "remote resource 'https://x.org/1.png'"), (5, "remote resource 'https://x.org/2.png'")]


@pytest.mark.parametrize("size,found", [(100, False), (101, True)])
def test_an_xhtml_document_over_the_limit_is_an_error(tmp_path, monkeypatch, size, found):
    monkeypatch.setattr(checks, "MAX_XHTML_BYTES", 100)
    epub = make_epub(tmp_path / "book.epub", {"EPUB/big.xhtml": "a" * size, "EPUB/images/big.png": b"a" * 500})
    assert [(m.severity, m.code, m.file, m.line) for m in check_epub(epub)] == \
        ([("error", "xhtml-size", "book.epub/EPUB/big.xhtml", None)] if found else [])


def test_the_xhtml_limit_is_ten_megabytes(tmp_path):
    epub = make_epub(tmp_path / "book.epub", {"EPUB/big.xhtml": b"a" * (10 * 1024 * 1024 + 1)})
    assert check_epub(epub) == [Message("error", "xhtml-size", "book.epub/EPUB/big.xhtml", None,
                                        "10.0 MB: Kobo refuses content documents over 10 MB; "
                                        "split the chapter")]


@pytest.mark.parametrize("limit,found", [(10**9, False), (100, True)])
def test_an_epub_over_the_delivery_limit_is_a_warning(tmp_path, monkeypatch, limit, found):
    monkeypatch.setattr(checks, "MAX_EPUB_BYTES", limit)
    epub = make_epub(tmp_path / "book.epub", {"EPUB/images/a.png": bytes(range(256)) * 4})
    messages = check_epub(epub)
    assert [(m.severity, m.code, m.file, m.line) for m in messages] == \
        ([("warning", "epub-size", str(epub), None)] if found else [])
    if found:
        assert messages[0].text.endswith("MB: over the 50 MB e-mail delivery limit")


def test_code_is_checked_against_the_monospace(tmp_path):
    """Box drawing in code is fine (the monospace has it, the serif does not); a character
    no font has is named as code's."""
    book, config = make_book(tmp_path, {"01-one.md": "# One\n\nText.\n\n```\nsrc/\n├── main.rs\n"
                                                     "\U0001F6DD\n```\n"})
    assert check_book(book, config.path) == [
        Message("warning", "font-coverage", str(tmp_path / "source" / "en" / "01-one.md"), 8,
                "no embedded font has 1 character(s) of the code: U+1F6DD '\U0001F6DD'")]   # line 8


def test_a_chapters_remote_images_are_one_warning_at_the_first(tmp_path):
    """Issue 24: a README's row of badges is one finding, not one warning an image."""
    book, config = make_book(tmp_path, {"01-one.md": "# One\n\n![a](https://x.org/a.svg) "
                                                     "![b](https://x.org/b.svg)\n\n"
                                                     "![c](https://x.org/c.svg)\n"})
    assert check_book(book, config.path) == [
        Message("warning", "remote-resource", str(book.chapters[0].source), 3,
                "remote image 'https://x.org/a.svg' (and 2 more in this chapter) is not "
                "fetched; its alt text stands in")]
