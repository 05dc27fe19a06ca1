"""The EPUB package: metadata, manifest, spine, navigation and resources, made with ebooklib and
repacked reproducibly (see container.py)."""
from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from ebooklib import epub

from publish import fonts, media, templates
from publish.model import Book
from publish.outputs import atomic_path
from publish.writers.epub import documents
from publish.writers.epub.container import repack

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
A11Y_FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder",
                 "displayTransformability", "alternativeText")



def write_epub(book: Book, target: Path) -> None:
    """Writes the EPUB of `book` to `target` (whole, or not at all)."""
    cover = _cover(book, target.parent)      # encoded while the documents are rendered
    env = templates.get_environment(book.layouts)
    docs = documents.render_documents(book, env)
    package = _package(book, env, docs, cover)
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


def _fix_opf(opf: bytes, lang: str) -> bytes:
    """What ebooklib cannot say: the package's own language (Ace: epub-lang)."""
    return opf.replace(b"<package ", f'<package xml:lang="{lang}" '.encode(), 1)


def _package(book: Book, env, docs: list[documents.Doc], cover: Callable[[], bytes]
             ) -> epub.EpubBook:
    """The ebooklib book: metadata, manifest, spine, NCX and guide."""
    package = epub.EpubBook()
    _metadata(package, book)
    if book.language.direction == "rtl":
        package.set_direction("rtl")       # the spine's page-progression-direction
    for doc in docs:
        item = epub.EpubItem(uid=doc.id, file_name=doc.file_name, media_type=media.XHTML,
                             content=doc.content.encode("utf-8"))
        if doc.id == "nav":
            item.properties = ["nav"]
        package.add_item(item)
    package.spine = [doc.id for doc in docs]
    _resources(package, book, env, docs, cover)
    package.add_item(epub.EpubNcx())
    numbers = itertools.count(1)
    package.toc = [_ncx_entry(entry, book, numbers) for entry in book.toc] + \
        [epub.Link(d.file_name, d.title, f"ncx-{d.id}") for d in docs
         if d.id in documents.BACK_MATTER]
    package.guide = [{"type": "cover", "href": "cover.xhtml", "title": book.labels["cover"]},
                     {"type": "toc", "href": "nav.xhtml", "title": book.labels["contents"]},
                     {"type": "text", "href": book.chapters[0].file_name,
                      "title": book.labels["start"]}]
    return package


def _ncx_entry(entry, book: Book, numbers):
    """The NCX entry of a contents entry, its children nested (parts, sub-chapters). Its id is
    numbered: the NCX's ids must be XML names, which a heading's id in Lao or Thai is not."""
    href = documents.toc_href(entry, book)
    uid = f"ncx-{next(numbers)}"
    if not entry.children:
        return epub.Link(href, entry.title, uid)
    return (epub.Section(entry.title, href=href),
            [_ncx_entry(c, book, numbers) for c in entry.children])


def _resources(package: epub.EpubBook, book: Book, env, docs: list[documents.Doc],
               cover: Callable[[], bytes]) -> None:
    """Stylesheet, subset fonts (the monospace only for a book with code), cover, images."""
    style, fonts_used = templates.style_context(book, lambda face, _: f"../fonts/{face.file_name}")
    faces = fonts_used.faces()
    css = templates.render(env, "css/epub.css", **style)
    package.add_item(epub.EpubItem(uid="css", file_name="css/book.css", media_type=media.CSS,
                                   content=css.encode("utf-8")))
    files = tuple({face.file_name: face for face in faces}.values())   # one file per face
    for n, (face, data) in enumerate(zip(files, fonts.subset_faces("", "", files,
                                                                 fonts_used.texts))):
        package.add_item(epub.EpubItem(uid=f"font-{n + 1}", file_name=f"fonts/{face.file_name}",
                                       media_type=media.font_type(face.file_name), content=data))
    cover_bytes = cover()
    cover_name = documents.cover_name(book)
    cover = epub.EpubItem(uid="cover-image", file_name=cover_name,
                          media_type=media.TYPES[Path(cover_name).suffix], content=cover_bytes)
    cover.properties = ["cover-image"]
    package.add_item(cover)
    for n, image in enumerate(book.images):
        package.add_item(epub.EpubItem(uid=f"image-{n + 1}", file_name=image.src,
                                       media_type=media.TYPES[image.path.suffix.lower()],
                                       content=image.path.read_bytes()))


def _cover(book: Book, out_dir: Path) -> Callable[[], bytes]:
    """The cover's bytes, when asked for: the project's image, or the typographic cover,
    kept in the build cache under what it shows. One not in the cache is drawn now, then
    scaled and compressed to PNG in a thread while the documents are rendered (Pillow lets
    the GIL go as it does: about 50 ms of a cold build taken off its path)."""
    import hashlib
    import json
    import threading

    from publish.cache import BuildCache, package_digest

    if book.cover:
        return book.cover.read_bytes
    meta = book.metadata
    key = hashlib.sha256(json.dumps([package_digest(), meta.title, meta.subtitle, meta.author_line,
                                     meta.publisher, book.language.digest, repr(meta.issue)],
                                    ensure_ascii=False).encode()).hexdigest()
    cache = BuildCache(out_dir)
    kept = cache.get("cover", key)
    if kept is not None:
        return lambda: kept
    from publish.cover import EPUB_SIZE, draw_cover, encode

    image = draw_cover(meta, book.language)
    done: dict[str, bytes] = {}
    worker = threading.Thread(target=lambda: done.update(png=encode(image, EPUB_SIZE)),
                              daemon=True)
    worker.start()

    def result() -> bytes:
        worker.join()
        data = done["png"] if "png" in done else encode(image, EPUB_SIZE)   # raise here
        cache.put("cover", key, data)
        return data
    return result


