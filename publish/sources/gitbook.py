"""The GitBook convention: SUMMARY.md gives the chapters, README.md opens the book.

    # Summary                      any heading, or none: the first `#` heading is a title
    * [Introduction](README.md)
    * [Basics](basics/README.md)   `*`, `-` or `+` bullets, nested by 2 or 4 spaces
      * [Install](basics/install.md)
    ## Part Two                    a `##` (or deeper) heading opens a part
    * [Later](later.md)
    ---                            a separator: a part with no title (ignored)

As GitBook does, the readme is always a page: when SUMMARY.md does not list it, it is the
first chapter. A linked folder (`basics/`) is its README.md; links to the web are left out.
A listed file that is missing, or listed twice, is left out with one warning. A glossary
(GLOSSARY.md) is a chapter when the summary lists it: GitBook's own page for it is a web
page's index of terms. Template tags and `{{ book.name }}` variables are expanded by
gitbook_tags.py.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from publish import gitbook as config_gitbook
from publish import policy
from publish.config import Config, Edition
from publish.sources import RawChapter, Reader
from publish.sources.chapters import read_chapters
from publish.sources.gitbook_tags import Expander
from publish.sources.summary import Entry
from publish.sources.text import read_text

_ITEM = re.compile(r"^(?P<indent>[ \t]*)[-*+][ \t]+(?P<rest>.*)$")
_LINK = re.compile(r"^\[(?P<title>.*)\]\((?P<target>[^)\s]*)[^)]*\)")
_HEADING = re.compile(r"^[ \t]{0,3}(?P<marks>#{1,6})[ \t]+(?P<title>.+?)[ \t]*#*\s*$")
_WEB = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def read_summary(summary: Path, folder: Path) -> list[Entry]:
    """The chapters a GitBook SUMMARY.md lists, in order (files not yet checked). A heading
    above the first entry is the summary's title (`## Table of contents`), unless later
    headings open parts: then it opens the first."""
    entries: list[Entry] = []
    stack: list[tuple[int, bool]] = []          # (indent, linked) of the open items
    part, first, parted = "", "", False
    for number, line in enumerate(read_text(summary).split("\n"), 1):
        heading = _HEADING.match(line)
        if heading:
            if len(heading.group("marks")) > 1:
                part = re.sub(r"[`*_]", "", heading.group("title")).strip()
                parted = parted or bool(entries)
            continue
        m = _ITEM.match(line)
        if not m:
            continue
        width = len(m.group("indent").expandtabs(4))
        while stack and stack[-1][0] >= width:
            stack.pop()
        link = _LINK.match(m.group("rest").strip())
        target = link.group("target").strip() if link else ""
        stack.append((width, bool(target) and not _WEB.match(target)))
        if not target or _WEB.match(target):
            continue                            # a heading of the contents, or a web link
        path = folder / unquote(target.split("#")[0]).lstrip("/")     # `/`: the book's root
        if target.split("#")[0].endswith("/") or path.is_dir():
            path = path / "README.md"
        if not entries:
            first, part = part, ""
        entries.append(Entry(path=path, title=_plain(link.group("title")), unnumbered=False,
                             level=sum(linked for _, linked in stack), part=part, line=number))
        part = ""
    if parted and first:                        # `## Part I` before the first entry opens a part
        entries[0] = replace(entries[0], part=first)
    return entries


def _plain(title: str) -> str:
    return re.sub(r"\\(.)", r"\1", re.sub(r"[`*_]", "", title)).strip()


def chapters_of(folder: Path, names: dict[str, str], title: str = "") -> list[Entry]:
    """The edition's chapters: the summary's entries that exist, each once, with the
    readme first when the summary does not list it (titled `title` if it has no heading)."""
    summary = folder / names["summary"]
    listed = read_summary(summary, folder) if summary.is_file() else []
    entries, seen = [], set()
    for entry in listed:
        key = entry.path.resolve()
        if key in seen:
            policy.mend("summary-loop", f"'{_shown(entry.path, folder)}' is listed again; the "
                        "first entry is kept", path=summary, line=entry.line)
        elif key == summary.resolve():
            policy.mend("summary-loop", f"{summary.name} lists itself; left out", path=summary,
                        line=entry.line)
        elif not entry.path.is_file():
            policy.mend("missing-chapter", f"chapter '{_shown(entry.path, folder)}' not found; "
                        "left out", path=summary, line=entry.line)
        else:
            seen.add(key)
            entries.append(entry)
    readme = folder / names["readme"]
    if readme.is_file() and readme.resolve() not in seen:
        entries.insert(0, Entry(path=readme, title=title, level=1, part="", line=0,
                                unnumbered=False))
    return entries


def _shown(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.as_posix()


def _slug(path: Path, folder: Path) -> str:
    """A chapter's slug from its path in the book (`intro/README.md` -> intro-readme)."""
    return "-".join(Path(_shown(path, folder)).with_suffix("").parts).strip(".-/")


def _applies(config: Config, edition: Edition) -> bool:
    return config.path.name == config_gitbook.BOOK_JSON


def _read(config: Config, edition: Edition) -> list[RawChapter]:
    folder = edition.folder
    values = config_gitbook.settings(config.path, folder)
    names = config_gitbook.structure(values)
    entries = chapters_of(folder, names, edition.title)
    if not entries:
        raise policy.refuse("nothing-readable", f"no chapter: neither {names['readme']} nor a "
                            f"chapter listed in {names['summary']}", path=folder / names["summary"])
    facts = {e.path: {"listed_title": e.title, "level": e.level, "part": e.part,
                      "slug_hint": _slug(e.path, folder)}
             for e in entries}
    chapters = read_chapters([e.path for e in entries], config.root, facts)
    variables = values.get("variables") if isinstance(values.get("variables"), dict) else {}
    expander = Expander(variables, config.root, folder)
    return [_expanded(chapter, expander) for chapter in chapters]


def _expanded(chapter: RawChapter, expander: Expander) -> RawChapter:
    """The chapter with its template tags and variables expanded; its line map kept true."""
    text, origins = expander.expand(chapter.text, chapter.path)
    if text == chapter.text:
        return chapter
    if chapter.origins:
        origins = tuple(chapter.origins[n - 1] for n in origins)
    return replace(chapter, text=text, origins=origins)


READER = Reader(name="gitbook", precedence=5, applies=_applies, read=_read)
