"""The numbered-files convention: `source/<lang>/*.md`, in the order of the number each name starts with.

`01-arrival.md`, `02-the-road.md`, … `10-home.md`; files starting with `_` or `.` are
left out (drafts, notes). The fallback convention: it applies to any folder with
Markdown files.
"""
from __future__ import annotations

import re
from pathlib import Path

from publish.config import Config, Edition
from publish.sources import RawChapter, Reader
from publish.sources.chapters import read_chapters


def chapter_files(folder: Path) -> list[Path]:
    """The folder's chapter files, by number, then by name."""
    return sorted((p for p in folder.iterdir()
                   if p.suffix == ".md" and not p.name.startswith(("_", "."))), key=_order_key)


def _order_key(path: Path) -> tuple:
    m = re.match(r"^(\d+)", path.name)
    return (int(m.group(1)) if m else float("inf"), path.name)


def _applies(config: Config, edition: Edition) -> bool:
    return bool(chapter_files(edition.folder))


def _read(config: Config, edition: Edition) -> list[RawChapter]:
    return read_chapters(chapter_files(edition.folder), config.root)


READER = Reader(name="numbered", precedence=90, applies=_applies, read=_read)
