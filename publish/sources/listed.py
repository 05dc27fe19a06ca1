"""The explicit-list convention: `chapters` in book.toml names the chapter files, in order.

    chapters = ["intro.md", "part-1/arrival.md", "../README.md"]   # or a table by language

Paths are relative to the language's folder and must lie inside the project.
"""
from __future__ import annotations

from publish.config import Config, Edition
from publish.errors import SourceError
from publish.sources import RawChapter, Reader
from publish.sources.chapters import read_chapters


def _applies(config: Config, edition: Edition) -> bool:
    return bool(edition.chapters)


def _read(config: Config, edition: Edition) -> list[RawChapter]:
    paths = [edition.folder / name for name in edition.chapters]
    for name, path in zip(edition.chapters, paths):
        if not path.is_file():
            raise SourceError(f"chapter '{name}' not found (in {edition.folder})", path=config.path,
                              line=config.line_of("chapters"), key="chapters")
    return read_chapters(paths, config.root)


READER = Reader(name="listed", precedence=20, applies=_applies, read=_read)
