"""Offprints (issue 26): each article of an issue as its own EPUB and PDF, from the same
Book, with its own metadata (authors, DOI, license, the issue it appeared in) and, when
`[offprints] folios = "issue"`, the PDF's page numbers continuing the issue's.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from publish import policy, writers
from publish.config import Config
from publish.model import Book, Chapter
from publish.render.metadata import ID_NAMESPACE

FORMATS = ("epub", "pdf")


def slugs(book: Book) -> tuple[str, ...]:
    """The articles of a book: its chapters that have authors of their own."""
    return tuple(c.slug for c in book.chapters if c.article.authors)


def offprint(book: Book, slug: str, folio: int = 1) -> Book:
    """The one-article Book of `slug` (a chapter of `book`), starting at page `folio`."""
    chapter = next(c for c in book.chapters if c.slug == slug)
    article, meta = chapter.article, book.metadata
    bios_inline = "article-bios" in chapter.xhtml
    people = tuple(replace(a, bio_html="") if bios_inline else a for a in article.authors)
    translators = tuple(replace(a, bio_html="") if bios_inline else a
                        for a in article.translators)
    own = f"{meta.slug}-{slug}"
    plain = f"https://doi.org/{article.doi}" if article.doi else \
        f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, own + '/' + meta.lang)}"
    metadata = replace(
        meta, slug=own, title=chapter.title, subtitle=article.standfirst,
        description=article.abstract or meta.description, authors=people or meta.authors,
        translators=translators, translation=article.translation,
        date=article.date or meta.date, doi=article.doi, license=article.license,
        rights=article.license or meta.rights, subjects=article.tags or meta.subjects,
        isbns=(), isbn="", plain_identifier=plain, identifier=plain, series="",
        series_position="")
    return replace(book, metadata=metadata, chapters=(_alone(chapter),),
                   toc=tuple(e for e in book.toc if e.chapter == slug),
                   contributors=tuple(p for p in book.contributors
                                      if p.name in {a.name for a in people + translators}),
                   folio_start=folio, offprint=True)


def _alone(chapter: Chapter) -> Chapter:
    """The chapter as the first of its book: no part opens before it."""
    return replace(chapter, part="", level=1)


def folios(book: Book) -> dict[str, int]:
    """Each chapter's first page in the issue's PDF (one layout of the whole issue)."""
    from publish.writers.pdf.document import lay_out, render_html

    laid_out = lay_out(book, render_html(book))
    firsts: dict[str, int] = {}
    starts = {c.headings[0].id: c.slug for c in book.chapters if c.headings}
    for number, page in enumerate(laid_out.pages, 1):
        for anchor in page.anchors:
            if anchor in starts:
                firsts.setdefault(starts[anchor], number)
    return firsts


def write(config: Config, book: Book, out_dir: Path, fmts: Iterable[str],
          asked: Iterable[str] = ()) -> list[Path]:
    """The offprints of `book` asked for (default: every article) in `fmts`; a slug that is
    no article of the book is named in a warning and skipped."""
    from publish.build import write_output

    known = slugs(book)
    wanted = []
    for slug in asked or known:
        if slug in known:
            wanted.append(slug)
        else:
            policy.mend("offprint", f"no article '{slug}' in the '{book.metadata.lang}' edition "
                        f"(its articles: {', '.join(known) or 'none'}); no offprint made",
                        path=config.path, key="--article")
    fmts = [f for f in fmts if f in FORMATS]
    pages = folios(book) if "pdf" in fmts and config.offprints.get("folios") == "issue" \
        and wanted else {}
    made = []
    for slug in wanted:
        alone = offprint(book, slug, pages.get(slug, 1))
        for fmt in fmts:
            target = writers.output_path(out_dir, alone.metadata.slug, book.metadata.lang,
                                         writers.get_writer(fmt))
            made.append(write_output(alone, fmt, target).path)
    return made


def build(config: Config, langs: Iterable[str], out_dir: Path, fmts: Iterable[str],
          asked: Iterable[str] = (), strict: bool = False) -> list[Path]:
    """The offprints of every language: `asked` articles (slugs, or comma lists), or all."""
    from publish.build import load_book

    slugs_asked = tuple(s for value in asked for s in value.split(",") if s)
    made = []
    for lang in langs:
        book = load_book(config, lang, strict=strict)
        made += write(config, book, out_dir, tuple(fmts), slugs_asked)
    return made
