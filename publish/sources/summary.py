"""The mdBook convention: a language folder's `SUMMARY.md` gives the chapters, their order,
nesting and parts.

    # Summary                       a title (ignored)
    [Preface](preface.md)           prefix chapters, before the list
    # Part One                      a part: the chapters after it belong to it
    - [Getting Started](ch01.md)    numbered chapters; nested items are sub-chapters
      - [Installation](ch01-01.md)
    - [Someday]()                   a draft: no file yet, left out with a warning
    ---                             a separator (ignored)
    [Appendix](appendix.md)         suffix chapters, after the list

Tried first: a folder with a SUMMARY.md follows it, whatever else it holds. An entry whose
file is missing, or that is SUMMARY.md itself or a chapter listed before, is left out with
a warning (policy: missing-chapter, summary-loop).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from publish import policy
from publish.config import Config, Edition
from publish.sources import RawChapter, Reader
from publish.sources.chapters import read_chapters
from publish.sources.text import absent, decoded, read_text

NAME = "SUMMARY.md"
_ENTRY = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+][ \t]+)?\[(?P<title>.*)\]\((?P<target>[^)]*)\)\s*$")
_PART = re.compile(r"^#{1,6}[ \t]+(?P<title>.+?)[ \t]*#*\s*$")
_SEPARATOR = re.compile(r"^[ \t]*(-{3,}|\*{3,}|_{3,})[ \t]*$")


@dataclass(frozen=True)
class Entry:
    """One chapter of the summary."""

    path: Path
    title: str
    level: int
    part: str          # the part it opens ("" when it opens none)
    line: int
    unnumbered: bool   # a prefix or suffix chapter (no list item): in no part


def read_summary(folder: Path, name: str = NAME, text: str | None = None,
                 titled: bool = False) -> list[Entry]:
    """The chapters SUMMARY.md (or a translation of it, `SUMMARY.fr.md`) lists, in order;
    drafts, itself and repeats are left out with a warning. `text`: the file's text as
    another convention rewrote it, line for line (docsify's `_sidebar.md`); `titled`: its
    first heading opens a part (it is no summary's title)."""
    summary = folder / name
    text = (read_text(summary) or "") if text is None else text
    entries, indents, part = [], [], ""
    seen: dict[str, Entry | None] = {_key(summary): None}   # real paths met: their entry
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or _SEPARATOR.match(line) or line.lstrip().startswith("<!--"):
            continue
        heading = _PART.match(line)
        if heading:
            if titled or entries:
                part = _plain(heading.group("title"))
            titled = True
            continue
        m = _ENTRY.match(line)
        if not m:
            continue                      # prose mdBook would refuse: let it pass quietly
        title, target = _plain(m.group("title")), m.group("target").strip()
        width = len(m.group("indent").expandtabs(4))
        while indents and indents[-1] >= width:
            indents.pop()
        indents.append(width)
        if not target:
            policy.mend("draft-chapter", f"draft chapter '{title}' has no file yet; left out",
                        path=summary, line=number)
            continue
        entry = Entry(path=folder / unquote(target.split("#")[0]), title=title,
                      level=len(indents), part=part, line=number,
                      unnumbered=not re.match(r"\s*[-*+]\s", line))
        if _loops(entry, seen, summary):
            continue
        seen[_key(entry.path)] = entry
        entries.append(entry)
        part = ""
    return entries


def _loops(entry: Entry, seen: dict[str, Entry | None], summary: Path) -> bool:
    """Whether the entry is SUMMARY.md itself or a chapter listed before (warned, left out);
    `seen` holds the real paths met so far (one lookup each, not one per earlier entry)."""
    key = _key(entry.path)
    if key not in seen:
        return False
    earlier = seen[key]
    if earlier is None:
        why = f"{summary.name} lists itself; the entry is left out"
    else:
        why = f"'{entry.path.name}' is listed already (line {earlier.line}); the first entry is kept"
    policy.mend("summary-loop", why, path=summary, line=entry.line)
    return True


def _key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _plain(title: str) -> str:
    """A summary title without its Markdown: `The \\`match\\` Construct` -> The match Construct."""
    return re.sub(r"[`*_]", "", title).strip()


def _applies(config: Config, edition: Edition) -> bool:
    return (edition.folder / NAME).is_file()


def _read(config: Config, edition: Edition) -> list[RawChapter]:
    folder = edition.folder
    entries = [e for e in read_summary(folder) if _found(e, folder)]
    if not entries:
        raise policy.refuse("nothing-readable", "SUMMARY.md lists no chapter that can be read",
                            path=folder / NAME)
    facts = {e.path: {"listed_title": e.title, "level": e.level, "part": e.part,
                      "unnumbered": e.unnumbered, "slug_hint": _slug(e.path, folder)}
             for e in entries}
    chapters = read_chapters([e.path for e in entries], config.root, facts)
    from publish.sources import course
    if course.used(folder):
        chapters = course.expand(chapters, _names(folder, entries), folder)
    return chapters


def _names(folder: Path, entries: list[Entry]) -> dict[Path, str]:
    """Each entry's chapter name as mdBook gives it (for mdbook-course's outlines)."""
    from publish.sources.course import mdbook_name

    lines = decoded(folder / NAME).split("\n")
    names = {}
    for e in entries:
        m = _ENTRY.match(lines[e.line - 1]) if e.line <= len(lines) else None
        names[e.path] = mdbook_name(m.group("title")) if m else e.title
    return names


def _found(entry: Entry, folder: Path, summary: str = NAME) -> bool:
    """Whether the entry's file is there (a missing one is left out, with a warning)."""
    why = absent(entry.path)
    if why:
        name = os.path.relpath(entry.path, folder).replace(os.sep, "/")
        policy.mend("missing-chapter", f"chapter '{name}' {why}; left out",
                    path=folder / summary, line=entry.line)
    return not why


def _slug(path: Path, folder: Path) -> str:
    """A chapter's slug from its path in the book (`intro/README.md` -> intro-readme)."""
    return "-".join(path.relative_to(folder).with_suffix("").parts)


READER = Reader(name="summary", precedence=10, applies=_applies, read=_read)
