"""The document model every writer reads: frozen records, no I/O."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from publish.config import PrintOptions
from publish.languages import Language


@dataclass(frozen=True)
class Author:
    name: str
    sort_name: str
    role: str            # MARC relator code: aut, trl, edt...
    bio_html: str = ""   # rendered, typeset XHTML fragment ("" when no bio)
    alternate_script: tuple[tuple[str, str], ...] = ()   # (language tag, the name in its script)


@dataclass(frozen=True)
class Metadata:
    lang: str
    slug: str
    title: str
    subtitle: str
    description: str
    authors: tuple[Author, ...]
    publisher: str
    date: _dt.date
    modified: _dt.datetime       # UTC; from the book date or SOURCE_DATE_EPOCH
    identifier: str              # urn:isbn:..., urn:uuid:... or the configured one
    isbn: str
    subjects: tuple[str, ...]
    rights: str
    series: str
    series_position: str
    calendar: str = "gregorian"  # of the printed date (book.toml's `calendar`)
    translators: tuple[Author, ...] = ()   # dc:contributor, role trl
    translation: str = ""        # the credit line: "Translated from the Russian by …" ("" if none)
    original: str = ""           # the language translated from ("" for an original)
    isbns: tuple[tuple[str, str], ...] = ()           # (epub|pdf|print, digits) as configured
    original_isbns: tuple[tuple[str, str], ...] = ()  # the original edition's, the same way
    plain_identifier: str = ""   # the identifier of an output with no ISBN of its own
    output: str = "epub"         # the output these values are for (for_output)

    def for_output(self, output: str) -> "Metadata":
        """The metadata one output carries (`epub`, `pdf`, or `press` for a PDF made for the
        printer): its own ISBN and identifier."""
        from publish.isbn import for_output

        isbn = for_output(dict(self.isbns), output)
        return replace(self, output=output, isbn=isbn,
                       identifier=f"urn:isbn:{isbn}" if isbn else self.plain_identifier)

    @property
    def source(self) -> str:
        """dc:source of a translation: the original edition's ISBN, of the same output where
        it has one, else of its print book ("" when none is known)."""
        from publish.isbn import for_output

        own = dict(self.original_isbns)
        found = next((isbn for isbn in (for_output(own, out) for out in
                                        (self.output, "press", "pdf", "epub")) if isbn), "")
        return f"urn:isbn:{found}" if found and found != self.isbn else ""

    @property
    def with_bios(self) -> tuple[Author, ...]:
        """The authors, then the translators, who have a bio (the About-the-author page)."""
        return tuple(a for a in self.authors + self.translators if a.bio_html)

    @property
    def author_line(self) -> str:
        return ", ".join(a.name for a in self.authors if a.role == "aut") or \
            ", ".join(a.name for a in self.authors)


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str       # plain text
    html: str        # inline XHTML (emphasis kept)


@dataclass(frozen=True)
class Image:
    src: str          # the href used in the chapter (images/<name>)
    path: Path        # the resolved file inside the project
    alt: str
    line: int = 0     # where the chapter's source refers to it


@dataclass(frozen=True)
class Chapter:
    slug: str                       # unique within the book; names the EPUB file
    source: Path                    # the Markdown file it came from
    title: str
    title_html: str
    xhtml: str                      # body fragment as XHTML (for the EPUB)
    html: str                       # the same fragment as HTML (for WeasyPrint and the preview)
    headings: tuple[Heading, ...]   # h1..h3 in order, ids unique in the whole book
    ids: frozenset[str]             # every id defined in this chapter
    images: tuple[Image, ...] = ()
    has_footnotes: bool = False
    remote: tuple[tuple[str, int], ...] = ()   # (url, line) of remote images left out
    level: int = 1                  # 1: a chapter; 2 and deeper: a sub-chapter of the one before
    part: str = ""                  # the title of the part this chapter opens ("" if none)
    unnumbered: bool = False        # a prefix or suffix chapter: outside every part
    lang: str = ""                  # its text's language when not the book's (a source chapter
                                    # standing in for a missing translation): set on its section
    dir: str = ""                   # that language's direction ("" with no lang of its own)

    @property
    def file_name(self) -> str:
        return f"{self.slug}.xhtml"


@dataclass(frozen=True)
class TocEntry:
    title: str
    href_id: str      # an id in the book ("" for the chapter's start)
    chapter: str      # the chapter slug it belongs to (a part: the chapter it opens with)
    level: int
    children: tuple["TocEntry", ...] = ()
    kind: str = "section"    # "part", "chapter" (sub-chapters too) or "section" (a heading)

    @property
    def is_part(self) -> bool:
        return self.kind == "part"


@dataclass(frozen=True)
class Book:
    metadata: Metadata
    language: Language
    labels: dict[str, str]
    chapters: tuple[Chapter, ...]
    toc: tuple[TocEntry, ...]
    cover: Path | None                # a user's cover image, or None for a generated one
    project: Path                     # the project folder: every file read lies inside it
    layouts: tuple[Path, ...]         # template search path, most specific first
    print: PrintOptions = field(default_factory=PrintOptions)
    text: str = ""                    # every character of the book, for font subsetting and checks

    def chapter_of(self, anchor: str) -> Chapter | None:
        """The chapter that defines id `anchor`."""
        for chapter in self.chapters:
            if anchor in chapter.ids:
                return chapter
        return None

    @property
    def images(self) -> tuple[Image, ...]:
        seen: dict[str, Image] = {}
        for chapter in self.chapters:
            for image in chapter.images:
                seen.setdefault(image.src, image)
        return tuple(seen.values())