def _metadata(package: epub.EpubBook, book: Book) -> None:
    meta = book.metadata
    package.set_identifier(meta.identifier)
    package.set_language(meta.lang)
    _titles(package, book)
    creators, contributors = people(book)
    for n, author in enumerate(creators, 1):
        _person(package, "creator", f"creator{n}", author, n if len(creators) > 1 else 0)
    for n, translator in enumerate(contributors, 1):
        _person(package, "contributor", f"contributor{n}", translator)
    if meta.source:                         # a translation: the original edition (README)
        package.add_metadata("DC", "source", meta.source)
    for key in ("publisher", "description", "rights"):
        if getattr(meta, key):
            package.add_metadata("DC", key, getattr(meta, key))
    package.add_metadata("DC", "date", meta.date.isoformat())
    for subject in meta.subjects:
        package.add_metadata("DC", "subject", subject)
    _issue(package, meta)
    if meta.series:
        package.add_metadata(None, "meta", meta.series, {"id": "series", "property": "belongs-to-collection"})
        package.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
        if meta.series_position:
            package.add_metadata(None, "meta", meta.series_position,
                                 {"refines": "#series", "property": "group-position"})
    package.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    _accessibility(package, book)


def _titles(package: epub.EpubBook, book: Book) -> None:
    """The titles, each refined by its `title-type` (EPUB 3.3 package, 5.5.3.2): the main
    title first, then the subtitle and, for a periodical's issue, the periodical as the
    collection and the issue as the edition ("12.3 · 1 March 2026"): a reading system that
    knows no belongs-to-collection still shows which issue of what. A series stays a
    belongs-to-collection only."""
    meta = book.metadata
    package.title = meta.title              # ebooklib's nav and NCX title
    issue = meta.issue if meta.issue is not None and meta.issue.periodical else None
    edition = ""
    if issue is not None and issue.group_position:
        from publish.cover import issue_line
        edition = issue_line(meta, book.language)
    for uid, kind, text in (("title", "main", meta.title), ("subtitle", "subtitle", meta.subtitle),
                            ("collection-title", "collection", issue.periodical if issue else ""),
                            ("edition-title", "edition", edition)):
        if text:
            package.add_metadata("DC", "title", text, {"id": uid})
            package.add_metadata(None, "meta", kind, {"refines": f"#{uid}",
                                                      "property": "title-type"})


def people(book: Book) -> tuple[tuple, tuple]:
    """(dc:creator, dc:contributor): the book's authors, then every article's authors not
    among them; then the translators (the book's and the articles'), each once. The book's
    editors and others with a role beside `aut` (an issue's editors: `edt`) are
    contributors when anyone wrote the text, else the creators, as before."""
    meta = book.metadata
    own = [p for p in meta.authors if p.role == "aut"]
    others = [p for p in meta.authors if p.role != "aut"]
    creators = own + [p for c in book.chapters for p in c.article.authors]
    if not creators:
        own, others = list(meta.authors), []
    creators, contributors = list(own), others + [t for t in meta.translators
                                                  if t not in meta.authors]
    names = {p.name for p in creators + contributors}
    for chapter in book.chapters:
        for person in chapter.article.authors + chapter.article.translators:
            if person.name not in names:
                names.add(person.name)
                (creators if person.role == "aut" else contributors).append(person)
    return tuple(creators), tuple(contributors)


def _issue(package: epub.EpubBook, meta) -> None:
    """A periodical's issue: the periodical as a collection at `volume.number` (the
    spec's own journal example), its ISSN as a second identifier."""
    issue = meta.issue
    if issue is None or not issue.periodical:
        return
    package.add_metadata(None, "meta", issue.periodical, {"id": "periodical",
                                                          "property": "belongs-to-collection"})
    package.add_metadata(None, "meta", "series", {"refines": "#periodical",
                                                  "property": "collection-type"})
    if issue.group_position:
        package.add_metadata(None, "meta", issue.group_position,
                             {"refines": "#periodical", "property": "group-position"})
    if issue.issn:
        package.add_metadata("DC", "identifier", f"urn:issn:{issue.issn}", {"id": "issn"})
    if meta.doi and meta.identifier != f"https://doi.org/{meta.doi}":
        package.add_metadata("DC", "identifier", f"https://doi.org/{meta.doi}", {"id": "doi"})


def _person(package: epub.EpubBook, element: str, uid: str, person, seq: int = 0) -> None:
    """dc:creator or dc:contributor, refined by its MARC relator, file-as, its place among
    the creators (display-seq) and the name in other scripts (alternate-script, in that
    script's language)."""
    package.add_metadata("DC", element, person.name, {"id": uid})
    if seq:
        package.add_metadata(None, "meta", str(seq), {"refines": f"#{uid}",
                                                      "property": "display-seq"})
    package.add_metadata(None, "meta", person.role, {"refines": f"#{uid}", "property": "role",
                                                     "scheme": "marc:relators"})
    package.add_metadata(None, "meta", person.sort_name, {"refines": f"#{uid}",
                                                          "property": "file-as"})
    for lang, name in person.alternate_script:
        package.add_metadata(None, "meta", name, {"refines": f"#{uid}",
                                                  "property": "alternate-script", XML_LANG: lang})


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
