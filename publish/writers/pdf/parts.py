"""The print PDF laid out in parts by a pool of worker processes, then assembled by `merge`
(issues 6 and 13).

The front matter and runs of chapters are separate WeasyPrint documents. Chapters open
on rectos, so a run lays out the same wherever it falls; only its folios depend on the
pages before it, so a part is drawn without them, and they are stamped on as the book is
assembled (folios.py). A worker paginates a part, reports its page count, and draws it.
Meanwhile this process counts the front matter's pages; once the parts' anchors are known
it fills the contents' page numbers into that same layout.
"""
from __future__ import annotations

import contextlib
import logging
import multiprocessing
import re
from html import unescape
from pathlib import Path
from urllib.parse import quote, unquote

from publish.model import Book
from publish.writers.pdf import document as pdf, folios
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
        own = set().union(*(c.ids for c in chapters)) | ({"about-author"} if back else set())
    return _cross_links(html, own)


def _placeholder_pages(book: Book) -> dict[str, str]:
    """Numbers as wide as the real ones, to count the front matter's pages before they are
    known: one for each entry of the contents (the bio's, if an author has one)."""
    def keys(entries):
        for entry in entries:
            yield entry.href_id
            yield from keys(entry.children)
    bio = ["about-author"] if book.metadata.with_bios else []
    return {k: padded(0, book.language.digits) for k in [*keys(book.toc), *bio]}


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


# -- workers ---------------------------------------------------------------------------

def _early_worker(lang: str, conn, other_end) -> None:
    """A worker started before the book is read (start_early): it imports WeasyPrint and
    loads the language's hyphenation patterns meanwhile, then is sent the book and its
    parts' HTML and works as any other. It ends when the pipe closes, the other end (which
    a fork copies) closed here, so that the end of this process reads as EOF."""
    other_end.close()
    try:
        _warm_up(lang)
        start = conn.recv()
    except EOFError:             # the build ended without it
        return
    if start is not None:
        _worker(*start, conn)


def _warm_up(lang: str) -> None:
    from publish.writers.pdf.engine import weasyprint  # noqa: F401 - imported is the point

    import pyphen

    try:
        pyphen.Pyphen(lang=lang)     # pyphen keeps the parsed patterns for WeasyPrint's use
    except KeyError:                 # a language pyphen has no patterns for
        pass


def _worker(book: Book, htmls: list[str], conn) -> None:
    """A worker process: lays out the parts it is sent, one after another, in one process
    (WeasyPrint's fonts and caches stay warm: 16 parts in one process cost what 2 do),
    until it is sent None."""
    import gc

    from publish import enginelog

    enginelog.relay(lambda message: conn.send(("warning", None, message)))
    while (job := conn.recv()) is not None:
        n, target = job
        _render_part(book, htmls[n], n, target, conn)
        gc.collect()        # the part's boxes go before the next one is laid out
    conn.close()


def _render_part(book: Book, html: str, n: int, target: str, conn) -> None:
    """Lay out part `n` without its folios, report its pages (as soon as it is paginated),
    its anchors and the folios each page leaves off, write the PDF."""
    from publish.writers.pdf.engine import patched, weasyprint

    told, left = [], []

    def margin_boxes(original, context, page, state):
        if not told:
            conn.send(("pages", n, len(context.page_maker) - 1))
            told.append(True)
        return original(context, page, state)

    with patched(weasyprint.layout, "make_margin_boxes", margin_boxes), folios.left_off(left):
        laid_out = pdf.lay_out(book, html)
    if not _has_text(laid_out.pages[-1]):
        # Its last chapter's notes ran onto a page of their own: in one pass they go on
        # the next chapter's opening page instead, so this part cannot stand alone.
        conn.send(("refused", n, "footnotes run past the end of a part"))
        return
    anchors = {name: i for i, page in enumerate(laid_out.pages) for name in page.anchors}
    conn.send(("anchors", n, (anchors, left)))
    laid_out.write_pdf(target, **pdf.pdf_options(book))
    conn.send(("written", n, target))


