"""The catalog of books, one implementation for `publish catalog` and `publish serve` (issue 27).

A Catalog is every edition (a book in one language) with its files and cover, grouped
by language and by collection (a series, or a periodical's issues). The feeds (OPDS 1.2
in `opds1`, OPDS 2.0 in `opds2`) and the HTML shelf (`shelf`) are made from it, with
their addresses from an `Addresses`: relative paths for a static folder (`static`), the
server's own paths for `publish serve`.
"""
from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from publish.model import Metadata
from publish.serve.covers import CoverArt

# The formats a catalog offers, in this order, when they have been built.
FORMATS = ("epub", "kepub", "pdf")
ID_NAMESPACE = uuid.UUID("0c6f1d4e-8a52-5f0b-b7a9-2e3d4c5b6a70")   # catalog ids (stable)


@dataclass(frozen=True)
class Download:
    fmt: str             # a writer's name: epub, kepub, pdf
    path: Path           # the file as built
    length: int          # bytes
    media_type: str

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Entry:
    """One edition: its metadata, its language's name, its files and its cover."""

    metadata: Metadata
    language_name: str
    downloads: tuple[Download, ...] = ()
    art: CoverArt | None = None
    direction: str = "ltr"       # its language's

    @property
    def key(self) -> str:
        """Unique in a catalog: the project's slug and the language."""
        return f"{self.metadata.slug}-{self.metadata.lang}"


@dataclass(frozen=True)
class Group:
    """A feed of entries: a language, a series or a periodical."""

    key: str             # the feed's name: "en", "series-…", "periodical-…"
    kind: str            # "language" | "series" | "periodical"
    title: str
    entries: tuple[Entry, ...]
    lang: str = ""       # the language's code (kind "language")


@dataclass(frozen=True)
class Addresses:
    """Where each document of a catalog is, as its links give it."""

    feed: Callable[[str, str], str]        # (group key, "" for the root; "atom" | "json")
    entry: Callable[[Entry, str], str]     # an edition's own document ("atom" | "json")
    download: Callable[[Entry, Download], str]
    cover: Callable[[Entry], str]
    thumbnail: Callable[[Entry], str]


@dataclass(frozen=True)
class Catalog:
    title: str
    entries: tuple[Entry, ...]
    groups: tuple[Group, ...] = field(default=())

    def group(self, key: str) -> Group | None:
        return next((g for g in self.groups if g.key == key), None)

    def editions_of(self, entry: Entry) -> tuple[Entry, ...]:
        """The other editions of the same work (the project's other languages)."""
        return tuple(e for e in self._works.get(entry.metadata.slug, ()) if e is not entry)

    @cached_property
    def _works(self) -> dict[str, list[Entry]]:
        works: dict[str, list[Entry]] = {}
        for entry in self.entries:
            works.setdefault(entry.metadata.slug, []).append(entry)
        return works

    @property
    def author(self) -> str:
        """Who the catalog is by: the first edition's publisher, else its authors."""
        first = self.entries[0].metadata if self.entries else None
        return (first.publisher or first.author_line) if first else "publish"

    @property
    def id(self) -> str:
        slugs = ",".join(sorted({e.metadata.slug for e in self.entries}))
        return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'catalog/{slugs}')}"

    def feed_id(self, key: str) -> str:
        return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'{self.id}/{key}')}"


def make_catalog(title: str, entries: list[Entry]) -> Catalog:
    """The catalog of these editions (in the order given: project, then its languages), by
    language in first-seen order, then by series and periodical; each feed newest first,
    a series by its position."""
    groups: dict[str, Group] = {}
    for entry in entries:
        lang = entry.metadata.lang
        if lang not in groups:
            groups[lang] = Group(lang, "language", entry.language_name, (), lang=lang)
        for key, kind, name in _collections(entry.metadata):
            groups.setdefault(key, Group(key, kind, name, ()))
    done = tuple(Group(g.key, g.kind, g.title, tuple(_ordered(g, entries)), g.lang)
                 for g in sorted(groups.values(), key=_group_order))
    return Catalog(title, tuple(entries), done)


def _collections(meta: Metadata) -> list[tuple[str, str, str]]:
    found = []
    if meta.series:
        found.append((f"series-{_short(meta.series)}", "series", meta.series))
    if meta.issue is not None and meta.issue.periodical:
        name = meta.issue.periodical
        found.append((f"periodical-{_short(name)}", "periodical", name))
    return found


def _short(name: str) -> str:
    """A file-name-safe key for a collection's name, in any script."""
    return hashlib.sha256(name.encode()).hexdigest()[:12]


def _group_order(group: Group) -> tuple:
    return ({"language": 0, "series": 1, "periodical": 2}[group.kind], "" if group.lang else group.title)


def _ordered(group: Group, entries: list[Entry]) -> list[Entry]:
    """The group's entries: a language's and a periodical's newest first (an issue by its
    date, then volume.number), a series by its position."""
    if group.kind == "language":
        members = [e for e in entries if e.metadata.lang == group.lang]
        return sorted(members, key=lambda e: (-_ordinal(e.metadata), e.metadata.title))
    members = [e for e in entries if group.key in {k for k, _, _ in _collections(e.metadata)}]
    if group.kind == "series":
        return sorted(members, key=lambda e: (_number(e.metadata.series_position), e.key))
    return sorted(members, key=lambda e: (-_ordinal(e.metadata),
                                          tuple(-n for n in _issue_numbers(e.metadata)), e.key))


def _ordinal(meta: Metadata) -> int:
    date = meta.issue.date if meta.issue is not None and meta.issue.date else meta.date
    return date.toordinal()


def _issue_numbers(meta: Metadata) -> tuple[float, ...]:
    position = meta.issue.group_position if meta.issue else ""
    return tuple(_number(part) for part in position.split(".") if part)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("inf")
