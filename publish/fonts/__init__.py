"""The embedded fonts: static instances of Source Serif 4 (text) and Source Code Pro (code), both
OFL, cut once and cached, then subset per book; other scripts' families are in families.py
and a book's choice of them in stack.py.

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
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from publish.errors import OutputError
from publish.outputs import atomic_path, write_atomic
from publish.paths import user_cache

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# fontTools is imported where it is used: most builds find every font they need cached.

from publish.fonts.faces import (BASE_TEXT, BODY_FACES, CODE_TAGS, FACES, FAMILY,  # noqa: F401
                                 FEATURES, MONO_BASE_TEXT, MONO_FACES, MONO_FAMILY, PACKAGE,
                                 TEXT_OPSZ, Face, _SUBFAMILIES)

def css_faces(url_of: Callable[[Face], str], faces: tuple[Face, ...] = FACES) -> list[dict]:
    """Each face as layouts/partials/font-faces.css takes it: family, style, weight, url."""
    return [{"family": f.family, "style": f.style, "weight": f.weight, "url": url_of(f)}
            for f in faces]


def _variable_path(face: Face) -> Path:
    if not face.package:                  # an installed font (families.py): an absolute path
        return Path(face.source)
    return Path(str(files(face.package) / "files" / face.source))


def cache_dir() -> Path:
    return user_cache() / "fonts"


@lru_cache(maxsize=None)
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


# Part of the static instances' folder name: raised when they are made differently, so
# that every cache makes them again (2: head keeps the source's dates, not the day made).
INSTANCES = 2


def _static_target(face: Face) -> Path:
    source = _variable_path(face)
    axes = f"-opsz{face.opsz}" if face.opsz else "-static"
    return cache_dir() / f"{_digest(source)}{axes}-{INSTANCES}" / face.file_name


def static_path(face: Face) -> Path:
    """The static instance of `face`, made once and cached (a few seconds the first time:
    then every built-in face missing is made, side by side)."""
    target = _static_target(face)
    if target.exists():
        return target
    if not face.package:
        if Path(face.source).suffix.lower() == ".ttc":
            _apart([(_installed_copy, face, target)])
        else:
            write_atomic(target, Path(face.source).read_bytes())
    else:
        wanted = ((f, _static_target(f)) for f in dict.fromkeys((face, *FACES)) if f.package)
        _apart([(_instance, f, path) for f, path in wanted if not path.exists()])
    return target


def _apart(jobs: list[tuple[Callable[[Face, Path], None], Face, Path]]) -> None:
    """Runs each `make(face, target)` in a fresh Python process (publish.apart), one per
    core at a time.

    fontTools takes a few hundred MiB to make an instance, and Python keeps them: the part
    workers a build forks later started that large (Comprehensive Rust's first build:
    407 MiB a worker, 380 once the fonts were made)."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    from publish.apart import ApartError, run_apart

    def run(job: tuple[Callable[[Face, Path], None], Face, Path]) -> None:
        make, face, target = job
        try:
            run_apart(make, face, target)
        except ApartError as exc:
            raise OutputError(f"could not make the font {face.file_name}: {exc}",
                              path=None if face.package else face.source) from None

    with ThreadPoolExecutor(max(1, min(len(jobs), os.cpu_count() or 1))) as pool:
        list(pool.map(run, jobs))


def _instance(face: Face, target: Path) -> None:
    """A static instance of a variable face at its weight (and optical size), renamed; its
    `head` keeps the source's dates, so that every machine makes the same file (and books)."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    source = _variable_path(face)
    location = {"wght": face.weight, **({"opsz": face.opsz} if face.opsz else {})}
    font = instancer.instantiateVariableFont(TTFont(source, recalcTimestamp=False), location,
                                            updateFontNames=False)
    _rename(font, face)
    with atomic_path(target) as tmp:
        font.save(tmp)


def _installed_copy(face: Face, target: Path) -> None:
    """One face of an installed collection, copied into the cache (so the PDF fetcher, which
    reads only from the project, the layouts and this cache, can load it)."""
    from fontTools.ttLib import TTCollection

    data = TTCollection(face.source, recalcTimestamp=False).fonts[face.index]
    with atomic_path(target) as tmp:
        data.save(tmp)


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
    in a millisecond); nothing for a family that is not installed."""
    from publish.fonts.families import all_faces

    faces = [face for face in all_faces() if face.family == family and face.weight == 400]
    if not faces or not all(face.installed for face in faces):
        return frozenset()
    sets = [set(_cmap(face)) for face in faces]
    return frozenset(set.intersection(*sets))


def _cmap(face: Face) -> set[int]:
    """The face's code points, read from the source file (no copy into the cache needed)."""
    return set(_unicodes(face))