def _given_up_when(unneeded):
    """For the block: before WeasyPrint paginates each page, _Abandoned is raised if
    `unneeded()`; asked in this process only, not in a worker forked meanwhile (asking
    may start one), which inherits the patch."""
    import os

    from publish.writers.pdf.engine import patched, weasyprint

    here = os.getpid()

    def remake_page(original, *args, **kwargs):
        if os.getpid() == here and unneeded():
            raise _Abandoned
        return original(*args, **kwargs)

    return patched(weasyprint.layout.page, "remake_page", remake_page)


def _has_text(page) -> bool:
    """Whether the page's main flow (not its footnote area) holds any text."""
    from publish.writers.pdf.engine import weasyprint

    boxes = weasyprint.formatting_structure.boxes
    root = page._page_box.children[0]
    return any(isinstance(box, boxes.TextBox) for box in root.descendants())


# What the last render_parts laid out, or began to ("front", "contents", "part 3"…): the
# counter a test reads to see that an edit re-laid out only its own part and the contents.
LAID_OUT: list[str] = []
# How the last render_parts' workers came: "early" (start_early), "fork" or "spawn".
WORKERS: list[str] = []


class _PartCache:
    """Laid-out parts kept in the build cache, under the hash of their HTML (chapters,
    stylesheet, fonts, options) and of the package: a part's page count, anchors and the
    folios its pages leave off, and its PDF; the front matter's for the page numbers in its
    contents; the folio sheets. An edit reuses every other part as it is, byte for byte,
    wherever its pages now fall."""

    def __init__(self, cache, book: Book) -> None:
        from publish.cache import package_digest

        self.cache = cache
        self.salt = f"{package_digest()}|{book.print!r}|{book.metadata.identifier}|"
        self.keys: list[str] = []          # what this build used (prune() keeps only these)

    def key(self, html: str) -> str:
        import hashlib

        return self.used(hashlib.sha256((self.salt + html).encode("utf-8")).hexdigest())

    def facts(self, key: str) -> dict | None:
        import json

        data = self.cache.get("pdfparts", key + ".json") if self.cache else None
        return json.loads(data) if data else None

    def pdf(self, key: str) -> bytes | None:
        """The PDF kept under `key`, if any (kept with its facts: keep())."""
        return self.cache.get("pdfparts", key + ".pdf") if self.cache else None

    def used(self, key: str) -> str:
        self.keys.append(key)
        return key

    def prune(self, name: str) -> None:
        """Forgets the parts an earlier build of output `name` kept and this one did not use."""
        import json

        if not self.cache:
            return
        earlier = json.loads(self.cache.get(*self.index(name)) or b"[]")
        for key in set(earlier) - set(self.keys):
            for suffix in (".json", ".pdf"):
                (self.cache.root / "pdfparts" / (key + suffix)).unlink(missing_ok=True)
        self.cache.put(*self.index(name), json.dumps(sorted(set(self.keys))).encode())

    @staticmethod
    def index(name: str) -> tuple[str, str]:
        """Where the cache lists the parts the last build of output `name` used."""
        return "pdfparts-index", f"{name}.json"

    def keep(self, key: str, pages: int, anchors: dict, path: Path,
             folios: list | None = None) -> None:
        import json

        if self.cache:
            self.cache.put("pdfparts", key + ".pdf", path.read_bytes())
            self.cache.put("pdfparts", key + ".json", json.dumps(
                {"pages": pages, "anchors": anchors, "folios": folios or []}).encode())


def kept_before(cache, name: str) -> bool:
    """Whether an earlier build of output `name` kept its parts in `cache`."""
    return cache.get(*_PartCache.index(name)) is not None


