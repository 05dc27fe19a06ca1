"""What `publish all --for STORE` writes beside a book: the store's copy of the EPUB and its cover file.

Into `<out>/<store>/`: the EPUB with every image over the store's pixel limit scaled
under it (the master EPUB is never touched), and the cover on its own at the store's size
and format (stores.toml: cover_file). Same inputs, same bytes.
"""
from __future__ import annotations

import datetime as _dt
import io
import math
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from publish import epubread, isbn as isbns, outputs
from publish.stores import Store
from publish.writers.epub import container

JPEG_QUALITY = 92


def write(store: Store, epub: Path, edition, config_path: Path,
          drawn_cover: Callable[[], bytes]) -> list[Path]:
    """The store's files for one built EPUB; `drawn_cover` gives publish's own cover (PNG
    bytes, at full size) for a book that brings no cover image."""
    folder = epub.parent / store.key
    copy = folder / epub.name
    _store_copy(store, epub, copy)
    cover = folder / _cover_name(store, epub, edition)
    outputs.write_atomic(cover, _cover_bytes(store, edition, config_path, drawn_cover))
    return [copy, cover]


def _cover_bytes(store: Store, edition, config_path: Path, drawn_cover: Callable[[], bytes]) -> bytes:
    """The cover file from the config's cover image; one Pillow cannot read (an SVG, a broken
    file) gives way to publish's own, with a warning, as the build does."""
    from PIL import UnidentifiedImageError

    from publish import policy

    if edition.cover:
        path = config_path.parent / edition.cover
        try:
            return cover_file(store, path.read_bytes())
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
            policy.mend("cover", f"{store.key}: the cover image cannot be made a "
                                 f"{store.cover_file.get('format', 'jpeg').upper()} file; "
                                 "publish's own cover is sent instead", path=path)
    return cover_file(store, drawn_cover())


def _store_copy(store: Store, epub: Path, target: Path) -> None:
    """The EPUB with its images scaled under the store's pixel limit (a plain copy when none is
    over it)."""
    with zipfile.ZipFile(epub) as z:
        package = epubread.read(z, epub)
        when = _dt.datetime(*z.getinfo("mimetype").date_time, tzinfo=_dt.timezone.utc)
        over = [i.path for i in package.images() if _over(store, z, i.path)]
    limit = store.image_pixels_max
    with outputs.atomic_path(target) as tmp:
        if over:
            container.repack(epub, tmp, when, dict.fromkeys(over, lambda data: scaled(data, limit)))
        else:
            shutil.copyfile(epub, tmp)


def _over(store: Store, z: zipfile.ZipFile, name: str) -> bool:
    from publish.preflight import image_size

    size = image_size(z, name) if store.image_pixels_max else None
    return bool(size) and size[0] * size[1] > store.image_pixels_max


def scaled(data: bytes, pixels_max: int) -> bytes:
    """The image re-encoded in its own format, scaled to at most `pixels_max` pixels."""
    with Image.open(io.BytesIO(data)) as im:
        factor = math.sqrt(pixels_max / (im.width * im.height))
        size = (max(1, math.floor(im.width * factor)), max(1, math.floor(im.height * factor)))
        while size[0] * size[1] > pixels_max:
            size = (size[0] - 1, size[1])
        fmt = im.format or "PNG"
        small = im.resize(size, Image.Resampling.LANCZOS)
    return _encoded(small, fmt)


def _encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def cover_file(store: Store, source: bytes) -> bytes:
    """The cover as the store takes it on its own: in its format, its longer side scaled
    down to the store's figure (never up: a small cover is a preflight finding)."""
    with Image.open(io.BytesIO(source)) as im:
        image = _flat(im) if store.cover_file.get("format", "jpeg") == "jpeg" else im.copy()
    long = store.cover_file.get("long")
    if long and max(image.size) > long:
        factor = long / max(image.size)
        image = image.resize((round(image.width * factor), round(image.height * factor)),
                             Image.Resampling.LANCZOS)
    return _encoded(image, "JPEG" if store.cover_file.get("format", "jpeg") == "jpeg" else "PNG")


def _flat(image: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white (JPEG has no alpha)."""
    rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat


def _cover_name(store: Store, epub: Path, edition) -> str:
    """`<book>-cover.jpg`; Kobo's is named by the EPUB's ISBN when there is one."""
    suffix = ".jpg" if store.cover_file.get("format", "jpeg") == "jpeg" else ".png"
    number = isbns.for_output(edition.isbns, "epub")
    if store.cover_file.get("isbn_name") and number:
        return number + suffix
    return f"{epub.stem}-cover{suffix}"
