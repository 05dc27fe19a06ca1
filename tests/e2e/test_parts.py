"""A PDF laid out in parts in parallel is the same book as one pass makes (issue 6).

Same page count, text of every page (folios, running heads, contents numbers), bookmarks,
links and where they land, structure tree, fonts, pixels; a file at most 10% larger.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops

from publish import config as config_mod
from publish.build import load_book
from publish.bench.samplebook import make_sample_book
from publish.writers.pdf import merge as pdfmerge, writer as pdf
from conftest import FIXTURES

pytestmark = pytest.mark.slow      # lays out PDFs, big books or runs a browser


def pdf_pages(path: Path) -> int:
    with pikepdf.open(path) as doc:
        return len(doc.pages)


def page_texts(path: Path) -> list[str]:
    count = len(pikepdf.open(path).pages)
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"],
                           capture_output=True, text=True, check=True).stdout
            for n in range(1, count + 1)]


def outline(path: Path) -> list:
    doc = pikepdf.open(path)
    index = {p.objgen: n for n, p in enumerate(doc.pages)}
    found = []

    def walk(item, level):
        while item is not None:
            dest = item.Dest
            found.append((level, str(item.Title), index[dest[0].objgen],
                          round(float(dest[2]), 1), round(float(dest[3]), 1), int(item.Count)))
            walk(item.get("/First"), level + 1)
            item = item.get("/Next")
    walk(doc.Root.Outlines.get("/First"), 0)
    return found


def links(path: Path) -> list:
    doc = pikepdf.open(path)
    index = {p.objgen: n for n, p in enumerate(doc.pages)}
    names = doc.Root.Names.Dests.Names
    dests = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
    found = []
    for n, page in enumerate(doc.pages):
        for annot in page.obj.get("/Annots", []):
            if "/Dest" in annot:
                dest = dests[str(annot.Dest)]
                target = (str(annot.Dest), index[dest[0].objgen], round(float(dest[2]), 1),
                          round(float(dest[3]), 1))
            else:
                target = str(annot.A.URI)
            found.append((n, [round(float(x), 1) for x in annot.Rect], target,
                          str(annot.get("/Contents"))))
    return found


def structure(path: Path) -> tuple[list, list[int]]:
    doc = pikepdf.open(path)
    index = {p.objgen: n for n, p in enumerate(doc.pages)}
    found = []

    def walk(element, depth):
        if isinstance(element, pikepdf.Dictionary) and element.get("/Type") == "/StructElem":
            found.append((depth, str(element.S), index.get(element.Pg.objgen) if "/Pg" in element
                          else None, str(element.get("/Alt", ""))))
            for kid in element.K:
                walk(kid, depth + 1)
        elif isinstance(element, pikepdf.Dictionary):
            assert element.Type == "/OBJR"
            found.append((depth, "OBJR", index[element.Pg.objgen], "/Link" == element.Obj.Subtype))
        else:
            found.append((depth, "MCID", int(element)))
    root = doc.Root.StructTreeRoot
    walk(root.K[0], 0)
    nums = root.ParentTree.Nums
    assert [int(p.obj.StructParents) for p in doc.pages] == list(range(len(doc.pages)))
    return found, [int(nums[i]) for i in range(0, len(nums), 2)]


def font_names(path: Path) -> list[str]:
    """The faces used (a face may have a font per part when it is not ours to join)."""
    doc = pikepdf.open(path)
    return sorted({str(f.BaseFont).split("+")[-1] for p in doc.pages
                   for f in p.obj.Resources.get("/Font", {}).values()})


def our_fonts(path: Path) -> int:
    """Font objects of our own faces: one per face, joined across parts."""
    doc = pikepdf.open(path)
    return len({f.objgen for p in doc.pages for f in p.obj.Resources.get("/Font", {}).values()
                if "Source-Serif" in str(f.BaseFont)})


def pixels_differ(a: Path, b: Path, tmp: Path) -> list[str]:
    for name, path in (("a", a), ("b", b)):
        (tmp / name).mkdir()
        subprocess.run(["pdftoppm", "-r", "40", "-gray", str(path), str(tmp / name / "p")], check=True)
    pages = sorted(p.name for p in (tmp / "a").iterdir())
    return [n for n in pages if ImageChops.difference(Image.open(tmp / "a" / n),
                                                      Image.open(tmp / "b" / n)).getbbox()]


def assert_same_book(parts: Path, single: Path, tmp: Path) -> None:
    assert parts.read_bytes() != single.read_bytes()   # assembled, not a fallback to one pass
    assert page_texts(parts) == page_texts(single)
    assert outline(parts) == outline(single)
    assert links(parts) == links(single)
    assert structure(parts) == structure(single)
    assert font_names(parts) == font_names(single)
    assert our_fonts(parts) == our_fonts(single)
    assert pixels_differ(parts, single, tmp) == []
    assert parts.stat().st_size <= 1.10 * single.stat().st_size
    with pikepdf.open(parts) as a, pikepdf.open(single) as b:
        assert (str(a.Root.Lang), bool(a.Root.MarkInfo.Marked)) == (str(b.Root.Lang), True)
        assert a.docinfo.Title == b.docinfo.Title and a.docinfo.Author == b.docinfo.Author
    assert subprocess.run(["qpdf", "--check", str(parts)], capture_output=True).returncode == 0


def write_counted(book, out: Path, parts: int) -> tuple[Path, int]:
    """The book's PDF written into `out` in `parts` parts (1: one pass): its path and pages."""
    target = out / f"{book.metadata.slug}-{book.metadata.lang}.pdf"
    return target, pdf.write_pdf(book, target, parts)