def render_parts(book: Book, workdir: Path, parts: int, cache=None, name: str = "",
                 processes: int | None = None, *, assemble):
    """Lays out the front matter and `parts` groups of chapters, in a pool of worker
    processes (one per core); a group the build cache holds (same HTML) is not laid out
    again, wherever it falls: its folios are stamped on (folios.py).

    Returns the files (front first), their page counts, the blank versos after each (every
    group opens on a recto, as in one pass), and the assembly `assemble(front, blanks,
    pages)` made once the front was written (merge.Assembly, AssemblyApart): it takes the
    parts as they are ready, in book order. The caller saves it; a failure closes it."""
    chunks = groups(book, parts)
    kept = _PartCache(cache, book)
    htmls = [part_html(book, indexes, back=n == len(chunks) - 1) for n, indexes in enumerate(chunks)]
    keys = [kept.key(html) for html in htmls]
    front_html = part_html(book, None, back=False)
    front_known = kept.facts(kept.key(front_html))
    LAID_OUT.clear()
    WORKERS.clear()
    pool = _Pool(book, htmls, workdir, kept, keys, processes or _cores())
    assembly = None
    try:
        if front_known is not None:       # the parts' first folios may be known already
            pool.number(front_known["pages"])
        pool.submit([n for n in range(len(chunks)) if pool.facts[n] is None])
        # ahead, on a core the parts leave idle; not in a process running threads (`publish
        # serve`), where the layout would hold the interpreter the preview wants
        ahead = pool.spare_core() and _start_method() == "fork"
        unneeded = _Unneeded(book, kept, pool) if ahead else None
        with pool.holding(unneeded is not None):
            front_pages, front = _front_count(book, kept, front_html, front_known, ahead=unneeded)
        sheets = folios.Sheets(book, folios.head(htmls[0]), kept, workdir)
        firsts, counts, blanks, anchors = pool.run(front_pages, idle=lambda: sheets.ahead(
            front_pages + sum(c for c in pool.counts if c is not None)))
        LAID_OUT.extend(f"part {n + 1}" for n in sorted(pool.laid_out))
        stamps = _stamps(sheets, firsts, pool.folios)
        files = []
        for n in range(len(chunks)):
            target = workdir / f"part-{n + 1}.pdf"
            if n not in pool.laid_out:
                target.write_bytes(kept.pdf(keys[n]))
            files.append(target)
        toc = _toc_pages(firsts, anchors, book.language.digits)
        front_file = _front(book, kept, toc, front_pages, workdir, front)   # as parts draw
        assembly = assemble(front_file, blanks, front_pages + sum(counts) + sum(blanks))

        opened: set[int] = set()
        _take_ready(assembly, pool, files, stamps, opened)
        pool.finish(lambda: _take_ready(assembly, pool, files, stamps, opened))
        for n in sorted(pool.laid_out):
            kept.keep(keys[n], counts[n], anchors[n], files[n], folios=pool.folios[n])
        pool.close()
        if name:
            kept.prune(name)
    except BaseException:
        if assembly is not None:
            assembly.close()            # its file, or its process, given up
        raise
    finally:
        pool.kill()
    return [front_file] + files, [front_pages] + counts, blanks, assembly


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


def _take_ready(assembly, pool, files: list[Path], stamps: list[list], opened: set[int]) -> None:
    """Takes the parts ready in turn; reads ahead, once, those ready after one that is not."""
    ready = [n for n in range(len(files)) if n not in pool.laid_out or n in pool.written]
    for n in ready:
        if n == assembly.wants() - 1:
            assembly.take(files[n], stamps[n])
        elif n >= assembly.wants() and n not in opened:
            assembly.ahead(files[n])
            opened.add(n)


def _start_method() -> str:
    """Workers are forked (they start at once, with the book in memory), except from a
    process running threads (`publish serve`): a fork would copy locks other threads hold,
    so they start afresh and are sent the book."""
    import multiprocessing
    import threading

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


_EARLY: list[tuple] = []        # (process, connection): the worker start_early started


def start_early(lang: str) -> None:
    """Starts one part worker now, before the book of `lang` is read: it imports WeasyPrint
    and loads the language's hyphenation patterns while this process reads and checks the
    book (together about 0.4 s), then waits for it. A one-chapter edit lays out one part,
    which so starts that much sooner. Only where workers are forked (this process runs no
    other thread) and a second core is there; end_early ends a worker left unused."""
    if _EARLY or _cores() < 2 or _start_method() != "fork":
        return
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_early_worker, args=(lang, child, parent), daemon=True)
    _start(proc, "fork")
    child.close()
    _EARLY.append((proc, parent))


