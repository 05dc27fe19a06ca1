"""A print-on-demand printer's package (`--press ingram`): the interior PDF in the printer's
PDF/X variant, finished for it (its output intent, reproducible metadata), and the cover
spread beside it (spread.py)."""
from __future__ import annotations

import re
import uuid
from pathlib import Path

from publish import policy
from publish.errors import ConfigError
from publish.model import Book
from publish.printers import Printer, known

REGISTRY = "http://www.color.org"     # the ICC's registry of characterized printing conditions


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


def finish(path: Path, printer: Printer, identifier: str) -> None:
    """Gives a PDF/X file the printer's output intent, a registered printing condition, and
    makes it reproducible: WeasyPrint writes a random document id and the time of day.

    Links and bookmarks go: PDF/X allows no annotation on the printed page, and KDP asks
    for no bookmarks or annotations."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            if "/Annots" in page.obj:
                del page.obj["/Annots"]
        for key in ("/Outlines", "/PageMode"):
            if key in pdf.Root:
                del pdf.Root[key]
        condition, info = printer.intent
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=pikepdf.String(condition),
            OutputCondition=pikepdf.String(info), Info=pikepdf.String(info),
            RegistryName=pikepdf.String(REGISTRY)))])
        _steady_metadata(pdf, identifier)
        pdf.save(path, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)


def _steady_metadata(pdf, identifier: str) -> None:
    """The XMP's document and instance ids from the book, its modification and metadata
    dates the creation date (the book's), and the Info dictionary's ModDate alike."""
    import pikepdf

    stable = str(uuid.uuid5(uuid.NAMESPACE_URL, identifier or "publish"))
    info = pdf.trailer.get("/Info")
    created = str(info.get("/CreationDate", "")) if info is not None else ""
    if info is not None and created:
        info.ModDate = pikepdf.String(created)
    if "/Metadata" not in pdf.Root:
        return
    xmp = pdf.Root.Metadata.read_bytes()
    xmp = re.sub(rb"(xmp\.[id]id:|uuid:)[0-9a-f-]{36}", rb"\g<1>" + stable.encode(), xmp)
    made = re.search(rb"<xmp:CreateDate>([^<]*)</xmp:CreateDate>", xmp)
    if made:
        for tag in (rb"xmp:ModifyDate", rb"xmp:MetadataDate"):
            xmp = re.sub(rb"<" + tag + rb">[^<]*</" + tag + rb">",
                         b"<" + tag + b">" + made.group(1) + b"</" + tag + b">", xmp)
    pdf.Root.Metadata.write(xmp)
