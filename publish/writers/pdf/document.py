"""The print book as one HTML document (layouts/print) and the WeasyPrint document made of it.

The parts writer (parts.py) and the preview reuse `render_html`; every WeasyPrint
document reads files only through the confined fetcher.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from publish import fonts, templates
from publish.config import length_mm as _mm
from publish.model import Book
from publish.paths import PACKAGE_LAYOUTS
from publish.writers.pdf import speedups
from publish.writers.pdf.codewrap import columns, wrap_code

MAX_MEASURE_MM = 118   # keeps lines near 65 characters on large trims


def html_document(book: Book, html: str, files: tuple[Path, ...] = ()):
    """A WeasyPrint document of `html`, reading only from the project, the built-in layouts
    and the font cache (and `files`, made for it); WeasyPrint's warnings go through our
    logger."""
    from publish import enginelog
    from publish.writers.pdf.engine import weasyprint
    from publish.writers.pdf.fetcher import ConfinedFetcher

    enginelog.route(fresh=True)         # each document's warnings once (the CLI: once a run)
    enginelog.look_in(book.layouts)
    speedups.install()
    fetcher = ConfinedFetcher((book.project, PACKAGE_LAYOUTS, fonts.cache_dir()),
                              files=frozenset(image.path for image in book.images) | set(files))
    return weasyprint.HTML(string=html, base_url=book.project.as_uri() + "/", url_fetcher=fetcher)


def lay_out(book: Book, html: str, files: tuple[Path, ...] = ()):
    """`html` laid out by WeasyPrint (a rendered Document), with the book's fonts only."""
    _hyphenation(book.language)
    return html_document(book, html, files).render(font_config=font_configuration(html),
                                                   **pdf_options(book))


def _hyphenation(language) -> None:
    """A language hyphenated from a dictionary file pyphen does not ship (Debian's hyphen-hi…)
    is made known to pyphen under its tag, which is how WeasyPrint looks dictionaries up."""
    if language.hyphenate and "/" in language.hyphenation:
        import pyphen

        if Path(language.hyphenation).is_file():
            pyphen.LANGUAGES[language.code] = Path(language.hyphenation)


def font_configuration(html: str):
    """WeasyPrint's fonts for a document: the embedded faces its @font-face rules name, and
    no installed font (fonts.fontconfig_file), so nothing is taken from DejaVu or Noto
    unasked. A layout of a project's own with no @font-face keeps the system's fonts:
    Pango cannot lay out text in no font at all."""
    from publish.writers.pdf.engine import weasyprint

    FontConfiguration = weasyprint.text.fonts.FontConfiguration
    if "@font-face" not in html:
        return FontConfiguration()
    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(fonts.fontconfig_file())
    try:
        return FontConfiguration()        # it reads the setup now, and only now
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous


def pdf_options(book: Book) -> dict:
    """WeasyPrint's options for this book: in the configured variant, tagged (but for a
    print-on-demand printer, whose press reads no tags, and which wants no links)."""
    options = {"pdf_tags": not book.print.printer, "uncompressed_pdf": False,
               "custom_metadata": False}
    if book.print.variant != "none":
        options["pdf_variant"] = book.print.variant
    return options


def render_html(book: Book, *, chapters=None, front: bool = True, about: bool = True,
                toc_pages: dict[str, str] | None = None) -> str:
    """The whole book as one print HTML document (also used by tests and the preview).

    For a part (pdfparts): only some `chapters`, without the front matter or the bio,
    or the front matter alone with the contents' page numbers given in `toc_pages`.
    """
    env = templates.get_environment(book.layouts)
    meta = book.metadata
    front = front and not book.offprint
    articles = any(c.article.names for c in book.chapters)
    css = templates.render(env, "css/print.css", **font_context(book), page=page_geometry(book),
                           running_verso=_css_string(meta.title),
                           running_articles=book.running_head if articles else "",
                           running_issue=_css_string(_issue_head(meta)),
                           folio_start=book.folio_start)
    extra = {} if toc_pages is None else {"toc_pages": toc_pages}
    chapters = book.chapters if chapters is None else chapters
    width = code_columns(book)
    chapters = [replace(c, html=wrap_code(c.html, width)) for c in chapters]
    return templates.render(
        env, "print/book.html", meta=meta, labels=book.labels, css=css, toc=book.toc,
        chapters=chapters, front=front, about=about,
        authors=list(meta.with_bios), contributors=list(book.contributors),
        toc_authors={c.slug: c.article.names for c in book.chapters if c.article.names},
        date_text=book.language.format_date(meta.date, meta.calendar),
        **templates.language_context(book),
        created=meta.modified.strftime("%Y-%m-%dT%H:%M:%SZ"), **extra)


def font_context(book: Book) -> dict:
    """What print.css needs of the book's fonts, script and direction: the @font-face faces,
    each already cut to the book's characters by HarfBuzz (in milliseconds: WeasyPrint's
    own subsetting, fontTools on a whole face, took seconds a face in every part, and one
    CJK character would have loaded a 20 MB font), the font-family lists, and the page
    sides (mirrored in a right-to-left book)."""
    style, _ = templates.style_context(
        book, lambda face, used: fonts.subset_path(face, used.texts.get(face.family, "")).as_uri())
    rtl = book.language.direction == "rtl"
    return {**style, "verso": "right" if rtl else "left", "recto": "left" if rtl else "right"}


def page_geometry(book: Book) -> dict:
    """Margins from the trim: a gutter for the binding, a wider outside, a deeper foot."""
    width, height = _mm(book.print.width), _mm(book.print.height)
    inside = max(15.0, 0.13 * width)
    outside = max(0.16 * width, width - inside - MAX_MEASURE_MM)
    outside_text = f"{outside:.1f}mm"
    if book.language.grid:
        # Chinese and Japanese are set on a grid: the measure is a whole number of em, so a
        # line of full-width characters fills it exactly (WeasyPrint justifies at spaces only).
        em = _mm(book.print.font_size)
        inside, outside = round(inside, 1), round(outside, 1)
        measure = width - inside - outside
        outside_text = f"{outside + measure - em * int(measure / em):.3f}mm"
    return {"width": book.print.width, "height": book.print.height,
            "inside": f"{inside:.1f}mm", "outside": outside_text,
            "top": f"{0.085 * height:.1f}mm", "bottom": f"{0.115 * height:.1f}mm",
            "press": book.print.press, "font_size": book.print.font_size,
            "cmyk": bool(book.print.printer)}


def code_columns(book: Book) -> int:
    """Monospace characters on one line of the text block (codewrap.py breaks longer ones)."""
    geometry = page_geometry(book)
    width_mm = _mm(book.print.width) - _mm(geometry["inside"]) - _mm(geometry["outside"])
    return columns(width_mm * 72 / 25.4, _mm(book.print.font_size) * 72 / 25.4)


def _issue_head(meta) -> str:
    """The verso head of an issue's articles when they do not carry their authors: the
    periodical and its number, else the book's title."""
    issue = meta.issue
    if issue is None or not issue.periodical:
        return meta.title
    return f"{issue.periodical} {issue.group_position}".strip()


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
