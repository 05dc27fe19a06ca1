"""Line-break opportunities for scripts written without spaces between words (Thai, Lao,
Khmer, Myanmar).

Pango breaks such text only at spaces or U+200B (and Thai only when built with libthai),
so a justified Lao paragraph would either overflow or break inside words. ICU's
dictionary-based word BreakIterator (through PyICU) finds the words; a zero-width space
(U+200B, invisible, ignored by search) goes between two words of the script, and nowhere
else: not next to a space or punctuation, and never inside code.
"""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

ZWSP = "\u200b"
# The scripts a dictionary segments: Thai, Lao, Khmer, Myanmar.
_SEGMENTED = re.compile("[\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u19e0-\u19ff\u1000-\u109f]")
_RUN = re.compile("[\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u19e0-\u19ff\u1000-\u109f]{2,}")
SKIP_TAGS = {"code", "pre", "kbd", "samp", "var", "script", "style", "math"}


@lru_cache(maxsize=None)
def _iterator(locale: str, kind: str = "word"):
    import icu

    make = icu.BreakIterator.createWordInstance if kind == "word" else \
        icu.BreakIterator.createLineInstance
    return make(icu.Locale(locale))


def pieces(text: str, locale: str, kind: str = "word") -> list[str]:
    """`text` cut at ICU's word boundaries (`kind` "word") or where a line may break
    ("line": each piece keeps its trailing space). ICU counts UTF-16 units; the cuts are
    mapped back to characters, so an emoji is never split."""
    breaker = _iterator(locale, kind)
    breaker.setText(text)
    index, at = {}, 0
    for n, ch in enumerate(text):
        index[at] = n
        at += 2 if ord(ch) > 0xFFFF else 1
    index[at] = len(text)
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


def segment_tree(root: etree._Element, locale: str) -> None:
    """Segments every text node under `root` in place, code aside."""
    if not _SEGMENTED.search("".join(root.itertext())):
        return                              # the common case: no such script in the tree
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        inside_code = tag in SKIP_TAGS or any(
            isinstance(a.tag, str) and a.tag in SKIP_TAGS for a in el.iterancestors())
        if el.text and not inside_code:
            el.text = segment(el.text, locale)
        if el.tail and not (el.getparent() is not None and _in_code(el.getparent())):
            el.tail = segment(el.tail, locale)


def _in_code(el: etree._Element) -> bool:
    return any(isinstance(a.tag, str) and a.tag in SKIP_TAGS for a in (el, *el.iterancestors()))
