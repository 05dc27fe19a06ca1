"""Images as people have them: each file judged by what it holds, not by its name, and made
into one every EPUB reader shows, or found unusable (the caller leaves it out with a warning).

- PNG, JPEG and GIF are used as they are (under their real suffix if the name lies).
- SVG is used if it parses as XML with an `<svg>` root; SVGZ is unpacked to SVG first.
- Everything else Pillow reads (TIFF, BMP, WebP, ICO, JPEG 2000...) is converted: to JPEG
  when the source is already lossy and has no transparency (a photo: PNG would make it
  several times larger for nothing), else to PNG, which keeps every pixel. WebP is an EPUB
  3.3 core type, but older readers (and EPUB 3.2 reading systems) lack it, so it is
  converted too. A CMYK JPEG becomes RGB: many readers show CMYK inverted or not at all.
- Empty, unreadable, truncated, HTML saved as `.png`, undecodable, and too large to decode
  safely (Pillow's decompression-bomb limit, or a side over MAX_SIDE) are ImageProblems.

Converted files are written to `folder` (the build cache), named by the hash of their
source, with Pillow's encoders at fixed settings: the same source gives the same bytes.
"""
from __future__ import annotations

import re

import contextlib
import hashlib
import io
import json
import threading
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from publish.errors import OutputError
from publish.outputs import write_atomic

VERSION = b"images-2"               # change when a conversion's output changes
MAX_SIDE = 16384                    # WebP's limit and most readers' decoders: a longer side
                                    # (a 1x60000 strip) is not laid out by them
MAX_SVG_BYTES = 32 * 1024 * 1024    # an SVGZ that unpacks to more is a zip bomb
CORE = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif"}
SAME_SUFFIX = {".jpeg": ".jpg"}
LOSSY = {"JPEG2000"}
# The raster formats read: those of pictures people keep in a repository. Not EPS (Pillow
# runs Ghostscript on it: PostScript is a program) nor the scientific and legacy formats.
READ = ("PNG", "JPEG", "GIF", "TIFF", "BMP", "DIB", "WEBP", "ICO", "JPEG2000", "PPM", "TGA",
        "PCX", "PSD", "QOI", "AVIF")


class ImageProblem(Exception):
    """Why an image cannot be used: one clause, e.g. 'is empty (0 bytes)'."""


@dataclass(frozen=True)
class Usable:
    path: Path          # the file that goes into the book (the source, or its conversion)
    suffix: str         # its suffix: names it in the book
    note: str = ""      # what was done to it ("TIFF converted to PNG"), "" if nothing


_SEEN: dict[tuple[str, str], Usable | str] = {}    # verdicts by content hash, for this process


