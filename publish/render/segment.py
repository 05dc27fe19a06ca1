"""Line-break opportunities for scripts written without spaces between words (Thai, Lao,
Khmer, Myanmar).

Pango breaks such text only at spaces or U+200B (and Thai only when built with libthai),
so a justified Lao paragraph would either overflow or break inside words. ICU's
dictionary-based word BreakIterator (through PyICU) finds the words; a zero-width space
(U+200B, invisible, ignored by search) goes between two words of the script, and nowhere
else: not next to a space or punctuation. typography.py calls it on each text node it
typesets (so never inside code).
"""
from __future__ import annotations

import re
from functools import lru_cache

ZWSP = "\u200b"
# The scripts a dictionary segments: Thai, Lao, Khmer (and its symbols), Myanmar.
_SCRIPTS = "\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u19e0-\u19ff\u1000-\u109f"
_SEGMENTED = re.compile(f"[{_SCRIPTS}]")
_RUN = re.compile(f"[{_SCRIPTS}]{{2,}}")


@lru_cache(maxsize=None)
def _iterator(locale: str, kind: str = "word"):
    import icu

    make = icu.BreakIterator.createWordInstance if kind == "word" else \
        icu.BreakIterator.createLineInstance
    return make(icu.Locale(locale))


def utf16_index(text: str) -> dict[int, int]:
    """ICU's offsets (UTF-16 units) to `text`'s character indexes, the end included."""
    index, at = {}, 0
    for n, ch in enumerate(text):
        index[at] = n
        at += 2 if ord(ch) > 0xFFFF else 1
    index[at] = len(text)
    return index


def pieces(text: str, locale: str, kind: str = "word") -> list[str]:
    """`text` cut at ICU's word boundaries (`kind` "word") or where a line may break
    ("line": each piece keeps its trailing space). ICU counts UTF-16 units; the cuts are
    mapped back to characters, so an emoji is never split."""
    breaker = _iterator(locale, kind)
    breaker.setText(text)
    index = utf16_index(text)
    out, start = [], 0
    for end in breaker:
        out.append(text[start:index[end]])
        start = index[end]
    return out


def segment(text: str, locale: str) -> str:
    """`text` with U+200B between the words of each run of a segmented script."""
    if not _SEGMENTED.search(text):
        return text
    return _RUN.sub(lambda m: ZWSP.join(pieces(m.group(), locale)), text)
