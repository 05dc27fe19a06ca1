"""Markdown -> the Book: every chapter of one language rendered, its links resolved across chapters.

Each chapter goes Markdown -> sanitized HTML -> lxml tree (convert.py); the tree is
typeset, its ids made unique in the whole book, footnotes turned into EPUB notes, images
and links resolved (chapter.py). Then it is serialized twice, as XHTML (EPUB) and as
HTML (print).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from publish import contributors, policy
from publish.config import Config
from publish.languages import Language
from publish.model import Book, Metadata
from publish.paths import PACKAGE_LAYOUTS
from publish.render import article, foreign, images
from publish.render.links import temporary_cache
from publish.render.chapter import build_toc, finish, parse
from publish.render.convert import convert_all, get_markdown, render_inline, too_deep
from publish.render.metadata import read_metadata
from publish.sources import RawChapter

if TYPE_CHECKING:
    from collections.abc import Callable

    from publish.cache import BuildCache

# Ids the layouts themselves use (front and back matter): chapters never take them.
RESERVED_IDS = {"about-author", "contributors", "toc", "toc-title", "landmarks", "contents-title"}


def render_book(config: Config, lang: str, raws: list[RawChapter],
                layouts: tuple[Path, ...] = (), memo: BuildCache | None = None, *,
                print_html: bool = True) -> Book:
    """All chapters of one language, rendered; links resolved across chapters.

    `memo` (the build cache) keeps each chapter's Markdown conversion, the costly part,
    so an unchanged chapter is not converted again; fetched remote images go there too.
    Without `print_html`, the chapters' print HTML is left empty (no PDF is written).
    """
    edition = config.edition(lang)
    language = edition.language
    labels = article.labels_for(language, edition.labels)
    md = get_markdown(labels)
    meta = read_metadata(config, edition, lambda text: render_inline(text, language, md))
    used: set[str] = set(RESERVED_IDS)
    texts = _converted(config, md, language, labels, memo, raws)
    drafts = [parse(too_deep(html, raw), raw, used, index)
              for index, (raw, html) in enumerate(zip(raws, texts), 1)]
    by_file = {key: d for d in drafts for key in (str(d.raw.path.resolve()), d.raw.path.name)}
    for d in drafts:            # a page linked by its other language's name (MkDocs i18n)
        for alias in d.raw.aliases:
            by_file.setdefault(str(alias.resolve()), d)
            by_file.setdefault(alias.name, d)
    _mark_untranslated(config, language, drafts)
    articles = _articles(config, language, labels, drafts, md)
    remote = memo.root / "remote" if memo is not None else None
    chapters = tuple(replace(finish(d, by_file, config, labels, _language(config, d.raw, language),
                                    remote, print_html), article=a)
                     for d, a in zip(drafts, articles))
    back = article.everyone(articles) if config.contributors.get("bios") == "back" else ()
    text = "".join(_all_text(meta, labels, chapters, language)) + \
        "".join(a.name + a.bio_html for a in back)
    return Book(metadata=meta, language=language, labels=labels, chapters=chapters,
                toc=build_toc(chapters, config.toc_depth),
                cover=cover_file(config, edition.cover, memo), project=config.root,
                layouts=layouts or (PACKAGE_LAYOUTS,), print=config.print, text=text,
                contributors=tuple(a for a in back if a.bio_html),
                running_head=config.contributors.get("running_head", "authors"))


def _articles(config: Config, language: Language, labels, drafts, md) -> list:
    """Each chapter's Article (from its front matter and the registry), its opener and, bios
    after each article, its bios put into its tree."""
    registry = contributors.load(config.root)
    bios = config.contributors.get("bios", "article") == "article"
    found = []
    for d in drafts:
        own = _language(config, d.raw, language)
        found.append(article.read(d.raw, config, own, labels, registry,
                                  lambda text, own=own: render_inline(text, own, md)))
        article.open_article(d.root, found[-1], labels, own, bios)
    return found


def _language(config: Config, raw: RawChapter, language: Language) -> Language:
    """The language a chapter's text is in: the edition's, or the source language's for a
    chapter that stands in for a missing translation (its quotes, spaces and hyphenation)."""
    return config.edition(raw.lang).language if raw.lang else language


def _converted(config: Config, md, language: Language, labels, memo,
               raws: list[RawChapter]) -> list[str]:
    """Each chapter's Markdown as typeset HTML, each in the language of its text."""
    by_language: dict[str, list[RawChapter]] = {}
    for raw in raws:
        by_language.setdefault(raw.lang, []).append(raw)
    html: dict[str, dict[str, str]] = {
        code: convert_all(md, _language(config, group[0], language), labels, memo,
                          [raw.text for raw in group])
        for code, group in by_language.items()}
    return [html[raw.lang][raw.text] for raw in raws]


def _mark_untranslated(config: Config, language: Language, drafts: list) -> None:
    """Blocks left in the source language get its `lang`; one warning for the edition."""
    source = config.edition(config.source_language).language
    # A chapter standing in for a missing translation is marked whole (its section's lang).
    counts = [(d, foreign.mark_foreign((d.root, *d.footnotes), language.code, language.script,
                                       source.code, source.script))
              for d in drafts if not d.raw.lang]
    marked = [(d, n) for d, n in counts if n]
    if marked:
        total = sum(n for _d, n in marked)
        first = marked[0][0].raw.path
        policy.mend("untranslated", f"{total} passage{'s' if total > 1 else ''} in "
                    f"{len(marked)} chapter{'s' if len(marked) > 1 else ''} of the "
                    f"'{language.code}' edition are written in Latin letters, not in its own "
                    "script: left as they are and marked with the language they are in",
                    path=first)


def cover_file(config: Config, cover: str, memo: BuildCache | None,
               record: Callable[[bytes], bool] | None = None) -> Path | None:
    """The cover image's file (checked to lie in the project; converted as a chapter's
    image would be), or None for a generated cover: one that is missing or cannot be used
    gives way to the generated cover, with a warning. `record`: images.prepare's."""
    if not cover:
        return None
    line = config.line_of("cover")
    candidate = config.source_dir / cover
    try:
        real = candidate.resolve()
        inside = real.is_relative_to(config.root.resolve())
    except (OSError, RuntimeError, ValueError):
        real, inside = candidate, True           # a loop or a NUL: found unusable below
    if not inside:
        raise policy.refuse("outside-project", f"cover image '{cover}' lies outside the "
                            "project folder; refused", path=config.path, line=line, key="cover")
    folder = memo.root / "images" if memo is not None else temporary_cache()
    try:
        if not real.exists():
            raise images.ImageProblem("not found")
        usable = images.prepare(real, folder, record)
    except (images.ImageProblem, OSError, ValueError) as problem:
        policy.mend("cover", f"cover image '{cover}' {problem}; the generated cover stands in",
                    path=config.path, line=line, key="cover")
        return None
    if usable.note:
        policy.mend("image-converted", f"cover image '{cover}': {usable.note}",
                    path=config.path, line=line, key="cover")
    return usable.path


def _all_text(meta: Metadata, labels, chapters, language: Language):
    yield from (meta.title, meta.subtitle, meta.description, meta.publisher, meta.rights,
                meta.series, " ".join(meta.subjects), meta.author_line, meta.translation)
    # The date as the pages print it (its month's name, its calendar's): the fonts need it.
    yield language.format_date(meta.date, meta.calendar) + language.format_year(meta.date,
                                                                                meta.calendar)
    for author in meta.authors + meta.translators:
        yield author.name + author.bio_html
    yield from labels.values()
    for chapter in chapters:
        yield chapter.xhtml
