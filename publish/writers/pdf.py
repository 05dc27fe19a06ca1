"""Book -> print PDF: one HTML document from layouts/print, laid out by WeasyPrint."""
from __future__ import annotations

import gc
import hashlib
import logging
import re
import uuid
from pathlib import Path

from .. import fonts, templates
from ..model import Book
from ..outputs import atomic_path
from ..paths import PACKAGE_LAYOUTS
from .fetcher import ConfinedFetcher

log = logging.getLogger("publish")
MM_PER = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
MAX_MEASURE_MM = 118   # keeps lines near 65 characters on large trims


def write_counted(book: Book, out_dir: Path, parts: int | None = None) -> tuple[Path, int]:
    """Writes `<out_dir>/<slug>-<lang>.pdf`; returns its path and its number of pages.

    A long book is laid out in `parts` (default: one per core, see `auto_parts`) in
    parallel processes and assembled; the result is the same book as one pass makes
    (tests/test_parts.py compares them). Should that fail, it is laid out in one pass.
    """
    target = out_dir / f"{book.metadata.slug}-{book.metadata.lang}.pdf"
    parts = auto_parts(book) if parts is None else parts
    if parts > 1:
        try:
            return target, _write_in_parts(book, target, parts)
        except Exception as exc:       # noqa: BLE001 - one pass makes the same book
            log.warning("%s: laying out in %d parts failed (%s); laying out in one pass",
                        target.name, parts, exc)
    html = render_html(book)
    document = html_document(book, html)
    with atomic_path(target) as tmp:
        laid_out = document.render(**pdf_options(book))
        del document, html
        gc.collect()      # the parse's garbage goes before drawing starts: a lower peak
        laid_out.write_pdf(str(tmp), **pdf_options(book))
        if book.print.variant.startswith("pdf/x"):
            _fix_document_id(tmp, book.metadata.identifier)
    return target, len(laid_out.pages)


def html_document(book: Book, html: str):
    """A WeasyPrint document of `html`, reading only from the project, the built-in layouts
    and the font cache; WeasyPrint's warnings go through our logger."""
    import weasyprint

    _quiet_weasyprint()
    _memoize_page_references()
    fetcher = ConfinedFetcher((book.project, PACKAGE_LAYOUTS, fonts.cache_dir()))
    return weasyprint.HTML(string=html, base_url=book.project.as_uri() + "/", url_fetcher=fetcher)


def pdf_options(book: Book) -> dict:
    """WeasyPrint's options for this book: always tagged, in the configured variant."""
    options = {"pdf_tags": True, "uncompressed_pdf": False, "custom_metadata": False}
    if book.print.variant != "none":
        options["pdf_variant"] = book.print.variant
    return options


PARTS_VARIANTS = ("pdf/ua-1", "pdf/x-4", "none")   # compared with one pass in the tests
PARTS_FROM = 60_000       # characters of chapter HTML (about 40 pages): 69 pages took 1.2 s, not 1.9


def auto_parts(book: Book) -> int:
    """How many parts to lay out in parallel: one per core for a long book, else one.

    One only where the parts are known to make the same book: the built-in print
    layout (chapters open on rectos), a variant the tests cover, a process without
    threads (forking those is unsafe)."""
    import multiprocessing
    import os
    import threading

    cores = min(os.cpu_count() or 1, 8)
    if cores < 2 or len(book.chapters) < 4 or book.print.variant not in PARTS_VARIANTS \
            or sum(len(c.html) for c in book.chapters) < PARTS_FROM \
            or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    own_print = ("print/book.html", "css/print.css", "partials/contents.html")
    if any((layouts / name).exists() for layouts in book.layouts
           if not layouts.is_relative_to(PACKAGE_LAYOUTS)
           for name in own_print):
        return 1
    return min(cores, len(book.chapters) // 2)


def _write_in_parts(book: Book, target: Path, parts: int) -> int:
    import tempfile

    from . import pdfmerge, pdfparts

    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".parts-") as tmp:
        files, counts, blanks = pdfparts.render_parts(book, Path(tmp), parts)
        if book.print.variant.startswith("pdf/x"):     # the front's XMP is the book's
            _fix_document_id(files[0], book.metadata.identifier)
        with atomic_path(target) as final:
            pdfmerge.merge(files, blanks, final)
    return sum(counts) + sum(blanks)