def _unicodes(face: Face):
    """HarfBuzz's set of the face's code points (`in` asks it without copying it out)."""
    if face.package:
        return _hb_face(face).unicodes
    return _hb_source(face.source, face.index).unicodes


def covers(family: str, point: int) -> bool:
    """Whether `point` is in coverage(family), asked of HarfBuzz's own sets: a CJK family's
    44,000 code points are not copied into Python to look up the few characters a Latin
    book's fallbacks are asked for (that took 60 ms of a cold build)."""
    return all(point in cmap for cmap in _cmaps(family))


@lru_cache(maxsize=None)
def _cmaps(family: str) -> tuple:
    """The code point sets of the roman and italic of `family`, or one empty set if the
    family is not installed (as coverage() has it)."""
    from publish.fonts.families import all_faces

    faces = [face for face in all_faces() if face.family == family and face.weight == 400]
    if not faces or not all(face.installed for face in faces):
        return (frozenset(),)
    return tuple(_unicodes(face) for face in faces)


@lru_cache(maxsize=None)
def _hb_source(path: str, index: int):
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(path), index)


def missing_characters(text: str, family: str = FAMILY) -> list[str]:
    """Characters of `text` the family lacks (controls and plain white space aside)."""
    have = coverage(family)
    return sorted(ch for ch in set(text) - set("\n\r\t\ufe0e\ufe0f") if ord(ch) not in have)


CODE_RE = re.compile(r"<(pre|code|kbd|samp)\b[^>]*>(.*?)</\1>", re.S)


def code_text(markup: str) -> str:
    """The text of a document's code (pre, code, kbd, samp), which the monospace sets."""
    found = "".join(m.group(2) for m in CODE_RE.finditer(markup))
    return html.unescape(re.sub(r"<[^>]*>", "", found))


def subset_faces(text: str, code: str = "", faces: tuple[Face, ...] = FACES,
                 texts: dict[str, str] | None = None) -> list[bytes]:
    """Each face cut down to the glyphs it needs: the serif for `text`, the monospace for
    `code` (each plus its base characters), another family for its share in `texts` (by
    family name; stack.py says which characters each one sets), in the order of `faces`."""
    texts = texts or {}

    def wanted(face: Face) -> str:
        if face.family in texts:
            return texts[face.family]
        return code + MONO_BASE_TEXT if face.family == MONO_FAMILY else text + BASE_TEXT
    return [subset_face(face, wanted(face)) for face in faces]


# Characters HarfBuzz always shapes as two others (its Thai and Lao shaper splits SARA AM
# into NIKHAHIT and SARA AA): a subset needs those two, or ำ draws as a missing glyph.
SHAPED_APART = {"\u0e33": "\u0e4d\u0e32", "\u0eb3": "\u0ecd\u0eb2"}


def _shaped(text: str) -> set[str]:
    """The characters whose glyphs `text` is drawn with (SHAPED_APART's included)."""
    chars = set(text)
    return chars.union(*(SHAPED_APART[ch] for ch in chars & SHAPED_APART.keys()))


def subset_face(face: Face, text: str) -> bytes:
    """The static face cut down to the glyphs `text` needs.

    HarfBuzz's subsetter (uharfbuzz) does it in milliseconds where fontTools takes
    half a second a face, most of it reading the kerning. It keeps every name record,
    the layout features the CSS asks for (and what they reach), no hinting (e-readers
    and PDF viewers render unhinted outlines well) and the .notdef outline.
    """
    import uharfbuzz as hb

    plan = hb.SubsetInput()
    plan.unicode_set.update(ord(ch) for ch in _shaped(text))
    features = plan.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    if face.package:
        features.update(int.from_bytes(tag.encode("ascii"), "big") for tag in FEATURES)
    else:
        # Another script's family keeps every layout feature: Arabic joins (init, medi, fina),
        # Indic conjuncts (half, rphf, blwf…), marks and CJK forms all live there.
        features.invert()
    for kept in (hb.SubsetInputSets.NAME_ID, hb.SubsetInputSets.NAME_LANG_ID):
        every = plan.sets(kept)    # every name record, not only IDs 0-6 in English
        every.clear()
        every.invert()
    plan.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    source = _hb_face(face) if face.package else _hb_source(face.source, face.index)
    result = hb.subset(source, plan)
    if result is None:
        raise RuntimeError(f"HarfBuzz could not subset {face.file_name}")
    return bytes(result.blob.data)


def subset_path(face: Face, text: str) -> Path:
    """`face` subset to `text`, as a file in the cache (named by what it holds)."""
    key = hashlib.sha256(f"{face.source}#{face.index}\n{''.join(sorted(_shaped(text)))}".encode())
    target = cache_dir() / "subsets" / f"{key.hexdigest()[:24]}-{face.file_name}"
    if not target.exists():
        write_atomic(target, subset_face(face, text))
    return target


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
