"""Book -> EPUB 3: XHTML documents from layouts/epub, packaged with ebooklib, repacked reproducibly."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ebooklib import epub

from .. import fonts, templates
from ..model import Book
from ..outputs import atomic_path
from .epubzip import repack

XHTML = "application/xhtml+xml"
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}
A11Y_FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder",
                 "displayTransformability", "alternativeText")


@dataclass(frozen=True)
class Doc:
    """One XHTML content document of the EPUB."""

    id: str
    file_name: str
    title: str
    content: str
    landmark: str = ""       # epub:type for the landmarks nav ("" for none)


def write(book: Book, out_dir: Path) -> Path:
    """Writes `<out_dir>/<slug>-<lang>.epub` and returns its path."""
    env = templates.get_environment(book.layouts)
    docs = render_documents(book, env)
    target = out_dir / f"{book.metadata.slug}-{book.metadata.lang}.epub"
    package = _package(book, env, docs, out_dir)
    with atomic_path(target) as final:
        raw = final.with_name(final.name + ".ebooklib")
        # Stored, not deflated: repack compresses every entry once, on its way out.
        epub.write_epub(str(raw), package, {"epub3_pages": False, "epub3_landmark": False,
                                            "compresslevel": 0,
                                            "mtime": book.metadata.modified, "play_order": {
                                                "enabled": True, "start_from": 1}})
        try:
            repack(raw, final, book.metadata.modified,
                   {"EPUB/content.opf": lambda opf: _fix_opf(opf, book.metadata.lang)})
        finally:
            raw.unlink(missing_ok=True)
    return target


def _fix_opf(opf: bytes, lang: str) -> bytes:
    """What ebooklib cannot say: the package's own language (Ace: epub-lang)."""
    return opf.replace(b"<package ", f'<package xml:lang="{lang}" '.encode(), 1)


def render_documents(book: Book, env) -> list[Doc]:
    """Every content document, in reading order, rendered from the layouts."""
    meta, labels = book.metadata, book.labels
    ctx = {"meta": meta, "labels": labels, "date_text": book.language.format_date(meta.date)}
    docs = [Doc("cover", "cover.xhtml", labels["cover"],
                templates.render(env, "epub/cover.xhtml", cover_href=_cover_name(book), **ctx), "cover"),
            Doc("titlepage", "titlepage.xhtml", labels["title_page"],
                templates.render(env, "epub/titlepage.xhtml", **ctx), "titlepage"),
            Doc("copyright", "copyright.xhtml", labels["copyright"],
                templates.render(env, "epub/copyright.xhtml", **ctx), "copyright-page")]
    files = {i: c.file_name for c in book.chapters for i in c.ids}
    toc = [_toc_item(entry, book) for entry in book.toc]
    for n, chapter in enumerate(book.chapters):
        body = _rewrite_links(chapter.xhtml, chapter.file_name, files)
        docs.append(Doc(f"chapter-{n + 1}", chapter.file_name, chapter.title,
                        templates.render(env, "epub/chapter.xhtml", chapter=chapter, body=body, **ctx),
                        "bodymatter" if n == 0 else ""))
    if any(a.bio_html for a in meta.authors):
        docs.append(Doc("about", "about.xhtml", labels["about_author"],
                        templates.render(env, "epub/about.xhtml", authors=[a for a in meta.authors
                                                                          if a.bio_html], **ctx)))
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
    return [{"title": d.title, "href": d.file_name, "children": []} for d in docs if d.id == "about"]


def _toc_item(entry, book: Book) -> dict:
    chapter = next(c for c in book.chapters if c.slug == entry.chapter)
    return {"title": entry.title, "href": chapter.file_name,
            "children": [{"title": c.title, "href": f"{chapter.file_name}#{c.href_id}"}
                         for c in entry.children]}


def _rewrite_links(xhtml: str, own_file: str, files: dict[str, str]) -> str:
    """`href="#id"` points into the chapter that defines `id` (each chapter is its own file)."""
    def fix(m: re.Match) -> str:
        target = files.get(m.group(1), own_file)
        return m.group(0) if target == own_file else f'href="{target}#{m.group(1)}"'
    return re.sub(r'href="#([^"]+)"', fix, xhtml)


def _cover_name(book: Book) -> str:
    return f"images/cover{book.cover.suffix.lower()}" if book.cover else "images/cover.png"


def _package(book: Book, env, docs: list[Doc], out_dir: Path) -> epub.EpubBook:
    """The ebooklib book: metadata, manifest, spine, NCX and guide."""
    package = epub.EpubBook()
    _metadata(package, book)
    for doc in docs:
        item = epub.EpubItem(uid=doc.id, file_name=doc.file_name, media_type=XHTML,
                             content=doc.content.encode("utf-8"))
        if doc.id == "nav":
            item.properties = ["nav"]
        package.add_item(item)
    package.spine = [doc.id for doc in docs]
    _resources(package, book, env, docs, out_dir)
    package.add_item(epub.EpubNcx())
    package.toc = [_ncx_entry(entry, book) for entry in book.toc] + \
        [epub.Link(d.file_name, d.title, f"ncx-{d.id}") for d in docs if d.id == "about"]
    package.guide = [{"type": "cover", "href": "cover.xhtml", "title": book.labels["cover"]},
                     {"type": "toc", "href": "nav.xhtml", "title": book.labels["contents"]},
                     {"type": "text", "href": book.chapters[0].file_name,
                      "title": book.labels["start"]}]
    return package


