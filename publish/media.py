"""Media types by file suffix: the one table every writer, the preview server and the catalog use.

The outputs' own types are declared by their writers (publish/writers/).
"""
from __future__ import annotations

XHTML = "application/xhtml+xml"
CSS = "text/css"
FONT = "font/ttf"           # the EPUB 3.3 core media type for TrueType
OTF = "font/otf"            # and for OpenType with CFF outlines (the Noto CJK faces)
PNG = "image/png"
IMAGES = {".png": PNG, ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
          ".svg": "image/svg+xml", ".webp": "image/webp"}
TYPES = {**IMAGES, ".xhtml": XHTML, ".css": CSS, ".ttf": FONT, ".otf": OTF}
# Cover images OPDS readers and catalogs accept.
COVER_IMAGES = {s: IMAGES[s] for s in (".png", ".jpg", ".jpeg", ".gif")}


def font_type(file_name: str) -> str:
    return OTF if file_name.lower().endswith(".otf") else FONT


def of(suffix: str, default: str = "application/octet-stream") -> str:
    """The media type for a file suffix (any case)."""
    return TYPES.get(suffix.lower(), default)
