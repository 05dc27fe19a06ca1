"""WeasyPrint as patched for speed (speedups.py) makes the same PDF as WeasyPrint as it
comes."""
from __future__ import annotations

import pytest

from publish import config as config_mod
from publish.build import load_book
from publish.writers.pdf import speedups, writer as pdf
from conftest import FIXTURES
from test_parts import page_texts, pixels_differ

pytestmark = pytest.mark.slow      # lays out each book twice


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
    import pydyf

    page = pydyf.PDF
    speedups.install()
    patched = page.page_references
    with speedups.removed("page_references"):
        speedups.install()                      # as a build inside the block does
        assert page.page_references is not patched
    assert page.page_references is patched
    with pytest.raises(KeyError):
        with speedups.removed("no_such_patch"):
            pass
