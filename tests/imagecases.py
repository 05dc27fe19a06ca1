"""Images as people have them, made with Pillow for the tests (never copied files): each case
is a file name, its bytes, and what the book should make of it (issue 24)."""
from __future__ import annotations

import gzip
import io
import random
import struct
import zlib
from pathlib import Path

from PIL import Image

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
       b'<rect width="40" height="20" fill="#345"/></svg>')


def encoded(image: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def noisy(size=(160, 120), mode="RGB") -> Image.Image:
    """Pixels that do not compress: cutting the file short cuts its image data."""
    rng = random.Random(24)
    bands = len(mode)
    return Image.frombytes(mode, size, bytes(rng.randrange(256)
                                             for _ in range(size[0] * size[1] * bands)))


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG whose header claims 10 gigapixels over a few bytes of data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(b"\0" * 4096)) + chunk(b"IEND", b""))


def unusable() -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, the clause the warning holds): each is left out, its alt text in."""
    whole = encoded(noisy(), "PNG")
    return {
        "empty.png": (b"", "is empty (0 bytes)"),
        "page.png": (b"<!DOCTYPE html>\n<html><head><title>404</title></head></html>\n",
                     "is an HTML page, not an image (saved as .png)"),
        "cut.png": (whole[:len(whole) // 2], "cannot be decoded (image file is truncated)"),
        "noise.png": (bytes(range(256)) * 4, "cannot be identified as an image"),
        "strip.png": (encoded(Image.new("L", (1, 60000), 200), "PNG"),
                      "is 1×60000 pixels: a side over 16384 is too large to decode safely"),
        "bomb.png": (bomb_png(), "has too many pixels to decode safely (a decompression bomb)"),
        "broken.svgz": (gzip.compress(b"<svg><rect", mtime=0), "is not a well-formed unpacked SVGZ"),
        "notsvg.svg": (b"GIF89a but not really", "is not an SVG"),
    }


def convertible() -> dict[str, tuple[bytes, str, str]]:
    """name -> (bytes, the suffix it gets in the book, the note of the conversion)."""
    return {
        "figure.svgz": (gzip.compress(SVG, mtime=0), ".svg", "SVGZ unpacked to SVG"),
        "scan.tiff": (encoded(noisy((40, 30)), "TIFF"), ".png", "TIFF converted to PNG"),
        "icon.bmp": (encoded(Image.new("RGB", (30, 20), "green"), "BMP"), ".png",
                     "BMP converted to PNG"),
        "photo.webp": (encoded(noisy((40, 30)), "WEBP", quality=80), ".jpg",
                       "WEBP converted to JPEG"),
        "glass.webp": (encoded(Image.new("RGBA", (30, 20), (10, 20, 30, 90)), "WEBP",
                               lossless=True), ".png", "WEBP converted to PNG"),
        "print.jpg": (encoded(Image.new("CMYK", (30, 20), (0, 230, 230, 0)), "JPEG"), ".jpg",
                      "CMYK JPEG converted to RGB"),
        "misnamed.png": (encoded(Image.new("RGB", (30, 20), "white"), "JPEG"), ".jpg",
                         "a JPEG named .png, stored as .jpg"),
    }


def write(folder: Path, cases: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, *_) in cases.items():
        (folder / name).write_bytes(data)
