"""The KEPUB writer: the EPUB made into a `.kepub.epub`, the file Kobo readers open with their
own renderer (reading statistics, faster page turns, pop-up footnotes).

A KEPUB is made from the EPUB writer's file, never rendered again: each XHTML content
document gets Kobo's markup (spans.py: a span per sentence, cut by ICU in the text's own
language, and the two body divs), the package document keeps `properties="cover-image"`
on the cover, and the zip is repacked as reproducibly as the EPUB. So `publish all`
writes the EPUB and then its KEPUB (build.py derives it from the fresh EPUB, without
reading the book again), and `publish kepub` alone reuses an up-to-date EPUB.

EPUBCheck (5.3) raises nothing on the result: the spans, divs and style block are valid
XHTML, and their ids (`kobo.P.S`, `book-columns`, `book-inner`) are unique per document.
"""
from __future__ import annotations

import datetime as _dt
import posixpath
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from publish.writers import Writer

if TYPE_CHECKING:
    from publish.model import Book

OPF_NS = "http://www.idpf.org/2007/opf"
CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
XHTML_TYPE = "application/xhtml+xml"


def write(book: Book, target: Path, jobs: int | None = None) -> None:
    """Writes the KEPUB of `book` to `target`: its EPUB, as the EPUB writer makes it (ISBN
    and all), to a temporary file beside the target, then that made into a KEPUB. A KEPUB
    has no page count."""
    from publish.writers import get_writer

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".kepub-", dir=target.parent) as tmp:
        epub = Path(tmp) / "book.epub"
        get_writer("epub").write(book, epub)
        derive(epub, target)
    return None


def derive(epub: Path, target: Path) -> None:
    """Writes the KEPUB of the EPUB at `epub` to `target` (whole, or not at all)."""
    import zipfile

    from publish.errors import OutputError
    from publish.outputs import atomic_path
    from publish.writers.epub.container import repack
    from publish.writers.kepub.spans import kobo_document

    try:
        with zipfile.ZipFile(epub) as z:
            opf_name, lang, documents = _contents(z)
            stamp = _dt.datetime(*z.infolist()[0].date_time, tzinfo=_dt.timezone.utc)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        raise OutputError(f"cannot read the EPUB to make a KEPUB of: {exc}", path=epub) from None
    transforms = {name: lambda data: kobo_document(data, lang) for name in documents}
    transforms[opf_name] = _cover_property
    with atomic_path(target) as final:
        repack(epub, final, stamp, transforms)


def _contents(z) -> tuple[str, str, list[str]]:
    """The package document's name, the book's language and its XHTML documents' names."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    container = etree.fromstring(z.read("META-INF/container.xml"), parser)
    opf_name = container.find(f".//{{{CONTAINER_NS}}}rootfile").get("full-path")
    opf = etree.fromstring(z.read(opf_name), parser)
    lang = opf.findtext(".//{http://purl.org/dc/elements/1.1/}language") or "en"
    base = posixpath.dirname(opf_name)
    documents = [posixpath.normpath(posixpath.join(base, item.get("href")))
                 for item in opf.iter(f"{{{OPF_NS}}}item") if item.get("media-type") == XHTML_TYPE]
    return opf_name, lang.strip(), documents


def _cover_property(opf: bytes) -> bytes:
    """The package document with `properties="cover-image"` on the item `<meta name="cover">`
    names (Kobo shows that as the book's thumbnail); the EPUB writer already sets it."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(opf, parser)
    meta = root.find(f".//{{{OPF_NS}}}meta[@name='cover']")
    cover_id = meta.get("content") if meta is not None else "cover-image"
    item = next((i for i in root.iter(f"{{{OPF_NS}}}item") if i.get("id") == cover_id), None)
    if item is None or "cover-image" in (item.get("properties") or "").split():
        return opf
    item.set("properties", " ".join(filter(None, [item.get("properties"), "cover-image"])))
    return etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)


WRITER = Writer(name="kepub", suffix=".kepub.epub", media_type="application/kepub+zip",
                help="build Kobo KEPUBs (the EPUB with Kobo's sentence spans)",
                layouts=("epub", "css/epub.css"), write=write, order=15,
                made_from="epub", derive=derive, print_html=False)
