"""The EPUB 3 writer: reflowable books for e-readers (documents.py renders the pages,
package.py packages them with ebooklib, container.py makes the zip reproducible)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from publish.writers import Writer

if TYPE_CHECKING:
    from publish.model import Book


def write(book: Book, target: Path, jobs: int | None = None) -> None:
    """Writes the EPUB of `book` to `target`; an EPUB has no page count."""
    from dataclasses import replace

    from publish.writers.epub.package import write_epub

    write_epub(replace(book, metadata=book.metadata.for_output("epub")), target)
    return None


WRITER = Writer(name="epub", suffix=".epub", media_type="application/epub+zip",
                help="build EPUB 3 books", layouts=("epub", "css/epub.css"), write=write, order=10,
                print_html=False)
