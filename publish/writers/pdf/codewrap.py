"""Long code lines in print: broken to the text block's width, each continuation marked.

A printed page cannot scroll. A code line longer than the measure is broken where it
reaches the right edge, and the rest goes on the next line behind a continuation mark
(→), so a reader sees it is one line of code. The column count comes from the page:
the text block's width over the monospace's advance (0.6 em for Source Code Pro), less
what lists and quotations indent. CSS (`overflow-wrap: anywhere`) stays the safety net.
"""
from __future__ import annotations

from lxml import etree, html as lxml_html

MARK = "\u2192 "               # → and a space: the continuation of the line above
ADVANCE_EM = 0.6               # Source Code Pro's advance width, in em
CODE_SCALE = 0.85              # print.css: pre, code { font-size: 0.85em }
INDENT_EM = {"li": 1.5, "blockquote": 3.0}   # print.css: ul/ol left margin; blockquote both sides


def columns(text_width_pt: float, font_size_pt: float) -> int:
    """How many monospace characters fit on one line of the text block."""
    return max(20, int(text_width_pt / (font_size_pt * CODE_SCALE * ADVANCE_EM)))


def wrap_code(html: str, width: int) -> str:
    """`html` with every <pre>'s lines broken at `width` characters (less the indents)."""
    if "<pre" not in html:
        return html
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for pre in root.iter("pre"):
        _wrap(pre, width - _indent(pre))
    return (root.text or "") + "".join(lxml_html.tostring(child, encoding="unicode") for child in root)


def _indent(pre: etree._Element) -> int:
    """The characters a <pre> loses to the lists and quotations around it."""
    em = sum(INDENT_EM.get(el.tag, 0) for el in pre.iterancestors())
    return round(em / (CODE_SCALE * ADVANCE_EM))


def _wrap(pre: etree._Element, width: int) -> None:
    """Breaks the lines of one <pre> (its <code>, highlighted or not) at `width` columns."""
    box = pre.find("code")
    box = pre if box is None else box
    width, column, out = max(width, 12), 0, []
    for cls, text in _segments(box):
        piece = []
        for ch in text:
            if ch == "\n":
                column = 0
            elif column >= width:
                out += [(cls, "".join(piece) + "\n"), ("wrap-mark", MARK)]
                piece, column = [], len(MARK)
            if ch != "\n":
                column += 1
            piece.append(ch)
        out.append((cls, "".join(piece)))
    if any(cls == "wrap-mark" for cls, _ in out):
        _rebuild(box, out)


def _segments(box: etree._Element):
    """The element's text as (class, text) runs: its own text, then each child's."""
    yield None, box.text or ""
    for child in box:
        yield child.get("class"), "".join(child.itertext())
        yield None, child.tail or ""


def _rebuild(box: etree._Element, runs: list[tuple[str | None, str]]) -> None:
    for child in list(box):
        box.remove(child)
    box.text, last = "", None
    for cls, text in runs:
        if not text:
            continue
        if cls is None:
            if last is None:
                box.text += text
            else:
                last.tail = (last.tail or "") + text
            continue
        last = etree.SubElement(box, "span", {"class": cls})
        last.text = text
        if cls == "wrap-mark":
            last.set("aria-hidden", "true")
