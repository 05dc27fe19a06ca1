"""The embedded font: static instances of Source Serif 4 (OFL), cached, and subsets per book.

Many e-readers handle variable fonts poorly, so the variable font from the
`fontpkg-source-serif-4` package is cut into static instances once (cached
outside build/, keyed by the font file's hash) and each book embeds subsets
of those instances holding only the glyphs it uses.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from publish.outputs import atomic_path
from publish.paths import user_cache

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# fontTools is imported where it is used: most builds find every font they need cached.

FAMILY = "Source Serif 4"
PACKAGE = "fontpkg_source_serif_4"
TEXT_OPSZ = 11          # optical size for running text (print 10.5 pt, e-readers alike)
FEATURES = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "smcp", "c2sc",
            "onum", "lnum", "pnum", "tnum", "case", "frac", "sups", "subs", "ordn"]
# Characters every book may need beyond its text: hyphenation, labels, numbers, punctuation.
BASE_TEXT = ("0123456789 .,;:!?‐-–—…’‘“”«»„()[]/%*+=#&@ \u00a0\u202f\u2009"
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz©®™№§↑")


@dataclass(frozen=True)
class Face:
    style: str        # "normal" | "italic"
    weight: int       # 400 | 600
    file_name: str    # e.g. SourceSerif4-Italic.ttf

    @property
    def source(self) -> str:
        return "SourceSerif4-Italic[opsz,wght].ttf" if self.style == "italic" else \
            "SourceSerif4[opsz,wght].ttf"


FACES = (
    Face("normal", 400, "SourceSerif4-Regular.ttf"),
    Face("italic", 400, "SourceSerif4-Italic.ttf"),
    Face("normal", 600, "SourceSerif4-Semibold.ttf"),
    Face("italic", 600, "SourceSerif4-SemiboldItalic.ttf"),
)


def css_faces(url_of: Callable[[Face], str]) -> list[dict]:
    """Every face as layouts/partials/font-faces.css takes it: style, weight and its url."""
    return [{"style": f.style, "weight": f.weight, "url": url_of(f)} for f in FACES]


def _variable_path(face: Face) -> Path:
    return Path(str(files(PACKAGE) / "files" / face.source))


def cache_dir() -> Path:
    return user_cache() / "fonts"


@lru_cache(maxsize=None)
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def static_path(face: Face) -> Path:
    """The static instance of `face`, made once and cached (a few seconds the first time)."""
    source = _variable_path(face)
    target = cache_dir() / f"{_digest(source)}-opsz{TEXT_OPSZ}" / face.file_name
    if not target.exists():
        from fontTools.ttLib import TTFont
        from fontTools.varLib import instancer

        target.parent.mkdir(parents=True, exist_ok=True)
        font = instancer.instantiateVariableFont(
            TTFont(source), {"wght": face.weight, "opsz": TEXT_OPSZ}, updateFontNames=False)
        _rename(font, face)
        with atomic_path(target) as tmp:
            font.save(tmp)
    return target


def _rename(font: TTFont, face: Face) -> None:
    """Family 'Source Serif 4', subfamily by style, so PDF and e-readers name it consistently."""
    sub = {("normal", 400): "Regular", ("italic", 400): "Italic",
           ("normal", 600): "Semibold", ("italic", 600): "Semibold Italic"}[(face.style, face.weight)]
    name = font["name"]
    ps = face.file_name.removesuffix(".ttf")
    for record in list(name.names):
        if record.nameID in (16, 17, 25):
            name.removeNames(nameID=record.nameID)
    name.setName(FAMILY if sub in ("Regular", "Italic") else f"{FAMILY} Semibold", 1, 3, 1, 0x409)
    name.setName(sub if sub in ("Regular", "Italic") else sub.replace("Semibold", "").strip() or "Regular",
                 2, 3, 1, 0x409)
    name.setName(f"{FAMILY} {sub}", 4, 3, 1, 0x409)
    name.setName(ps, 6, 3, 1, 0x409)
    name.setName(FAMILY, 16, 3, 1, 0x409)
    name.setName(sub, 17, 3, 1, 0x409)


@lru_cache(maxsize=1)
def coverage() -> frozenset[int]:
    """Code points the roman and the italic both cover (HarfBuzz reads the cmaps in a millisecond)."""
    roman, italic = (set(_hb_face(face).unicodes) for face in FACES[:2])
    return frozenset(roman & italic)


def missing_characters(text: str) -> list[str]:
    """Characters of `text` the font lacks (controls and plain white space aside)."""
    have = coverage()
    return sorted(ch for ch in set(text) - set("\n\r\t\ufe0e\ufe0f") if ord(ch) not in have)


def subset_faces(text: str) -> list[bytes]:
    """Every face cut down to the glyphs `text` needs (plus BASE_TEXT)."""
    chars = "".join(sorted(set(text + BASE_TEXT)))
    return [subset_face(face, chars) for face in FACES]


def subset_face(face: Face, text: str) -> bytes:
    """The static face cut down to the glyphs `text` (plus BASE_TEXT) needs.

    HarfBuzz's subsetter (uharfbuzz) does it in milliseconds where fontTools takes
    half a second a face, most of it reading the kerning. It keeps every name record,
    the layout features the CSS asks for (and what they reach), no hinting (e-readers
    and PDF viewers render unhinted outlines well) and the .notdef outline.
    """
    import uharfbuzz as hb

    plan = hb.SubsetInput()
    plan.unicode_set.update(ord(ch) for ch in set(text + BASE_TEXT))
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


def license_text() -> str:
    return (files(PACKAGE) / "LICENSE").read_text(encoding="utf-8")
