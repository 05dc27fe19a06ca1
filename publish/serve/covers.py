"""Cover art for catalogs and the preview: the book's cover image (or the typographic one) and a thumbnail."""
from __future__ import annotations

import io
from dataclasses import dataclass

from publish import media
from publish.errors import SourceError
from publish.model import Book

THUMBNAIL_BOX = (240, 384)      # fits the 1:1.6 covers; small enough for an e-reader's list


@dataclass(frozen=True)
class CoverArt:
    data: bytes          # the full cover, as the book has it
    media_type: str      # image/png, image/jpeg or image/gif (what OPDS readers accept)
    suffix: str          # ".png", ".jpg"...: names it in URLs
    thumbnail: bytes     # a PNG at most THUMBNAIL_BOX


def cover_art(book: Book) -> CoverArt:
    """The book's cover and a downscaled PNG thumbnail of it."""
    if book.cover is None:
        from publish.cover import make_cover
        data, media_type, suffix = make_cover(book.metadata, book.language), "image/png", ".png"
    else:
        data, media_type, suffix = _read_cover(book)
    return CoverArt(data=data, media_type=media_type, suffix=suffix, thumbnail=thumbnail(data))


def _read_cover(book: Book) -> tuple[bytes, str, str]:
    suffix = book.cover.suffix.lower()
    try:
        data = book.cover.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the cover: {exc.strerror or exc}", path=book.cover) from None
    if suffix in media.COVER_IMAGES:
        return data, media.COVER_IMAGES[suffix], ".jpg" if suffix == ".jpeg" else suffix
    # e.g. a WebP or SVG cover: catalogs want GIF, JPEG or PNG, so convert (raster images only).
    return _as_png(data, book), "image/png", ".png"


def _as_png(data: bytes, book: Book) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG")
            return out.getvalue()
    except (UnidentifiedImageError, OSError) as exc:
        raise SourceError(f"cover image cannot be converted to PNG: {exc}", path=book.cover) from None


def thumbnail(data: bytes) -> bytes:
    """PNG bytes of the image scaled down to fit THUMBNAIL_BOX."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        small = image.convert("RGB")
        small.thumbnail(THUMBNAIL_BOX, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        small.save(out, format="PNG", optimize=True)
        return out.getvalue()
