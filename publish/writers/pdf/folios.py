"""Folios (page numbers) stamped onto a book assembled from parts (issue 13).

A part is laid out without its folios, so its layout does not depend on the pages before
it: an edit that adds two pages to a chapter leaves every later part as the cache holds
it. The folios come from sheets: PDF pages, one for each page number, on which WeasyPrint
has drawn just that page's folio margin boxes, as the print layout sets them on a page of
that side. The assembly adds a sheet page's drawing to the book's page, marked as a
pagination artifact, in the same embedded face (merge.Assembly joins it with the text's).

Sheets hold SHEET_NUMBERS numbers each and are kept in the build cache, so a build lays
out none again unless the book grows past the last one.
"""
from __future__ import annotations

import contextlib
import re
from pathlib import Path

from publish.model import Book
from publish.writers.pdf import document as pdf

SHEET_NUMBERS = 128


def is_folio(box) -> bool:
    """Whether a margin box shows the page number (its content names the page counter)."""
    content = box.style["content"]       # "normal", "none" or a list of (kind, value)
    return isinstance(content, (tuple, list)) and any(
        kind.startswith("counter") and value[0] == "page" for kind, value in content)


def left_off(found: list[list[str]]):
    """For the block, WeasyPrint lays out each page's margin boxes but its folios, and
    appends to `found` the folios each page would have had (their at-keywords). The other
    boxes keep their sizes and places: WeasyPrint lays a page's margin boxes out together
    before this leaves the folios out."""
    from publish.writers.pdf.engine import patched, weasyprint

    def make_margin_boxes(original, context, page, state):
        boxes = list(original(context, page, state))
        found.append(sorted(box.at_keyword for box in boxes if is_folio(box)))
        return [box for box in boxes if not is_folio(box)]

    return patched(weasyprint.layout, "make_margin_boxes", make_margin_boxes)


def head(part_html: str) -> str:
    """A part's HTML up to its body: its stylesheet, which is all a sheet takes of it."""
    return part_html.split("<body", 1)[0]


def sheet_html(head: str) -> str:
    """A part's stylesheet (`head`) over three empty pages: a first page (whose `:first`
    rules no page of a part has) and a page of either side after it. No crop marks: the
    book's page has them."""
    return (head + "<style>@page { marks: none }</style><body><div></div>"
            + '<div style="break-before: page"></div>' * 2 + "</body></html>")


def render_sheet(book: Book, head: str, numbers: range, target: Path) -> list[list[str]]:
    """Writes to `target` a PDF of one page per number in `numbers`, each bearing only that
    number's folios; returns each page's folio at-keywords.

    The sheet's three pages are laid out once; for each number, the margin boxes of the
    page of its side are made again with the page counter at that number (which is all
    WeasyPrint does per page once a book is paginated)."""
    from publish.writers.pdf.engine import patched, weasyprint

    layout = weasyprint.layout
    original, made = layout.make_margin_boxes, {}

    def remember(_original, context, page, state):
        made[context.current_page] = (context, page, state, page.children[0])
        return iter(())

    with patched(layout, "make_margin_boxes", remember):
        document = pdf.lay_out(book, sheet_html(head))
    if sorted(made) != [1, 2, 3]:
        raise RuntimeError("the folio sheet did not make three pages")
    pages, keywords, rows = [], [], {}
    for number in numbers:
        side = 3 if number % 2 else 2               # the side of the first page: odd numbers
        context, page, state, root = made[side]
        quote_depth, counters, scopes, groups = state
        counters = {**counters, "page": [number]}
        box = page.copy()
        with _only_rows(context, rows.get(side)):
            folios = [margin for margin in original(context, box, (quote_depth, counters,
                                                                   scopes, groups))
                      if is_folio(margin)]
        rows.setdefault(side, {_row(margin.at_keyword) for margin in folios})
        box.children = (root, *folios)
        layout.background.layout_backgrounds(box, context.get_image_from_uri)
        pages.append(weasyprint.document.Page(box))
        keywords.append(sorted(margin.at_keyword for margin in folios))
    document.pages = pages
    document.write_pdf(str(target), **pdf.pdf_options(book))
    return keywords


def _row(at_keyword: str) -> str:
    """The side of the page a margin box is on ("@bottom-left": bottom), which WeasyPrint
    sizes apart from the other sides' boxes."""
    return at_keyword[1:].split("-")[0]


def _only_rows(context, rows: set[str] | None):
    """For the block (if `rows` is given), the margin boxes on other sides of the page than
    `rows` are not generated: they have no part in the folios' size or place, and the
    running heads would be laid out for nothing, once a number."""
    from publish.writers.pdf.engine import patched

    if rows is None:
        return contextlib.nullcontext()

    def only(style_for, page_type, pseudo=None):
        if isinstance(pseudo, str) and pseudo.startswith("@") and _row(pseudo) not in rows:
            return None
        return style_for(page_type, pseudo)

    return patched(context, "style_for", only)


class Sheets:
    """The sheets a book's numbers need, kept in the build cache (`kept`, partcache.PartCache)
    or laid out, as files in `workdir`; `place(number)` is where a number's folio is."""

    def __init__(self, book: Book, head: str, kept, workdir: Path) -> None:
        self.book, self.head, self.kept, self.workdir = book, head, kept, workdir
        self.files: dict[int, tuple[Path, list[list[str]]]] = {}
        self.drawn: list[int] = []          # the sheets laid out, not kept (parts.LAID_OUT)

    def place(self, number: int) -> tuple[str, int, list[str]]:
        """(sheet file, page index, folio at-keywords) of page number `number`."""
        k, index = divmod(number - 1, SHEET_NUMBERS)
        if k not in self.files:
            self.files[k] = self._sheet(k)
        path, keywords = self.files[k]
        return str(path), index, keywords[index]

    def _sheet(self, k: int) -> tuple[Path, list[list[str]]]:
        key = self.kept.key(f"folios {k} {SHEET_NUMBERS}\n" + self.head)
        target = self.workdir / f"folios-{k + 1}.pdf"
        facts = self.kept.facts(key)
        data = self.kept.pdf(key) if facts else None
        if data is not None:
            target.write_bytes(data)
            return target, facts["folios"]
        numbers = range(k * SHEET_NUMBERS + 1, (k + 1) * SHEET_NUMBERS + 1)
        keywords = render_sheet(self.book, self.head, numbers, target)
        self.drawn.append(k + 1)
        self.kept.keep(key, {"folios": keywords}, target.read_bytes())
        return target, keywords


_MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID \d+\s*>>\s*BDC")
ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"
FOLIO_FONT = "/Folio"      # the prefix of a stamped font's resource name


def stamp_stream(content: bytes, fonts: list[str]) -> bytes:
    """A sheet page's drawing, to follow a book page's: without its first operation (the
    flip of the y axis every WeasyPrint page starts with, outside any q…Q, so in force at
    the end of the book page's drawing), with its marked content made artifacts (a folio
    is pagination, not text of the book), and its `fonts` renamed with FOLIO_FONT."""
    first, _, rest = content.partition(b"\n")
    if not first.endswith(b" cm"):
        raise ValueError("a folio sheet's page does not start with its transform")
    for name in fonts:
        rest = re.sub(re.escape(name.encode()) + rb"(?=\s+[\d.]+\s+Tf)",
                      (FOLIO_FONT + name[1:]).encode(), rest)
    return b"\n" + _MARKED.sub(ARTIFACT, rest)
