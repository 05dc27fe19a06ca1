"""The orchestrator: config -> sources -> Book -> writers, one language and format at a time."""
from __future__ import annotations

from pathlib import Path

from . import checks, render, sources, templates
from .config import Config
from .model import Book

FORMATS = ("epub", "pdf")


def load_book(config: Config, lang: str) -> Book:
    """Reads and renders every source of one language into the finished Book, checked."""
    raws = sources.read(config, lang)
    book = render.render_book(config, lang, raws, templates.layout_path(config.root, lang))
    checks.check_book(book)
    return book


def write(book: Book, fmt: str, out_dir: Path) -> Path:
    """Writes one format of a finished Book."""
    if fmt == "epub":
        from .writers import epub as writer
    else:
        from .writers import pdf as writer
    return writer.write(book, out_dir)


def build(config: Config, fmts: tuple[str, ...], langs: tuple[str, ...], out_dir: Path) -> list[Path]:
    """Builds every requested format for every requested language.

    Every book is read and rendered before any file is written, so a bad source
    in any language stops the build with the previous outputs intact.
    """
    books = [load_book(config, lang) for lang in langs]
    return [write(book, fmt, out_dir) for book in books for fmt in fmts]
