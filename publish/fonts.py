"""The embedded font: static instances of Source Serif 4 (OFL), cached, and subsets per book.

Many e-readers handle variable fonts poorly, so the variable font from the
`fontpkg-source-serif-4` package is cut into static instances once (cached
outside build/, keyed by the font file's hash) and each book embeds subsets
of those instances holding only the glyphs it uses.
"""
from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

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


def _variable_path(face: Face) -> Path:
    return Path(str(files(PACKAGE) / "files" / face.source))


def cache_dir() -> Path:
    base = os.environ.get("PUBLISH_CACHE") or os.environ.get("XDG_CACHE_HOME") or \
        str(Path.home() / ".cache")
    return Path(base) / "publish" / "fonts"


def static_path(face: Face) -> Path:
    """The static instance of `face`, made once and cached (a few seconds the first time)."""
    source = _variable_path(face)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = cache_dir() / f"{digest}-opsz{TEXT_OPSZ}" / face.file_name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        font = instancer.instantiateVariableFont(
            TTFont(source), {"wght": face.weight, "opsz": TEXT_OPSZ}, updateFontNames=False)
        _rename(font, face)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(tmp)
        os.replace(tmp, target)
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
    """Code points the roman and the italic both cover."""
    maps = [set(TTFont(_variable_path(f)).getBestCmap()) for f in FACES[:2]]
    return frozenset(maps[0] & maps[1])


def missing_characters(text: str) -> list[str]:
    """Characters of `text` the font lacks (controls and plain white space aside)."""
    have = coverage()
    return sorted(ch for ch in set(text) - set("\n\r\t\ufe0e\ufe0f") if ord(ch) not in have)


def subset_faces(text: str) -> list[bytes]:
    """Every face cut down to the glyphs `text` needs; cached by character set.

    Subsetting is most of an EPUB build's time (the kerning tables are large), so
    results are kept in the font cache under a key of the exact character set, and
    faces not yet cached are cut in parallel processes.
    """
    chars = "".join(sorted(set(text + BASE_TEXT)))
    key = hashlib.sha256((chars + "|" + ",".join(FEATURES) + "|" + _SUBSET_VERSION).encode()).hexdigest()[:20]
    paths = [static_path(face).parent / "subsets" / f"{face.file_name[:-4]}-{key}.ttf" for face in FACES]
    todo = [(face, path) for face, path in zip(FACES, paths) if not path.exists()]
    if len(todo) > 1 and (os.cpu_count() or 1) > 1:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
            datas = list(pool.map(subset_face, [f for f, _ in todo], [chars] * len(todo)))
    else:
        datas = [subset_face(face, chars) for face, _ in todo]
    for (_, path), data in zip(todo, datas):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return [path.read_bytes() for path in paths]


_SUBSET_VERSION = "1"   # bump when subset_face changes what it makes


def subset_face(face: Face, text: str) -> bytes:
    """The static face cut down to the glyphs `text` (plus BASE_TEXT) needs."""
    options = subset.Options()
    options.layout_features = FEATURES
    options.name_IDs = ["*"]     # pruning name IDs walks every table: slow, and saves bytes only
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.hinting = False          # e-readers and PDF viewers render unhinted outlines well
    options.glyph_names = False
    font = TTFont(static_path(face), recalcTimestamp=False)
    # The subsetter walks every table looking for name IDs in use: half its time for a
    # table we keep whole anyway. Set the name table aside and put it back.
    names = font["name"]
    del font["name"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + BASE_TEXT)
    subsetter.subset(font)
    font["name"] = names
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def license_text() -> str:
    return (files(PACKAGE) / "LICENSE").read_text(encoding="utf-8")
