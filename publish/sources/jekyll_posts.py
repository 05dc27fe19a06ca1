"""The Jekyll convention: a site's `_posts/YYYY-MM-DD-slug.md` are the book's chapters, in date order.

A post's date is its file name's (posts of one day go by file name), its slug the name's
rest (or front matter `slug`); front matter `date` may give the article's date. Front matter is read whole
(sources/frontmatter.py): issue 26's article keys go in the chapter's meta, the site's own
keys are named once. Drafts (`published: false`) are left out, as Jekyll leaves them out.
Files whose names carry no date are not posts (Jekyll skips them): left out with one
warning. Liquid tags are carried out by sources/liquid.py.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace
from pathlib import Path

from publish import jekyll, policy
from publish.config import Config, Edition
from publish.paths import resolve_inside
from publish.sources import RawChapter, Reader
from publish.sources.frontmatter import Unread, mapped, split, titled
from publish.sources.liquid import Expander
from publish.sources.nesting import flatten
from publish.sources.text import read_text

POST = jekyll.POST
_SLUG_CHARS = re.compile(r"[^\w-]+", re.UNICODE)


def _applies(config: Config, edition: Edition) -> bool:
    return edition.folder.name == jekyll.POSTS and jekyll.is_config(config.path)


def posts(folder: Path) -> list[tuple[_dt.date, str, Path]]:
    """(date, slug, file) of each post under `folder` (its subfolders too), oldest first."""
    found, skipped = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        m = POST.match(path.name)
        try:
            found.append((_dt.date.fromisoformat(m.group("date")), m.group("slug"), path))
        except (AttributeError, ValueError):
            if path.suffix in (".md", ".markdown"):
                skipped.append(path)
    if skipped:
        policy.mend("missing-chapter", f"{len(skipped)} file(s) in _posts have no YYYY-MM-DD- "
                    "date in their name, so are no posts (Jekyll skips them); left out",
                    path=skipped[0], line=1)
    return sorted(found, key=lambda f: (f[0], f[2].name))


def _read(config: Config, edition: Edition) -> list[RawChapter]:
    expander, unread = Expander(jekyll.read_config(config.path), config.root), Unread()
    chapters: list[RawChapter] = []
    seen: set[str] = set()
    for day, slug, path in posts(edition.folder):
        chapter, _, _ = document(path, slug, config, expander, unread, day=day)
        if chapter is None:
            continue
        if chapter.slug in seen:
            policy.mend("duplicate-slug", f"slug '{chapter.slug}' is taken already; this post's "
                        f"is '{chapter.slug}-{day.isoformat()}'", path=path, line=1)
            chapter = replace(chapter, slug=f"{chapter.slug}-{day}")
        seen.add(chapter.slug)
        chapters.append(chapter)
    unread.warn("Jekyll")
    return chapters


# Front-matter keys Jekyll itself reads, and so no article key nor the site's own.
JEKYLL_KEYS = ("layout", "published", "categories", "category", "permalink", "lang",
               "untranslated")


def document(path: Path, slug: str, config: Config, expander: Expander, unread: Unread, *,
             day: _dt.date | None = None, what: str = "post"
             ) -> tuple[RawChapter | None, dict, dict[str, int]]:
    """A post's or a collection document's chapter (None when left out), with its whole
    front matter and each key's line."""
    resolve_inside(path, (config.root,), what="chapter")
    text = read_text(path)
    if text is None:
        return None, {}, {}
    data, body, first_line, lines = split(text, path)
    if data.get("published") is False:
        policy.mend("front-matter", "published: false; left out, as Jekyll leaves it out",
                    path=path, line=lines.get("published", 1))
        return None, data, lines
    meta = mapped({k: v for k, v in data.items() if k not in JEKYLL_KEYS}, path, lines, unread)
    if day is not None:
        meta.setdefault("date", day)
    body, origins = expander.expand(body, path, data)
    body, origins = titled(body, origins, meta.get("title"))
    body = flatten(body, path, lambda n: first_line - 1 + (origins[n - 1] if origins else n))
    if not body.strip():
        policy.mend("empty-chapter", f"empty {what}: the file has no text; left out", path=path,
                    line=first_line)
        return None, data, lines
    slug = _SLUG_CHARS.sub("-", str(meta.get("slug") or slug).lower()).strip("-") or what
    return RawChapter(path=path, slug=slug, text=body, first_line=first_line, meta=meta,
                      origins=origins), data, lines


READER = Reader(name="jekyll", precedence=3, applies=_applies, read=_read)
