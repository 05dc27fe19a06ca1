"""The print PDF laid out in parts, in parallel processes, then assembled by `pdfmerge` (issue 6).

The front matter and groups of chapters are separate WeasyPrint documents. Chapters open
on rectos, so a group lays out the same wherever it falls; only its folios depend on the
pages before it, and WeasyPrint draws folios (margin boxes) after pagination, so each
worker paginates, reports its page count, learns its first folio, then finishes. The
front matter is laid out last, with the contents' page numbers known. `pdfmerge`
assembles the parts.
"""
from __future__ import annotations

import multiprocessing
import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

from publish.model import Book
from publish.writers.pdf import document as pdf
from publish.writers.pdf.merge import XREF



def opens_on_recto(chapter) -> bool:
    """Whether the chapter's first page is a recto (a chapter, or a part's title page before
    it); a sub-chapter only follows on a new page, so a run may not start with one."""
    return chapter.level <= 1 or bool(chapter.part)


def groups(book: Book, parts: int) -> list[list[int]]:
    """Chapter indexes in at most `parts` runs of about equal text, each starting with a
    chapter that opens on a recto: such a run lays out the same wherever it falls."""
    sizes = [len(c.html) for c in book.chapters]
    target = sum(sizes) / parts
    out, run, acc = [], [], 0
    for i, size in enumerate(sizes):
        if run and len(out) < parts - 1 and acc >= target * (len(out) + 1) \
                and opens_on_recto(book.chapters[i]):
            out.append(run)
            run = []
        run.append(i)
        acc += size
    out.append(run)
    return [g for g in out if g]


def part_html(book: Book, indexes: list[int] | None, *, back: bool,
              toc_pages: dict[str, str] | None = None) -> str:
    """One part's HTML: the front matter (indexes None) or a group of chapters (and the
    bio if `back`); links to what another part holds are marked for the merge."""
    if indexes is None:
        html = pdf.render_html(book, chapters=[], about=False,
                               toc_pages=toc_pages or _placeholder_pages(book))
        own: set[str] = set()
    else:
        chapters = [book.chapters[i] for i in indexes]
        html = pdf.render_html(book, chapters=chapters, front=False, about=back)
        own = set().union(*(c.ids for c in chapters)) | ({"about-author"} if back else set())
    return _cross_links(html, own)


def _placeholder_pages(book: Book) -> dict[str, str]:
    """Numbers as wide as the real ones, to count the front matter's pages before they are known."""
    def keys(entries):
        for entry in entries:
            yield entry.href_id
            yield from keys(entry.children)
    return {k: padded(0) for k in [*keys(book.toc), "about-author"]}


def _cross_links(html: str, own: set[str]) -> str:
    def swap(m: re.Match) -> str:
        name = unescape(m.group(1))
        if name in own:
            return m.group(0)
        return f'href="{XREF}{quote(name, safe="")}"'
    return re.sub(r'href="#([^"]+)"', swap, html)


def padded(number: int) -> str:
    """A page number as print.css's toc-page counter style writes it: three figures, padded
    with figure spaces (U+2007, as wide as a tabular digit)."""
    text = str(number)
    return "\u2007" * max(0, 3 - len(text)) + text


# -- workers ---------------------------------------------------------------------------

def _render_part(book: Book, indexes, back: bool, target: str, conn) -> None:
    """Worker: lay out one group, report its pages, learn its first folio, write the PDF."""
    import weasyprint.layout as layout

    original = layout.make_margin_boxes
    offset = []

    def margin_boxes(context, page, state):
        if not offset:
            conn.send(("pages", len(context.page_maker) - 1))
            offset.append(conn.recv())
        quote_depth, counters, scopes, groups_ = state
        counters = dict(counters)
        counters["page"] = [value + offset[0] for value in counters.get("page", [0])]
        return original(context, page, (quote_depth, counters, scopes, groups_))

    layout.make_margin_boxes = margin_boxes
    laid_out = pdf.lay_out(book, part_html(book, indexes, back=back))
    if not _has_text(laid_out.pages[-1]):
        # Its last chapter's notes ran onto a page of their own: in one pass they go on
        # the next chapter's opening page instead, so this part cannot stand alone.
        conn.send(("refused", "footnotes run past the end of a part"))
        return
    anchors = {name: n for n, page in enumerate(laid_out.pages) for name in page.anchors}
    conn.send(("anchors", anchors))
    laid_out.write_pdf(target, **pdf.pdf_options(book))
    conn.send(("written", target))
    conn.close()


def _has_text(page) -> bool:
    """Whether the page's main flow (not its footnote area) holds any text."""
    from weasyprint.formatting_structure import boxes

    root = page._page_box.children[0]
    return any(isinstance(box, boxes.TextBox) for box in root.descendants())


def _expect(conn, kind: str):
    """The worker's next message, which must be `kind` (or its reason to refuse)."""
    got, value = conn.recv()
    if got == "refused":
        raise RuntimeError(value)
    if got != kind:
        raise RuntimeError(f"a part said {got!r}, not {kind!r}")
    return value


def render_parts(book: Book, workdir: Path, parts: int):
    """Lays out the front matter and `parts` groups of chapters, in parallel.

    Returns the files (front first), their page counts, and the blank versos to put
    after each so that every group opens on a recto, as in a single pass."""
    chunks = groups(book, parts)
    ctx = multiprocessing.get_context("fork")
    procs, conns, files = [], [], []
    for n, indexes in enumerate(chunks):
        parent, child = ctx.Pipe()
        target = workdir / f"part-{n + 1}.pdf"
        proc = ctx.Process(target=_render_part, args=(book, indexes, n == len(chunks) - 1,
                                                      str(target), child))
        proc.start()
        child.close()                 # so that a worker's death reads as EOF here
        procs.append(proc)
        conns.append(parent)
        files.append(target)

    def front(toc_pages=None):
        html = part_html(book, None, back=False, toc_pages=toc_pages)
        return pdf.lay_out(book, html)
    try:
        front_pages = len(front().pages)
        blanks = [front_pages % 2]            # a blank verso if the front ends on a recto
        first = front_pages + blanks[0] + 1
        starts, counts = [], []
        for conn in conns:
            count = _expect(conn, "pages")
            starts.append(first)
            conn.send(first - 1)
            counts.append(count)
            blanks.append(count % 2)
            first += count + count % 2
        blanks[-1] = 0
        toc_pages = {}
        for conn, start in zip(conns, starts):
            anchors = _expect(conn, "anchors")
            toc_pages.update({name: padded(start + n) for name, n in anchors.items()})
        final_front = front(toc_pages)
        if len(final_front.pages) != front_pages:
            raise RuntimeError("the contents changed length once numbered")
        front_file = workdir / "part-0.pdf"
        final_front.write_pdf(str(front_file), **pdf.pdf_options(book))
        for conn in conns:
            _expect(conn, "written")
        for proc in procs:
            proc.join()
            if proc.exitcode != 0:
                raise RuntimeError("a part failed")
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.kill()
    return [front_file] + files, [front_pages] + counts, blanks