def end_early() -> None:
    """Ends the early worker if no build took it (a short book is laid out in one pass):
    it holds nothing to keep."""
    while _EARLY:
        proc, conn = _EARLY.pop()
        proc.kill()
        proc.join()
        conn.close()


def _take_early(book: Book, htmls: list[str]):
    """The early worker, sent the book: (process, connection), or None."""
    while _EARLY:
        proc, conn = _EARLY.pop()
        if proc.is_alive():
            try:
                conn.send((book, htmls))
            except BaseException:        # Ctrl-C, a broken pipe: it is no one's otherwise
                proc.kill()
                proc.join()
                raise
            return proc, conn
        conn.close()
    return None


def _start(proc, method: str) -> None:
    """Starts a worker process. Forking, what this process holds then (the book, its
    caches) is set apart from the garbage collector's view first: a forked worker whose
    collector walked those objects would copy every page of memory they lie on
    (copy-on-write), which made a worker's first part 0.1-0.2 s slower to lay out."""
    import gc

    if method != "fork":                # a spawned worker shares no memory
        proc.start()
        return
    gc.freeze()
    try:
        proc.start()
    finally:
        gc.unfreeze()


def _cores() -> int:
    import os

    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


class _Pool:
    """Worker processes laying out parts in book order, handed out in order. A part's first
    folio is known once every part before it has been paginated (or is known from the
    cache); its drawing does not wait for it (folios are stamped on)."""

    def __init__(self, book: Book, htmls: list[str], workdir: Path, kept: _PartCache,
                 keys: list[str], processes: int) -> None:
        self.book, self.htmls, self.workdir, self.processes = book, htmls, workdir, processes
        self.facts = [kept.facts(key) for key in keys]
        self.counts: list[int | None] = [f["pages"] if f else None for f in self.facts]
        self.anchors: list[dict | None] = [f["anchors"] if f else None for f in self.facts]
        self.folios: list[list | None] = [f["folios"] if f else None for f in self.facts]
        self.queue: list[int] = []
        self.laid_out: set[int] = set()
        self.written: set[int] = set()
        self.workers: list[tuple] = []          # (process, connection)
        self.busy: dict[int, int] = {}          # worker index -> the part it lays out
        self.firsts: list[int | None] = [None] * len(htmls)
        self.front_pages: int | None = None     # known once the front matter is counted
        self.held = False                       # no worker forked meanwhile (holding)

    def spare_core(self) -> bool:
        """Whether parts are being laid out, but fewer than there are workers."""
        return 0 < len(self.queue) + len(self.busy) < self.processes

    def submit(self, numbers: list[int]) -> None:
        self.queue += numbers
        self.laid_out.update(numbers)
        self._dispatch()

    def _dispatch(self) -> None:
        while self.queue:
            idle = [w for w in range(len(self.workers)) if w not in self.busy]
            if not idle and len(self.workers) < self.processes:
                early = _take_early(self.book, self.htmls)
                if early is None and self.held:
                    return
                WORKERS.append("early" if early else _start_method())
                self.workers.append(early or self._fork())
                idle = [len(self.workers) - 1]
            if not idle:
                return
            n = self.queue.pop(0)
            self.busy[idle[0]] = n
            self.workers[idle[0]][1].send((n, str(self.workdir / f"part-{n + 1}.pdf")))

    @contextlib.contextmanager
    def holding(self, hold: bool):
        """For the block (if `hold`): while this process lays out the front ahead, reading
        the workers at each page, a part to lay out again waits for a worker rather than
        fork one from inside the layout: its core is taken (the front) and the child would
        copy the layout's state. The parts held back are handed out after."""
        self.held = hold
        try:
            yield
        finally:
            self.held = False
        self._dispatch()

    def _fork(self) -> tuple:
        from publish.writers.pdf.engine import weasyprint  # noqa: F401 - the worker inherits it

        method = _start_method()
        ctx = multiprocessing.get_context(method)
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(self.book, self.htmls, child))
        _start(proc, method)
        child.close()           # so that a worker's death reads as EOF here
        return proc, parent

    def number(self, front_pages: int) -> None:
        """The front matter has `front_pages`: the parts after it can be numbered."""
        self.front_pages = front_pages
        self._number()

    def run(self, front_pages: int, idle=None):
        """Every part laid out (perhaps still drawing), or known: (firsts, counts, blanks,
        anchors). While no worker has news, `idle()` is called, until it returns False."""
        self.number(front_pages)
        while not self.counted():
            if idle is None:
                self._next()
            elif not self._next(timeout=0) and not idle():
                idle = None
        counts = [int(c) for c in self.counts]
        blanks = [front_pages % 2] + [c % 2 for c in counts]
        blanks[-1] = 0
        return [int(f) for f in self.firsts], counts, blanks, self.anchors

    def _number(self) -> None:
        """Gives each part whose pages before it are all counted its first folio."""
        if self.front_pages is None:
            return
        first = self.front_pages + self.front_pages % 2 + 1
        for n, count in enumerate(self.counts):
            self.firsts[n] = first
            if count is None:
                return
            first += count + count % 2

    def counted(self) -> bool:
        """Whether every part's pages and anchors are known."""
        return all(a is not None for a in self.anchors) and not self.queue

    def poll(self) -> None:
        """Reads what the workers have sent, without waiting."""
        self._next(timeout=0)

    def finish(self, each) -> None:
        """Waits until every part laid out has been written, calling `each()` as one is."""
        while len(self.written) < len(self.laid_out):
            self._next()
            each()

    def _next(self, timeout: float | None = None) -> bool:
        """Reads what the workers have sent, waiting for news (at most `timeout` seconds):
        whether there was any."""
        from multiprocessing.connection import wait

        conns = {self.workers[w][1]: w for w in self.busy}
        ready = wait(list(conns), timeout)
        for conn in ready:
            self._receive(conns[conn])
        return bool(ready)

    def _receive(self, w: int) -> None:
        try:
            kind, n, value = self.workers[w][1].recv()
        except EOFError:
            raise RuntimeError("a part's process ended early") from None
        if kind == "refused":
            raise RuntimeError(value)
        if kind == "warning":               # said in the worker: shown here, once
            logging.getLogger("publish").warning("%s", value)
        elif kind == "pages":
            self.counts[n] = value
            self._number()
        elif kind == "anchors":
            self.anchors[n], self.folios[n] = value
            if len(self.folios[n]) != self.counts[n]:
                raise RuntimeError("a part's folios were not all found")
        elif kind == "written":
            self.written.add(n)
            del self.busy[w]
            self._dispatch()

    def close(self) -> None:
        for proc, conn in self.workers:
            conn.send(None)
        for proc, _ in self.workers:
            proc.join()
            if proc.exitcode != 0:
                raise RuntimeError("a part failed")

    def kill(self) -> None:
        for proc, _ in self.workers:
            if proc.is_alive():
                proc.kill()


