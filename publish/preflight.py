"""Store preflight: each store's published limits (stores.toml) checked on a built EPUB and the config.

Every finding names the store, the figure and the limit, and where it is: the file inside
the EPUB (with the line, for XHTML) or the config key.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from publish import epubread, isbn as isbns
from publish.checks import Message
from publish.stores import Store

PAGE_BYTES = 1024       # an EPUB page as Adobe Digital Editions counts them (stores.toml: pages_min)


def check(store: Store, epub: Path, edition, config_path: Path) -> list[Message]:
    """The findings of one store on one built EPUB and its edition's config."""
    with zipfile.ZipFile(epub) as z:
        package = epubread.read(z, epub)
        messages = _size(store, epub) + _images(store, epub, z, package) + \
            _documents(store, epub, z, package) + _cover(store, epub, z, package)
    return messages + _cover_file(store, edition, config_path) + \
        _isbn(store, edition, config_path)


def _message(store: Store, limit: str, where: str, line: int | None, text: str) -> Message:
    return Message(store.severity(limit), f"store-{store.key}", where, line,
                   f"{store.key}: {text} ({store.sources[0]})")


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _size(store: Store, epub: Path) -> list[Message]:
    size = epub.stat().st_size
    if store.epub_bytes_max and size > store.epub_bytes_max:
        return [_message(store, "epub_bytes_max", str(epub), None,
                         f"the EPUB is {_mb(size)}; {store.name} takes at most "
                         f"{_mb(store.epub_bytes_max)}")]
    return []


def _images(store: Store, epub: Path, z: zipfile.ZipFile, package) -> list[Message]:
    """Each image's pixels and bytes (the cover's too: it is an image in the book)."""
    messages = []
    for item in package.images():
        where = f"{epub}/{item.path}"
        try:
            info = z.getinfo(item.path)
        except KeyError:
            continue                    # EPUBCheck reports a missing manifest file
        if store.image_bytes_max and info.file_size > store.image_bytes_max:
            messages.append(_message(store, "image_bytes_max", where, None,
                                     f"image of {_mb(info.file_size)}; {store.name} takes at "
                                     f"most {_mb(store.image_bytes_max)} an image"))
        size = image_size(z, item.path)
        if store.image_pixels_max and size and size[0] * size[1] > store.image_pixels_max:
            messages.append(_message(store, "image_pixels_max", where, None,
                                     f"image of {size[0]}×{size[1]} = "
                                     f"{size[0] * size[1] / 1e6:.2f} million pixels; "
                                     f"{store.name} takes at most "
                                     f"{store.image_pixels_max / 1e6:g} million"))
    return messages


def image_size(z: zipfile.ZipFile, name: str) -> tuple[int, int] | None:
    """An image's width and height, read from its header (None: SVG or unreadable)."""
    if name.lower().endswith((".svg", ".svgz")):
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(z.read(name))) as im:
            return im.size
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None