def prepare(path: Path, folder: Path, record: Callable[[bytes], bool] | None = None) -> Usable:
    """`path` as the book can hold it, or an ImageProblem saying why it cannot. The verdict
    is recorded in `folder` for the next run, unless `record` says the image's bytes are
    not worth it (the caller decodes them anyway)."""
    try:
        if path.is_dir():
            raise ImageProblem("is a folder, not an image")
        data = path.read_bytes()
    except OSError as exc:
        raise ImageProblem(f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise ImageProblem("is empty (0 bytes)")
    suffix = path.suffix.lower()
    digest = hashlib.sha256(_version() + suffix.encode() + b"\0" + data).hexdigest()[:24]
    key = (digest, str(folder))
    verdict = _SEEN.get(key) or _recorded(folder / digest, path)
    if verdict is None or (isinstance(verdict, Usable) and not verdict.path.is_file()):
        try:
            verdict = _judge(data, suffix, path, folder / digest)
        except ImageProblem as exc:
            verdict = str(exc)
        if record is None or record(data) or (isinstance(verdict, Usable) and verdict.note):
            _record(folder / digest, verdict, path)
    _SEEN[key] = verdict
    if isinstance(verdict, str):
        raise ImageProblem(verdict)
    # The same bytes under another name: that file itself, unless it was converted.
    return verdict if verdict.note else replace(verdict, path=path)


def _version() -> bytes:
    """What a verdict depends on beyond the bytes: our rules and Pillow's decoders."""
    import PIL
    return VERSION + b"|" + PIL.__version__.encode() + b"|"


def _recorded(stem: Path, path: Path) -> Usable | str | None:
    """The verdict an earlier build recorded in the build cache (decoding every image
    again would cost a rebuild seconds), or None."""
    try:
        facts = json.loads(stem.with_name(stem.name + ".json").read_text(encoding="utf-8"))
        if "problem" in facts:
            return str(facts["problem"])
        target = stem.with_name(stem.name + facts["suffix"]) if facts["note"] else path
        return Usable(target, str(facts["suffix"]), str(facts["note"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _record(stem: Path, verdict: Usable | str, path: Path) -> None:
    facts = {"problem": verdict} if isinstance(verdict, str) else \
        {"suffix": verdict.suffix, "note": verdict.note}
    try:
        write_atomic(stem.with_name(stem.name + ".json"), json.dumps(facts).encode())
    except OutputError:
        pass        # a cache that cannot be written only costs time


def _judge(data: bytes, suffix: str, path: Path, stem: Path) -> Usable:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:2] == b"\x1f\x8b":
        svg = _svg(_gunzip(data), "unpacked SVGZ")
        return _written(stem, ".svg", svg, "SVGZ unpacked to SVG")
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head:
        raise ImageProblem(f"is an HTML page, not an image (saved as {suffix or 'no suffix'})")
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")):
        svg = _svg(data, "SVG")
        if svg is not data:
            return _written(stem, ".svg", svg, "an SVG's HTML labels (foreignObject) left "
                                               "out; its plain-text fallback stands")
        if suffix == ".svg":
            return Usable(path, ".svg")
        return _written(stem, ".svg", data, f"an SVG named {suffix or 'without suffix'}, "
                                            "stored as .svg")
    if suffix in (".svg", ".svgz"):
        raise ImageProblem("is not an SVG (it does not start with XML)")
    return _raster(data, suffix, path, stem)


def _gunzip(data: bytes) -> bytes:
    """The unpacked bytes, at most MAX_SVG_BYTES of them."""
    try:
        unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = unpacker.decompress(data, MAX_SVG_BYTES + 1)
    except zlib.error as exc:
        raise ImageProblem(f"cannot be unpacked (gzip: {exc})") from None
    if len(out) > MAX_SVG_BYTES:
        raise ImageProblem(f"unpacks to over {MAX_SVG_BYTES // 2**20} MB; too large")
    if not unpacker.eof:
        raise ImageProblem("cannot be unpacked (the gzip stream is cut short)")
    return out


_SVG_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                              huge_tree=False)


def _svg(data: bytes, what: str) -> bytes:
    """`data` if it is well-formed XML whose root is <svg>, without its <foreignObject>s."""
    try:
        root = etree.fromstring(data, _SVG_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ImageProblem(f"is not a well-formed {what} ({exc})") from None
    if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise ImageProblem(f"is XML but not an {what}")
    # HTML inside an SVG (draw.io writes its labels so, with <font> tags, beside a plain
    # <text> fallback in a <switch>) is rarely valid EPUB XHTML (EPUBCheck RSC-005), and
    # readers draw the fallback anyway: the foreign part goes, the fallback stays.
    foreign = [e for e in root.iter() if isinstance(e.tag, str)
               and etree.QName(e).localname == "foreignObject"]
    for element in foreign:
        element.getparent().remove(element)
    renamed = _xml_name_ids(root)
    if not foreign and not renamed:
        return data
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


_NCNAME = re.compile(r"^[A-Za-z_][\w.-]*\Z")


def _xml_name_ids(root: etree._Element) -> bool:
    """Ids that are no XML name (`4Z3V-x`, as some SVG exporters write them: EPUBCheck
    RSC-005) get a leading `_`, and every `#id` and `url(#id)` that points at them follows."""
    bad = {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")
           and not _NCNAME.match(e.get("id"))}
    if not bad:
        return False
    pattern = re.compile(r"#(" + "|".join(re.escape(i) for i in sorted(bad, key=len, reverse=True))
                         + r")(?=[)\s\"';,]|\Z)")
    for e in root.iter():
        if not isinstance(e.tag, str):
            continue
        for name, value in e.attrib.items():
            if name == "id" and value in bad:
                e.set(name, f"_{value}")
            elif "#" in value:
                e.set(name, pattern.sub(lambda m: f"#_{m.group(1)}", value))
        if etree.QName(e).localname == "style" and e.text and "#" in e.text:
            e.text = pattern.sub(lambda m: f"#_{m.group(1)}", e.text)
    return True


def _raster(data: bytes, suffix: str, path: Path, stem: Path) -> Usable:
    with _decoded(data) as image:
        # Pillow names a JPEG carrying a multi-picture index MPO: it is a JPEG file.
        kind = "JPEG" if image.format == "MPO" else image.format or "?"
        if kind in CORE and not (kind == "JPEG" and image.mode == "CMYK"):
            if SAME_SUFFIX.get(suffix, suffix) == CORE[kind]:
                return Usable(path, suffix)
            return _written(stem, CORE[kind], data,
                            f"a {kind} named {suffix or 'without suffix'}, stored as {CORE[kind]}")
        if kind == "JPEG":
            return _written(stem, ".jpg", _encode(_rgb(image), "JPEG"),
                            "CMYK JPEG converted to RGB")
        alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or \
            "transparency" in image.info
        lossy = kind in LOSSY or (kind == "WEBP" and data[12:16] == b"VP8 ") or \
            (kind == "TIFF" and image.info.get("compression") in ("jpeg", "tiff_jpeg"))
        if lossy and not alpha:
            return _written(stem, ".jpg", _encode(_rgb(image), "JPEG"),
                            f"{kind} converted to JPEG")
        flat = image.convert("RGBA" if alpha else "RGB")
        return _written(stem, ".png", _encode(flat, "PNG"), f"{kind} converted to PNG")


_TRUNCATED = threading.RLock()


@contextlib.contextmanager
def strict_decoding():
    """Pillow refuses a truncated file while inside: WeasyPrint's import sets Pillow's
    LOAD_TRUNCATED_IMAGES for the whole process, which would let a cut-short image pass."""
    from PIL import ImageFile

    with _TRUNCATED:
        before, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


class _decoded:
    """The image opened and fully decoded, or an ImageProblem: a bomb, a side too long,
    truncated or undecodable data (whatever a decoder raises on a hostile file)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.image = data, None

    def __enter__(self):
        from PIL import Image, UnidentifiedImageError

        try:
            with warnings.catch_warnings(), strict_decoding():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                Image.init()
                self.image = Image.open(io.BytesIO(self.data),
                                        formats=[f for f in READ if f in Image.OPEN])
                width, height = self.image.size
                if max(width, height) > MAX_SIDE:
                    raise ImageProblem(f"is {width}×{height} pixels: a side over {MAX_SIDE} "
                                       "is too large to decode safely")
                self.image.load()
        except ImageProblem:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageProblem("has too many pixels to decode safely (a decompression "
                               "bomb)") from None
        except UnidentifiedImageError:
            raise ImageProblem("cannot be identified as an image (cut short, or another "
                               "kind of file)") from None
        except Exception as exc:     # noqa: BLE001 - decoders raise many kinds on bad data
            raise ImageProblem(f"cannot be decoded ({_reason(exc)})") from None
        return self.image

    def __exit__(self, *exc) -> None:
        if self.image is not None:
            self.image.close()


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text if text else type(exc).__name__


def _rgb(image):
    """RGB pixels; a CMYK image through its ICC profile when it has one."""
    profile = image.info.get("icc_profile")
    if image.mode == "CMYK" and profile:
        try:
            from PIL import ImageCms
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                             outputMode="RGB")
        except Exception:       # noqa: BLE001 - a broken profile: the plain conversion
            pass
    return image.convert("RGB")


def _encode(image, kind: str) -> bytes:
    """Fixed encoder settings, no metadata carried over: the same pixels, the same bytes."""
    out = io.BytesIO()
    if kind == "JPEG":
        image.save(out, format="JPEG", quality=90, optimize=False, progressive=False)
    else:
        image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


def _written(stem: Path, suffix: str, data: bytes, note: str) -> Usable:
    target = stem.with_name(stem.name + suffix)
    if not target.is_file() or target.stat().st_size != len(data):
        write_atomic(target, data)
    return Usable(target, suffix, note)
