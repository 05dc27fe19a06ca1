"""Raw HTML in Markdown is cut down to an allowlist that is valid EPUB 3 XHTML and fetches nothing."""
from __future__ import annotations

import nh3

TAGS = {
    "a", "abbr", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
    "rp", "rt", "ruby", "s", "samp", "section", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
ATTRIBUTES = {
    "*": {"id", "class", "lang", "title", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
}
# Only alignment survives in style attributes (Markdown tables use it); nothing that loads a URL.
STYLE_PROPERTIES = {"text-align"}
# Relative links (chapters, anchors, images inside the project) and these schemes only.
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html: str) -> str:
    """The HTML with every disallowed tag, attribute and URL scheme removed."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     filter_style_properties=STYLE_PROPERTIES, link_rel=None,
                     strip_comments=True)
