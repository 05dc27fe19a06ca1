"""OPDS 2.0 (JSON) documents of a Catalog: the navigation root, one publications feed per
language or collection, and each edition's publication document."""
from __future__ import annotations

import json

from publish.catalog import Addresses, Catalog, Entry, Group
from publish.catalog.opds1 import rfc3339, _updated

FEED = "application/opds+json"
PUBLICATION = "application/opds-publication+json"
REL_ACQUISITION = "http://opds-spec.org/acquisition"


def navigation_feed(catalog: Catalog, addresses: Addresses) -> bytes:
    root = addresses.feed("", "json")
    return dump({
        "metadata": {"title": catalog.title, "modified": rfc3339(_updated(catalog.entries))},
        "links": [{"rel": "self", "href": root, "type": FEED},
                  {"rel": "start", "href": root, "type": FEED}],
        "navigation": [{"href": addresses.feed(g.key, "json"), "title": g.title, "type": FEED,
                        "rel": "subsection"} for g in catalog.groups],
    })


def publications_feed(catalog: Catalog, group: Group, addresses: Addresses,
                      made: dict[str, dict] | None = None) -> bytes:
    """One language's, series' or periodical's publications (`made`: publications already
    made, by key, used as they are)."""
    made = made or {}
    root = addresses.feed("", "json")
    return dump({
        "metadata": {"title": group.title, "numberOfItems": len(group.entries),
                     "modified": rfc3339(_updated(group.entries))},
        "links": [{"rel": "self", "href": addresses.feed(group.key, "json"), "type": FEED},
                  {"rel": "start", "href": root, "type": FEED},
                  {"rel": "up", "href": root, "type": FEED}],
        "publications": [made[e.key] if e.key in made else publication(catalog, e, addresses)
                         for e in group.entries],
    })


def publication_document(catalog: Catalog, item: Entry, addresses: Addresses) -> bytes:
    return dump(publication(catalog, item, addresses))


def publication(catalog: Catalog, item: Entry, addresses: Addresses) -> dict:
    """One edition as an OPDS 2.0 publication: metadata, acquisition links, images."""
    links = [{"rel": "self", "href": addresses.entry(item, "json"), "type": PUBLICATION}]
    links += [{"rel": "alternate", "href": addresses.entry(other, "json"), "type": PUBLICATION,
               "title": other.language_name, "properties": {"hreflang": other.metadata.lang}}
              for other in catalog.editions_of(item)]
    links += [{"rel": REL_ACQUISITION, "href": addresses.download(item, d), "type": d.media_type,
               "title": d.fmt.upper(), "length": d.length} for d in item.downloads]
    found = {"metadata": _metadata(item), "links": links}
    if item.art is not None:
        found["images"] = [{"href": addresses.cover(item), "type": item.art.media_type},
                           {"href": addresses.thumbnail(item), "type": "image/png",
                            "rel": "http://opds-spec.org/image/thumbnail"}]
    return found


def _metadata(item: Entry) -> dict:
    meta = item.metadata
    found: dict = {"@type": "http://schema.org/Book", "title": meta.title,
                   "identifier": meta.identifier, "language": meta.lang,
                   "modified": rfc3339(meta.modified), "published": meta.date.isoformat()}
    if meta.subtitle:
        found["subtitle"] = meta.subtitle
    for key, role in (("author", "aut"), ("editor", "edt"), ("illustrator", "ill")):
        people = [{"name": a.name, "sortAs": a.sort_name} for a in meta.authors if a.role == role]
        if people:
            found[key] = people
    if meta.translators:
        found["translator"] = [{"name": t.name, "sortAs": t.sort_name} for t in meta.translators]
    if meta.publisher:
        found["publisher"] = meta.publisher
    if meta.description:
        found["description"] = meta.description
    if meta.subjects:
        found["subject"] = list(meta.subjects)
    belongs = {}
    if meta.series:
        belongs["series"] = [_member(meta.series, meta.series_position)]
    if meta.issue is not None and meta.issue.periodical:
        belongs["collection"] = [_member(meta.issue.periodical, meta.issue.group_position)]
    if belongs:
        found["belongsTo"] = belongs
    return found


def _member(name: str, position: str) -> dict:
    member: dict = {"name": name}
    try:
        member["position"] = float(position) if "." in position else int(position)
    except ValueError:
        pass
    return member


def dump(data: dict) -> bytes:
    # Compact: json's C encoder runs only without `indent` (a 500-edition catalog's feeds
    # took seconds pretty-printed).
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