def _fix_document_id(path: Path, identifier: str) -> None:
    """PDF/X-4 gets a random xmp.did from WeasyPrint; derive it from the book instead.

    The uuid has the same length, in an uncompressed XMP stream, so no offset moves.
    """
    data = path.read_bytes()
    stable = uuid.uuid5(uuid.NAMESPACE_URL, identifier)
    data = re.sub(rb"xmp\.did:[0-9a-f-]{36}", f"xmp.did:{stable}".encode(), data)
    # The trailer's /ID hashed the random uuid too: hash the fixed bytes instead.
    digest = hashlib.md5(re.sub(rb"/ID \[\(\w{32}\) \(\w{32}\)\]", b"", data)).hexdigest().encode()
    data = re.sub(rb"/ID \[\(\w{32}\) \(\w{32}\)\]", b"/ID [(" + digest + b") (" + digest + b")]", data)
    path.write_bytes(data)


def _memoize_page_references() -> None:
    """pydyf rebuilds its tuple of page references on every access, and WeasyPrint's tagging
    reads it once per tagged element: quadratic in the page count (seconds on a 600-page book).
    Keep the tuple until a page is added. Same output, found by profiling (issue 6)."""
    import pydyf

    if getattr(pydyf.PDF, "_publish_memo", False):
        return
    compute = pydyf.PDF.page_references.fget

    def page_references(self):
        count = len(self.pages["Kids"])
        memo = self.__dict__.get("_publish_page_refs")
        if memo is None or memo[0] != count:
            memo = (count, compute(self))
            self.__dict__["_publish_page_refs"] = memo
        return memo[1]

    pydyf.PDF.page_references = property(page_references)
    pydyf.PDF._publish_memo = True


def render_html(book: Book, *, chapters=None, front: bool = True, about: bool = True,
                toc_pages: dict[str, str] | None = None) -> str:
    """The whole book as one print HTML document (also used by tests and the preview).

    For a part (pdfparts): only some `chapters`, without the front matter or the bio,
    or the front matter alone with the contents' page numbers given in `toc_pages`.
    """
    env = templates.get_environment(book.layouts)
    meta = book.metadata
    faces = [{"style": f.style, "weight": f.weight, "url": fonts.static_path(f).as_uri()}
             for f in fonts.FACES]
    css = templates.render(env, "css/print.css", faces=faces, family=fonts.FAMILY,
                           page=page_geometry(book), running_verso=_css_string(meta.title))
    extra = {} if toc_pages is None else {"toc_pages": toc_pages}
    return templates.render(
        env, "print/book.html", meta=meta, labels=book.labels, css=css, toc=book.toc,
        chapters=book.chapters if chapters is None else chapters, front=front, about=about,
        authors=[a for a in meta.authors if a.bio_html],
        date_text=book.language.format_date(meta.date),
        created=meta.modified.strftime("%Y-%m-%dT%H:%M:%SZ"), **extra)


def page_geometry(book: Book) -> dict:
    """Margins from the trim: a gutter for the binding, a wider outside, a deeper foot."""
    width, height = _mm(book.print.width), _mm(book.print.height)
    inside = max(15.0, 0.13 * width)
    outside = max(0.16 * width, width - inside - MAX_MEASURE_MM)
    return {"width": book.print.width, "height": book.print.height,
            "inside": f"{inside:.1f}mm", "outside": f"{outside:.1f}mm",
            "top": f"{0.085 * height:.1f}mm", "bottom": f"{0.115 * height:.1f}mm",
            "press": book.print.press, "font_size": book.print.font_size}


def _mm(length: str) -> float:
    m = re.fullmatch(r"([\d.]+)(mm|cm|in|pt)", length)
    return float(m.group(1)) * MM_PER[m.group(2)]


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _quiet_weasyprint() -> None:
    """WeasyPrint's own warnings go through our logger, once, as warnings."""
    logger = logging.getLogger("weasyprint")
    if not getattr(logger, "_publish", False):
        logger.handlers[:] = [_Forward()]
        logger.propagate = False
        logger.setLevel(logging.WARNING)
        logger._publish = True


class _Forward(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            log.warning("weasyprint: %s", record.getMessage())
