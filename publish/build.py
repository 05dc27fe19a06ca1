"""The orchestrator: config -> sources -> Book -> writers, one language and format at a time."""
from __future__ import annotations

import logging
from pathlib import Path

from . import checks, render, sources, templates
from .config import Config
from .errors import CheckError
from .model import Book

log = logging.getLogger("publish")

FORMATS = ("epub", "pdf")


def load_book(config: Config, lang: str, *, strict: bool = False) -> Book:
    """Reads and renders every source of one language into the finished Book, checked.

    A check's error stops here (a CheckError naming the file and line); its warnings
    are logged, and stop the build too when `strict`.
    """
    raws = sources.read(config, lang)
    book = render.render_book(config, lang, raws, templates.layout_path(config.root, lang))
    for message in checks.check_book(book, config.path):
        if message.severity == "error" or (strict and message.code != "metadata"):
            raise CheckError(message.text, path=message.file, line=message.line)
        if message.code != "metadata":
            log.warning("%s", _relative(message))
    return book


def _relative(message: checks.Message) -> str:
    return str(CheckError(message.text, path=message.file, line=message.line))


def write(book: Book, fmt: str, out_dir: Path) -> Path:
    """Writes one format of a finished Book."""
    if fmt == "epub":
        from .writers import epub as writer
    else:
        from .writers import pdf as writer
    return writer.write(book, out_dir)


def build(config: Config, fmts: tuple[str, ...], langs: tuple[str, ...], out_dir: Path,
          *, strict: bool = False) -> list[Path]:
    """Builds every requested format for every requested language.

    Every book is read and rendered before any file is written, so a bad source
    in any language stops the build with the previous outputs intact.
    """
    books = [load_book(config, lang, strict=strict) for lang in langs]
    return [write(book, fmt, out_dir) for book in books for fmt in fmts]
