"""OPDS 1.2 catalog feeds (Atom): a navigation feed by language and one acquisition feed per language."""
from __future__ import annotations

import datetime as _dt
import uuid
from dataclasses import dataclass

from lxml import etree

from publish.render.metadata import ID_NAMESPACE
from publish.model import Book
from publish.writers import get_writer

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
NSMAP = {None: ATOM, "dc": DC, "opds": OPDS}

NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
REL_ACQUISITION = "http://opds-spec.org/acquisition"
REL_IMAGE = "http://opds-spec.org/image"
REL_THUMBNAIL = "http://opds-spec.org/image/thumbnail"


@dataclass(frozen=True)
class Download:
    fmt: str          # "epub" | "pdf"
    href: str
    length: int       # bytes


@dataclass(frozen=True)
class Publication:
    """One book of the catalog and where its files and pictures are."""

    book: Book
    feed_href: str                   # its language's acquisition feed
    language_name: str               # "English", "Français"...
    downloads: tuple[Download, ...]
    cover_href: str = ""
    cover_type: str = ""
    thumbnail_href: str = ""         # always a PNG
    # The other editions of the work: (language, its acquisition feed, its language's name).
    alternates: tuple[tuple[str, str, str], ...] = ()


def with_alternates(publications: list[Publication]) -> list[Publication]:
    """Each publication linked to the other editions of the work (its translations)."""
    from dataclasses import replace

    return [replace(pub, alternates=tuple((other.book.metadata.lang, other.feed_href,
                                           other.language_name)
                                          for other in publications if other is not pub))
            for pub in publications]


def rfc3339(moment: _dt.datetime) -> str:
    return moment.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_id(slug: str, lang: str = "") -> str:
    """A stable urn:uuid for a feed (or a navigation entry), derived from the book's slug."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'{slug}/opds/{lang}')}"


def navigation_feed(root_href: str, slug: str, title: str, author: str,
                    publications: list[Publication]) -> bytes:
    """The catalog root: one `subsection` entry per language, each to its acquisition feed."""
    feed = _feed(feed_id(slug), title, _updated(publications), [author])
    _link(feed, "self", root_href, NAVIGATION)
    _link(feed, "start", root_href, NAVIGATION)
    for pub in publications:
        entry = _sub(feed, "entry")
        _sub(entry, "title", pub.language_name)
        _sub(entry, "id", feed_id(pub.book.metadata.slug, f"entry/{pub.book.metadata.lang}"))
        _sub(entry, "updated", rfc3339(pub.book.metadata.modified))
        _sub(entry, f"{{{DC}}}language", pub.book.metadata.lang)
        _sub(entry, "content", pub.book.metadata.title, type="text")
        _link(entry, "subsection", pub.feed_href, ACQUISITION, title=pub.language_name)
    return _serialize(feed)


def acquisition_feed(root_href: str, pub: Publication) -> bytes:
    """One language's feed: the book's entry with its EPUB and PDF acquisition links."""
    meta = pub.book.metadata
    feed = _feed(feed_id(meta.slug, meta.lang), f"{meta.title} ({pub.language_name})",
                 meta.modified, [meta.author_line])
    _link(feed, "self", pub.feed_href, ACQUISITION)
    _link(feed, "start", root_href, NAVIGATION)
    _link(feed, "up", root_href, NAVIGATION)
    feed.append(entry(pub))
    return _serialize(feed)


def entry(pub: Publication) -> etree._Element:
    """The OPDS Catalog Entry of one book (a complete entry: every metadata element we have)."""
    meta = pub.book.metadata
    el = etree.Element(f"{{{ATOM}}}entry", nsmap=NSMAP)
    _sub(el, "title", meta.title)
    _sub(el, "id", meta.identifier)
    _sub(el, "updated", rfc3339(meta.modified))
    creators = [a for a in meta.authors if a.role == "aut"] or list(meta.authors)
    for author in meta.authors + tuple(t for t in meta.translators if t not in meta.authors):
        person = _sub(el, "author" if author in creators else "contributor")
        _sub(person, "name", author.name)
    _sub(el, f"{{{DC}}}identifier", meta.identifier)
    _sub(el, f"{{{DC}}}language", meta.lang)
    _sub(el, f"{{{DC}}}issued", meta.date.isoformat())
    if meta.publisher:
        _sub(el, f"{{{DC}}}publisher", meta.publisher)
    if meta.rights:
        _sub(el, "rights", meta.rights)
    for subject in meta.subjects:
        _sub(el, "category", term=subject, label=subject)
    if meta.description:
        _sub(el, "summary", meta.description, type="text")
    if pub.cover_href:
        _link(el, REL_IMAGE, pub.cover_href, pub.cover_type)
    if pub.thumbnail_href:
        _link(el, REL_THUMBNAIL, pub.thumbnail_href, "image/png")
    for lang, href, name in pub.alternates:      # the same work in another language
        _link(el, "alternate", href, ACQUISITION, hreflang=lang, title=name)
    for download in pub.downloads:
        _link(el, REL_ACQUISITION, download.href, get_writer(download.fmt).media_type,
              title=download.fmt.upper(), length=str(download.length))
    return el


def _feed(id_: str, title: str, updated: _dt.datetime, authors: list[str]) -> etree._Element:
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap=NSMAP)
    _sub(feed, "id", id_)
    _sub(feed, "title", title)
    _sub(feed, "updated", rfc3339(updated))
    for name in authors:
        _sub(_sub(feed, "author"), "name", name)
    return feed


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag if tag.startswith("{") else f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = _xml_text(text)
    return el


def _link(parent: etree._Element, rel: str, href: str, type_: str, **attrs: str) -> etree._Element:
    return _sub(parent, "link", rel=rel, href=href, type=type_, **attrs)


def _xml_text(text: str) -> str:
    """Drops the few characters XML 1.0 cannot hold (controls other than tab and newlines)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


def _serialize(feed: etree._Element) -> bytes:
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _updated(publications: list[Publication]) -> _dt.datetime:
    return max((p.book.metadata.modified for p in publications),
               default=_dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc))

