"""The cover spread a print-on-demand printer binds round the interior: back cover, spine and
front cover on one page (layouts/print/spread.html), laid out by WeasyPrint.

Its width is 2 x (trim + bleed) + spine, the spine pages x the paper's caliper; a
right-to-left book's spread is mirrored (its front cover on the left). The back cover's
EAN-13 barcode of the print ISBN is python-barcode's module pattern, drawn as CMYK bars.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from publish import cover, templates
from publish.config import length_mm
from publish.model import Book
from publish.outputs import atomic_path
from publish.printers import Printer, spine_width

SPINE_MARGIN = 0.5          # inches kept clear at either end of the spine's line
MODULE = 0.33               # mm: EAN-13's nominal module (100 % magnification)
BAR_HEIGHT = 20.0           # mm: a little under nominal 22.85 mm, as book covers print it
QUIET = (11, 7)             # modules of white left and right of the bars (GS1)
UPRIGHT_SCRIPTS = ("Latn", "Cyrl", "Grek")     # scripts whose cover author line is capitals


@dataclass(frozen=True)
class Geometry:
    """Where everything goes, in inches from the trim's top left corner."""

    trim_w: float
    trim_h: float
    bleed: float
    spine: float
    rtl: bool
    turn: int               # degrees the spine's line is turned: 90 top to bottom, -90 up

    @property
    def width(self) -> float:
        """The whole sheet, bleed included: 2 x (trim + bleed) + spine."""
        return 2 * (self.trim_w + self.bleed) + self.spine

    @property
    def height(self) -> float:
        return self.trim_h + 2 * self.bleed

    def context(self) -> dict:
        """The lengths spread.css uses (a right-to-left book's back cover on the right)."""
        front_x = 0.0 if self.rtl else self.trim_w + self.spine
        line = self.trim_h - 2 * SPINE_MARGIN
        return {"width_trim": _in(2 * self.trim_w + self.spine), "trim_w": _in(self.trim_w),
                "trim_h": self.trim_h, "bleed": self.bleed, "spine": _in(self.spine),
                "front_x": _in(front_x), "back_x": _in(self.trim_w + self.spine - front_x),
                "art_x": _in(-self.bleed if self.rtl else 0.0),
                "art_w": _in(self.trim_w + self.bleed),
                "barcode_side": "left" if self.rtl else "right",
                "imprint_side": "right" if self.rtl else "left",
                "spine_box_x": _in(self.trim_w + self.spine / 2 - line / 2),
                "spine_box_y": _in(self.trim_h / 2 - self.spine / 2),
                "spine_box_w": _in(line), "spine_turn": self.turn,
                "spine_pt": f"{min(10.0, self.spine * 72 * 0.42):.2f}"}


def geometry(book: Book, printer: Printer, pages: int) -> Geometry:
    """The spread of `book` at `pages` pages on the configured paper."""
    return Geometry(trim_w=length_mm(book.print.width) / 25.4,
                    trim_h=length_mm(book.print.height) / 25.4, bleed=printer.bleed,
                    spine=spine_width(pages, book.print.caliper),
                    rtl=book.language.direction == "rtl",
                    turn=90 if book.language.spine == "top-to-bottom" else -90)


def barcode(isbn: str) -> dict:
    """The EAN-13 of `isbn` as bars and digits in mm inside its white box: python-barcode
    encodes the modules; guard bars reach below the digits, as the symbol has them."""
    import barcode as python_barcode

    modules = python_barcode.get("ean13", isbn).build()[0]
    top, guards = 4.6, set(range(0, 3)) | set(range(45, 50)) | set(range(92, 95))
    bars, start = [], None
    for i, module in enumerate(modules + "0"):
        if module == "1" and start is None:
            start = i
        elif module != "1" and start is not None:
            long = start in guards
            bars.append((_mm(QUIET[0] + start), _mm(i - start),
                         f"{BAR_HEIGHT + (1.65 if long else 0):.2f}"))
            start = None
    # The first digit left of the bars, then each half's six under it (GS1's layout).
    digits = [(_mm(QUIET[0] - 8), _mm(7), isbn[0]), (_mm(QUIET[0] + 3), _mm(42), isbn[1:7]),
              (_mm(QUIET[0] + 50), _mm(42), isbn[7:])]
    # The ISBN above the bars as 13 digits: hyphens belong between its groups, which only
    # the ISBN agency's range table knows.
    return {"isbn": isbn, "bars": bars, "digits": digits,
            "top": top, "height": BAR_HEIGHT, "box_w": _mm(sum(QUIET) + 95),
            "box_h": f"{top + BAR_HEIGHT + 4.4:.2f}"}


