"""A printer's package (issue 27): printers.toml's figures, `[print] press = "ingram"` and its
checks, the spread's geometry and the barcode's modules (no PDF is laid out here)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from publish import config, printers
from publish.config import Overrides
from publish.errors import ConfigError
from publish.languages import get_language
from publish.writers.pdf import spread

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from ean13 import decode_row  # noqa: E402
from test_config import write_project  # noqa: E402


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def load(root: Path, tail: str, **overrides) -> config.Config:
    write_project(root, tail=tail)
    return config.load(root, overrides=Overrides(**overrides))


def error(root: Path, tail: str, **overrides) -> str:
    with pytest.raises(ConfigError) as info:
        load(root, tail, **overrides)
    return str(info.value)


# --- printers.toml -----------------------------------------------------------------------------

def test_kdp_calipers_are_kdps_published_figures():
    kdp = printers.known()["kdp"]
    assert kdp.papers == {"white": 0.002252, "cream": 0.0025, "colour": 0.002347}
    assert kdp.bleed == 0.125


def test_every_printer_asks_a_pdf_x_variant_weasyprint_writes():
    """WeasyPrint 70's PDF/X variants (weasyprint/pdf/pdfx.py; importing it takes 2 s)."""
    for printer in printers.known().values():
        assert printer.variant in ("pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g")
        assert printer.paper in printer.papers and printer.intent[0]


@pytest.mark.parametrize(("name", "size", "offered"), [
    ("ingram", (5.83, 8.27), True), ("ingram", (148 / 25.4, 210 / 25.4), True),
    ("ingram", (9.0, 12.0), False), ("kdp", (6.0, 9.0), True),
    ("kdp", (148 / 25.4, 210 / 25.4), True),            # a custom size within KDP's range
    ("kdp", (3.0, 5.0), False),
])
def test_trim_sizes_offered(name, size, offered):
    assert printers.known()[name].offers(*size) is offered


def test_spine_width_is_pages_times_caliper():
    assert printers.spine_width(200, 0.002252) == pytest.approx(0.4504)


# --- [print] press ------------------------------------------------------------------------------

def test_press_names_a_printer(project):
    options = load(project, '\n[print]\npress = "ingram"\n').print
    assert (options.printer, options.variant, options.paper, options.caliper) == \
        ("ingram", "pdf/x-1a", "cream", 0.0025)
    assert options.press is False               # no crop marks for a printer


def test_press_true_keeps_its_meaning(project):
    options = load(project, '\n[print]\npress = true\n').print
    assert options.press is True and options.printer == ""


def test_the_command_line_names_the_printer(project):
    options = load(project, "", press="kdp").print
    assert (options.printer, options.paper, options.caliper) == ("kdp", "white", 0.002252)


def test_paper_caliper_and_price(project):
    options = load(project, '\n[print]\npress = "ingram"\npaper = "white"\ncaliper = 0.00235\n'
                            'price = "$14.99"\n').print
    assert (options.paper, options.caliper, options.price("en")) == ("white", 0.00235, "$14.99")


def test_price_by_language(project):
    options = load(project, '\n[print]\npress = "kdp"\n[print.price]\nen = "$9.99"\n').print
    assert options.price("en") == "$9.99" and options.price("fr") == ""


@pytest.mark.parametrize(("tail", "overrides", "expected"), [
    ('\n[print]\npress = "lightning"\n', {},
     "source/book.toml:9: press: expected true, false or a printer's name (ingram, kdp), "
     "got 'lightning'"),
    ("", {"press": "lightning"}, "--press: expected true, false or a printer's name (ingram, kdp), got 'lightning'"),
    ('\n[print]\npress = "kdp"\ntrim = "3inx5in"\n', {},
     "source/book.toml:10: trim: Amazon KDP does not offer the trim size '3inx5in' "
     "(3.00x5.00in)"),
    ('\n[print]\npress = "ingram"\npaper = "glossy"\n', {},
     "source/book.toml:10: paper: IngramSpark does not offer the paper 'glossy' "
     "(it offers: white, cream, colour)"),
    ('\n[print]\npress = "ingram"\ncaliper = 2\n', {}, "source/book.toml:10: caliper:"),
    ('\n[print]\npress = 3\n', {}, "source/book.toml:9: press: expected true, false or"),
])
def test_what_a_printer_does_not_offer_is_named(project, tail, overrides, expected):
    assert error(project, tail, **overrides).startswith(expected)


def test_spine_direction_is_the_languages():
    assert get_language("en").spine == "top-to-bottom"
    assert get_language("fr").spine == get_language("de").spine == "bottom-to-top"


# --- the spread's geometry and barcode ----------------------------------------------------------

def test_spread_width_and_mirroring():
    g = spread.Geometry(trim_w=6.0, trim_h=9.0, bleed=0.125, spine=0.45, rtl=False, turn=90)
    assert g.width == pytest.approx(12.7) and g.height == pytest.approx(9.25)
    ltr, rtl = g.context(), spread.Geometry(6.0, 9.0, 0.125, 0.45, True, 90).context()
    assert (ltr["back_x"], ltr["front_x"]) == ("0.0000", "6.4500")
    assert (rtl["back_x"], rtl["front_x"]) == ("6.4500", "0.0000")   # front on the left


def test_barcode_bars_decode_to_the_isbn():
    """The bars python-barcode gives, drawn at 4 px a module, read back by our own reader."""
    isbn = "9780999001004"
    drawn = spread.barcode(isbn)
    row = [False] * 600
    for x, w, _ in drawn["bars"]:
        start = round(float(x) / spread.MODULE) * 4
        row[start:start + round(float(w) / spread.MODULE) * 4] = [True] * (
            round(float(w) / spread.MODULE) * 4)
    assert decode_row(row) == isbn
    assert drawn["isbn"] == isbn


def test_cover_art_becomes_cmyk_at_no_more_than_300_dpi(tmp_path):
    from PIL import Image

    Image.new("RGB", (1600, 2600), (200, 60, 40)).save(tmp_path / "cover.png")
    g = spread.Geometry(trim_w=5.0, trim_h=8.0, bleed=0.125, spine=0.1, rtl=False, turn=90)
    assert spread.write_art(tmp_path / "cover.png", g, tmp_path / "art.jpg")
    with Image.open(tmp_path / "art.jpg") as art:
        # 300 dpi over the front and its bleed (5.125 x 8.25 in), which it covers
        assert art.mode == "CMYK" and art.width == round(5.125 * 300) and art.height >= 8.25 * 300


def test_unreadable_cover_art_leaves_the_typographic_front(tmp_path, caplog, monkeypatch):
    import logging

    monkeypatch.setattr(logging.getLogger("publish"), "propagate", True)   # the CLI may stop it
    (tmp_path / "cover.png").write_bytes(b"not an image")
    g = spread.Geometry(trim_w=5.0, trim_h=8.0, bleed=0.125, spine=0.1, rtl=False, turn=90)
    assert spread.write_art(tmp_path / "cover.png", g, tmp_path / "art.jpg") is False
    assert "cover image cannot be read" in caplog.text
