"""The print form of a chapter: notes at their call, images from their files, tied headings.

The EPUB keeps notes as asides after the text and images as copies in the package;
WeasyPrint wants each note's text where it is called (CSS `float: footnote`), the
image files themselves, and headings that never end on a lone word.
"""
from __future__ import annotations

from lxml import etree, html as lxml_html

from publish.render.convert import html_parser


def print_tree(root: etree._Element, footnotes: list[etree._Element], images) -> etree._Element:
    """A print copy of a chapter's tree (`root` itself is left as it is)."""
    return _image_files(_tie_headings(_inline_notes(copy(root), footnotes)), images)


def _inline_notes(root: etree._Element, footnotes: list[etree._Element]) -> etree._Element:
    """The print form: each note's text replaces its call, for CSS `float: footnote`."""
    notes = {n.get("id"): n for n in footnotes}
    placed: set[str] = set()
    for a in list(root.iter("a")):
        if a.get("class") != "noteref":
            continue
        if a.get("href")[1:] in placed:
            # A note called again: its text is at the first call; here, its number only.
            a.tag = "span"
            a.attrib.clear()
            a.set("class", "noteref-again")
            continue
        placed.add(a.get("href")[1:])
        note = copy(notes[a.get("href")[1:]])
        for extra in [e for e in note.iter("a", "span")
                      if e.get("class") in ("backlink", "note-number")]:
            _drop(extra)
        span = etree.Element("span", {"class": "footnote", "id": note.get("id")})
        span.text = (note.text or "").lstrip() or None
        for child in list(note):
            span.append(_as_inline(child))
            if not (child.tail or "").strip():
                child.tail = None      # white space between a note's blocks would break the line
        call = a.getparent() if a.getparent().tag == "sup" else a
        span.tail = call.tail
        call.getparent().replace(call, span)
    return root



def _image_files(root: etree._Element, images) -> etree._Element:
    """The print form points at the image files themselves (the EPUB at its own copies)."""
    paths = {image.src: image.path for image in images}
    for img in root.iter("img"):
        if img.get("src") in paths:
            img.set("src", paths[img.get("src")].as_uri())
    return root



def _tie_headings(root: etree._Element) -> etree._Element:
    """Print headings never end on a lone word: the last two words are tied (no-break space)."""
    for h in root.iter("h1", "h2", "h3", "h4"):
        last = h if len(h) == 0 else h[-1]
        attr = "text" if last is h else "tail"
        text = getattr(last, attr) or ""
        if last is not h and not text.strip():
            last, attr = h[-1], "text"
            text = last.text or ""
        words = text.rstrip().rsplit(" ", 1)
        if len(words) == 2 and len(words[1]) < 12:
            setattr(last, attr, words[0] + "\u00a0" + words[1] + text[len(text.rstrip()):])
    return root



def _drop(el: etree._Element) -> None:
    """Removes `el`, keeping its tail text in place."""
    parent, prev = el.getparent(), el.getprevious()
    tail = (el.tail or "").rstrip() if el.getnext() is None else (el.tail or "")
    if prev is not None:
        prev.tail = (prev.tail or "").rstrip() + tail if el.getnext() is None else (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)



def _as_inline(el: etree._Element) -> etree._Element:
    """Block elements of a footnote become spans so they may sit inside a paragraph."""
    for sub in el.iter():
        if sub.tag in ("p", "div", "blockquote", "ul", "ol", "li"):
            sub.set("class", (sub.get("class", "") + f" fn-{sub.tag}").strip())
            sub.tag = "span"
    return el




def copy(el: etree._Element) -> etree._Element:
    return lxml_html.fragment_fromstring(lxml_html.tostring(el, encoding="unicode"),
                                         parser=html_parser())
