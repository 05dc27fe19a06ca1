"""The print PDF, read back from the finished file (issue 3)."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from publish import config as config_mod
from publish.build import load_book, write

pytestmark = pytest.mark.slow      # lays out PDFs, big books or runs a browser

A5 = (419.53, 595.28)


def pages_text(path):
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def layout_text(path, page):
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def flat(text):
    return " ".join(text.replace("\u00a0", " ").split())


def toc_numbers(texts, labels):
    """Page numbers printed in the contents, by entry title start."""
    contents = next(t for t in texts if t.lstrip().startswith(labels["contents"]))
    return [int(n) for n in re.findall(r"[ .]\s*(\d+)\s*$", contents, re.M)]


def start_page(texts, title):
    key = " ".join(title.split()[:2])
    for n, t in enumerate(texts, 1):
        if n > 5 and " ".join(t.split()).startswith(key):
            return n
    raise AssertionError(f"{title!r} starts no page")


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_page_size_and_metadata(seed_pdfs, seed_books, lang):
    reader = PdfReader(seed_pdfs[lang])
    meta = seed_books[lang].metadata
    assert all(abs(float(p.mediabox.width) - A5[0]) < 0.1 and abs(float(p.mediabox.height) - A5[1]) < 0.1
               for p in reader.pages)
    info = reader.metadata
    assert info.title == meta.title
    assert info.author == meta.author_line
    assert info.subject == meta.description
    assert info["/Keywords"] == ", ".join(meta.subjects)
    assert info["/CreationDate"].startswith("D:20240529000000")
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert "/StructTreeRoot" in reader.trailer["/Root"]          # tagged
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_toc_numbers_are_real_start_pages(seed_pdfs, seed_books, lang):
    book = seed_books[lang]
    texts = pages_text(seed_pdfs[lang])
    numbers = toc_numbers(texts, book.labels)
    chapter = start_page(texts, book.chapters[0].title)
    about = start_page(texts, book.labels["about_author"])
    assert numbers[0] == chapter and numbers[-1] == about
    assert chapter % 2 == 1 and about % 2 == 1                    # rectos
    sections = [h for h in book.chapters[0].headings if h.level == 2]
    assert len(numbers) == 2 + len(sections)
    for heading, number in zip(sections, numbers[1:-1]):
        assert heading.title.split()[0] in texts[number - 1]


def test_toc_numbers_form_a_column(seed_pdfs):
    """Numbers are padded to three tabular figures with figure spaces: one right-aligned
    column, and an entry breaks the same way whatever its number (no re-layout of the book
    when the numbers are filled in)."""
    contents = PdfReader(seed_pdfs["fr"]).pages[4].extract_text()
    ends = re.findall(r"\.[ ]*([\u2007\d]+)$", contents, re.M)
    assert ends == ["\u2007\u20077", "\u2007\u20078", "\u2007\u20079", "\u200712", "\u200713"]
    words = subprocess.run(["pdftotext", "-f", "5", "-l", "5", "-bbox", str(seed_pdfs["fr"]), "-"],
                           capture_output=True, text=True, check=True).stdout
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"[^>]*>[\u2007]*\d+</word>', words)]
    assert len(right_edges) == 5 and max(right_edges) - min(right_edges) < 0.1


def test_folios_and_running_heads(seed_pdfs, seed_books):
    texts = pages_text(seed_pdfs["en"])
    book = seed_books["en"]
    chapter = start_page(texts, book.chapters[0].title)
    for n in range(1, chapter):                                   # front matter and blanks
        assert not re.search(rf"(^|\n)\s*{n}\s*$", texts[n - 1]), f"folio on front page {n}"
    opener = texts[chapter - 1]
    assert opener.strip().endswith(str(chapter))                 # folio at the foot
    title = book.chapters[0].headings[0].title.replace("\u00a0", " ")
    assert flat(opener).count(title) == 1                          # the heading, no running head
    verso, recto = texts[chapter], texts[chapter + 1]
    assert verso.lstrip().startswith(str(chapter + 1)) or verso.rstrip().endswith(str(chapter + 1))
    head = layout_text(seed_pdfs["en"], chapter + 1).strip().split("\n")[0]
    assert flat(head).upper() == book.metadata.title.upper()        # verso: the book's title
    head = layout_text(seed_pdfs["en"], chapter + 2).strip().split("\n")[0]
    assert flat(head).upper() == book.chapters[0].title.upper()     # recto: the chapter's
    assert recto.rstrip().endswith(str(chapter + 2))
    blank = texts[1]                                              # verso of the half-title
    assert blank.strip() == ""


def test_opener_has_no_running_head(multi_pdfs, multi_books, seed_pdfs, seed_books):
    """Each chapter opens on a recto with no running head; a verso after it that has text
    carries the book title as its head (in the one-chapter seed it does; multi's are blank)."""
    heads = 0
    for pdfs, books in ((multi_pdfs, multi_books), (seed_pdfs, seed_books)):
        texts, book = pages_text(pdfs["en"]), books["en"]
        for chapter in book.chapters:
            n = start_page(texts, chapter.headings[0].title)
            assert n % 2 == 1
            title = flat(chapter.headings[0].title)
            assert flat(texts[n - 1]).count(title) == 1           # the heading, and no head
            if n < len(texts) and texts[n].strip():
                assert flat(book.metadata.title) in flat(texts[n])
                heads += 1
    assert heads >= 1


def test_bookmarks(seed_pdfs, seed_books):
    reader = PdfReader(seed_pdfs["ru"])
    top = [o for o in reader.outline if not isinstance(o, list)]
    titles = [o.title for o in top]
    book = seed_books["ru"]
    assert book.chapters[0].title.replace("\u00a0", " ") in [t.replace("\u00a0", " ") for t in titles]
    assert book.labels["about_author"] in titles
    nested = [o for o in reader.outline if isinstance(o, list)]
    assert sum(len(n) for n in nested) == 3


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils missing")
@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_only_our_font_embedded_and_subset(seed_pdfs, lang):
    out = subprocess.run(["pdffonts", str(seed_pdfs[lang])], capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        name = row[0].split("+", 1)[-1]
        assert name.startswith("Source-Serif-4"), name
        assert row[-5:-2] == ["yes", "yes", "yes"]                 # emb, sub, uni


def test_footnotes_at_page_foot(multi_pdfs):
    texts = pages_text(multi_pdfs["en"])
    page = next(t for t in texts if "dark night" in t)
    assert "A note with emphasis" in page and "Second note" in page


def test_pdf_is_reproducible(seed_books, seed_pdfs, tmp_path):
    again = write(seed_books["fr"], "pdf", tmp_path)
    assert hashlib.sha256(again.read_bytes()).digest() == \
        hashlib.sha256(seed_pdfs["fr"].read_bytes()).digest()


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf missing")
def test_qpdf_check(seed_pdfs):
    for path in seed_pdfs.values():
        assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize("trim,size", [("6x9", (432, 648)), ("letter", (612, 792)),
                                       ("130mmx200mm", (368.5, 566.9))])
def test_trim_sizes(project, tmp_path, trim, size):
    toml = project / "source" / "book.toml"
    toml.write_text(toml.read_text() + f'\n[print]\ntrim = "{trim}"\n')
    book = load_book(config_mod.load(project), "en")
    page = PdfReader(write(book, "pdf", tmp_path / "out")).pages[0]
    assert abs(float(page.mediabox.width) - size[0]) < 0.5
    assert abs(float(page.mediabox.height) - size[1]) < 0.5


def test_press_adds_bleed_and_marks(project, tmp_path):
    toml = project / "source" / "book.toml"
    toml.write_text(toml.read_text() + '\n[print]\npress = true\n')
    book = load_book(config_mod.load(project), "en")
    page = PdfReader(write(book, "pdf", tmp_path / "out")).pages[0]
    assert float(page.mediabox.width) > A5[0] + 15                # bleed plus the marks' room
    assert abs(float(page.trimbox.width) - A5[0]) < 0.5


def test_images_reach_the_pdf(multi_pdfs):
    reader = PdfReader(multi_pdfs["en"])
    sizes = {img.image.size for page in reader.pages for img in page.images}
    assert sizes == {(40, 40)}
