"""The explicit-list convention: `chapters` in book.toml names the chapter files, in order.

    chapters = ["intro.md", "part-1/arrival.md", "../README.md"]   # or a table by language

Paths are relative to the language's folder and must lie inside the project; a missing
file is left out with a warning.
"""
from __future__ import annotations

from publish import policy
from publish.config import Config, Edition
from publish.sources import RawChapter, Reader
from publish.sources.chapters import read_chapters
from publish.sources.text import absent


def _applies(config: Config, edition: Edition) -> bool:
    return bool(edition.chapters)


def _read(config: Config, edition: Edition) -> list[RawChapter]:
    paths = []
    for name in edition.chapters:
        path = edition.folder / name
        why = absent(path)
        if not why:
            paths.append(path)          # an unreadable one is left out when it is read
        else:
            policy.mend("missing-chapter", f"chapter '{name}' {why} (in {edition.folder}); "
                        "left out", path=config.path, line=config.line_of("chapters"),
                        key="chapters")
    return read_chapters(paths, config.root)


READER = Reader(name="listed", precedence=20, applies=_applies, read=_read)
