"""Passages left untranslated: in an edition written in another script than Latin, a block
whose letters are all Latin is in another language, and says so with `lang`.

A README set's Arabic translation that keeps the English titles of its resources, or a
Russian folder that still holds the English chapters, is common. Without a mark, a screen
reader speaks the English with an Arabic or Russian voice and print hyphenates it by the
edition's rules. Each such block gets the language it is in: the project's source
language (its first edition) when that is written in Latin, else English when the text
reads as English (a few of its commonest words), else it is left as it is. In a
right-to-left edition such a block is also set left to right, as GitHub's `dir="auto"`
sets it; else "Brett Cannon, The social contract" reads "Brett Cannon ,The social…".
"""
from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from publish.languages.guess import letters_by_script

BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd",
                    "figcaption", "caption", "summary"})
# Text in these is not prose: code keeps its own rules, and is not counted.
SKIP = frozenset({"pre", "code", "kbd", "samp", "var", "script", "style", "math", "svg"})
MIN_LETTERS = 12
# The scripts written right to left (CLDR's): a Latin block in their editions is set ltr.
RIGHT_TO_LEFT = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand"})
ENGLISH = frozenset("the and of to is in for with you your this that are on it be by from as "
                    "or can will how what an not use".split())


def foreign_language(source: str, edition: str, edition_script: str, text: str) -> str:
    """The language to mark a Latin block of `text` with, or "" to leave it unmarked."""
    if edition_script == "Latn":
        return ""
    if source and source != edition:
        return source
    words = {w.strip(".,:;!?()'\"").lower() for w in text.split()}
    return "en" if len(words & ENGLISH) >= 2 else ""


def mark_foreign(roots: Iterable[etree._Element], edition: str, edition_script: str,
                 source: str, source_script: str) -> int:
    """Marks each all-Latin block of an edition in another script; returns how many."""
    if edition_script == "Latn":
        return 0
    if source == edition or source_script != "Latn":
        source = ""                     # the edition is the source, or it is not in Latin
    marked = 0
    for root in roots:
        for el in root.iter(*BLOCKS):
            if _inside_marked(el, root):
                continue
            latin, other, text = _letters(el)
            if other or latin < MIN_LETTERS or len(text.split()) < 2:
                continue
            lang = foreign_language(source, edition, edition_script, text)
            if lang:
                el.set("lang", lang)
                if edition_script in RIGHT_TO_LEFT:     # Latin runs left to right: an
                    el.set("dir", "ltr")                # item is not reversed around its commas
                marked += 1
    return marked


def _inside_marked(el: etree._Element, root: etree._Element) -> bool:
    for up in el.iterancestors():
        if up.get("lang") or up.tag in SKIP:
            return True
        if up is root:
            break
    return False


def _letters(el: etree._Element) -> tuple[int, int, str]:
    """(Latin letters, other letters, the prose text) of a block, code left out."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag in SKIP or node.get("lang"):
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
    walk(el)
    text = "".join(parts)
    counts = letters_by_script(text)
    latin = counts.pop("Latn", 0)
    return latin, sum(counts.values()), text
