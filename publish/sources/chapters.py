"""Chapter files read into RawChapters: text and front matter checked, includes expanded, slugs made.

Every reader reads its chapters through here.
"""
from __future__ import annotations

import re
from pathlib import Path

from publish.errors import SourceError
from publish.paths import resolve_inside
from publish.sources import RawChapter
from publish.sources.includes import expand
from publish.sources.text import read_text, split_front_matter

_NUMBER_PREFIX = re.compile(r"^\d+[-_. ]*")
_SLUG_CHARS = re.compile(r"[^\w-]+", re.UNICODE)


def read_chapters(paths: list[Path], root: Path, facts: dict | None = None) -> list[RawChapter]:
    """Each file as a chapter, in the order given; files outside `root` and repeated slugs refused.

    `facts` gives a reader's own fields per file (listed_title, level, part)."""
    facts = facts or {}
    chapters, seen = [], {}
    for path in paths:
        resolve_inside(path, (root,), what="chapter")
        chapter = read_chapter(path, root, **facts.get(path, {}))
        if chapter.slug in seen:
            raise SourceError(f"duplicate chapter slug '{chapter.slug}' (also {seen[chapter.slug].name})",
                              path=path, line=1)
        seen[chapter.slug] = path
        chapters.append(chapter)
    return chapters


def read_chapter(path: Path, root: Path | None = None, slug_hint: str = "", **facts) -> RawChapter:
    """One chapter file: its front matter, its body (never empty) and its slug."""
    text = read_text(path)
    meta, body, first_line = split_front_matter(text, path)
    body, origins = expand(body, path, root or path.parent)
    if not body.strip():
        raise SourceError("empty chapter: the file has no text", path=path, line=first_line)
    slug = meta.get("slug") or slug_hint or _NUMBER_PREFIX.sub("", path.stem)
    slug = _SLUG_CHARS.sub("-", slug.lower()).strip("-") or f"chapter-{path.stem}"
    return RawChapter(path=path, slug=slug, text=body, first_line=first_line, meta=meta,
                      origins=origins, **facts)
