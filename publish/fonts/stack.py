"""A book's fonts: the families its language names, then what its other characters need.

The language file gives the body stack (`fonts`, e.g. Noto Serif Lao then Source Serif 4).
A character none of those families has is given to the first fallback family that has it
(families.FALLBACKS: a CJK serif, Arabic, Hebrew, the Indic and South-East Asian serifs,
Symbola for emoji); code is set in Source Code Pro, with the same fallbacks. Each family
is embedded only when it sets at least one character of the book, and then subset to
the characters it sets: a Latin book that quotes 中文 carries two CJK glyphs, not 20 MB.
Reading systems and WeasyPrint fall back character by character through the CSS
`font-family` list in the same order, so the family that sets a character here is the
one that draws it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from publish.fonts import covers
from publish.fonts.faces import BASE_TEXT, FAMILY, MONO_BASE_TEXT, MONO_FAMILY, Face
from publish.fonts.families import FALLBACKS, FAMILIES, SOURCE_CODE, Family

# Characters no font needs to draw: white space, joiners, variation selectors, controls.
_INVISIBLE = set("\n\r\t \u00a0\u202f\u2009\u200b\u200c\u200d\u200e\u200f\u2060\ufe0e\ufe0f"
                 "\u00ad\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Stack:
    """The families a book embeds, in fallback order, and the characters each one sets."""

    body: tuple[str, ...]                     # the CSS font-family list of the text
    mono: tuple[str, ...]                     # and of code
    texts: dict[str, str] = field(default_factory=dict)   # family -> the characters it sets
    missing: tuple[str, ...] = ()             # characters of the text no available family has
    missing_code: tuple[str, ...] = ()

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.body + self.mono))

    def faces(self) -> tuple[Face, ...]:
        """Every face to embed, body families first."""
        faces: list[Face] = []
        for name in self.families:
            fam = SOURCE_CODE if name == MONO_FAMILY else FAMILIES[name]
            faces += fam.faces
        return tuple(faces)

    def css(self, which: str = "body") -> str:
        """`"A", "B", serif` for a stylesheet."""
        names = self.body if which == "body" else (self.mono or (MONO_FAMILY,))
        generic = "serif" if which == "body" else "monospace"
        return ", ".join(f'"{n}"' for n in names) + f", {generic}"

@lru_cache(maxsize=4)          # a build asks for one book's stack from the EPUB, pages and checks
def choose(fonts: tuple[str, ...], text: str, code: str = "", *, with_code: bool | None = None
           ) -> Stack:
    """The stack for a book in a language with font list `fonts`, whose prose is `text` and
    whose code is `code` (`with_code` forces the monospace in even without code)."""
    lead = tuple(n for n in fonts if n in FAMILIES and FAMILIES[n].available) or (FAMILY,)
    if FAMILY not in lead:
        lead += (FAMILY,)
    texts: dict[str, list[str]] = {}
    body, missing = _assign(lead, set(text) | set(BASE_TEXT), texts)
    mono_lead = (MONO_FAMILY,)
    mono_chars = set(code) | set(MONO_BASE_TEXT) if (code.strip() or with_code) else set()
    mono, missing_code = _assign(mono_lead, mono_chars, texts) if mono_chars else ((), [])
    return Stack(body=body, mono=mono, texts={k: "".join(sorted(v)) for k, v in texts.items()},
                 missing=tuple(sorted(missing)), missing_code=tuple(sorted(missing_code)))


def _assign(lead: tuple[str, ...], chars: set[str], texts: dict[str, list[str]]
            ) -> tuple[tuple[str, ...], list[str]]:
    """Gives each character to the first family that has it: the lead families (always
    part of the stack), then the fallbacks (only those that set something)."""
    used = list(lead)
    missing = []
    for ch in sorted(chars):
        point = ord(ch)
        home = next((n for n in lead if covers(n, point)), None)
        if home is None:
            home = next((n for n in FALLBACKS if n not in lead and covers(n, point)), None)
            if home is None:
                if ch not in _INVISIBLE:
                    missing.append(ch)
                continue
            if home not in used:
                used.append(home)
        texts.setdefault(home, []).append(ch)
    ordered = list(lead) + [n for n in FALLBACKS if n in used and n not in lead]
    # A space is set by whichever family sets the text around it: every family gets one.
    for name in ordered:
        texts.setdefault(name, []).extend(" \u00a0")
    return tuple(ordered), missing


def family_of(name: str) -> Family:
    return SOURCE_CODE if name == MONO_FAMILY else FAMILIES[name]


def for_book(book) -> Stack:
    """The stack of a rendered book (model.Book): its language's fonts, its prose and its code.

    The last book's is kept (Books are frozen): a PDF in parts renders each part's
    stylesheet and pages from it, twice a part, and reading the whole book's text each
    time took 2.8 s of a rebuild of the Rust book (17 parts, much code)."""
    from publish.fonts import CODE_RE, code_text

    global _last
    last = _last                    # read once: another thread may set it meanwhile
    if last is not None and last[0] is book:
        return last[1]
    code = "".join(code_text(chapter.xhtml) for chapter in book.chapters)
    prose = CODE_RE.sub(" ", book.text) + book.language.digits     # folios are in them
    stack = choose(tuple(book.language.fonts), prose, code)
    _last = (book, stack)
    return stack


_last: tuple | None = None          # (book, its stack): for_book's last answer
