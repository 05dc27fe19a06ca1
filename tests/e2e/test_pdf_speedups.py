"""WeasyPrint as patched for speed (speedups.py) makes the same PDF as WeasyPrint as it
comes: a book with its contents' leaders, footnotes and a table; an mdBook with part title
pages and blank versos; a right-to-left book."""
from __future__ import annotations

import pytest

from publish import config as config_mod
from publish.build import load_book
from publish.writers.pdf import speedups, writer as pdf
from publish.writers.pdf.engine import weasyprint
from conftest import FIXTURES, REPO
from test_parts import page_texts, pixels_differ

pytestmark = pytest.mark.slow      # lays out each book twice

BOOKS = [(FIXTURES / "multi", "en"), (FIXTURES / "mdbook", "en"), (REPO, "ar")]


def cascades(monkeypatch) -> list:
    """A list that gets one item each time WeasyPrint cascades the @page rules for a page."""
    calls = []
    style_for = weasyprint.css.StyleFor
    cascade = style_for.add_page_declarations

    def counted(self, page_type):
        calls.append(page_type)
        return cascade(self, page_type)

    monkeypatch.setattr(style_for, "add_page_declarations", counted)
    return calls


@pytest.mark.parametrize("project, lang", BOOKS)
def test_shared_page_styles_make_the_same_pdf_byte_for_byte(project, lang, tmp_path,
                                                            monkeypatch):
    book = load_book(config_mod.load(project), lang)
    calls = cascades(monkeypatch)
    pages = pdf.write_pdf(book, tmp_path / "fast.pdf", 1)
    shared = len(calls)
    calls.clear()
    with speedups.removed("set_page_type_computed_styles", "page_references"):
        assert pdf.write_pdf(book, tmp_path / "plain.pdf", 1) == pages
    assert len(calls) >= pages                 # as it comes: for every page (some twice)
    assert shared <= 8 < pages                 # patched: once for each kind of page
    assert (tmp_path / "fast.pdf").read_bytes() == (tmp_path / "plain.pdf").read_bytes()


def test_a_leader_in_one_run_is_the_same_page(tmp_path):
    book = load_book(config_mod.load(FIXTURES / "multi"), "en")
    pdf.write_pdf(book, tmp_path / "fast.pdf", 1)
    with speedups.removed("handle_leader"):
        pdf.write_pdf(book, tmp_path / "plain.pdf", 1)
    fast, plain = tmp_path / "fast.pdf", tmp_path / "plain.pdf"
    assert fast.read_bytes() != plain.read_bytes()        # the leaders are written otherwise
    assert page_texts(fast) == page_texts(plain)
    assert pixels_differ(fast, plain, tmp_path) == []


def test_removed_puts_the_patches_back_after_the_block():
    page = weasyprint.layout.page
    speedups.install()
    patched = page.set_page_type_computed_styles
    with speedups.removed("set_page_type_computed_styles"):
        speedups.install()                      # as a build inside the block does
        assert page.set_page_type_computed_styles is not patched
    assert page.set_page_type_computed_styles is patched
    with pytest.raises(KeyError):
        with speedups.removed("no_such_patch"):
            pass
