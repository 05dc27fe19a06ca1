"""Checks on the finished Book, before any writer runs."""
from __future__ import annotations

from . import fonts
from .errors import CheckError
from .model import Book


def check_book(book: Book) -> None:
    """Raises CheckError for what would make a broken book: uncovered characters."""
    missing = fonts.missing_characters(book.text)
    if missing:
        where = _first_use(book, missing[0])
        shown = " ".join(f"U+{ord(c):04X} {c!r}" for c in missing[:8])
        raise CheckError(f"the font {fonts.FAMILY} lacks {len(missing)} character(s): {shown}",
                         path=where[0], line=where[1])


def _first_use(book: Book, char: str):
    for chapter in book.chapters:
        text = chapter.source.read_text(encoding="utf-8")
        if char in text:
            return chapter.source, text[:text.index(char)].count("\n") + 1
    return None, None
