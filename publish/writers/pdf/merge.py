"""Assembles parts laid out separately into one tagged PDF, as one pass would make it.

WeasyPrint 70 builds the structure tree page by page: its Document element lists each
page's elements in order, and the parent tree has one entry per page (its index) then
one per link annotation. Merging is renumbering. Fonts are subset keeping glyph ids, so
one face's parts join into one font, glyph by glyph, with the union of their widths and
Unicode maps. The parts' folios are stamped on from the folio sheets (folios.py) as they
are taken.
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path
from urllib.parse import unquote

import pikepdf
from pikepdf import Array, Dictionary, String

from publish.writers.pdf.folios import FOLIO_FONT, stamp_stream
from publish.writers.pdf.xref import XREF


class Assembly:
    """The book put together from its parts, taken in book order. (In book order: qpdf
    groups objects into object streams by their numbers, which follow the order they were
    copied in, so another order gives other bytes.)"""

    def __init__(self, front: Path, blanks: list[int]) -> None:
        self.out = pikepdf.open(front)
        self.blanks = blanks
        self.taken = 0                     # parts taken, the front first
        self.page_entries: list = []       # per page: the array of its MCID owners
        self.annots: list = []             # (annotation, owner) in page order
        self.dests: dict[str, object] = {}
        self.outline_items: list = []
        self.fonts: dict[str, list] = {}   # font name (subset tag aside) -> its dicts in every part
        self.kids: list = []               # the parts' structure elements, in order
        self.sheets: dict[str, tuple] = {}  # folio sheet file -> (its Pdf, {objgen: copied})
        self.document = self.out.Root.StructTreeRoot.K[0]
        _check_blank(self.out.pages[1])
        self.blank = dict(self.out.pages[1].obj.items())  # the half-title's verso: WeasyPrint's blank
        self._take(0, self.out)

    def take(self, path: Path, stamps: list | None = None) -> None:
        """The next part, from its file: copied in whole, so the file is closed after.
        `stamps`: for each of its pages, the folio sheet page (file, index) to stamp on
        it, or None."""
        if self.taken == len(self.blanks):
            raise ValueError("every part has been taken")
        with pikepdf.open(path) as src:
            self._take(self.taken, src, stamps)

    def wants(self) -> int:
        """The number of the part to take next (the front is 0)."""
        return self.taken

    def save(self, target: Path) -> None:
        if self.taken < len(self.blanks):
            raise ValueError(f"parts {self.taken} and on were never taken")
        self._finish()
        self.out.save(target, deterministic_id=True,
                      object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
        self.close()

    def close(self) -> None:
        """Lets go of the output (saved, or given up) and of the folio sheets."""
        for sheet, _ in self.sheets.values():
            sheet.close()
        self.sheets.clear()
        self.out.close()

    def _own(self, src, obj):
        """`obj` as an object of the output (copied in when it comes from another part)."""
        return obj if src is self.out or obj is None else _copy(self.out, src, obj)

    def _take(self, n: int, src, stamps: list | None = None) -> None:
        pages = self._pages(src)
        if stamps is not None:
            if len(stamps) != len(pages):
                raise ValueError(f"part {n} has {len(pages)} pages, {len(stamps)} folios")
            for page, stamp in zip(pages, stamps):
                if stamp is not None:
                    self._stamp(page, *stamp)
        nums = _nums(src.Root.StructTreeRoot.ParentTree)
        for page in pages:
            owners = nums.get(int(page.obj.get("/StructParents", -1)))
            self.page_entries.append(self._own(src, owners))
            for annot in page.obj.get("/Annots", []):
                owner = self._own(src, nums.get(int(annot.get("/StructParent", -1))))
                self.annots.append((annot, owner))
                _internal(annot)
        names = src.Root.get("/Names", {}).get("/Dests", {}).get("/Names", [])
        for i in range(0, len(names), 2):
            self.dests[str(names[i])] = self._own(src, names[i + 1])
        self._take_outline(src)
        for page in pages:
            for font in page.obj.Resources.get("/Font", {}).values():
                self.fonts.setdefault(str(font.BaseFont).split("+", 1)[-1], []).append(font)
        if self.blanks[n]:
            self.out.pages.append(pikepdf.Page(Dictionary(
                {k: v for k, v in self.blank.items()
                 if k not in ("/Parent", "/StructParents", "/Annots")})))
            self.page_entries.append(Array())
        self.taken += 1

    def _stamp(self, page, sheet_path: str, index: int) -> None:
        """Draws the folio of sheet page `index` onto `page`, after its own drawing, with
        the fonts and graphics states it names (copied in once a sheet)."""
        if sheet_path not in self.sheets:
            self.sheets[sheet_path] = (pikepdf.open(sheet_path), {})
        sheet, copied = self.sheets[sheet_path]
        folio = sheet.pages[index].obj
        fonts = dict(folio.Resources.get("/Font", {}).items())
        drawing = self.out.make_stream(stamp_stream(folio.Contents.read_bytes(), list(fonts)))
        contents = page.obj.Contents
        page.obj.Contents = Array([*contents, drawing] if isinstance(contents, Array)
                                  else [contents, drawing])
        resources = page.obj.Resources
        for kind, theirs in (("/Font", fonts), ("/ExtGState", folio.Resources.get("/ExtGState", {}))):
            if not len(theirs):
                continue
            if kind not in resources:
                resources[kind] = Dictionary()
            for name, obj in theirs.items():
                if kind == "/Font":             # a name of its own: the page's font of
                    name = FOLIO_FONT + name[1:]   # that name holds the page's glyphs
                elif name in resources[kind]:
                    continue            # WeasyPrint names a state by its values
                if obj.objgen not in copied:
                    copied[obj.objgen] = _copy(self.out, sheet, obj)
                resources[kind][name] = copied[obj.objgen]

    def _pages(self, src) -> list:
        """The part's pages, appended to the output's; its structure elements kept for later."""
        if src is self.out:
            self.kids += list(self.document.K)
            self.document.K = Array()
            return list(self.out.pages)
        start = len(self.out.pages)
        with warnings.catch_warnings():      # named destinations are merged in _finish()
            warnings.simplefilter("ignore")
            self.out.pages.extend(src.pages)
        source_kids = list(src.Root.StructTreeRoot.K[0].K)
        for kid in source_kids:              # not the source's own tree root with them
            del kid["/P"]
        self.kids += [self.out.copy_foreign(k) for k in source_kids]
        return list(self.out.pages)[start:]

    def _take_outline(self, src) -> None:
        item, chain = src.Root.get("/Outlines", {}).get("/First"), []
        while item is not None:
            chain.append(item)
            item = item.get("/Next")
        for item in chain:
            if src is not self.out:
                for key in ("/Next", "/Prev", "/Parent"):
                    if key in item:
                        del item[key]
                item = self.out.copy_foreign(item)
            self.outline_items.append(item)

    def _finish(self) -> None:
        out, tree = self.out, self.out.Root.StructTreeRoot
        for kid in self.kids:
            kid.P = self.document
            self.document.K.append(kid)
        # parent tree: pages by index, then annotations in page order
        flat = Array()
        for index, (page, entry) in enumerate(zip(out.pages, self.page_entries)):
            page.obj.StructParents = index
            flat.append(index)
            flat.append(out.make_indirect(entry if entry is not None else Array()))
        for n, (annot, owner) in enumerate(self.annots, start=len(out.pages)):
            annot.StructParent = n
            flat.append(n)
            flat.append(owner)
        tree.ParentTree = out.make_indirect(Dictionary(Nums=flat))
        tree.ParentTreeNextKey = len(out.pages) + len(self.annots)
        names = Array()
        for name in sorted(self.dests):
            names.append(String(name))
            names.append(self.dests[name])
        out.Root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=names)))
        _outline(out, self.outline_items)
        _join_fonts(out, self.fonts)


def assemble_apart(front: Path, blanks: list[int], taken: list[tuple], target: Path) -> None:
    """The Assembly of the front and the parts `taken` ((path, stamps) each, in book order),
    saved to `target`: in a process of its own (AssemblyApart)."""
    assembly = Assembly(front, blanks)
    for path, stamps in taken:
        assembly.take(path, stamps)
    assembly.save(target)


class AssemblyApart:
    """An Assembly in a fresh Python process (publish.apart), as a long book is put
    together: pikepdf holds all of it (the 1,082 pages of the Rust book took a process from
    185 to 400 MiB), so it is not held in the building process. The parts are all laid out
    when it begins: it is sent their file names, and only file names cross over."""

    def __init__(self, front: Path, blanks: list[int]) -> None:
        self.front, self.blanks = front, blanks
        self.taken: list[tuple] = []

    def wants(self) -> int:
        return len(self.taken) + 1

    def take(self, path: Path, stamps: list | None = None) -> None:
        if len(self.taken) + 1 == len(self.blanks):
            raise ValueError("every part has been taken")
        self.taken.append((path, stamps))

    def save(self, target: Path) -> None:
        from publish.apart import ApartError, run_apart

        try:
            run_apart(assemble_apart, self.front, self.blanks, self.taken, target)
        except ApartError as exc:
            raise ApartError(f"assembling the parts failed: {exc}") from None

    def close(self) -> None:
        self.taken.clear()


def _copy(out, src, obj):
    return out.copy_foreign(obj if obj.is_indirect else src.make_indirect(obj))


def _nums(parent_tree) -> dict:
    nums = parent_tree.get("/Nums", [])
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _internal(annot) -> None:
    """A link to another part (a private URI) becomes a named destination again."""
    action = annot.get("/A")
    if action is None or "/URI" not in action:
        return
    uri = str(action.URI)
    if uri.startswith(XREF):
        name = unquote(uri[len(XREF):])
        del annot["/A"]
        annot.Dest = String(name)
        annot.Contents = String(name)


def _check_blank(page) -> None:
    """The template blank must carry no text and no links (crop marks in press mode are fine)."""
    content = page.obj.Contents.read_bytes()
    if b"Tj" in content or b"TJ" in content or "/Annots" in page.obj:
        raise ValueError("the front matter's second page is not blank")


def _outline(out, items) -> None:
    root = out.Root.Outlines
    visible = 0
    for i, item in enumerate(items):
        item.Parent = root
        if i:
            item.Prev = items[i - 1]
        elif "/Prev" in item:
            del item["/Prev"]
        if i < len(items) - 1:
            item.Next = items[i + 1]
        elif "/Next" in item:
            del item["/Next"]
        visible += 1 + max(0, int(item.get("/Count", 0)))
    root.First, root.Last, root.Count = items[0], items[-1], visible


def _join_fonts(out, fonts: dict[str, list]) -> None:
    """One font per face: the union of the parts' glyphs (ids are the original font's)."""
    joined = {}                     # a part's font dict (objgen) -> the face's joined one
    for dicts in fonts.values():
        unique = list({d.objgen: d for d in dicts}.values())
        if len(unique) == 1:
            continue
        widths, to_unicode = {}, {}
        for font in unique:
            sub = font.DescendantFonts[0]
            widths.update(_widths(sub.W))
            for gid, text in _cmap(font.ToUnicode.read_bytes()).items():
                to_unicode.setdefault(gid, text)      # the first use wins, as in one pass
        programs = [f.DescendantFonts[0].FontDescriptor.get("/FontFile2") for f in unique]
        if any(program is None for program in programs):
            continue         # not TrueType: each part keeps its own subset
        data = _join_programs([program.read_bytes() for program in programs])
        keep = unique[0]
        sub = keep.DescendantFonts[0]
        descriptor = sub.FontDescriptor
        descriptor.FontFile2 = out.make_stream(data)
        descriptor.FontFile2.Length1 = len(data)
        descriptor.FontBBox[2] = max(widths.values())
        if "/CIDSet" in descriptor:                     # PDF/A-1: every glyph present
            gids = sorted(widths)
            bits = bytearray((gids[-1] + 8) // 8)
            for gid in gids:
                bits[gid // 8] |= 0x80 >> (gid % 8)
            descriptor.CIDSet = out.make_stream(bytes(bits))
        sub.W = _w_array(widths)
        keep.ToUnicode = out.make_stream(_cmap_stream(to_unicode))
        joined.update((font.objgen, keep) for font in unique[1:])
    for page in out.pages:          # one pass over the pages for every face's parts
        res = page.obj.Resources.get("/Font")
        for name in list(res.keys()) if res is not None else ():
            keep = joined.get(res[name].objgen)
            if keep is not None:
                res[name] = keep


def _join_programs(programs: list[bytes]) -> bytes:
    """TrueType subsets that kept their glyph ids, joined: each glyph from a part that has it.

    Glyphs are matched by id (subsets may name them differently) and copied as the part
    stored them, undecoded: a composite names its components by glyph id, the same in
    every part. Decoding every glyph of every part took most of an edit's merge. The
    joined font's bounds and maxima are those of the parts together.
    """
    import io

    from fontTools.ttLib import TTFont

    fonts = [TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
             for data in programs]
    base = max(fonts, key=lambda f: len(f.getGlyphOrder()))
    order = base.getGlyphOrder()
    glyphs, hmtx = base["glyf"].glyphs, base["hmtx"]
    for other in fonts:
        if other is base:
            continue
        theirs = other["glyf"].glyphs
        for gid, name in enumerate(other.getGlyphOrder()):
            if _empty(theirs[name]) or not _empty(glyphs[order[gid]]):
                continue
            glyphs[order[gid]] = theirs[name]
            hmtx[order[gid]] = other["hmtx"][name]
    _join_bounds(base, fonts)
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()


def _empty(glyph) -> bool:
    """Whether a glyph, decoded or not, has no outline (as a subset leaves one it dropped)."""
    data = getattr(glyph, "data", None)
    if data is None:
        return glyph.numberOfContours == 0
    return data[:2] in (b"", b"\0\0")       # numberOfContours: a 16-bit int, first


_MAXIMA = {"head": ("xMax", "yMax"), "hhea": ("advanceWidthMax", "xMaxExtent"),
           "maxp": ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
                    "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                    "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                    "maxComponentElements", "maxComponentDepth")}
_MINIMA = {"head": ("xMin", "yMin"), "hhea": ("minLeftSideBearing", "minRightSideBearing")}


def _join_bounds(base, fonts) -> None:
    """The joined font's bounding box, widest advance, and maxp's maxima: over every part
    (each part's cover its own glyphs)."""
    for tables, pick in ((_MAXIMA, max), (_MINIMA, min)):
        for tag, fields in tables.items():
            for field in fields:
                values = [getattr(f[tag], field) for f in fonts if hasattr(f[tag], field)]
                if values:
                    setattr(base[tag], field, pick(values))


def _widths(w) -> dict[int, object]:
    out, i = {}, 0
    items = list(w)
    while i < len(items):
        start = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for n, width in enumerate(items[i + 1]):
                out[start + n] = width
            i += 2
        else:
            for gid in range(start, int(items[i + 1]) + 1):
                out[gid] = items[i + 2]
            i += 3
    return out


def _w_array(widths: dict[int, object]) -> Array:
    result, run, last = Array(), None, None
    for gid in sorted(widths):
        if last is None or gid != last + 1:
            run = Array()
            result.append(gid)
            result.append(run)
        run.append(widths[gid])
        last = gid
    return result


def _cmap(data: bytes) -> dict[int, str]:
    return {int(g, 16): u for g, u in re.findall(rb"<([0-9a-f]{4})> <([0-9a-f]+)>", data)}


def _cmap_stream(entries: dict[int, bytes]) -> bytes:
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo", b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0",
             b">> def", b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange"]
    items = sorted(entries.items())
    for i in range(0, len(items), 100):
        batch = items[i:i + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [f"<{g:04x}> <".encode() + u + b">" for g, u in batch]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)
