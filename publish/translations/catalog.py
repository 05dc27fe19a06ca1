"""A PO file read (po.py, polib where it cannot): its figures, and the translations to use.

As mdbook-gettext does, a fuzzy or untranslated entry gives no translation: the source's
text stands. A translation that drops a link or a code span its source has is used as the
translator wrote it (a reader is better served by a paragraph in their language than by
the source's), with one warning naming the PO line for the translator (policy:
translation). A PO file
that cannot be read is one warning naming its line, and its edition is not built.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from publish import policy

_LINE = re.compile(r"\(line (\d+)\)")
# A link's target: up to white space or the closing parenthesis (one level of parentheses
# inside it, as CommonMark allows); or an autolink.
_LINK = re.compile(r"\]\(<?((?:[^()\s<>]|\([^()\s]*\))*)|<((?:https?|mailto|ftp):[^>\s]+)>")
_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


@dataclass(frozen=True)
class Figures:
    """How much of a PO file is translated (its non-obsolete entries, the header aside)."""

    total: int
    translated: int
    fuzzy: int

    def percent(self, fuzzy_counts: bool = False) -> float:
        done = self.translated + (self.fuzzy if fuzzy_counts else 0)
        return 100.0 * done / self.total if self.total else 100.0

    def said(self, fuzzy_counts: bool = False) -> str:
        return (f"{self.percent(fuzzy_counts):.0f}% translated ({self.translated} of "
                f"{self.total} messages, {self.fuzzy} fuzzy)")


@dataclass(frozen=True)
class Catalog:
    """The translations of one PO file: msgid -> (msgstr, line of its entry)."""

    path: Path
    entries: dict[str, tuple[str, int]]
    figures: Figures
    language: str = ""
    ids: frozenset[str] = frozenset()       # every message of the file (translated or not)

    def lookup(self, msgid: str, warned: set[str]) -> str | None:
        """The translation to use for `msgid`, or None (the source's text stands); `warned`
        holds the messages warned about already (one warning each)."""
        found = self.entries.get(msgid)
        if found is None:
            return None
        msgstr, line = found
        lost = dropped(msgid, msgstr)
        if lost and msgid not in warned:
            warned.add(msgid)
            policy.mend("translation", f"the translation drops {lost} its source has; it is "
                                       f"used as written", path=self.path,
                        line=_msgstr_line(self.path, line))
        return msgstr


def dropped(msgid: str, msgstr: str) -> str:
    """What a translation leaves out of its source ("" when nothing): a link, a code span."""
    if "`" in msgid and len(_CODE.findall(msgstr)) < len(_CODE.findall(msgid)):
        return "a code span"
    if "](" in msgid or "<" in msgid:
        wanted = {a or b for a, b in _LINK.findall(msgid)}
        kept = {a or b for a, b in _LINK.findall(msgstr)}
        missing = sorted(wanted - kept)
        if missing:
            return f"the link to '{missing[0]}'"
    return ""


def _msgstr_line(path: Path, near: int) -> int:
    """The line of an entry's msgstr (polib counts an entry from a line before its own)."""
    lines = _lines(str(path))
    for number in range(max(near, 1), len(lines) + 1):
        if lines[number - 1].startswith("msgstr"):
            return number
    return near


@lru_cache(maxsize=4)
def _lines(name: str) -> list[str]:
    try:
        return Path(name).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return []


def read_catalog(path: Path) -> Catalog | None:
    """The PO file at `path`, or None (with one warning naming its line) if it cannot be read."""
    try:
        stat = path.stat()
    except OSError as exc:
        policy.mend("translation", f"cannot be read ({exc.strerror}); this edition is not built",
                    path=path)
        return None
    found = _read(str(path), stat.st_mtime_ns, stat.st_size)
    if isinstance(found, Catalog):
        return found
    reason, line = found
    policy.mend("translation", f"not a PO file that can be read ({reason}); this edition is "
                               f"not built", path=path, line=line)
    return None


@lru_cache(maxsize=64)
def _read(name: str, mtime: int, size: int) -> Catalog | tuple[str, int | None]:
    """The catalog (read once while the file is unchanged), or why not and the line."""
    from publish.translations.po import read

    path = Path(name)
    try:
        po, header = read(name)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        m = _LINE.search(str(exc))
        return _reason(exc), int(m.group(1)) if m else None
    entries: dict[str, tuple[str, int]] = {}
    ids = set()
    total = translated = fuzzy = 0
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        ids.add(entry.msgid)
        total += 1
        if entry.fuzzy:
            fuzzy += 1
        elif entry.msgstr:
            translated += 1
            entries[entry.msgid] = (entry.msgstr, entry.line)
    return Catalog(path, entries, Figures(total, translated, fuzzy),
                   language=header.get("Language", "").strip(), ids=frozenset(ids))


def _reason(exc: Exception) -> str:
    text = re.sub(r" in po file .*", "", _LINE.sub("", str(exc))).strip().rstrip(".")
    return text.splitlines()[0] if text else type(exc).__name__
