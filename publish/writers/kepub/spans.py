"""Kobo's markup on one XHTML content document: sentence spans, the two body divs, the style block.

Facts from pgaskin/kepubify (kepub/transform.go) and Kobo's own books: every sentence of
text sits in `<span class="koboSpan" id="kobo.P.S">` (P counts paragraphs, S the spans
of one paragraph); an image sits in a span of its own, with a paragraph number of its
own; script, style, pre, svg and math are left as they are; the body's content goes into
`div#book-columns > div#book-inner`; a small `kobostylehacks` style block goes last in
the head.

Sentences are ICU's (its sentence BreakIterator), in the language of the block they are
in (the nearest `xml:lang` or `lang`, else the book's), so Chinese, Arabic or Thai text
is cut where its own punctuation ends a sentence. A span holds text only, so the XHTML
stays well-formed: a sentence that runs through `<em>` or `<a>` becomes one span per
run of text (before, inside, after), numbered on; inline markup is never broken up.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SPAN = f"{{{XHTML}}}span"
DIV = f"{{{XHTML}}}div"

# Left as they are, text and all (kepubify's list, with svg and math: foreign markup).
LEFT_ALONE = frozenset({"script", "style", "pre", "svg", "math", "audio", "video", "textarea"})
# Phrasing elements: their text belongs to the paragraph around them. Every other
# element (p, li, h1, td, figcaption, div…) is a block: a paragraph of its own.
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn",
                    "em", "i", "img", "ins", "kbd", "label", "mark", "q", "rb", "rp", "rt",
                    "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
                    "var", "wbr"})
OBJECT = "\ufffc"      # what an image or left-alone element counts as in a paragraph's text
STYLE = "div#book-inner { margin-top: 0; margin-bottom: 0; }"


@lru_cache(maxsize=None)
def _sentence_iterator(lang: str):
    import icu

    return icu.BreakIterator.createSentenceInstance(icu.Locale(lang.replace("-", "_")))


def sentence_ends(text: str, lang: str) -> list[int]:
    """Where ICU's sentences of `text` end, as character indexes (the end included). ICU
    counts UTF-16 units: beyond the Basic Multilingual Plane they are mapped back.
    (render/segment.py does the same for words; importing it would load the whole
    Markdown renderer, which a KEPUB made from an EPUB never needs.)"""
    breaker = _sentence_iterator(lang)
    breaker.setText(text)
    ends = list(breaker)
    if len(text.encode("utf-16-le")) == 2 * len(text):          # no surrogate pairs
        return ends
    index, at = {}, 0
    for n, ch in enumerate(text):
        index[at] = n
        at += 2 if ord(ch) > 0xFFFF else 1
    index[at] = len(text)
    return [index[end] for end in ends]


def local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass
class _Slot:
    """One text node: an element's text or tail, at `start` in its paragraph's text."""

    el: etree._Element
    attr: str                 # "text" | "tail"
    start: int
    end: int


@dataclass
class _Spans:
    """The walk's state: the paragraph being read, and the edits decided so far."""

    lang: str
    para: int = 0
    seg: int = 0
    new_para: bool = True
    parts: list[str] = field(default_factory=list)
    items: list = field(default_factory=list)           # _Slot or an <img>, in order
    run_lang: str = ""
    edits: list[tuple[_Slot, list[tuple[str, str]]]] = field(default_factory=list)
    images: list[tuple[etree._Element, str]] = field(default_factory=list)
    length: int = 0

    def add_text(self, el: etree._Element, attr: str, text: str, lang: str) -> None:
        if not self.items:
            self.run_lang = lang
        self.items.append(_Slot(el, attr, self.length, self.length + len(text)))
        self._grow(text)

    def add_object(self, el: etree._Element | None, stands_for: str) -> None:
        if el is not None:
            self.items.append(el)
        self._grow(stands_for)

    def _grow(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def next_id(self) -> str:
        if self.new_para:
            self.para, self.seg, self.new_para = self.para + 1, 0, False
        self.seg += 1
        return f"kobo.{self.para}.{self.seg}"

    def flush(self) -> None:
        """Ends the paragraph: its text cut into sentences, each text node into spans."""
        if self.items:
            text = "".join(self.parts)
            cuts = sentence_ends(text, self.run_lang or self.lang) if text.strip() else []
            for item in self.items:
                if isinstance(item, _Slot):
                    self._split(item, text, cuts)
                else:                                  # an image: a paragraph of its own
                    self.para, self.seg, self.new_para = self.para + 1, 1, False
                    self.images.append((item, f"kobo.{self.para}.1"))
        self.parts, self.items, self.length = [], [], 0
        self.new_para = True

    def _split(self, slot: _Slot, text: str, cuts: list[int]) -> None:
        inside = cuts[bisect_right(cuts, slot.start):bisect_left(cuts, slot.end)]
        points = [slot.start, *inside, slot.end]
        pieces, spanned = [], False
        for a, b in zip(points, points[1:]):
            piece = text[a:b]
            if piece.isspace():
                pieces.append((piece, ""))
            else:
                pieces.append((piece, self.next_id()))
                spanned = True
        if spanned:
            self.edits.append((slot, pieces))


def _lang(el: etree._Element, inherited: str) -> str:
    return el.get(XML_LANG) or el.get("lang") or inherited


def _walk(el: etree._Element, lang: str, spans: _Spans) -> None:
    """Reads `el`'s text into paragraphs (a block element begins and ends one)."""
    name = local(el)
    lang = _lang(el, lang)
    block = name not in INLINE
    if block:
        spans.flush()
    if el.text:
        spans.add_text(el, "text", el.text, lang)
    for child in el:
        child_name = local(child)
        if not child_name:                             # a comment or processing instruction
            pass
        elif child_name in ("svg", "math"):            # left alone, inside the sentence
            spans.add_object(None, OBJECT)
        elif child_name in LEFT_ALONE:                 # left alone, a block of its own
            spans.flush()
        elif child_name == "img":
            spans.add_object(child, OBJECT)
        elif child_name == "br":
            spans.add_object(None, "\n")
        else:
            _walk(child, lang, spans)
        if child.tail:
            spans.add_text(child, "tail", child.tail, lang)
    if block:
        spans.flush()


def _apply(slot: _Slot, pieces: list[tuple[str, str]]) -> None:
    """Puts a text node's pieces back: plain text where no id was given, else a span.
    (Spans are made inside the element that will hold them, then moved into place: an
    element made on its own would be a document of its own, costly to move in.)"""
    holder = slot.el if slot.attr == "text" else slot.el.getparent()
    lead, nodes = "", []
    for piece, span_id in pieces:
        if span_id:
            span = etree.SubElement(holder, SPAN, {"class": "koboSpan", "id": span_id})
            span.text = piece
            nodes.append(span)
        elif nodes:
            nodes[-1].tail = (nodes[-1].tail or "") + piece
        else:
            lead += piece
    if slot.attr == "text":
        slot.el.text = lead or None
        at = 0
    else:
        slot.el.tail = lead or None
        at = holder.index(slot.el) + 1
    for n, node in enumerate(nodes):
        holder.insert(at + n, node)


def _wrap_image(img: etree._Element, span_id: str) -> None:
    parent = img.getparent()
    at = parent.index(img)
    span = etree.Element(SPAN, {"class": "koboSpan", "id": span_id})
    span.tail, img.tail = img.tail, None
    parent.insert(at, span)
    span.append(img)


def add_spans(body: etree._Element, lang: str) -> int:
    """Wraps every sentence and image under `body` in its koboSpan; the number of spans."""
    spans = _Spans(lang)
    _walk(body, _lang(body, lang), spans)
    spans.flush()
    for slot, pieces in spans.edits:
        _apply(slot, pieces)
    for img, span_id in spans.images:
        _wrap_image(img, span_id)
    return sum(1 for _, pieces in spans.edits for _, i in pieces if i) + len(spans.images)


def wrap_body(body: etree._Element) -> None:
    """Moves the body's content into div#book-columns > div#book-inner."""
    columns = etree.Element(DIV, {"id": "book-columns"})
    inner = etree.SubElement(columns, DIV, {"id": "book-inner"})
    inner.text, body.text = body.text, "\n"
    for child in list(body):
        inner.append(child)                 # moves it, with its tail
    columns.tail = "\n"
    body.append(columns)


def add_style(head: etree._Element) -> None:
    style = etree.SubElement(head, f"{{{XHTML}}}style", {"type": "text/css",
                                                         "class": "kobostylehacks"})
    style.text = STYLE
    style.tail = "\n"


def kobo_document(data: bytes, lang: str) -> bytes:
    """One XHTML content document with Kobo's markup (unchanged if it has none to take)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=True)
    root = etree.fromstring(data, parser)
    body, head = root.find(f"{{{XHTML}}}body"), root.find(f"{{{XHTML}}}head")
    if body is None or head is None or body.find(f".//{SPAN}[@class='koboSpan']") is not None:
        return data
    add_spans(body, _lang(root, lang))
    wrap_body(body)
    add_style(head)
    return etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=True)
