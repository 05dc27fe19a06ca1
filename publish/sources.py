"""Reads the manuscript: `source/<lang>/*.md` in order, with optional TOML front matter."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .errors import SourceError
from .paths import resolve_inside

FRONT_MATTER_KEYS = {"title": str, "slug": str}
_NUMBER_PREFIX = re.compile(r"^\d+[-_. ]*")
# Characters XML (and so EPUB) forbids: C0 controls but tab and newlines, DEL, non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SLUG_CHARS = re.compile(r"[^\w-]+", re.UNICODE)


@dataclass(frozen=True)
class RawChapter:
    path: Path
    slug: str
    text: str                   # the Markdown body, front matter removed
    first_line: int             # line number of the body's first line in the file
    meta: dict = field(default_factory=dict)


def read_text(path: Path) -> str:
    """A source file's text, or a SourceError naming the file (and the line of a bad byte)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=path) from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SourceError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                          "save the file as UTF-8", path=path, line=line) from None
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise SourceError(f"control character U+{ord(bad.group()):04X} at column {column} "
                          "(invisible, and not allowed in a book); delete it", path=path, line=line)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read(config: Config, lang: str) -> list[RawChapter]:
    """The chapters of one language, in order (by file name), checked for emptiness and slugs."""
    folder = config.source_dir / lang
    if not folder.is_dir():
        raise SourceError(f"no folder for language '{lang}'", path=folder)
    files = sorted((p for p in folder.iterdir()
                    if p.suffix == ".md" and not p.name.startswith(("_", "."))), key=_order_key)
    if not files:
        raise SourceError("no chapters (*.md files) in this folder", path=folder)
    chapters, seen = [], {}
    for path in files:
        resolve_inside(path, (config.root,), what="chapter")
        chapter = _read_chapter(path)
        if chapter.slug in seen:
            raise SourceError(f"duplicate chapter slug '{chapter.slug}' (also {seen[chapter.slug].name})",
                              path=path, line=1)
        seen[chapter.slug] = path
        chapters.append(chapter)
    return chapters


def _order_key(path: Path) -> tuple:
    m = re.match(r"^(\d+)", path.name)
    return (int(m.group(1)) if m else float("inf"), path.name)


def _read_chapter(path: Path) -> RawChapter:
    text = read_text(path)
    meta, body, first_line = _split_front_matter(text, path)
    if not body.strip():
        raise SourceError("empty chapter: the file has no text", path=path, line=first_line)
    slug = meta.get("slug") or _NUMBER_PREFIX.sub("", path.stem)
    slug = _SLUG_CHARS.sub("-", slug.lower()).strip("-") or f"chapter-{path.stem}"
    return RawChapter(path=path, slug=slug, text=body, first_line=first_line, meta=meta)


def _split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    """TOML front matter between two `+++` lines at the top of the file."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        return {}, text, 1
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "+++")
    except StopIteration:
        raise SourceError("front matter opened with +++ is never closed", path=path, line=1) from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        raise SourceError(f"invalid front matter: {re.sub(r' [(]at line.*', '', str(exc))}",
                          path=path, line=int(m.group(1)) + 1 if m else 1) from None
    for key, value in meta.items():
        if key not in FRONT_MATTER_KEYS:
            raise SourceError(f"unknown front-matter key '{key}' (known: {', '.join(FRONT_MATTER_KEYS)})",
                              path=path, line=_key_line(lines, key))
        if not isinstance(value, FRONT_MATTER_KEYS[key]):
            raise SourceError(f"front-matter key '{key}' must be a string", path=path,
                              line=_key_line(lines, key))
    return meta, "\n".join(lines[end + 1:]), end + 2


def _key_line(lines: list[str], key: str) -> int:
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith(key):
            return number
    return 1
