"""OPDS 1.2 (Atom) documents of a Catalog: the navigation root, one acquisition feed per
language or collection, and each edition's complete entry."""
from __future__ import annotations

import copy
import datetime as _dt
import re

from lxml import etree

from publish.catalog import Addresses, Catalog, Entry, Group

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
NSMAP = {None: ATOM, "dc": DC, "opds": OPDS}

NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
ENTRY = "application/atom+xml;type=entry;profile=opds-catalog"
REL_ACQUISITION = "http://opds-spec.org/acquisition"
REL_IMAGE = "http://opds-spec.org/image"
REL_THUMBNAIL = "http://opds-spec.org/image/thumbnail"
EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def rfc3339(moment: _dt.datetime) -> str:
    return moment.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def navigation_feed(catalog: Catalog, addresses: Addresses) -> bytes:
    """The catalog's root: a `subsection` entry per language, then per series and periodical."""
    root = addresses.feed("", "atom")
    feed = _feed(catalog.id, catalog.title, _updated(catalog.entries), catalog.author)
    _link(feed, "self", root, NAVIGATION)
    _link(feed, "start", root, NAVIGATION)
    for group in catalog.groups:
        entry = _sub(feed, "entry")
        _sub(entry, "title", group.title)
        _sub(entry, "id", catalog.feed_id(f"entry/{group.key}"))
        _sub(entry, "updated", rfc3339(_updated(group.entries)))
        if group.lang:
            _sub(entry, f"{{{DC}}}language", group.lang)
        _sub(entry, "content", "; ".join(dict.fromkeys(e.metadata.title for e in group.entries)),
             type="text")
        _link(entry, "subsection", addresses.feed(group.key, "atom"), ACQUISITION, title=group.title)
    return serialize(feed)


def acquisition_feed(catalog: Catalog, group: Group, addresses: Addresses,
                     made: dict[str, etree._Element] | None = None) -> bytes:
    """One language's, series' or periodical's feed: its editions with their acquisition
    links (`made`: entries already made, by key, copied in rather than made again)."""
    root = addresses.feed("", "atom")
    feed = _feed(catalog.feed_id(group.key), group.title, _updated(group.entries), catalog.author)
    _link(feed, "self", addresses.feed(group.key, "atom"), ACQUISITION)
    _link(feed, "start", root, NAVIGATION)
    _link(feed, "up", root, NAVIGATION)
    for item in group.entries:
        feed.append(copy.deepcopy(made[item.key]) if made and item.key in made
                    else entry(catalog, item, addresses))
    return serialize(feed)


def entry_document(catalog: Catalog, item: Entry, addresses: Addresses) -> bytes:
    """An edition's complete entry on its own (what another edition's `alternate` points to)."""
    return serialize(entry(catalog, item, addresses))


def entry(catalog: Catalog, item: Entry, addresses: Addresses) -> etree._Element:
    """The OPDS Catalog Entry of one edition: every metadata element we have, its files,
    its cover, and the work's other editions as alternates."""
    meta = item.metadata
    el = etree.Element(f"{{{ATOM}}}entry", nsmap=NSMAP)
    _sub(el, "title", meta.title)
    _sub(el, "id", meta.identifier)
    _sub(el, "updated", rfc3339(meta.modified))
    creators = [a for a in meta.authors if a.role == "aut"] or list(meta.authors)
    for person in meta.authors + tuple(t for t in meta.translators if t not in meta.authors):
        _sub(_sub(el, "author" if person in creators else "contributor"), "name", person.name)
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
    if item.art is not None:
        _link(el, REL_IMAGE, addresses.cover(item), item.art.media_type)
        _link(el, REL_THUMBNAIL, addresses.thumbnail(item), "image/png")
    for other in catalog.editions_of(item):          # the same work in another language
        _link(el, "alternate", addresses.entry(other, "atom"), ENTRY, hreflang=other.metadata.lang,
              title=other.language_name)
    for download in item.downloads:
        _link(el, REL_ACQUISITION, addresses.download(item, download), download.media_type,
              title=download.fmt.upper(), length=str(download.length))
    return el


def _feed(id_: str, title: str, updated: _dt.datetime, author: str) -> etree._Element:
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap=NSMAP)
    _sub(feed, "id", id_)
    _sub(feed, "title", title)
    _sub(feed, "updated", rfc3339(updated))
    _sub(_sub(feed, "author"), "name", author)
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
    return _CONTROLS.sub("", text)


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def serialize(el: etree._Element) -> bytes:
    return etree.tostring(el, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _updated(entries) -> _dt.datetime:
    return max((e.metadata.modified for e in entries), default=EPOCH)