def _documents(store: Store, epub: Path, z: zipfile.ZipFile, package) -> list[Message]:
    """HTML file sizes, the book's length in pages, and references to printed pages."""
    messages, text_bytes = [], 0
    for item in package.documents():
        try:
            data = z.read(item.path)
        except KeyError:
            continue
        where = f"{epub}/{item.path}"
        if store.html_bytes_max and len(data) > store.html_bytes_max:
            messages.append(_message(store, "html_bytes_max", where, None,
                                     f"content document of {_mb(len(data))}; {store.name} "
                                     f"takes at most {_mb(store.html_bytes_max)} a document"))
        text = data.decode("utf-8", "replace")
        if "nav" not in item.properties:
            text_bytes += len(_text(text).encode("utf-8"))
        for line, found in _page_references(store, text):
            messages.append(_message(store, "page_references", where, line,
                                     f"'{found}' refers to a printed page; {store.name} takes "
                                     "no page-number references in an e-book"))
    pages = -(-text_bytes // PAGE_BYTES)
    if store.pages_min and pages < store.pages_min:
        messages.append(_message(store, "pages_min", str(epub), None,
                                 f"the book is about {pages} page(s) long ({PAGE_BYTES} bytes of "
                                 f"text a page); {store.name} takes at least {store.pages_min}"))
    return messages


_TAG = re.compile(r"<[^>]*>")


def _text(markup: str) -> str:
    """The text of a document's body, tags left out (entities are few in ours: not decoded)."""
    body = markup.split("<body", 1)[-1]
    return re.sub(r"\s+", " ", _TAG.sub(" ", body))


def _page_references(store: Store, text: str) -> Iterator[tuple[int, str]]:
    """(line, words) of each "page 12" / "p. 12" in the text, tags left out, line by line."""
    if not store.page_references:
        return
    words = "|".join(re.escape(w) for w in sorted(store.page_references, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.])(?:{words})\s*\d+", re.IGNORECASE)
    in_body = False
    for number, line in enumerate(text.splitlines(), 1):
        in_body = in_body or "<body" in line
        if in_body:
            for m in pattern.finditer(_TAG.sub(" ", line)):
                yield number, " ".join(m.group().split())


def _cover(store: Store, epub: Path, z: zipfile.ZipFile, package) -> list[Message]:
    """The cover: inside the EPUB, first, and of a size and shape the store takes."""
    if not package.cover:
        if store.cover_inside or store.cover_first:
            return [_message(store, "cover_inside", str(epub), None,
                             f"the EPUB has no cover image; {store.name} wants it inside")]
        return []
    if store.cover_first and not _shows(z, package.spine[:1], package.cover):
        first = package.spine[0] if package.spine else package.opf
        return [_message(store, "cover_first", f"{epub}/{first}", None,
                         f"the first page does not show the cover; {store.name} wants "
                         "the cover as page 1 (publish all --for d2d writes such a copy)")]
    return []


def _cover_file(store: Store, edition, config_path: Path) -> list[Message]:
    """The cover the store is sent on its own is made from the config's cover image: its
    size and shape. (With none, publish draws its cover at the size stores ask for.)"""
    if not edition.cover:
        return []
    path = config_path.parent / edition.cover
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            size = im.size
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return []                   # the build has said so (policy: "cover")
    return _cover_size(store, str(path), size)


def _shows(z: zipfile.ZipFile, documents: tuple[str, ...], image: str) -> bool:
    name = image.rsplit("/", 1)[-1]
    return any(name in z.read(d).decode("utf-8", "replace") for d in documents if d in z.namelist())


def _cover_size(store: Store, where: str, size: tuple[int, int]) -> list[Message]:
    """The cover's sides and shape against the store's figures."""
    width, height = size
    short, long = sorted(size)
    shown = f"cover of {width}×{height} pixels"
    found = []
    if store.cover_short_min and short < store.cover_short_min:
        found.append(("cover_short_min", f"{shown}; {store.name} wants at least "
                                         f"{store.cover_short_min} on the shorter side"))
    if store.cover_long_min and long < store.cover_long_min:
        found.append(("cover_long_min", f"{shown}; {store.name} wants at least "
                                        f"{store.cover_long_min} on the longer side"))
    if store.cover_side_max and long > store.cover_side_max:
        found.append(("cover_side_max", f"{shown}; {store.name} takes at most "
                                        f"{store.cover_side_max} a side"))
    if store.cover_ratio and not store.cover_ratio[0] <= width / height <= store.cover_ratio[1]:
        low, high = store.cover_ratio
        found.append(("cover_ratio", f"{shown} (width/height {width / height:.2f}); {store.name} "
                                     f"suggests a portrait cover about 3:4 ({low:g} to {high:g})"))
    return [_message(store, limit, where, None, text) for limit, text in found]


def _isbn(store: Store, edition, config_path: Path) -> list[Message]:
    """An ISBN for the EPUB where the store needs one: the key to set, named."""
    if not store.isbn or isbns.for_output(edition.isbns, "epub"):
        return []
    key = f"isbn.{edition.code}.epub"
    return [Message("error", f"store-{store.key}", str(config_path), None,
                    f"{key}: {store.key}: no ISBN for the {edition.code} EPUB; {store.name} needs "
                    f"one ({store.sources[-1]})")]
