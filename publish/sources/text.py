"""A source file's text (UTF-8, or UTF-16/32 with a byte-order mark; newlines normalised;
characters XML forbids removed) and its TOML front matter.

What cannot be decoded at all is refused; what is not text (binary, unreadable) is left out;
everything else is mended with one warning (publish/policy.py decides which is which).
"""
from __future__ import annotations

import codecs
import errno
import re
import stat
from pathlib import Path

from publish import policy, tomlfile
from publish.errors import SourceError

FRONT_MATTER_KEYS = {"title": str, "slug": str}
# Article keys (another issue gives them meaning): accepted as they are, kept in the meta.
ARTICLE_KEYS = ("authors", "translators", "subtitle", "standfirst", "date", "abstract",
                "summary", "doi", "license", "tags")
# Keys of the translation workflow, read by its own module: `translation-of` (marks.py).
WORKFLOW_KEYS = ("translation-of",)
# Characters XML (and so EPUB) forbids: C0 controls but tab and newlines, DEL, non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Byte-order marks, longest first (UTF-32 LE begins as UTF-16 LE does).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def read_text(path: Path, *, quiet: bool = False) -> str | None:
    """A source file's text, mended; None when it is not text (binary or unreadable: left out
    with a warning). Text that cannot be decoded is refused, naming the line of the bad byte.
    `quiet`: no warnings (for a file read again later, or only glanced at)."""
    data = _bytes(path, quiet)
    if data is None:
        return None
    text = _decode(data, path, quiet)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _without_controls(text, path, quiet)


def absent(path: Path) -> str:
    """Why a listed file cannot be a chapter or an include before it is read ("" when it may be
    read: a file, or something read_text will say more about, such as a symlink loop)."""
    try:
        if path.is_symlink():
            return ""
        return "is a folder, not a file" if stat.S_ISDIR(path.stat().st_mode) else ""
    except OSError as exc:
        return "not found" if exc.errno == errno.ENOENT else f"cannot be read ({exc.strerror})"


