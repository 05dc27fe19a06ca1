"""A print-on-demand printer's package (`--press ingram`): the interior PDF in the printer's
PDF/X variant, finished for it (its output intent, reproducible metadata), and the cover
spread beside it (spread.py)."""
from __future__ import annotations

import re
from pathlib import Path

from publish import policy
from publish.errors import ConfigError
from publish.model import Book
from publish.printers import known
from publish.writers.pdf.pdfx import finish



def cover_path(target: Path) -> Path:
    """Where the cover spread goes: beside the interior, `<slug>-<lang>-cover.pdf`."""
    return target.with_name(f"{target.stem}-cover{target.suffix}")


def print_isbn(book: Book) -> str:
    """The print book's ISBN (digits), which the back cover's barcode carries; a book with
    none is refused, naming the key to set."""
    found = dict(book.metadata.isbns).get("print", "")
    if not found:
        code = book.metadata.lang
        raise ConfigError(f"a printer's package needs the print book's ISBN for its barcode: "
                          f"set isbn.{code}.print (or isbn.{code}) in book.toml",
                          key=f"isbn.{code}.print")
    return re.sub(r"[\s-]", "", found)


def write_package(book: Book, target: Path, jobs: int | None = None) -> int:
    """Writes the interior to `target` and the cover spread beside it; the interior's pages."""
    from publish.writers.pdf.spread import write_spread
    from publish.writers.pdf.writer import write_pdf

    printer = known()[book.print.printer]
    isbn = print_isbn(book)
    pages = write_pdf(book, target, jobs)
    finish(target, printer, book.metadata.identifier)
    if pages < printer.min_pages:
        policy.mend("press-pages", f"{pages} pages: {printer.name} binds no fewer than "
                                   f"{printer.min_pages} (it adds blank pages, or refuses "
                                   f"the file)", path=target)
    write_spread(book, printer, pages, isbn, cover_path(target))
    return pages