def _ncx_entry(entry, book: Book):
    chapter = next(c for c in book.chapters if c.slug == entry.chapter)
    if not entry.children:
        return epub.Link(chapter.file_name, entry.title, f"ncx-{chapter.slug}")
    return (epub.Section(entry.title, href=chapter.file_name),
            [epub.Link(f"{chapter.file_name}#{c.href_id}", c.title, f"ncx-{c.href_id}")
             for c in entry.children])


def _resources(package: epub.EpubBook, book: Book, env, docs: list[Doc], out_dir: Path) -> None:
    """Stylesheet, subset fonts, cover and chapter images."""
    css = templates.render(env, "css/epub.css", faces=fonts.FACES, family=fonts.FAMILY)
    package.add_item(epub.EpubItem(uid="css", file_name="css/book.css", media_type="text/css",
                                   content=css.encode("utf-8")))
    text = "".join(_visible_text(d.content) for d in docs)
    for n, (face, data) in enumerate(zip(fonts.FACES, fonts.subset_faces(text))):
        package.add_item(epub.EpubItem(uid=f"font-{n + 1}", file_name=f"fonts/{face.file_name}",
                                       media_type="font/ttf", content=data))
    cover_bytes = book.cover.read_bytes() if book.cover else _generated_cover(book, out_dir)
    cover_name = _cover_name(book)
    cover = epub.EpubItem(uid="cover-image", file_name=cover_name,
                          media_type=MEDIA_TYPES[Path(cover_name).suffix], content=cover_bytes)
    cover.properties = ["cover-image"]
    package.add_item(cover)
    for n, image in enumerate(book.images):
        package.add_item(epub.EpubItem(uid=f"image-{n + 1}", file_name=image.src,
                                       media_type=MEDIA_TYPES[image.path.suffix.lower()],
                                       content=image.path.read_bytes()))


def _generated_cover(book: Book, out_dir: Path) -> bytes:
    """The typographic cover, kept in the build cache under what it shows."""
    import hashlib
    import json

    from ..cache import BuildCache, package_digest

    meta = book.metadata
    key = hashlib.sha256(json.dumps([package_digest(), meta.title, meta.subtitle, meta.author_line,
                                     meta.publisher], ensure_ascii=False).encode()).hexdigest()
    cache = BuildCache(out_dir)
    data = cache.get("cover", key)
    if data is None:
        from ..cover import make_cover
        data = make_cover(meta)
        cache.put("cover", key, data)
    return data


def _visible_text(xhtml: str) -> str:
    """The characters a document shows (tags and entities aside) for font subsetting."""
    body = re.sub(r"<[^>]*>", " ", re.split(r"<body\b[^>]*>", xhtml, maxsplit=1)[-1])
    return body.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") \
        + " ".join(re.findall(r'(?:alt|title|aria-label)="([^"]*)"', xhtml))


def _metadata(package: epub.EpubBook, book: Book) -> None:
    meta = book.metadata
    package.set_identifier(meta.identifier)
    package.set_title(meta.title)
    package.set_language(meta.lang)
    for n, author in enumerate(meta.authors, 1):
        package.add_metadata("DC", "creator", author.name, {"id": f"creator{n}"})
        package.add_metadata(None, "meta", author.role, {"refines": f"#creator{n}", "property": "role",
                                                         "scheme": "marc:relators"})
        package.add_metadata(None, "meta", author.sort_name, {"refines": f"#creator{n}",
                                                              "property": "file-as"})
    if meta.subtitle:
        package.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
        package.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    for key in ("publisher", "description", "rights"):
        if getattr(meta, key):
            package.add_metadata("DC", key, getattr(meta, key))
    package.add_metadata("DC", "date", meta.date.isoformat())
    for subject in meta.subjects:
        package.add_metadata("DC", "subject", subject)
    if meta.series:
        package.add_metadata(None, "meta", meta.series, {"id": "series", "property": "belongs-to-collection"})
        package.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
        if meta.series_position:
            package.add_metadata(None, "meta", meta.series_position,
                                 {"refines": "#series", "property": "group-position"})
    package.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    _accessibility(package, book)


def _accessibility(package: epub.EpubBook, book: Book) -> None:
    """EPUB Accessibility 1.1 metadata, true of what this writer makes."""
    def prop(name: str, value: str) -> None:
        package.add_metadata(None, "meta", value, {"property": name})

    prop("schema:accessMode", "textual")
    prop("schema:accessMode", "visual")           # the cover, and any figures
    prop("schema:accessModeSufficient", "textual")  # every image has a text alternative
    for feature in A11Y_FEATURES:
        prop("schema:accessibilityFeature", feature)
    prop("schema:accessibilityHazard", "none")
    prop("schema:accessibilitySummary",
         "Reflowable text with a navigable table of contents, structured headings, "
         "the language of every document marked, a logical reading order and text "
         "alternatives for images; footnotes link to and from their references. "
         "No known hazards.")
    prop("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA")
    prop("a11y:certifiedBy", book.metadata.publisher or book.metadata.author_line)