class _Abandoned(Exception):
    """The front laid out ahead turned out not to be needed."""


class _Unneeded:
    """Whether the front being laid out ahead is not needed after all: every part has
    reported its pages and anchors (read from the workers as they come), and the cache
    holds the front with the contents' numbers they make."""

    def __init__(self, book: Book, kept: _PartCache, pool: _Pool) -> None:
        self.book, self.kept, self.pool = book, kept, pool
        self.answer: bool | None = None

    def __call__(self) -> bool:
        if self.answer is None:
            self.pool.poll()
            if self.pool.counted():
                toc = _toc_pages(self.pool.firsts, self.pool.anchors, self.book.language.digits)
                _, key = _numbered_front(self.book, self.kept, toc)
                self.answer = self.kept.pdf(key) is not None
        return bool(self.answer)


def _toc_pages(firsts: list[int], anchors: list[dict], digits: str) -> dict[str, str]:
    """The contents' page number of every anchor, from each part's first folio and the
    anchors' pages in it, in the language's `digits`."""
    return {key: padded(first + i, digits) for first, found in zip(firsts, anchors)
            for key, i in found.items()}


def _numbered_front(book: Book, kept: _PartCache, toc_pages: dict) -> tuple[str, str]:
    """The front matter's HTML with these contents' numbers, and its cache key."""
    html = part_html(book, None, back=False, toc_pages=toc_pages)
    return html, kept.key(html)