def render_spread(book: Book, printer: Printer, g: Geometry, isbn: str, pages: int,
                  art: Path | None = None) -> str:
    """The spread as one HTML document (`art`: the front cover's image, made by `write_art`)."""
    from publish.writers.pdf.document import font_context

    meta = book.metadata
    env = templates.get_environment(book.layouts)
    bars = barcode(isbn)
    css = templates.render(env, "css/spread.css", **font_context(book), g=g.context(),
                           colours=COLOURS, bars=bars, title_size=_title_size(meta.title))
    upright = book.language.script in UPRIGHT_SCRIPTS
    return templates.render(
        env, "print/spread.html", meta=meta, css=css, bars=bars,
        spine_text=printer.spine_text(pages, g.spine), price=book.print.price(meta.lang),
        art=art.as_uri() if art else "",
        author=meta.author_line.upper() if upright else meta.author_line,
        created=meta.modified.strftime("%Y-%m-%dT%H:%M:%SZ"), dir=book.language.direction)


def write_spread(book: Book, printer: Printer, pages: int, isbn: str, target: Path) -> None:
    """Writes the cover spread of `book` (its interior `pages` long) to `target`."""
    from publish.writers.pdf.document import lay_out, pdf_options
    from publish.writers.pdf.pdfx import finish

    meta = book.metadata
    extra = " ".join((meta.title, meta.subtitle, meta.author_line, meta.author_line.upper(),
                      meta.description, meta.publisher, book.print.price(meta.lang),
                      "ISBN 0123456789-"))
    book = replace(book, text=book.text + extra)       # the fonts' subsets cover the cover
    g = geometry(book, printer, pages)
    with atomic_path(target) as tmp:
        art = tmp.with_suffix(".jpg")
        try:
            made = book.cover is not None and write_art(book.cover, g, art)
            html = render_spread(book, printer, g, isbn, pages, art if made else None)
            lay_out(book, html, (art,) if made else ()).write_pdf(str(tmp), **pdf_options(book))
        finally:
            art.unlink(missing_ok=True)
        finish(tmp, printer, meta.identifier + "#cover")


def write_art(path: Path, g: Geometry, target: Path) -> bool:
    """Writes the book's cover image to `target` as a CMYK JPEG at no more than 300 dpi over
    the front and its bleed (PDF/X-1a takes no RGB); False when it cannot be read, which
    leaves the typographic front, with the one warning of a broken cover."""
    from PIL import Image

    from publish import policy

    box = ((g.trim_w + g.bleed) * 300, g.height * 300)     # pixels at 300 dpi
    try:
        with Image.open(path) as image:       # a CMYK image is kept as its maker made it
            art = image.copy() if image.mode == "CMYK" else image.convert("RGB")
        scale = max(box[0] / art.width, box[1] / art.height)   # it covers the front
        if scale < 1:
            art = art.resize((round(art.width * scale), round(art.height * scale)),
                             Image.Resampling.LANCZOS)
        art.convert("CMYK").save(target, format="JPEG", quality=92)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        policy.mend("cover", f"the cover image cannot be read ({exc}): the cover spread "
                             f"gets the typographic front", path=path)
        return False
    return True


def _cmyk(rgb: tuple[int, int, int]) -> str:
    """A CSS device-cmyk() colour for an RGB one (the plain formula: PDF/X-1a takes CMYK,
    and the printer's press profile does the rest)."""
    r, g, b = (v / 255 for v in rgb)
    k = 1 - max(r, g, b)
    if k >= 1:
        return "device-cmyk(0 0 0 1)"
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return f"device-cmyk({c:.3f} {m:.3f} {y:.3f} {k:.3f})"


# The generated e-book cover's palette (cover.py), in CMYK; barcodes are black on white.
COLOURS = {"ground": _cmyk(cover.BACKGROUND), "ink": _cmyk(cover.INK),
           "accent": _cmyk(cover.ACCENT), "paper": "device-cmyk(0 0 0 0)",
           "black": "device-cmyk(0 0 0 1)"}


def _title_size(title: str) -> int:
    """The front's title size in pt: smaller for a longer title."""
    return 28 if len(title) <= 30 else 24 if len(title) <= 60 else 19


def _in(value: float) -> str:
    return f"{value:.4f}"


def _mm(modules: float) -> str:
    return f"{modules * MODULE:.3f}"
