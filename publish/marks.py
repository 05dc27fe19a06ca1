"""The `translation-of` front-matter key: which version of its source a translation was last
brought up to date with (issue 25).

Its value is the source's commit (`translation-of = "3f2c9e1a…"`) or a hash of the source's
text (`translation-of = "sha256:…"`), written by `publish translate mark`. Texts are
compared normalised: a change that only touches white space or punctuation (a line
re-wrapped, a comma, straight quotes made curly) leaves a translation current.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

KEY = "translation-of"
HASH = "sha256:"
_COMMIT = re.compile(r"^[0-9a-f]{7,64}$")


class _Dropped(dict):
    """str.translate's table: white space and punctuation to nothing, each character looked
    up once (a book's texts use a few hundred distinct ones)."""

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        self[code] = None if char.isspace() or unicodedata.category(char)[0] == "P" else code
        return self[code]


_DROPPED = _Dropped()


def normalised(text: str) -> str:
    """The text with its white space and punctuation taken out (NFKC first, so a no-break
    space or a full-width comma is one too)."""
    return unicodedata.normalize("NFKC", text).translate(_DROPPED)


def text_hash(text: str) -> str:
    """The value that marks a translation as made from `text`."""
    return HASH + hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()[:16]


def same(old: str | None, new: str | None) -> bool:
    """Whether two versions of a source differ by nothing but white space and punctuation."""
    return old is not None and new is not None and (old == new or
                                                     normalised(old) == normalised(new))


def is_commit(value: str) -> bool:
    return bool(_COMMIT.match(value))


def read_mark(text: str) -> str:
    """A translation's `translation-of` value ("" when its front matter has none)."""
    lines = text.split("\n", 62)
    if not lines or lines[0].strip() not in ("+++", "---"):
        return ""
    fence = lines[0].strip()
    for line in lines[1:]:
        if line.strip() == fence:
            break
        m = re.match(rf"^{KEY}\s*[:=]\s*['\"]?([^'\"\s]+)['\"]?\s*$", line)
        if m:
            return m.group(1)
    return ""


def with_mark(text: str, value: str) -> str:
    """`text` with its `translation-of` set to `value`: the line replaced, else added to the
    front matter it has (TOML `+++` or YAML `---`), else in a new TOML front matter."""
    lines = text.split("\n")
    fence = lines[0].strip() if lines else ""
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == fence), None) \
        if fence in ("+++", "---") else None
    if end is None:
        return f'+++\n{KEY} = "{value}"\n+++\n' + text
    entry = f'{KEY} = "{value}"' if fence == "+++" else f"{KEY}: {value}"
    for i in range(1, end):
        if re.match(rf"^{KEY}\s*[:=]", lines[i]):
            lines[i] = entry
            return "\n".join(lines)
    return "\n".join(lines[:end] + [entry] + lines[end:])


def write_mark(path: Path, value: str) -> None:
    """Sets the translation's `translation-of` in its file (its other bytes unchanged)."""
    raw = path.read_bytes()
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    text = raw[len(bom):].decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    marked = with_mark(text.replace("\r\n", "\n"), value).replace("\n", newline)
    path.write_bytes(bom + marked.encode("utf-8"))
