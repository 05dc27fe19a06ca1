"""The EPUB's content documents: every XHTML page of the book rendered from layouts/epub, in reading order."""
from __future__ import annotations

import re
from dataclasses import dataclass

from publish import templates
from publish.model import Book

@dataclass(frozen=True)
class Doc:
    """One XHTML content document of the EPUB."""

    id: str
    file_name: str
    title: str
    content: str
    landmark: str = ""       # epub:type for the landmarks nav ("" for none)


def render_documents(book: Book, env) -> list[Doc]:
    """Every content document, in reading order, rendered from the layouts."""
    meta, labels = book.metadata, book.labels
    ctx = {"meta": meta, "labels": labels,
           "date_text": book.language.format_date(meta.date, meta.calendar),
           **templates.language_context(book)}
    docs = [Doc("cover", "cover.xhtml", labels["cover"],
                templates.render(env, "epub/cover.xhtml", cover_href=cover_name(book), **ctx), "cover"),
            Doc("titlepage", "titlepage.xhtml", labels["title_page"],
                templates.render(env, "epub/titlepage.xhtml", **ctx), "titlepage"),
            Doc("copyright", "copyright.xhtml", labels["copyright"],
                templates.render(env, "epub/copyright.xhtml", **ctx), "copyright-page")]
    files = {i: c.file_name for c in book.chapters for i in c.ids}
    toc = [_toc_item(entry, book) for entry in book.toc]
    for n, chapter in enumerate(book.chapters):
        if chapter.part:
            docs.append(Doc(f"part-{n + 1}", part_file(chapter), chapter.part,
                            templates.render(env, "epub/part.xhtml", title=chapter.part,
                                             part_id=part_file(chapter)[:-len(".xhtml")], **ctx),
                            "bodymatter" if n == 0 else ""))
        body = _rewrite_links(chapter.xhtml, chapter.file_name, files)
        docs.append(Doc(f"chapter-{n + 1}", chapter.file_name, chapter.title,
                        templates.render(env, "epub/chapter.xhtml", chapter=chapter, body=body, **ctx),
                        "bodymatter" if n == 0 and not chapter.part else ""))
    if meta.with_bios:
        docs.append(Doc("about", "about.xhtml", labels["about_author"],
                        templates.render(env, "epub/about.xhtml", authors=list(meta.with_bios),
                                         **ctx)))
    landmarks = [{"type": d.landmark, "href": d.file_name, "title": _landmark_title(d, labels)}
                 for d in docs if d.landmark in ("cover", "bodymatter")]
    landmarks.insert(1, {"type": "toc", "href": "nav.xhtml", "title": labels["contents"]})
    nav = Doc("nav", "nav.xhtml", labels["contents"],
              templates.render(env, "epub/nav.xhtml", toc=toc + _back_matter(docs, labels),
                               landmarks=landmarks, **ctx), "toc")
    return docs[:3] + [nav] + docs[3:]


def _landmark_title(doc: Doc, labels) -> str:
    return labels["start"] if doc.landmark == "bodymatter" else doc.title


def _back_matter(docs: list[Doc], labels) -> list[dict]:
    return [{"title": d.title, "href": d.file_name, "lang": "", "children": []} for d in docs
            if d.id == "about"]


def part_file(chapter) -> str:
    """The file of the part divider before `chapter`."""
    return f"part-{chapter.slug}.xhtml"


def toc_href(entry, book: Book) -> str:
    """Where a contents entry leads: a part's divider, a chapter's file, or a heading in it."""
    chapter = next(c for c in book.chapters if c.slug == entry.chapter)
    if entry.is_part:
        return part_file(chapter)
    return chapter.file_name if entry.kind == "chapter" else f"{chapter.file_name}#{entry.href_id}"


def _toc_item(entry, book: Book) -> dict:
    """A contents entry for the nav (parts, chapters and sub-chapters nest, at any depth)."""
    chapter = next(c for c in book.chapters if c.slug == entry.chapter)
    return {"title": entry.title, "href": toc_href(entry, book),
            "lang": "" if entry.is_part else chapter.lang,     # a title in another language
            "children": [_toc_item(child, book) for child in entry.children]}


def _rewrite_links(xhtml: str, own_file: str, files: dict[str, str]) -> str:
    """`href="#id"` points into the chapter that defines `id` (each chapter is its own file)."""
    def fix(m: re.Match) -> str:
        target = files.get(m.group(1), own_file)
        return m.group(0) if target == own_file else f'href="{target}#{m.group(1)}"'
    return re.sub(r'href="#([^"]+)"', fix, xhtml)


def cover_name(book: Book) -> str:
    return f"images/cover{book.cover.suffix.lower()}" if book.cover else "images/cover.png"


def visible_text(xhtml: str) -> str:
    """The characters a document shows (tags and entities aside) for font subsetting."""
    body = re.sub(r"<[^>]*>", " ", re.split(r"<body\b[^>]*>", xhtml, maxsplit=1)[-1])
    return body.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") \
        + " ".join(re.findall(r'(?:alt|title|aria-label)="([^"]*)"', xhtml))


