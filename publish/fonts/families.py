"""The font families a book may embed, and which script each one sets.

Source Serif 4 is the design for Latin, Cyrillic and Greek, Source Code Pro for code;
both come from PyPI packages. Every other script gets the matching serif of the Noto
families, installed by set-up from Debian's `fonts-noto-core` and `fonts-noto-cjk`, and
emoji and symbols come from Symbola (`fonts-symbola`), an outline font: monochrome, as
print wants. A family whose files are not installed is simply not available; the book
still builds, and what it would have set is listed as missing (checks.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from publish.fonts.faces import BODY_FACES, FAMILY, MONO_FACES, MONO_FAMILY, Face

NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
SYMBOLA = Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf")
# The faces of a Noto CJK collection (.ttc), by index.
CJK_INDEX = {"JP": 0, "KR": 1, "SC": 2, "TC": 3, "HK": 4}


@dataclass(frozen=True)
class Family:
    name: str
    faces: tuple[Face, ...]
    italic: bool = True          # False: the script has no italic; emphasis is set upright

    @property
    def available(self) -> bool:
        return all(face.installed for face in self.faces)


def _noto(name: str, stem: str, bold: bool = True) -> Family:
    """A Noto serif with a regular and (where Debian ships it) a bold, each also declared
    as its own italic, so that no engine slants a script that has no italic."""
    faces = []
    for weight, suffix in ((400, "Regular"), (700, "Bold")) if bold else ((400, "Regular"),):
        path = NOTO / f"{stem}-{suffix}.ttf"
        for style in ("normal", "italic"):
            faces.append(Face(style, weight, f"{stem}-{suffix}.ttf", family=name, package="",
                              source=str(path), opsz=None, upright=style == "italic"))
    return Family(name, tuple(faces), italic=False)


def _cjk(region: str) -> Family:
    name = f"Noto Serif CJK {region}"
    faces = []
    for weight, suffix in ((400, "Regular"), (700, "Bold")):
        for style in ("normal", "italic"):
            faces.append(Face(style, weight, f"NotoSerifCJK{region.lower()}-{suffix}.otf",
                              family=name, package="", opsz=None, upright=style == "italic",
                              source=str(NOTO_CJK / f"NotoSerifCJK-{suffix}.ttc"),
                              index=CJK_INDEX[region]))
    return Family(name, tuple(faces), italic=False)


def _symbola() -> Family:
    faces = tuple(Face(style, weight, "Symbola.ttf", family="Symbola", package="", opsz=None,
                       source=str(SYMBOLA), upright=style == "italic")
                  for weight in (400, 700) for style in ("normal", "italic"))
    return Family("Symbola", faces, italic=False)


SOURCE_SERIF = Family(FAMILY, BODY_FACES)
SOURCE_CODE = Family(MONO_FAMILY, MONO_FACES)

# Every family by name, in the order fallbacks are tried for a character no family of
# the book's language has: the scripts a Latin book most often quotes first, symbols last.
FAMILIES: dict[str, Family] = {f.name: f for f in (
    SOURCE_SERIF,
    _cjk("SC"), _cjk("TC"), _cjk("JP"), _cjk("KR"),
    _noto("Noto Naskh Arabic", "NotoNaskhArabic"),
    _noto("Noto Serif Hebrew", "NotoSerifHebrew"),
    _noto("Noto Serif Devanagari", "NotoSerifDevanagari"),
    _noto("Noto Serif Bengali", "NotoSerifBengali"),
    _noto("Noto Serif Tamil", "NotoSerifTamil"),
    _noto("Noto Serif Thai", "NotoSerifThai"),
    _noto("Noto Serif Lao", "NotoSerifLao"),
    _noto("Noto Serif Khmer", "NotoSerifKhmer"),
    _noto("Noto Serif Myanmar", "NotoSerifMyanmar"),
    _noto("Noto Serif Tibetan", "NotoSerifTibetan"),
    _noto("Noto Serif Ethiopic", "NotoSerifEthiopic"),
    _noto("Noto Serif Georgian", "NotoSerifGeorgian", bold=False),
    _noto("Noto Serif Armenian", "NotoSerifArmenian", bold=False),
    _noto("Noto Serif Sinhala", "NotoSerifSinhala", bold=False),
    _noto("Noto Serif Gujarati", "NotoSerifGujarati", bold=False),
    _noto("Noto Serif Gurmukhi", "NotoSerifGurmukhi", bold=False),
    _noto("Noto Serif Kannada", "NotoSerifKannada", bold=False),
    _noto("Noto Serif Malayalam", "NotoSerifMalayalam", bold=False),
    _noto("Noto Serif Telugu", "NotoSerifTelugu", bold=False),
    _symbola(),
)}
FALLBACKS = tuple(name for name in FAMILIES if name != FAMILY)

# The family that sets a script (ISO 15924), for languages that name no fonts of their own.
SCRIPT_FAMILIES = {
    "Latn": FAMILY, "Cyrl": FAMILY, "Grek": FAMILY,
    "Hans": "Noto Serif CJK SC", "Hant": "Noto Serif CJK TC", "Jpan": "Noto Serif CJK JP",
    "Kore": "Noto Serif CJK KR", "Arab": "Noto Naskh Arabic", "Hebr": "Noto Serif Hebrew",
    "Deva": "Noto Serif Devanagari", "Beng": "Noto Serif Bengali", "Taml": "Noto Serif Tamil",
    "Thai": "Noto Serif Thai", "Laoo": "Noto Serif Lao", "Khmr": "Noto Serif Khmer",
    "Mymr": "Noto Serif Myanmar", "Tibt": "Noto Serif Tibetan", "Ethi": "Noto Serif Ethiopic",
    "Geor": "Noto Serif Georgian", "Armn": "Noto Serif Armenian", "Sinh": "Noto Serif Sinhala",
    "Gujr": "Noto Serif Gujarati", "Guru": "Noto Serif Gurmukhi", "Knda": "Noto Serif Kannada",
    "Mlym": "Noto Serif Malayalam", "Telu": "Noto Serif Telugu",
}


# The scripts the designed faces set (with their italics and small caps).
DESIGNED_SCRIPTS = frozenset(s for s, name in SCRIPT_FAMILIES.items() if name == FAMILY)


def family(name: str) -> Family:
    return FAMILIES[name]


def for_script(script: str) -> tuple[str, ...]:
    """The font stack for a language written in `script`: its family, then the Latin design."""
    main = SCRIPT_FAMILIES.get(script, FAMILY)
    return (main,) if main == FAMILY else (main, FAMILY)


@lru_cache(maxsize=None)
def all_faces() -> tuple[Face, ...]:
    """Every face of every family, code included (for lookups by file name)."""
    return tuple(dict.fromkeys(face for fam in (*FAMILIES.values(), SOURCE_CODE)
                               for face in fam.faces))
