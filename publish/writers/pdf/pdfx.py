"""A PDF made for a printer finished as PDF/X: its output intent (a registered printing
condition), no annotations or outlines, and reproducible ids and dates."""
from __future__ import annotations

import re
import uuid
from pathlib import Path

from publish.printers import Printer

REGISTRY = "http://www.color.org"     # the ICC's registry of characterized printing conditions


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
