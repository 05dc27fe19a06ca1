"""Chapter files read into RawChapters: text and front matter checked, includes expanded, slugs made.

Every reader reads its chapters through here. A file outside the project is refused; a
file that is not text, or has no text, is left out; a slug taken already is made distinct.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from publish import policy
from publish.paths import resolve_inside
from publish.sources import RawChapter
from publish.sources.includes import expand
from publish.sources.nesting import flatten
from publish.sources.text import read_text, split_front_matter

_NUMBER_PREFIX = re.compile(r"^\d+[-_. ]*")
_SLUG_CHARS = re.compile(r"[^\w-]+", re.UNICODE)
# The EPUB's own documents (writers/epub/documents.py): a chapter `cover.md` (docsify's own
# docs have one) must not take cover.xhtml, or the manifest lists the file twice.
# (about.xhtml and contributors.xhtml exist only with bios; not reserved, as books name
# chapters `about.md`.)
RESERVED = {"cover": "the book's cover page", "titlepage": "the title page",
            "copyright": "the copyright page", "nav": "the contents"}


def read_chapters(paths: list[Path], root: Path, facts: dict | None = None) -> list[RawChapter]:
    """Each file as a chapter, in the order given: files outside `root` refused, files with no
    text left out, repeated slugs made distinct (each with a warning).

    `facts` gives a reader's own fields per file (listed_title, level, part)."""
    facts = facts or {}
    chapters, seen = [], {slug: Path(what) for slug, what in RESERVED.items()}
    for path in paths:
        resolve_inside(path, (root,), what="chapter")
        chapter = read_chapter(path, root, **facts.get(path, {}))
        if chapter is None:
            continue
        if chapter.slug in seen:
            chapter = _renamed(chapter, seen)
        seen[chapter.slug] = path
        chapters.append(chapter)
    return chapters


def _renamed(chapter: RawChapter, seen: dict[str, Path]) -> RawChapter:
    """The chapter under the first free slug after its own (`intro-2`, `intro-3`, …)."""
    n = 2
    while f"{chapter.slug}-{n}" in seen:
        n += 1
    slug = f"{chapter.slug}-{n}"
    policy.mend("duplicate-slug", f"chapter slug '{chapter.slug}' is taken already (by "
                f"{seen[chapter.slug].name}); this chapter's is '{slug}'", path=chapter.path, line=1)
    return replace(chapter, slug=slug)


def read_chapter(path: Path, root: Path | None = None, slug_hint: str = "",
                 **facts) -> RawChapter | None:
    """One chapter file: its front matter, its body and its slug; None (with a warning) when
    it is not text or has no text."""
    text = read_text(path)
    if text is None:
        return None
    meta, body, first_line = split_front_matter(text, path)
    body, origins = expand(body, path, root or path.parent)
    body = flatten(body, path, lambda n: first_line - 1 + (origins[n - 1] if origins else n))
    if not body.strip():
        policy.mend("empty-chapter", "empty chapter: the file has no text; left out",
                    path=path, line=first_line)
        return None
    slug = meta.get("slug") or slug_hint or _NUMBER_PREFIX.sub("", path.stem)
    slug = _SLUG_CHARS.sub("-", slug.lower()).strip("-") or f"chapter-{path.stem}"
    return RawChapter(path=path, slug=slug, text=body, first_line=first_line, meta=meta,
                      origins=origins, **facts)
