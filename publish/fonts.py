"""The embedded fonts: static instances of Source Serif 4 (text) and Source Code Pro (code), both
OFL, cut once and cached, then subset per book.

Many e-readers handle variable fonts poorly, so the variable fonts from the
`fontpkg-source-serif-4` and `fontpkg-source-code-pro` packages are cut into static
instances once (cached outside build/, keyed by the font file's hash) and each book
embeds subsets of those instances holding only the glyphs it uses. Code is set, and its
characters checked, in the monospace; everything else in the serif.
"""
from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from publish.outputs import atomic_path, write_atomic
from publish.paths import user_cache

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# fontTools is imported where it is used: most builds find every font they need cached.

FAMILY = "Source Serif 4"
MONO_FAMILY = "Source Code Pro"
PACKAGE = "fontpkg_source_serif_4"
TEXT_OPSZ = 11          # optical size for running text (print 10.5 pt, e-readers alike)
FEATURES = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "smcp", "c2sc",
            "onum", "lnum", "pnum", "tnum", "case", "frac", "sups", "subs", "ordn"]
# Characters every book may need beyond its text: hyphenation, labels, numbers, punctuation.
BASE_TEXT = ("0123456789 .,;:!?‐-–—…’‘“”«»„()[]/%*+=#&@ \u00a0\u202f\u2009"
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz©®™№§↑")
# What code needs beyond its text: ASCII, and the continuation mark of a wrapped line.
MONO_BASE_TEXT = "".join(chr(c) for c in range(0x20, 0x7f)) + "\u00a0→"
# Elements whose text is set in the monospace (layouts/css: pre, code, kbd, samp).
CODE_TAGS = ("pre", "code", "kbd", "samp")
_SUBFAMILIES = {("normal", 400): "Regular", ("italic", 400): "Italic", ("normal", 600): "Semibold",
                ("italic", 600): "Semibold Italic", ("normal", 700): "Bold"}


@dataclass(frozen=True)
class Face:
    style: str        # "normal" | "italic"
    weight: int       # 400 | 600 | 700
    file_name: str    # e.g. SourceSerif4-Italic.ttf
    family: str = FAMILY
    package: str = PACKAGE
    source: str = "SourceSerif4[opsz,wght].ttf"      # the variable font it is cut from
    opsz: int | None = TEXT_OPSZ                      # optical size, for fonts that have the axis


_ITALIC_SERIF = "SourceSerif4-Italic[opsz,wght].ttf"
_CODE = dict(family=MONO_FAMILY, package="fontpkg_source_code_pro", opsz=None)
BODY_FACES = (
    Face("normal", 400, "SourceSerif4-Regular.ttf"),
    Face("italic", 400, "SourceSerif4-Italic.ttf", source=_ITALIC_SERIF),
    Face("normal", 600, "SourceSerif4-Semibold.ttf"),
    Face("italic", 600, "SourceSerif4-SemiboldItalic.ttf", source=_ITALIC_SERIF),
)
MONO_FACES = (
    Face("normal", 400, "SourceCodePro-Regular.ttf", source="SourceCodePro[wght].ttf", **_CODE),
    Face("italic", 400, "SourceCodePro-Italic.ttf", source="SourceCodePro-Italic[wght].ttf", **_CODE),
    Face("normal", 700, "SourceCodePro-Bold.ttf", source="SourceCodePro[wght].ttf", **_CODE),
)
FACES = BODY_FACES + MONO_FACES


def css_faces(url_of: Callable[[Face], str], faces: tuple[Face, ...] = FACES) -> list[dict]:
    """Each face as layouts/partials/font-faces.css takes it: family, style, weight, url."""
    return [{"family": f.family, "style": f.style, "weight": f.weight, "url": url_of(f)}
            for f in faces]


def _variable_path(face: Face) -> Path:
    return Path(str(files(face.package) / "files" / face.source))


def cache_dir() -> Path:
    return user_cache() / "fonts"


@lru_cache(maxsize=None)
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def static_path(face: Face) -> Path:
    """The static instance of `face`, made once and cached (a few seconds the first time)."""
    source = _variable_path(face)
    axes = f"-opsz{face.opsz}" if face.opsz else "-static"
    target = cache_dir() / f"{_digest(source)}{axes}" / face.file_name
    if not target.exists():
        from fontTools.ttLib import TTFont
        from fontTools.varLib import instancer

        location = {"wght": face.weight, **({"opsz": face.opsz} if face.opsz else {})}
        font = instancer.instantiateVariableFont(TTFont(source), location, updateFontNames=False)
        _rename(font, face)
        with atomic_path(target) as tmp:
            font.save(tmp)
    return target


def _rename(font: TTFont, face: Face) -> None:
    """Family and subfamily by style, so PDF and e-readers name every face consistently."""
    sub = _SUBFAMILIES[(face.style, face.weight)]
    plain = sub in ("Regular", "Italic", "Bold")      # the four style-linked names of a family
    name = font["name"]
    ps = face.file_name.removesuffix(".ttf")
    for record in list(name.names):
        if record.nameID in (16, 17, 25):
            name.removeNames(nameID=record.nameID)
    name.setName(face.family if plain else f"{face.family} Semibold", 1, 3, 1, 0x409)
    name.setName(sub if plain else sub.replace("Semibold", "").strip() or "Regular", 2, 3, 1, 0x409)
    name.setName(f"{face.family} {sub}", 4, 3, 1, 0x409)
    name.setName(ps, 6, 3, 1, 0x409)
    name.setName(face.family, 16, 3, 1, 0x409)
    name.setName(sub, 17, 3, 1, 0x409)


@lru_cache(maxsize=None)
def coverage(family: str = FAMILY) -> frozenset[int]:
    """Code points the roman and the italic of `family` both cover (HarfBuzz reads the cmaps
    in a millisecond)."""
    sets = [set(_hb_face(face).unicodes) for face in FACES
            if face.family == family and face.weight == 400]
    return frozenset(set.intersection(*sets))


def missing_characters(text: str, family: str = FAMILY) -> list[str]:
    """Characters of `text` the family lacks (controls and plain white space aside)."""
    have = coverage(family)
    return sorted(ch for ch in set(text) - set("\n\r\t\ufe0e\ufe0f") if ord(ch) not in have)


CODE_RE = re.compile(r"<(pre|code|kbd|samp)\b[^>]*>(.*?)</\1>", re.S)


def code_text(markup: str) -> str:
    """The text of a document's code (pre, code, kbd, samp), which the monospace sets."""
    found = "".join(m.group(2) for m in CODE_RE.finditer(markup))
    return html.unescape(re.sub(r"<[^>]*>", "", found))


def subset_faces(text: str, code: str = "", faces: tuple[Face, ...] = FACES) -> list[bytes]:
    """Each face cut down to the glyphs it needs: the serif for `text`, the monospace for
    `code` (each plus its base characters), in the order of `faces`."""
    return [subset_face(face, code + MONO_BASE_TEXT if face.family == MONO_FAMILY
                        else text + BASE_TEXT) for face in faces]


def subset_face(face: Face, text: str) -> bytes:
    """The static face cut down to the glyphs `text` needs.

    HarfBuzz's subsetter (uharfbuzz) does it in milliseconds where fontTools takes
    half a second a face, most of it reading the kerning. It keeps every name record,
    the layout features the CSS asks for (and what they reach), no hinting (e-readers
    and PDF viewers render unhinted outlines well) and the .notdef outline.
    """
    import uharfbuzz as hb

    plan = hb.SubsetInput()
    plan.unicode_set.update(ord(ch) for ch in set(text))
    features = plan.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    features.update(int.from_bytes(tag.encode("ascii"), "big") for tag in FEATURES)
    for kept in (hb.SubsetInputSets.NAME_ID, hb.SubsetInputSets.NAME_LANG_ID):
        every = plan.sets(kept)    # every name record, not only IDs 0-6 in English
        every.clear()
        every.invert()
    plan.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    result = hb.subset(_hb_face(face), plan)
    if result is None:
        raise RuntimeError(f"HarfBuzz could not subset {face.file_name}")
    return bytes(result.blob.data)


@lru_cache(maxsize=None)
def _hb_face(face: Face):
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(str(static_path(face))))


def fontconfig_file() -> Path:
    """A fontconfig setup that knows no installed font at all.

    WeasyPrint finds fonts through fontconfig, which would otherwise take a character no
    embedded font has from any installed font (DejaVu, Noto…) and embed it unasked. With
    this, the stylesheets' @font-face faces are all there is: the PDF holds the designed
    families only, and a character none has draws as a visible gap (`publish check` lists
    it with file and line)."""
    folder = user_cache() / "fontconfig"
    target = folder / "fonts.conf"
    text = ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            f"  <dir>{folder / 'none'}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n"
            "</fontconfig>\n")
    (folder / "none").mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        write_atomic(target, text.encode("utf-8"))
    return target


def license_text() -> str:
    return (files(PACKAGE) / "LICENSE").read_text(encoding="utf-8")