def built_in_parts(project: Path, folder: Path, parts: int = 4) -> tuple[bytes, list[str], int]:
    """The project's English PDF written afresh from its sources into `folder`, in `parts`
    parts: its bytes, what was laid out (parts.LAID_OUT) and its page count."""
    from publish.writers.pdf import parts as layout_parts

    folder.mkdir(exist_ok=True)
    path, pages = write_counted(load_book(config_mod.load(project), "en"), folder, parts)
    return path.read_bytes(), list(layout_parts.LAID_OUT), pages


FITS = "One more sentence, which fits on the chapter's pages."


def sheets(pages: int, since: int = 0) -> list[str]:
    """What parts.LAID_OUT lists for the folio sheets of a book of `pages` pages, but those
    a book of `since` pages had."""
    from publish.writers.pdf.folios import SHEET_NUMBERS

    return [f"folios {k}" for k in range(-(-since // SHEET_NUMBERS) + 1,
                                         -(-pages // SHEET_NUMBERS) + 1)]


def add_paragraph(project: Path, chapter: int, text: str) -> None:
    """`text` as a paragraph after the first one of the project's English chapter `chapter`."""
    path = sorted((project / "source" / "en").glob("*.md"))[chapter]
    path.write_text(path.read_text(encoding="utf-8").replace("\n\n", f"\n\n{text}\n\n", 1),
                    encoding="utf-8")


def one_and_parts(book, tmp_path: Path, parts: int) -> tuple[Path, Path]:
    """The book laid out in one pass and in `parts` parts, in two folders."""
    paths = []
    for name, count in (("one", 1), ("parts", parts)):
        (tmp_path / name).mkdir()
        paths.append(write_counted(book, tmp_path / name, parts=count)[0])
    return paths[0], paths[1]


@pytest.fixture(scope="module")
def multi_book():
    return load_book(config_mod.load(FIXTURES / "multi"), "en")


@pytest.fixture(scope="module")
def single_multi(multi_book, tmp_path_factory):
    return write_counted(multi_book, tmp_path_factory.mktemp("one"), parts=1)


@pytest.mark.parametrize("parts", [2, 3])
def test_parts_make_the_same_book(multi_book, single_multi, tmp_path, parts):
    """Footnotes, an image, a table, code, links across chapters, the contents, the bio;
    three parts put a blank verso between parts that end on a recto."""
    out = tmp_path / "out"
    out.mkdir()
    path, pages = write_counted(multi_book, out, parts=parts)
    assert pages == single_multi[1] == len(pikepdf.open(path).pages)
    assert_same_book(path, single_multi[0], tmp_path)
    # no parts left behind (the build cache keeps the laid-out parts in .cache)
    assert [p.name for p in out.iterdir() if p.name != ".cache"] == [path.name]


def folio_words(path: Path) -> list[tuple[int, str, float, float]]:
    """Each page's words of figures in its foot (the bottom eighth): (page, text, x, y) in
    points, to a hundredth."""
    import html as html_mod
    import re

    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                         check=True).stdout.decode()
    found = []
    for n, page in enumerate(out.split("<page ")[1:], 1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        for x, y, text in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>',
                                     page):
            text = html_mod.unescape(text)
            if text.isdigit() and float(y) > height * 7 / 8:
                found.append((n, text, round(float(x), 2), round(float(y), 2)))
    return found


def stamped_pages(path: Path) -> list[int]:
    """The pages (from 1) that end with a folio stamped on as a pagination artifact."""
    from publish.writers.pdf.folios import FOLIO_FONT

    found = []
    with pikepdf.open(path) as doc:
        for n, page in enumerate(doc.pages, 1):
            contents = page.obj.Contents
            if isinstance(contents, pikepdf.Array):
                last = contents[-1].read_bytes()
                if b"/Artifact <</Type /Pagination>> BDC" in last and FOLIO_FONT.encode() in last:
                    found.append(n)
    return found


def test_folios_are_stamped_where_one_pass_draws_them(multi_book, single_multi, tmp_path):
    """Issue 13: a part is drawn without its folios; they are stamped on, as artifacts, with
    the same figures at the same places as one pass draws them, on every page that has one
    (not the front matter's, not a blank verso)."""
    path, _ = write_counted(multi_book, tmp_path, parts=3)
    folios = folio_words(single_multi[0])
    assert folios and folio_words(path) == folios
    assert all(int(text) == n for n, text, _, _ in folios)
    assert stamped_pages(path) == [n for n, *_ in folios]


def test_a_right_to_left_book_in_parts(tmp_path):
    """Issue 9 in parts: Arabic, whose chapters link to each other by anchors of Arabic
    letters (%-quoted in the links), and whose hamza above an alef is a composite glyph
    drawn from a part beyond the last glyph a part draws. The binding is on the right, so
    a recto (an odd page) is a left-hand page: its folio is stamped at the left, as one
    pass draws it."""
    project = make_sample_book(tmp_path / "sample", 4, langs=("ar",))
    book = load_book(config_mod.load(project), "ar")
    single, parts = one_and_parts(book, tmp_path, 2)
    assert_same_book(parts, single, tmp_path)
    folios = folio_words(parts)
    assert folios == folio_words(single) and stamped_pages(parts) == [n for n, *_ in folios]
    with pikepdf.open(parts) as doc:
        width = float(doc.pages[0].mediabox[2])
    assert {int(text) % 2 == (x < width / 2) for _, text, x, _ in folios} == {True}


def test_a_longer_french_book_in_parts(tmp_path):
    """Twelve chapters of the French sample: narrow spaces, many footnotes and links."""
    project = make_sample_book(tmp_path / "sample", 12, langs=("fr",))
    book = load_book(config_mod.load(project), "fr")
    single, parts = one_and_parts(book, tmp_path, 2)
    assert_same_book(parts, single, tmp_path)


def test_parts_are_reproducible(multi_book, tmp_path):
    first = write_counted(multi_book, tmp_path, parts=2)[0].read_bytes()
    assert write_counted(multi_book, tmp_path, parts=2)[0].read_bytes() == first


def test_press_and_pdf_x_in_parts(tmp_path):
    """Bleed, crop marks (on the blank versos too) and PDF/X-4's metadata."""
    project = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    toml = project / "source" / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[print]\nvariant = "pdf/x-4"\npress = true\n',
                    encoding="utf-8")
    book = load_book(config_mod.load(project), "en")
    single, parts = one_and_parts(book, tmp_path, 3)
    assert_same_book(parts, single, tmp_path)
    with pikepdf.open(parts) as a, pikepdf.open(single) as b:
        assert set(a.Root.keys()) == set(b.Root.keys()) and a.pdf_version == b.pdf_version
        assert a.open_metadata().get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
        assert all(p.obj.BleedBox == q.obj.BleedBox and p.obj.TrimBox == q.obj.TrimBox
                   for p, q in zip(a.pages, b.pages))


def test_a_failed_assembly_falls_back_to_one_pass(multi_book, single_multi, tmp_path, monkeypatch,
                                                   caplog):
    def broken(*args, **kwargs):
        raise ValueError("simulated")
    monkeypatch.setattr(pdfmerge.Assembly, "take", broken)
    with caplog.at_level(logging.WARNING, logger="publish"):
        path, pages = write_counted(multi_book, tmp_path, parts=2)
    assert "laying out in 2 parts failed (simulated); laying out in one pass" in caplog.text
    assert path.read_bytes() == single_multi[0].read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name != ".cache"] == [path.name]


def test_notes_running_past_a_part_fall_back_to_one_pass(tmp_path, caplog):
    """A chapter whose last note runs onto a page of its own: one pass puts the rest of the
    note on the next chapter's opening page, a part cannot, so the book takes one pass."""
    project = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    note = " ".join(f"Sentence {n} of a note far longer than the foot of a page can hold."
                    for n in range(120))
    with open(project / "source" / "en" / "01-opening.md", "a", encoding="utf-8") as fh:
        fh.write(f"\nThe last words.[^long]\n\n[^long]: {note}\n")
    book = load_book(config_mod.load(project), "en")
    (tmp_path / "one").mkdir()
    single, _ = write_counted(book, tmp_path / "one", parts=1)
    with caplog.at_level(logging.WARNING, logger="publish"):
        path, _ = write_counted(book, tmp_path, parts=3)
    assert "laying out in 3 parts failed (footnotes run past the end of a part)" in caplog.text
    assert path.read_bytes() == single.read_bytes()


def test_when_parts_are_used(multi_book, tmp_path):
    import os
    assert pdf.auto_parts(multi_book) == 1                           # too short to pay off
    project = make_sample_book(tmp_path / "sample", 40, langs=("en",))
    book = load_book(config_mod.load(project), "en")
    cores = min(os.cpu_count() or 1, 8)
    # at least one part per core; more for a long book (one per PART_CHARS of HTML)
    assert (pdf.auto_parts(book) == 1) if cores < 2 else (pdf.auto_parts(book) >= cores)
    (project / "layouts" / "css").mkdir(parents=True)
    (project / "layouts" / "css" / "print.css").write_text("/* a designer's own */", encoding="utf-8")
    assert pdf.auto_parts(load_book(config_mod.load(project), "en")) == 1


def test_the_monospace_in_several_parts(tmp_path):
    """Code in two parts: the monospace is joined from both; same book."""
    project = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    for name in ("01-opening.md", "03-end.md"):
        with open(project / "source" / "en" / name, "a", encoding="utf-8") as fh:
            fh.write("\n```\nprint('parts')\n```\n")
    book = load_book(config_mod.load(project), "en")
    single, parts = one_and_parts(book, tmp_path, 3)
    assert_same_book(parts, single, tmp_path)
    assert "Source-Code-Pro" in font_names(parts)
    again = write_counted(book, tmp_path / "parts", parts=3)[0].read_bytes()
    assert again == parts.read_bytes()                   # the joined font is reproducible too


def test_a_book_with_parts_and_subchapters_in_parts(tmp_path):
    """Issue 13: an mdBook's part title pages and sub-chapters (which follow on without a
    recto) lay out in parts too, cut only where a chapter opens on a recto: same book."""
    book = load_book(config_mod.load(FIXTURES / "mdbook"), "en")
    assert any(c.level > 1 for c in book.chapters) and any(c.part for c in book.chapters)
    from publish.writers.pdf.parts import groups, opens_on_recto

    runs = groups(book, 3)
    assert len(runs) > 1 and all(opens_on_recto(book.chapters[run[0]]) for run in runs)
    single, parts = one_and_parts(book, tmp_path, 3)
    assert_same_book(parts, single, tmp_path)


def test_an_edit_lays_out_only_its_part_and_the_book_is_the_same(tmp_path):
    """Issue 13: parts are kept in the build cache under their HTML's hash. Editing one
    chapter lays out that chapter's part again, nothing else (the front matter with its
    contents' numbers is kept when none moved), and the PDF is byte for byte the one a
    cold build of the edited book makes."""
    from publish.writers.pdf import parts as layout_parts

    project = make_sample_book(tmp_path / "sample", 12, langs=("en",))
    out, cold = tmp_path / "out", tmp_path / "cold"
    first, laid, pages = built_in_parts(project, out)
    cold_laid = ["front", "part 1", "part 2", "part 3", "part 4", *sheets(pages), "contents"]
    assert laid == cold_laid
    assert built_in_parts(project, out)[:2] == (first, [])    # nothing changed: nothing laid out
    book = load_book(config_mod.load(project), "en")
    part = next(n for n, run in enumerate(layout_parts.groups(book, 4), 1) if 4 in run)
    add_paragraph(project, 4, FITS)
    edited, laid, _ = built_in_parts(project, out)
    assert laid == [f"part {part}"]
    assert edited != first
    # the edited part's old layout is forgotten: four parts, the front matter and the
    # folio sheets are kept
    assert len(list((out / ".cache" / "pdfparts").glob("*.pdf"))) == 5 + len(sheets(pages))
    assert built_in_parts(project, cold)[:2] == (edited, cold_laid)


def test_an_edit_that_adds_pages_moves_the_parts_after_it_as_they_are(tmp_path):
    """A kept part is drawn without its folios (they are stamped on): an edit that moves
    the parts after it lays out its own part and the contents, no other part, and the
    book is the one a cold build makes, folios and contents numbers moved."""
    from publish.writers.pdf import parts as layout_parts

    project = make_sample_book(tmp_path / "sample", 12, langs=("en",))
    out, cold = tmp_path / "out", tmp_path / "cold"
    _, _, pages = built_in_parts(project, out)
    book = load_book(config_mod.load(project), "en")
    part = next(n for n, run in enumerate(layout_parts.groups(book, 4), 1) if 4 in run)
    assert part < 4
    add_paragraph(project, 4, " ".join(
        ["This added paragraph is long enough to need pages of its own."] * 30))
    edited, laid, more = built_in_parts(project, out)
    assert layout_parts.groups(load_book(config_mod.load(project), "en"), 4) \
        == layout_parts.groups(book, 4)       # the same cuts
    assert more >= pages + 2                  # the parts after the edited one start later
    # the front (its page count kept) is laid out again for its contents' new numbers
    assert laid == [f"part {part}", *sheets(more, since=pages), "front", "contents"]
    assert built_in_parts(project, cold)[::2] == (edited, more)


def test_parts_from_a_threaded_process_are_the_same_book(tmp_path):
    """`publish serve` builds in a thread: the executor's part workers are spawned, not
    forked (a fork would copy the locks other threads hold), and they make the same bytes."""
    from publish.writers.pdf import parts as layout_parts

    project = make_sample_book(tmp_path / "sample", 8, langs=("en",))
    book = load_book(config_mod.load(project), "en")
    (tmp_path / "forked").mkdir()
    (tmp_path / "spawned").mkdir()
    forked, _ = write_counted(book, tmp_path / "forked", parts=3)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        spawned, _ = write_counted(book, tmp_path / "spawned", parts=3)
        assert layout_parts.LAID_OUT == ["front", "part 1", "part 2", "part 3",
                                         *sheets(pdf_pages(spawned)), "contents"]
    finally:
        stop.set()
        other.join()
    assert spawned.read_bytes() == forked.read_bytes()


def test_a_long_book_is_assembled_in_a_process_of_its_own(multi_book, tmp_path, monkeypatch):
    """Beyond MERGE_APART_PAGES the parts are joined in a fresh Python process (the
    assembling holds the whole book), taken as they are ready as here: the same bytes as
    joining them here, and nothing joined here."""
    here, apart = tmp_path / "here", tmp_path / "apart"
    here.mkdir()
    apart.mkdir()
    joined_here, _ = write_counted(multi_book, here, parts=2)
    made = []
    for kind in ("Assembly", "AssemblyApart"):
        original = getattr(pdfmerge, kind).__init__
        monkeypatch.setattr(getattr(pdfmerge, kind), "__init__", lambda self, *args, _o=original,
                            _k=kind: made.append(_k) or _o(self, *args))
    monkeypatch.setattr(pdf, "MERGE_APART_PAGES", 0)
    joined_apart, _ = write_counted(multi_book, apart, parts=2)
    assert made == ["AssemblyApart"]
    assert joined_apart.read_bytes() == joined_here.read_bytes()


def test_an_edit_assembled_apart_is_the_same(tmp_path, monkeypatch):
    """Apart too, an edit's assembly takes the kept parts and the edited one in turn: the
    file is the one a cold build makes here."""
    project = make_sample_book(tmp_path / "sample", 8, langs=("en",))
    out, cold = tmp_path / "out", tmp_path / "cold"
    built_in_parts(project, out, parts=3)
    add_paragraph(project, 0, FITS)                  # in the first part: the others after it
    with monkeypatch.context() as apart:
        apart.setattr(pdf, "MERGE_APART_PAGES", 0)
        edited, laid, _ = built_in_parts(project, out, parts=3)
    assert laid == ["part 1"]
    assert built_in_parts(project, cold, parts=3)[0] == edited


def test_a_failed_assembly_apart_is_an_error_naming_its_cause(tmp_path):
    """The process that assembles a long book reports its error here (and write_pdf then
    falls back to one pass)."""
    assembly = pdfmerge.AssemblyApart(tmp_path / "missing.pdf", [0, 0])
    with pytest.raises(RuntimeError, match="assembling the parts failed: .*(No such file|not found)"):
        assembly.take(tmp_path / "part-1.pdf")
        assembly.save(tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()
