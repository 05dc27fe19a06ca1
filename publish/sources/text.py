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
    """TOML front matter between two `+++` lines at the top of the file: (meta, body, body's line).

    Another tool's YAML front matter (`---` lines around `key: value` lines, as Jekyll, Hugo
    and mdbook-course write it) is taken out too; its `title` and `slug` are read and the
    rest is left to that tool (checks.py notes the keys once)."""
    lines = text.split("\n")
    yaml = yaml_front_matter(lines)
    if yaml is not None:
        meta, end = yaml
        return meta, "\n".join(lines[end + 1:]), end + 2
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


_YAML_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$")
_YAML_MORE = re.compile(r"^(\s+\S|- )")     # an indented or list continuation of a value
YAML_LIMIT = 60                             # a front matter longer than this is text after all


def yaml_front_matter(lines: list[str]) -> tuple[dict, int] | None:
    """(the plain `title`/`slug` values and every key seen, the closing line's index), or None
    when the file does not open with a `---` block whose every line is a YAML key or its
    continuation (a thematic break followed by prose is not front matter)."""
    if not lines or lines[0].rstrip() != "---":
        return None
    meta: dict = {"yaml_keys": []}
    for index, line in enumerate(lines[1:YAML_LIMIT + 1], 1):
        if line.rstrip() in ("---", "...") and index > 1:
            return (meta, index) if meta["yaml_keys"] else None
        m = _YAML_KEY.match(line)
        if m:
            meta["yaml_keys"].append(m.group(1))
            value = (m.group(2) or "").strip()
            if m.group(1) in FRONT_MATTER_KEYS and value:
                meta[m.group(1)] = value.strip("'\"")
        elif line.strip() and not _YAML_MORE.match(line) and not line.lstrip().startswith("#"):
            return None
    return None


def _key_line(block: str, key: str) -> int:
    """The file line of `key` in the front matter (which starts on line 2)."""
    found = tomlfile.line_of(block, key)
    return found + 1 if found else 1
