"""The designed faces: Source Serif 4 for text and Source Code Pro for code (both OFL, from
PyPI), as the Face records the rest of publish.fonts works with."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FAMILY = "Source Serif 4"
MONO_FAMILY = "Source Code Pro"
PACKAGE = "fontpkg_source_serif_4"
TEXT_OPSZ = 11          # optical size for running text (print 10.5 pt, e-readers alike)
FEATURES = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "smcp", "c2sc",
            "onum", "lnum", "pnum", "tnum", "case", "frac", "sups", "subs", "ordn"]
# Characters every book may need beyond its text: hyphenation, labels, numbers, punctuation,
# and what the print stylesheet writes itself (figure spaces padding the contents' page
# numbers, the en space after a note's number, the em spaces of the scene-break ornament,
# the hyphen, the series' middle dot, the lists' bullet): the PDF is given subsets, which must hold them.
BASE_TEXT = ("".join(chr(c) for c in range(0x20, 0x7f)) + "‐–—…’‘“”«»„ \u00a0\u202f\u2009"
             "\u2002\u2003\u2007·•©®™№§↑")
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
    index: int = 0          # the face's index in a collection (.ttc)
    upright: bool = False   # declared italic, though upright: its script has no italic

    @property
    def installed(self) -> bool:
        """Whether the file it is made from is on this machine (an installed font may not be)."""
        return self.package != "" or Path(self.source).is_file()


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
