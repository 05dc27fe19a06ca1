"""Trees to text: each chapter is serialized twice, as XHTML (EPUB) and as HTML (print, preview)."""
from __future__ import annotations

import re
from html import escape

from lxml import etree, html as lxml_html


# A tag (as `<[^<>]+>` finds them) that holds one of the attributes _xml_attributes rewrites:
# the others, most of them, stay as they are without a call into Python each.
_TAG = re.compile(r"<(?=[^<>]*\s(?:data-epub-type|lang)=\")[^<>]+>")


def serialize_element(el: etree._Element, method: str) -> str:
    """One element without its tail; in XML, `data-epub-type` becomes `epub:type`."""
    if method == "xml":
        out = etree.tostring(el, method="xml", encoding="unicode", with_tail=False)
        # In tags only: text that reads ` data-epub-type="` (in code, say) stays as written.
        return _TAG.sub(_xml_attributes, out)
    return lxml_html.tostring(el, method="html", encoding="unicode", with_tail=False)


_LANG = re.compile(r'(\slang="([^"]*)")')


def _xml_attributes(m: re.Match) -> str:
    """`data-epub-type` becomes `epub:type`; `lang` gets its `xml:lang` twin, as EPUB wants."""
    tag = m.group().replace(' data-epub-type="', ' epub:type="')
    if "xml:lang=" not in tag:
        tag = _LANG.sub(r'\1 xml:lang="\2"', tag, count=1)
    return tag


def serialize(root: etree._Element, method: str) -> str:
    """The children of a wrapper element, serialized, one per line (stable golden files).

    Loose text between them is escaped like any text (`&raw`, `Arc<_>` stay text)."""
    text = escape((root.text or "").strip(), quote=False)
    parts = [text] if text else []
    for child in root:
        tail = child.tail
        child.tail = None
        parts.append(serialize_element(child, method))
        child.tail = tail
        if tail and tail.strip():
            parts.append(escape(tail.strip(), quote=False))
    return "\n".join(parts) + "\n"


def serialize_inline(el: etree._Element) -> str:
    """An element's content (text and children) as inline XHTML."""
    return (el.text or "") + "".join(serialize_element(c, "xml") + (c.tail or "") for c in el)


def plain_text(el: etree._Element) -> str:
    """An element's text with white space folded."""
    # Only ASCII white space folds: str.split() would also eat the no-break spaces typography set.
    return re.sub(r"[ \t\r\n]+", " ", "".join(el.itertext())).strip()