def _bytes(path: Path, quiet: bool) -> bytes | None:
    """The file's bytes; None (with a warning) for a folder, a pipe or device, a file that
    cannot be opened (permissions) or a symlink loop."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):       # a pipe would block a read for ever
            raise IsADirectoryError(0, "a folder" if path.is_dir() else "not a regular file")
        return path.read_bytes()
    except OSError as exc:
        if not quiet:
            policy.mend("not-text", f"cannot read ({exc.strerror or exc}); left out", path=path)
        return None


def _decode(data: bytes, path: Path, quiet: bool) -> str | None:
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if b"\x00" in data:
            if not quiet:
                policy.mend("not-text", "a binary file, not text (it holds NUL bytes and is "
                            "not UTF-8); left out", path=path)
            return None
        line = data[:exc.start].count(b"\n") + 1
        raise policy.refuse("text-undecodable",
                            f"not {encoding.upper().removesuffix('-SIG')} text "
                            f"(byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                            "save the file as UTF-8", path=path, line=line) from None
    return text


def _without_controls(text: str, path: Path, quiet: bool) -> str:
    """`text` without the characters XML forbids; one warning gives the first and the count."""
    bad = _CONTROL.search(text)
    if bad is None:
        return text
    if not quiet:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        count = len(_CONTROL.findall(text))
        more = f" (and {count - 1} more in the file)" if count > 1 else ""
        policy.mend("control-character",
                    f"control character U+{ord(bad.group()):04X} at column {column}{more} "
                    "is invisible and not allowed in a book; removed", path=path, line=line)
    return _CONTROL.sub("", text)


def decoded(path: Path) -> str:
    """The file's text as read_text gives it, for a second look (checks): no warnings, no
    refusal; "" when it is not text."""
    try:
        return read_text(path, quiet=True) or ""
    except SourceError:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ""


def split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    """TOML front matter between two `+++` lines at the top of the file: (meta, body, body's line).

    Another tool's YAML front matter (`---` lines around `key: value` lines, as Jekyll, Hugo
    and mdbook-course write it) is taken out too; its `title` and `slug` are read and the
    rest is left to that tool (checks.py notes the keys once). Front matter never closed is
    text; invalid TOML, an unknown key or a value of the wrong type is left out (warnings)."""
    lines = text.split("\n")
    yaml = yaml_front_matter(lines)
    if yaml is not None:
        meta, end = yaml
        return meta, "\n".join(lines[end + 1:]), end + 2
    if not lines or lines[0].strip() != "+++":
        return {}, text, 1
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "+++"), None)
    if end is None:
        policy.mend("front-matter", "front matter opened with +++ is never closed; read as text",
                    path=path, line=1)
        return {}, text, 1
    return _toml_meta("\n".join(lines[1:end]), path), "\n".join(lines[end + 1:]), end + 2


def _toml_meta(block: str, path: Path) -> dict:
    """The known keys of a TOML front matter; the rest is left out, with a warning each."""
    try:
        meta = tomlfile.parse(block, path, SourceError, first_line=2, what="invalid front matter")
    except SourceError as exc:
        policy.mend("front-matter", f"{exc.message}; the front matter is left out",
                    path=path, line=exc.line)
        return {}
    kept = {}
    for key, value in meta.items():
        if key in ARTICLE_KEYS or key in WORKFLOW_KEYS:
            kept[key] = value
        elif key not in FRONT_MATTER_KEYS:
            policy.mend("front-matter", f"unknown front-matter key '{key}' (known: "
                        f"{', '.join((*FRONT_MATTER_KEYS, *ARTICLE_KEYS, *WORKFLOW_KEYS))}); "
                        "ignored",
                        path=path, line=_key_line(block, key))
        elif not isinstance(value, FRONT_MATTER_KEYS[key]):
            policy.mend("front-matter", f"front-matter key '{key}' must be a string; ignored",
                        path=path, line=_key_line(block, key))
        else:
            kept[key] = value
    return kept


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
            if not meta["yaml_keys"]:
                return None
            meta.update(_article_keys(lines[1:index]))
            return meta, index
        m = _YAML_KEY.match(line)
        if m:
            meta["yaml_keys"].append(m.group(1))
            value = (m.group(2) or "").strip()
            if m.group(1) in FRONT_MATTER_KEYS and value:
                meta[m.group(1)] = value.strip("'\"")
        elif line.strip() and not _YAML_MORE.match(line) and not line.lstrip().startswith("#"):
            return None
    return None


def _article_keys(block: list[str]) -> dict:
    """The article keys of a YAML front matter (authors, date, doi…: issue 26), read by a
    real YAML parser; {} when the block is not YAML after all."""
    if not any(_YAML_KEY.match(line) and _YAML_KEY.match(line).group(1) in ARTICLE_KEYS
               for line in block):
        return {}
    import yaml

    try:
        data = yaml.safe_load("\n".join(block))
    except yaml.YAMLError:
        return {}
    return {k: v for k, v in data.items() if k in ARTICLE_KEYS} if isinstance(data, dict) else {}


def _key_line(block: str, key: str) -> int:
    """The file line of `key` in the front matter (which starts on line 2)."""
    found = tomlfile.line_of(block, key)
    return found + 1 if found else 1


_CODE_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def outside_code(text: str) -> list[str]:
    """The file's lines, with fenced code blanked out and inline code (which may run over
    a line end) taken out."""
    lines, fence = [], None
    for line in text.split("\n"):
        m = _CODE_FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)[0]
            lines.append("")
        elif fence is not None:
            if m and m.group(1)[0] == fence:
                fence = None
            lines.append("")
        else:
            lines.append(line)
    prose = "\n".join(lines)
    if "`" in prose:        # the search is slow even where it finds nothing
        prose = re.sub(r"(`+)(?:(?!\1).)+?\1", lambda m: "\n" * m.group().count("\n"), prose,
                       flags=re.S)
    return prose.split("\n")
