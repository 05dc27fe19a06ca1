"""Writing the print PDF: in one pass, or for a long book in parallel parts assembled into one."""
from __future__ import annotations

import gc
import hashlib
import logging
import re
import uuid
from pathlib import Path

from publish.model import Book
from publish.outputs import atomic_path
from publish.paths import PACKAGE_LAYOUTS
from publish.writers.pdf.document import lay_out, pdf_options, render_html

log = logging.getLogger("publish")


def write_pdf(book: Book, target: Path, parts: int | None = None) -> int:
    """Writes the print PDF of `book` to `target`; returns its number of pages.

    A long book is laid out in `parts` (default: one per core, see `auto_parts`) in
    parallel processes and assembled; the result is the same book as one pass makes
    (tests/test_parts.py compares them). Should that fail, it is laid out in one pass.
    """
    parts = auto_parts(book) if parts is None else parts
    if parts > 1:
        try:
            return _write_in_parts(book, target, parts)
        except Exception as exc:       # noqa: BLE001 - one pass makes the same book
            log.warning("%s: laying out in %d parts failed (%s); laying out in one pass",
                        target.name, parts, exc)
    html = render_html(book)
    with atomic_path(target) as tmp:
        laid_out = lay_out(book, html)
        del html
        gc.collect()      # the parse's garbage goes before drawing starts: a lower peak
        laid_out.write_pdf(str(tmp), **pdf_options(book))
        if book.print.variant.startswith("pdf/x"):
            _fix_document_id(tmp, book.metadata.identifier)
    return len(laid_out.pages)


PARTS_VARIANTS = ("pdf/ua-1", "pdf/x-4", "none")   # compared with one pass in the tests
PARTS_FROM = 60_000       # characters of chapter HTML (about 40 pages): 69 pages took 1.2 s, not 1.9
# A part's share of chapter HTML (about 37 pages): a long book is cut in more parts than
# cores. WeasyPrint's time and memory grow faster than a document's length (The Rust
# Programming Language, 1,082 pages on 2 cores: 32.5 s and 858 MiB a process in 2 parts,
# 33 s and 309 MiB in 8), and each part is kept in the build cache, so that an edit lays
# out only its own part again (the 100-chapter sample: in 8 parts an edit took 2.5 s of a
# 10.2 s cold build, in 16 parts 1.6 s of 11.1 s).
PART_CHARS = 55_000
MAX_PARTS = 16
# Beyond this much chapter HTML (about 800 pages) one pass takes more than 400 MiB.
ONE_PROCESS_CHARS = 1_200_000


def auto_parts(book: Book) -> int:
    """How many parts to lay out in parallel: one per core for a long book, else one.

    One only where the parts are known to make the same book: the built-in print
    layout (chapters open on rectos), a variant the tests cover."""
    import os

    from publish.writers.pdf.parts import opens_on_recto

    cores = min(os.cpu_count() or 1, 8)
    # Runs start only where a chapter opens on a recto (parts.groups): a book needs
    # several such places to be cut.
    if sum(1 for c in book.chapters[1:] if opens_on_recto(c)) < 1:
        return 1
    if cores < 2 or len(book.chapters) < 4 or book.print.variant not in PARTS_VARIANTS \
            or sum(len(c.html) for c in book.chapters) < PARTS_FROM:
        return 1
    own_print = ("print/book.html", "css/print.css", "partials/contents.html")
    if any((layouts / name).exists() for layouts in book.layouts
           if not layouts.is_relative_to(PACKAGE_LAYOUTS)
           for name in own_print):
        return 1
    total = sum(len(c.html) for c in book.chapters)
    return min(max(cores, -(-total // PART_CHARS)), MAX_PARTS, len(book.chapters) // 2)


def _write_in_parts(book: Book, target: Path, parts: int) -> int:
    import tempfile

    from publish.cache import BuildCache
    from publish.writers.pdf import merge, parts as layout_parts

    def assemble(front: Path, blanks: list[int], pages: int):
        if book.print.variant.startswith("pdf/x"):     # the front's XMP is the book's
            _fix_document_id(front, book.metadata.identifier)
        return (merge.Assembly if pages <= MERGE_APART_PAGES else merge.AssemblyApart)(front, blanks)

    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".parts-") as tmp:
        assembly, pages = layout_parts.render_parts(
            book, Path(tmp), parts, BuildCache(target.parent), target.name, assemble=assemble)
        try:
            with atomic_path(target) as final:
                assembly.save(final)
        except BaseException:
            assembly.close()      # a failed save lets go of the output (or ends its process)
            raise
    return pages


# pikepdf holds the whole book while it assembles it: about 0.2 MiB a page (the Rust
# book's 1,082 pages took the building process from 185 to 400 MiB). A longer book is
# assembled in a process of its own, which holds nothing else.
MERGE_APART_PAGES = 800


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


