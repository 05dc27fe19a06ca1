"""The print PDF laid out in parts, each a job of the executor, then assembled by `merge`
(issues 6, 13 and 28).

Chapters open on rectos, so a run of them lays out the same wherever it falls; its folios
are stamped on at assembly (folios.py). A part is so a pure function, `lay_out_part`: its
HTML in; its PDF, page count, anchors and the folios it leaves off out. Meanwhile this
process counts the front matter's pages; it fills in the contents' numbers at the end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html import unescape
from itertools import accumulate
from pathlib import Path
from urllib.parse import quote, unquote

from publish.model import Book
from publish.writers.pdf import document as pdf, folios
from publish.writers.pdf.partcache import PartCache
from publish.writers.pdf.xref import XREF

SIZE_STEP = 4096      # characters of HTML: the grain of groups()


def opens_on_recto(chapter) -> bool:
    """Whether the chapter's first page is a recto (a chapter, or a part's title page before
    it); a sub-chapter only follows on a new page, so a run may not start with one."""
    return chapter.level <= 1 or bool(chapter.part)


def groups(book: Book, parts: int) -> list[list[int]]:
    """Chapter indexes in at most `parts` runs of about equal text, each starting with a
    chapter that opens on a recto: such a run lays out the same wherever it falls.

    Sizes are counted in steps of SIZE_STEP characters, so that editing a sentence leaves
    the cuts (and so every other part, kept in the cache) where they were."""
    sizes = [-(-len(c.html) // SIZE_STEP) for c in book.chapters]
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
        own = set().union(*(c.ids for c in chapters)) | (set(_back_ids(book)) if back else set())
    return _cross_links(html, own)


def _placeholder_pages(book: Book) -> dict[str, str]:
    """Numbers as wide as the real ones, to count the front matter's pages before they are
    known: one for each entry of the contents (the bio's, if an author has one)."""
    def keys(entries):
        for entry in entries:
            yield entry.href_id
            yield from keys(entry.children)
    return {k: padded(0, book.language.digits) for k in [*keys(book.toc), *_back_ids(book)]}


def _back_ids(book: Book) -> list[str]:
    """The ids of the back matter the last part holds: the Contributors page, the bio."""
    return (["contributors"] if book.contributors else []) + \
        (["about-author"] if book.metadata.with_bios else [])


def _cross_links(html: str, own: set[str]) -> str:
    def swap(m: re.Match) -> str:
        name = unquote(unescape(m.group(1)))     # a fragment of non-ASCII letters is %-quoted
        if name in own:
            return m.group(0)
        return f'href="{XREF}{quote(name, safe="")}"'
    return re.sub(r'href="#([^"]+)"', swap, html)


def padded(number: int, digits: str = "0123456789") -> str:
    """A page number as print.css's toc-page counter style writes it: three figures in the
    language's `digits`, padded with figure spaces (U+2007, as wide as a tabular digit)."""
    from publish.languages.cldr import to_digits

    text = to_digits(str(number), digits)
    return "\u2007" * max(0, 3 - len(text)) + text


# -- the job ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    """A part laid out: its PDF, its pages, its anchors' pages, the folios each page leaves off."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]
    folios: list


def lay_out_part(book: Book, html: str) -> Part:
    """Lays out one part's HTML without its folios (the job the executor runs; `book`, as
    _slim sends it, needs no chapter text: the HTML holds it)."""
    left: list = []
    with folios.left_off(left):
        laid_out = pdf.lay_out(book, html)
    if not _has_text(laid_out.pages[-1]):
        # Its last chapter's notes ran onto a page of their own: in one pass they go on
        # the next chapter's opening page instead, so this part cannot stand alone.
        raise RuntimeError("footnotes run past the end of a part")
    if len(left) != len(laid_out.pages):
        raise RuntimeError("a part's folios were not all found")
    anchors = {name: i for i, page in enumerate(laid_out.pages) for name in page.anchors}
    return Part(laid_out.write_pdf(**pdf.pdf_options(book)), len(left), anchors, left)


def _has_text(page) -> bool:
    """Whether the page's main flow (not its footnote area) holds any text."""
    from publish.writers.pdf.engine import weasyprint

    boxes = weasyprint.formatting_structure.boxes
    root = page._page_box.children[0]
    return any(isinstance(box, boxes.TextBox) for box in root.descendants())


# What the last render_parts laid out ("front", "contents", "part 3"…): the counter a
# test reads to see that an edit re-laid out only its own part and the contents.
LAID_OUT: list[str] = []


def render_parts(book: Book, workdir: Path, parts: int, cache, name: str, *, assemble):
    """Lays out the front matter and `parts` groups of chapters (those the build cache lacks,
    as jobs of the executor). Returns the assembly `assemble(front, blanks, pages)` made once
    the front was written, every part taken in, and the book's page count. The caller saves
    the assembly; a failure closes it."""
    from publish import executor
    from publish.writers.pdf.engine import weasyprint  # noqa: F401 - forked workers inherit it

    chunks = groups(book, parts)
    kept = PartCache(cache, book)
    htmls = [part_html(book, indexes, back=n == len(chunks) - 1) for n, indexes in enumerate(chunks)]
    keys = [kept.key(html) for html in htmls]
    facts = [kept.facts(key) for key in keys]
    todo = [n for n, known in enumerate(facts) if known is None]
    LAID_OUT.clear()
    slim = _slim(book)
    outcomes = executor.current().run([(lay_out_part, (slim, htmls[n])) for n in todo])
    try:
        front_pages, front = _front_count(book, kept)
        files = _parts_written(outcomes, todo, facts, keys, kept, workdir)
    finally:
        outcomes.close()
    counts = [int(known["pages"]) for known in facts]
    blanks = [front_pages % 2] + [c % 2 for c in counts[:-1]] + [0]   # parts open on rectos
    ends = list(accumulate(n + blank for n, blank in zip([front_pages] + counts, blanks)))
    firsts = [end + 1 for end in ends[:-1]]         # each part's first folio
    sheets = folios.Sheets(book, folios.head(htmls[0]), kept, workdir)
    stamps = _stamps(sheets, firsts, [known["folios"] for known in facts])
    toc = {key: padded(first + i, book.language.digits)
           for first, known in zip(firsts, facts) for key, i in known["anchors"].items()}
    assembly = assemble(_front(book, kept, toc, front_pages, workdir, front), blanks, ends[-1])
    try:
        for path, stamp in zip(files, stamps):
            assembly.take(path, stamp)
    except BaseException:
        assembly.close()            # its file, or its process, given up
        raise
    kept.prune(name)
    return assembly, ends[-1]


def _slim(book: Book) -> Book:
    """The Book a part's job is sent: its chapters without their text (the part's HTML
    holds it; their images stay, for the fetcher to allow), nor the book's whole text."""
    return replace(book, text="", toc=(), chapters=tuple(
        replace(c, html="", xhtml="", title_html="") for c in book.chapters))


def _parts_written(outcomes, todo: list[int], facts: list, keys: list[str], kept: PartCache,
                   workdir: Path) -> list[Path]:
    """Each part's file in `workdir`: laid out by a job (as they come back; then kept in the
    cache, its facts filled in) or kept."""
    files = [workdir / f"part-{n + 1}.pdf" for n in range(len(facts))]
    for i, outcome in outcomes:
        if not isinstance(outcome, Part):
            raise RuntimeError(str(outcome))
        n = todo[i]
        facts[n] = {"pages": outcome.pages, "anchors": outcome.anchors, "folios": outcome.folios}
        kept.keep(keys[n], facts[n], outcome.pdf)
        files[n].write_bytes(outcome.pdf)
    LAID_OUT.extend(f"part {n + 1}" for n in todo)
    for n, path in enumerate(files):
        if n not in todo:
            path.write_bytes(kept.pdf(keys[n]))
    return files


def _stamps(sheets: folios.Sheets, firsts: list[int], left: list[list]) -> list[list]:
    """For each part, for each page: where its folio is on the sheets (file, page), or None
    for a page without one (a blank page, a part title's verso)."""
    stamps = []
    for first, pages in zip(firsts, left):
        stamps.append([])
        for i, keywords in enumerate(pages):
            if not keywords:
                stamps[-1].append(None)
                continue
            path, index, drawn = sheets.place(first + i)
            if drawn != keywords:
                raise RuntimeError(f"page {first + i} wants folios {keywords}, the sheet has {drawn}")
            stamps[-1].append((path, index))
    LAID_OUT.extend(f"folios {k}" for k in sheets.drawn)
    return stamps


def _front_count(book: Book, kept: PartCache):
    """The front matter's page count, with the contents' numbers as wide as the real ones,
    and the front laid out so (None if the cache held the count)."""
    html = part_html(book, None, back=False)
    key = kept.key(html)
    known = kept.facts(key)
    if known is not None:
        return known["pages"], None
    LAID_OUT.append("front")
    laid_out = pdf.lay_out(book, html)
    kept.keep(key, {"pages": len(laid_out.pages)})
    return len(laid_out.pages), laid_out


def _front(book: Book, kept: PartCache, toc_pages: dict, pages: int, workdir: Path,
           laid_out) -> Path:
    """The front matter with the contents' page numbers, kept or made, and written.

    The numbers are filled into the front laid out to count its pages (`laid_out`, with
    placeholders as wide): a second layout would take as long again, once the parts are
    done (the bytes are the same; the tests compare them). Else it is laid out anew."""
    html = part_html(book, None, back=False, toc_pages=toc_pages)
    key = kept.key(html)
    target = workdir / "part-0.pdf"
    data = kept.pdf(key)
    if data is None:
        if laid_out is None or not _fill_contents(book, laid_out, toc_pages):
            laid_out = pdf.lay_out(book, html)
            LAID_OUT.append("front")
        LAID_OUT.append("contents")
        if len(laid_out.pages) != pages:
            raise RuntimeError("the contents changed length once numbered")
        data = laid_out.write_pdf(**pdf.pdf_options(book))
        kept.keep(key, {"pages": pages}, data)
    target.write_bytes(data)
    return target


def _fill_contents(book: Book, laid_out, toc_pages: dict) -> bool:
    """Writes the page numbers into a laid-out front matter's contents, in place of the
    placeholders: the text of each entry's number box (print.css: a[data-page]::after).
    False if a number is not as wide as its placeholder (a book of 1,000 pages, a layout
    of one's own, a face without figure spaces): then the front is laid out anew."""
    from publish.writers.pdf.engine import weasyprint

    boxes, line_size = weasyprint.formatting_structure.boxes, weasyprint.text.line_break.line_size

    def width(box, text: str) -> float:
        layout = box.pango_layout
        layout.text = text
        layout.reactivate(box.style)
        line, _ = layout.get_first_line()
        measured = line_size(line, box.style)[0]
        layout.deactivate()
        return measured

    filled = set()
    for page in laid_out.pages:
        for box in page._page_box.descendants(placeholders=True):
            if not isinstance(box, boxes.InlineBox) or box.is_leader \
                    or not getattr(box, "element_tag", "").endswith("::after") \
                    or box.element.get("data-page") is None:
                continue
            number = box.children[-1]
            href = box.element.get("href", "")
            name = unquote(href[len(XREF):]) if href.startswith(XREF) else href[1:]
            if not isinstance(number, boxes.TextBox) or name not in toc_pages:
                raise RuntimeError(f"a contents entry has no number to fill: {href}")
            if abs(width(number, number.text) - width(number, toc_pages[name])) > 0.001:
                return False
            number.text = number.pango_layout.text = toc_pages[name]
            filled.add(name)
    if filled != set(_placeholder_pages(book)):
        raise RuntimeError("the contents' numbers were not all found")
    return True
