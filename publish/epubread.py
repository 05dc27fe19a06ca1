"""Reads a built EPUB's package document: its manifest, spine and cover (for store checks and copies)."""
from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from publish.errors import OutputError

_NS = {"c": "urn:oasis:names:tc:opendocument:xmlns:container",
       "opf": "http://www.idpf.org/2007/opf"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True)
class Item:
    """A manifest item: its path inside the zip, media type and properties."""

    id: str
    path: str
    media_type: str
    properties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Package:
    """What the package document says, with paths as zip entry names."""

    opf: str
    items: tuple[Item, ...]
    spine: tuple[str, ...]          # the zip paths of the spine's documents, in order
    cover: str                      # the cover image's zip path ("" when none)

    def images(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.media_type.startswith("image/"))

    def documents(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.media_type == "application/xhtml+xml")


def read(z: zipfile.ZipFile, path: Path) -> Package:
    """The package of an open EPUB; an OutputError naming `path` when it cannot be read."""
    try:
        container = etree.fromstring(z.read("META-INF/container.xml"), _PARSER)
        opf = container.xpath("string(//c:rootfile/@full-path)", namespaces=_NS)
        root = etree.fromstring(z.read(opf), _PARSER)
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise OutputError(f"not a readable EPUB: {exc}", path=path) from None
    base = posixpath.dirname(opf)
    items = tuple(Item(e.get("id", ""), posixpath.normpath(posixpath.join(base, e.get("href", ""))),
                       e.get("media-type", ""), tuple((e.get("properties") or "").split()))
                  for e in root.xpath("//opf:manifest/opf:item", namespaces=_NS))
    by_id = {i.id: i for i in items}
    spine = tuple(by_id[ref].path for ref in root.xpath("//opf:spine/opf:itemref/@idref",
                                                        namespaces=_NS) if ref in by_id)
    cover = next((i.path for i in items if "cover-image" in i.properties), "")
    if not cover:                   # EPUB 2's way: <meta name="cover" content="ID"/>
        named = root.xpath("string(//opf:meta[@name='cover']/@content)", namespaces=_NS)
        cover = by_id[named].path if named in by_id else ""
    return Package(opf, items, spine, cover)