def _front_count(book: Book, kept: _PartCache, html: str, known: dict | None,
                 ahead: _Unneeded | None = None):
    """The front matter's page count, with the contents' numbers as wide as the real ones
    (`html`; `known`: what the cache holds of it), and the front laid out so (None if the
    count was kept in the cache, or the layout given up).

    `ahead`: a core would idle while the parts are laid out, so the front is laid out even
    when its count is kept. Should an edit move a page number in the contents, the numbers
    are filled in at once instead of after a layout at the end (a one-chapter edit of the
    100-chapter sample that adds a page: 0.4 s sooner). Should the parts turn out to leave
    every number where it was (`ahead()`, asked at every page), the layout is given up:
    the front is kept in the cache, and this process is wanted for the assembly."""
    if known is not None and ahead is None:
        return known["pages"], None
    LAID_OUT.append("front")
    if known is not None:
        try:
            with _given_up_when(ahead):
                laid_out = pdf.lay_out(book, html)
        except _Abandoned:
            return known["pages"], None
        return known["pages"], laid_out
    laid_out = pdf.lay_out(book, html)
    if kept.cache:
        import json

        kept.cache.put("pdfparts", kept.key(html) + ".json",
                       json.dumps({"pages": len(laid_out.pages)}).encode())
    return len(laid_out.pages), laid_out


def _front(book: Book, kept: _PartCache, toc_pages: dict, pages: int, workdir: Path,
           laid_out=None) -> Path:
    """The front matter with the contents' page numbers, kept or made, and written.

    The numbers are filled into the front as it was laid out to be counted, with numbers
    as wide: a second layout would take as long again, at the end of the build, when the
    parts are done (the bytes are the same; the tests compare them). A number wider than
    the placeholders (a book of 1,000 pages) is laid out anew."""
    html, key = _numbered_front(book, kept, toc_pages)
    target = workdir / "part-0.pdf"
    data = kept.pdf(key)
    if data is not None:
        target.write_bytes(data)
        return target
    entries = set(_placeholder_pages(book))
    if any(len(toc_pages[name]) > 3 for name in entries):
        laid_out = None
    else:
        if laid_out is None:
            laid_out = pdf.lay_out(book, part_html(book, None, back=False))
            LAID_OUT.append("front")
        filled = _fill_contents(laid_out, toc_pages)
        if filled is not None and filled != entries:
            raise RuntimeError("the contents' numbers were not all found")
        if filled is None:
            laid_out = None
    if laid_out is None:
        laid_out = pdf.lay_out(book, html)
        LAID_OUT.append("front")
    LAID_OUT.append("contents")
    if len(laid_out.pages) != pages:
        raise RuntimeError("the contents changed length once numbered")
    laid_out.write_pdf(str(target), **pdf.pdf_options(book))
    kept.keep(key, pages, {}, target)
    return target


def _fill_contents(laid_out, toc_pages: dict) -> set[str] | None:
    """Writes the page numbers into a laid-out front matter's contents, in place of the
    placeholders: the text of each entry's number box (print.css: a[data-page]::after).
    Returns the entries filled, or None if a number is not as wide as its placeholder
    (a layout of one's own, a face without figure spaces): then the front is laid out anew."""
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

    def walk(box):
        yield box
        for child in getattr(box, "children", ()):
            yield from walk(child)

    filled = set()
    for page in laid_out.pages:
        for box in walk(page._page_box):
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
                return None
            number.text = number.pango_layout.text = toc_pages[name]
            filled.add(name)
    return filled
