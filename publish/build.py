"""The orchestrator: config -> sources -> Book -> writers, one language and format at a time."""
from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from . import checks, render, sources, templates
from .config import Config
from .errors import CheckError
from .model import Book

log = logging.getLogger("publish")

FORMATS = ("epub", "pdf")


def load_book(config: Config, lang: str, *, strict: bool = False, memo=None) -> Book:
    """Reads and renders every source of one language into the finished Book, checked.

    A check's error stops here (a CheckError naming the file and line); its warnings
    are logged, and stop the build too when `strict`.
    """
    with _warnings() as seen:
        raws = sources.read(config, lang)
        book = render.render_book(config, lang, raws, templates.layout_path(config.root, lang), memo)
    if strict and seen:
        raise CheckError(f"{seen[0]} (a warning; --strict makes it an error)")
    for message in checks.check_book(book, config.path):
        if message.severity == "error" or (strict and message.code != "metadata"):
            raise CheckError(message.text, path=message.file, line=message.line)
        if message.code != "metadata":
            log.warning("%s", _relative(message))
    return book


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())


@contextlib.contextmanager
def _warnings():
    """The warnings logged inside the block (they are still shown as usual)."""
    recorder = _Recorder()
    log.addHandler(recorder)
    try:
        yield recorder.seen
    finally:
        log.removeHandler(recorder)


def _relative(message: checks.Message) -> str:
    return str(CheckError(message.text, path=message.file, line=message.line))


def write(book: Book, fmt: str, out_dir: Path) -> Path:
    """Writes one format of a finished Book."""
    return write_counted(book, fmt, out_dir)[0]


def write_counted(book: Book, fmt: str, out_dir: Path,
                  parts: int | None = None) -> tuple[Path, int | None]:
    """Writes one format of a finished Book: its path, and its page count if a PDF.

    The count comes from the layout (reading it back from the file costs seconds:
    a tagged book's page tree sits in compressed object streams)."""
    if fmt == "epub":
        from .writers import epub
        return epub.write(book, out_dir), None
    from .writers import pdf
    return pdf.write_counted(book, out_dir, parts)


def output_path(config: Config, lang: str, fmt: str, out_dir: Path) -> Path:
    return out_dir / f"{config.get('slug')}-{lang}.{fmt}"


def plan(config: Config, fmts, langs, out_dir: Path, *, force: bool = False):
    """The (lang, fmt, fingerprint) jobs whose outputs are missing or out of date."""
    from .cache import BuildCache, fingerprint

    cache = BuildCache(out_dir)
    jobs = []
    for lang in langs:
        for fmt in fmts:
            key = fingerprint(config, lang, fmt)
            if force or not cache.is_current(output_path(config, lang, fmt, out_dir), key):
                jobs.append((lang, fmt, key))
            else:
                log.info("%s is up to date", output_path(config, lang, fmt, out_dir).name)
    return jobs


def build(config: Config, fmts: tuple[str, ...], langs: tuple[str, ...], out_dir: Path,
          *, strict: bool = False, force: bool = False) -> list[Path]:
    """Builds every requested format for every requested language that is out of date.

    Every book is read and rendered before any file is written, so a bad source
    in any language stops the build with the previous outputs intact.
    """
    from .cache import BuildCache

    cache = BuildCache(out_dir)
    jobs = plan(config, fmts, langs, out_dir, force=force)
    books = {lang: load_book(config, lang, strict=strict, memo=cache)
             for lang in dict.fromkeys(lang for lang, _, _ in jobs)}
    for lang, fmt, key in jobs:
        path, pages = write_counted(books[lang], fmt, out_dir)
        cache.mark(path, key, pages=pages)
    return [output_path(config, lang, fmt, out_dir) for lang in langs for fmt in fmts]
