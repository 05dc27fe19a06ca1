"""Cover art for catalogs and the preview: the book's cover image (or the typographic one) and a thumbnail."""
from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from pathlib import Path

from publish import media, policy
from publish.languages import Language
from publish.model import Book, Metadata

THUMBNAIL_BOX = (240, 384)      # fits the 1:1.6 covers; small enough for an e-reader's list
# What a cover may be once read (publish/render/images.py converts the rest): never EPS,
# which Pillow would hand to Ghostscript.
FORMATS = ["PNG", "JPEG", "GIF", "WEBP"]


@dataclass(frozen=True)
class CoverArt:
    data: bytes          # the full cover, as the book has it
    media_type: str      # image/png, image/jpeg or image/gif (what OPDS readers accept)
    suffix: str          # ".png", ".jpg"...: names it in URLs
    thumbnail: bytes     # a PNG at most THUMBNAIL_BOX


def cover_art(book: Book) -> CoverArt:
    """The book's cover and a downscaled PNG thumbnail of it."""
    return cover_art_of(book.cover, book.metadata, book.language)


def cover_art_of(cover: Path | None, metadata: Metadata, language: Language) -> CoverArt:
    """A cover image (None: the generated one) and its thumbnail. A cover image that cannot
    be read or converted gives way to the generated cover, with one warning: never an error."""
    art = image_art(cover) if cover is not None else None
    return art if art is not None else generated_art(metadata, language)


def image_art(cover: Path, checked: bool = False) -> CoverArt | None:
    """A cover image's art (its bytes alone decide it), or None with one warning when it
    cannot be read, converted or shown (`checked`: images.prepare found it whole)."""
    from publish.render.images import strict_decoding

    art = _read_cover(cover)
    if art is None:
        return None
    data, media_type, suffix = art
    try:
        with strict_decoding():
            return CoverArt(data=data, media_type=media_type, suffix=suffix,
                            thumbnail=thumbnail(data, checked))
    except Exception as exc:    # noqa: BLE001 - Pillow raises many kinds on bad data
        return _generated_instead(cover, f"cannot be shown ({exc or type(exc).__name__})")


def generated_art(metadata: Metadata, language: Language) -> CoverArt:
    """The typographic cover drawn from the metadata, and its thumbnail."""
    from publish.cover import make_cover

    data = make_cover(metadata, language)
    return CoverArt(data=data, media_type="image/png", suffix=".png", thumbnail=thumbnail(data))


def _read_cover(cover: Path) -> tuple[bytes, str, str] | None:
    suffix = cover.suffix.lower()
    try:
        data = cover.read_bytes()
    except OSError as exc:
        return _generated_instead(cover, f"cannot be read ({exc.strerror or exc})")
    if suffix in media.COVER_IMAGES:
        return data, media.COVER_IMAGES[suffix], ".jpg" if suffix == ".jpeg" else suffix
    # e.g. a WebP or SVG cover: catalogs want GIF, JPEG or PNG, so convert (raster images only).
    from publish.render.images import strict_decoding

    with strict_decoding():
        png = _as_png(data)
    if png is None:
        return _generated_instead(cover, "cannot be converted to PNG for catalogs")
    return png, "image/png", ".png"


def _generated_instead(cover: Path, why: str) -> None:
    policy.mend("cover", f"cover image '{cover.name}' {why}; the generated cover "
                "stands in", path=cover)
    return None


def _as_png(data: bytes) -> bytes | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG")
            return out.getvalue()
    except Exception:       # noqa: BLE001 - unidentified, truncated, a bomb, an SVG
        return None


def own_thumbnail(data: bytes) -> bool:
    """Whether `data` is, by its header alone, an 8-bit RGB PNG within THUMBNAIL_BOX: one
    `thumbnail` keeps as it is (after decoding it, which checks it whole)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR" or len(data) < 26:
        return False
    width, height = struct.unpack(">II", data[16:24])
    return data[24] == 8 and data[25] == 2 and width <= THUMBNAIL_BOX[0] and \
        height <= THUMBNAIL_BOX[1]


def thumbnail(data: bytes, checked: bool = False) -> bytes:
    """PNG bytes of the image scaled down to fit THUMBNAIL_BOX (an RGB PNG that fits
    already is its own thumbnail: a catalog of hundreds of small covers re-encodes none;
    decoded all the same, to check it, unless it was `checked` whole already)."""
    from PIL import Image

    if checked and own_thumbnail(data):
        return data
    with Image.open(io.BytesIO(data), formats=FORMATS) as image:
        if image.format == "PNG" and image.mode == "RGB" and \
                image.width <= THUMBNAIL_BOX[0] and image.height <= THUMBNAIL_BOX[1]:
            image.load()            # decoded all the same: a cut file is no thumbnail
            return data
        small = image.convert("RGB")
        small.thumbnail(THUMBNAIL_BOX, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        small.save(out, format="PNG", optimize=True)
        return out.getvalue()
