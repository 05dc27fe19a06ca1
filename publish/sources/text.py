"""A source file's text (UTF-8, no control characters, newlines normalised) and its TOML front matter."""
from __future__ import annotations

import re
from pathlib import Path

from publish import tomlfile
from publish.errors import SourceError

FRONT_MATTER_KEYS = {"title": str, "slug": str}
# Characters XML (and so EPUB) forbids: C0 controls but tab and newlines, DEL, non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise SourceError(f"control character U+{ord(bad.group()):04X} at column {column} "
                          "(invisible, and not allowed in a book); delete it", path=path, line=line)
    return text


def split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    """TOML front matter between two `+++` lines at the top of the file: (meta, body, body's line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        return {}, text, 1
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "+++")
    except StopIteration:
        raise SourceError("front matter opened with +++ is never closed", path=path, line=1) from None
    block = "\n".join(lines[1:end])
    meta = tomlfile.parse(block, path, SourceError, first_line=2, what="invalid front matter")
    for key, value in meta.items():
        if key not in FRONT_MATTER_KEYS:
            raise SourceError(f"unknown front-matter key '{key}' (known: {', '.join(FRONT_MATTER_KEYS)})",
                              path=path, line=_key_line(block, key))
        if not isinstance(value, FRONT_MATTER_KEYS[key]):
            raise SourceError(f"front-matter key '{key}' must be a string", path=path,
                              line=_key_line(block, key))
    return meta, "\n".join(lines[end + 1:]), end + 2


def _key_line(block: str, key: str) -> int:
    """The file line of `key` in the front matter (which starts on line 2)."""
    found = tomlfile.line_of(block, key)
    return found + 1 if found else 1
