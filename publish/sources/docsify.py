"""The Docsify convention: `_sidebar.md` gives the chapters, README.md (the home page) opens
the book.

    - Getting started               a list item with no link: a section (a part)
      - [Quick start](quickstart.md)
      - [Routes](/guide/routes)     docsify routes: `/x`, `x`, `x.md`, `/zh-cn/x` are x.md,
        - [Nested](nested)          a route ending `/` is that folder's README.md
    - [Changelog](https://...)      a link to the web: no chapter

The sidebar is rewritten line for line into SUMMARY.md's form and read by summary.py (its
levels, parts and warnings); a listed page that is missing is left out with one warning
naming the sidebar's line. The home page comes first unless the sidebar lists it. Without a
sidebar, the home page's links give the chapters, as a README set's do (readmelinks.py).
Docsify's own Markdown (`?>` tips, `':include'` embeds, link options) is read by
docsify_markdown.py.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from publish import docsify, policy
from publish.config import Config, Edition
from publish.readmelinks import linked_pages
from publish.sources import RawChapter, Reader
from publish.sources.chapters import read_chapters
from publish.sources.docsify_markdown import mended
from publish.sources.gitbook import _slug
from publish.sources.summary import Entry, _found, read_summary
from publish.sources.text import read_text

_ITEM = re.compile(r"^(?P<indent>[ \t]*)[-*+][ \t]+(?P<rest>.*)$")
_LINK = re.compile(r"^\[(?P<title>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?(?P<target>[^)\s>]*)>?"
                   r"(?:\s+[^)]*)?\)")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S")


def sidebar_as_summary(text: str, folder: Path, site: Path) -> str:
    """The sidebar in SUMMARY.md's form, line for line: each link's route made the file's
    path from `folder`, a link to the web dropped, an item with no link under no linked
    item made a part heading (`# Getting started`), comments and prose blanked."""
    out: list[str] = []
    stack: list[tuple[int, bool]] = []             # (indent, linked) of the open items
    comment = False
    for line in text.split("\n"):
        if comment or line.lstrip().startswith("<!--"):
            comment = "-->" not in line
            out.append("")
            continue
        m = _ITEM.match(line)
        if not m:
            out.append(line if _HEADING.match(line) else "")
            continue
        width = len(m.group("indent").expandtabs(4))
        while stack and stack[-1][0] >= width:
            stack.pop()
        rest = re.sub(r"^(\*\*|__|\*|_)(.*)\1\s*$", r"\2", m.group("rest").strip())
        link = _LINK.match(rest)
        stack.append((width, bool(link)))
        out.append(_entry(m.group("indent"), link, folder, site) if link else
                   "" if any(linked for _, linked in stack[:-1]) else f"# {_plain(rest)}")
    return "\n".join(out)


def _entry(indent: str, link: re.Match, folder: Path, site: Path) -> str:
    if not link.group("target").strip():
        return f"{indent}- [{link.group('title')}]()"         # a draft: summary.py warns
    path = docsify.route(link.group("target"), folder, site)
    if path is None:
        return ""
    target = Path(os.path.relpath(path, folder)).as_posix()
    return f"{indent}- [{link.group('title')}]({target})"


def _plain(text: str) -> str:
    return re.sub(r"<[^>]*>|[`*_]", "", text).strip() or "—"


def entries(folder: Path, site: Path, others: list[Path]) -> list[Entry]:
    """The edition's chapters in order: its sidebar's that exist, or its home page's links;
    the home page first unless listed."""
    sidebar, home = folder / docsify.SIDEBAR, folder / docsify.HOME
    if sidebar.is_file():
        text = sidebar_as_summary(read_text(sidebar) or "", folder, site)
        listed = [e for e in read_summary(folder, docsify.SIDEBAR, text=text, titled=True)
                  if _found(e, folder, docsify.SIDEBAR)]
    else:
        listed = [Entry(path=p, title="", level=1, part="", line=0, unnumbered=False)
                  for p in _linked(home, folder, others)]
    seen = {e.path.resolve() for e in listed}
    if home.is_file() and home.resolve() not in seen:
        listed.insert(0, Entry(path=home, title="", level=1, part="", line=0, unnumbered=True))
    return listed


def _linked(home: Path, folder: Path, others: list[Path]) -> list[Path]:
    """The pages the home page leads to, other editions' pages left out."""
    if not home.is_file():
        return []
    pages = [p for p in linked_pages(home, folder, set()) if not any(
        p.is_relative_to(o.resolve()) for o in others)]
    if pages:
        policy.mend("readme-contents", f"no {docsify.SIDEBAR}: {len(pages)} page(s) it links "
                    "to are read as chapters, in the order linked", path=home)
    return pages


def _applies(config: Config, edition: Edition) -> bool:
    return config.path.name == docsify.INDEX and docsify.is_site(config.path.parent)


def _read(config: Config, edition: Edition) -> list[RawChapter]:
    folder, site = edition.folder, config.path.parent
    others = [e.folder for e in config.editions if e.folder.resolve() != folder.resolve()]
    found = entries(folder, site, others)
    if not found:
        raise policy.refuse("nothing-readable", f"no chapter: neither {docsify.HOME} nor a "
                            f"page listed in {docsify.SIDEBAR}", path=folder / docsify.SIDEBAR)
    facts = {e.path: {"listed_title": e.title, "level": e.level, "part": e.part,
                      "unnumbered": e.unnumbered, "slug_hint": _slug(e.path, folder)}
             for e in found}
    chapters = read_chapters([e.path for e in found], config.root, facts)
    return [mended(chapter, site, config.root) for chapter in chapters]


READER = Reader(name="docsify", precedence=4, applies=_applies, read=_read)
