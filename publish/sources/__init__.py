"""The manuscript: each language's chapters, read by the reader of the convention the book follows.

A reader (one module here per manuscript convention) registers itself as READER: its
name, its precedence and `read(config, edition)`. The first reader whose `applies`
holds for a language (its Edition: folder and config) reads it, in this order: a
SUMMARY.md (summary.py), a `chapters` list in book.toml (listed.py), numbered files
(numbered.py); every reader returns the same RawChapters,
so nothing downstream knows which convention a book used. Adding a convention is
adding one reader.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from publish import policy

if TYPE_CHECKING:
    from publish.config import Config, Edition


@dataclass(frozen=True)
class RawChapter:
    path: Path
    slug: str
    text: str                   # the Markdown body, front matter removed
    first_line: int             # line number of the body's first line in the file
    meta: dict = field(default_factory=dict)
    listed_title: str = ""      # the title a table of contents gives it (used when the text has none)
    level: int = 1              # 1 for a chapter, 2 and deeper for its sub-chapters
    part: str = ""              # the title of the part it opens ("" when it opens none)
    unnumbered: bool = False    # a prefix or suffix chapter of a SUMMARY.md: in no part
    origins: tuple[int, ...] = ()   # per line of `text`, its line in the file's body (includes)
    aliases: tuple[Path, ...] = ()  # other files a link may name it by (its other languages')
    lang: str = ""              # its text's language when not the edition's (a source chapter
                                # standing in for a missing translation: issue 25)


@dataclass(frozen=True)
class Reader:
    """One manuscript convention."""

    name: str
    precedence: int                                         # lower is tried first
    applies: Callable[[Config, Edition], bool]              # does this language follow it?
    read: Callable[[Config, Edition], list[RawChapter]]     # its chapters, in reading order


@lru_cache(maxsize=1)
def readers() -> tuple[Reader, ...]:
    """Every reader in this package, in the order they are tried."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        reader = getattr(importlib.import_module(f"{__name__}.{info.name}"), "READER", None)
        if isinstance(reader, Reader):
            found.append(reader)
    return tuple(sorted(found, key=lambda r: (r.precedence, r.name)))


def read(config: Config, lang: str) -> list[RawChapter]:
    """The chapters of one language, in order, by the first reader that applies."""
    if lang not in config.languages:
        raise policy.refuse("nothing-readable", f"no folder for language '{lang}'",
                            path=config.source_dir / lang)
    edition = config.edition(lang)
    folder = edition.folder
    if not folder.is_dir():
        raise policy.refuse("nothing-readable", f"no folder for language '{lang}'", path=folder)
    reader = next((r for r in readers() if r.applies(config, edition)), None)
    if reader is None:
        raise policy.refuse("nothing-readable", "no chapters (*.md files) in this folder",
                            path=folder)
    chapters = reader.read(config, edition)
    if not chapters:
        missing = unfetched_submodules(config.root)
        why = f"; git submodule {', '.join(map(repr, missing))} is not checked out (run " \
            "`git submodule update --init`)" if missing else " (see the warnings above)"
        raise policy.refuse("nothing-readable", f"no chapter left to read{why}", path=folder)
    return chapters


def unfetched_submodules(root: Path) -> list[str]:
    """The paths `.gitmodules` names under `root` that hold nothing: a clone made without
    `--recursive` leaves a book whose chapters live in a submodule with empty folders."""
    try:
        text = (root / ".gitmodules").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    paths = re.findall(r"^\s*path\s*=\s*(.+?)\s*$", text, re.M)
    return [p for p in paths if not (root / p).is_dir() or not any((root / p).iterdir())]
