"""The print PDF writer: WeasyPrint lays out layouts/print (document.py); a long book is
laid out in parallel parts (parts.py) and assembled (merge.py); writer.py decides which."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from publish.writers import Writer

if TYPE_CHECKING:
    from publish.model import Book


def write(book: Book, target: Path, jobs: int | None = None) -> int:
    """Writes the PDF of `book` to `target` in up to `jobs` processes; returns its page count.

    A book too long for one process's memory (writer.ONE_PROCESS_CHARS) is laid out in
    parts even when one process was asked for (by `all`, which builds outputs side by side)."""
    from dataclasses import replace

    from publish.writers.pdf.writer import ONE_PROCESS_CHARS, write_pdf

    # The print book's ISBN for a PDF made for the press, else the PDF's (isbn.py).
    for_press = book.print.press or bool(book.print.printer)
    book = replace(book, metadata=book.metadata.for_output("press" if for_press else "pdf"))
    if book.print.printer:                  # a printer's package: interior and cover spread
        from publish.writers.pdf.press import write_package

        return write_package(book, target, jobs)
    if jobs == 1 and sum(len(c.html) for c in book.chapters) > ONE_PROCESS_CHARS:
        jobs = None
    return write_pdf(book, target, jobs)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--variant", metavar="NAME",
                        help="PDF variant, e.g. pdf/ua-1 (default), pdf/a-3b, pdf/x-4, none")
    parser.add_argument("--press", nargs="?", const=True, default=False, metavar="PRINTER",
                        help="add 3 mm bleed and crop marks for the printer; with a printer "
                             "(ingram, kdp): its interior PDF and cover spread (docs/press.md)")


WRITER = Writer(name="pdf", suffix=".pdf", media_type="application/pdf", help="build print PDFs",
                layouts=("print", "css/print.css", "css/spread.css", "partials"), write=write,
                add_arguments=add_arguments, print_options=True, order=20)
