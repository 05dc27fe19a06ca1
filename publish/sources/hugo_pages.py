"""The Hugo convention: a section's pages are the book's articles, its `_index.md` the issue's
introduction.

An article is a page bundle (`<name>/index.md`, its translations `index.<lang>.md`) or a
plain page (`<name>.md`, `<name>.<lang>.md`); a file without a language is in the site's
default language. Articles go by `weight` (or `order`; unset or 0 last, as Hugo sorts),
then date, then title, then path, as the default language's page says, so every edition
has one order. The `_index` page's text, when it has any, opens the book. Front matter is
read whole (sources/frontmatter.py): issue 26's keys go in the chapter's meta, the site's
own keys are named once. Drafts are left out, as Hugo leaves them out. An article missing
in one language follows `[translations] missing` (the default language's page stands in,
marked). Shortcodes are carried out by sources/shortcodes.py.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from functools import lru_cache
from pathlib import Path

from publish import hugo, policy
from publish.config import Config, Edition
from publish.paths import resolve_inside
from publish.sources import RawChapter, Reader
from publish.sources.frontmatter import Unread, mapped, split, titled
from publish.sources.nesting import flatten
from publish.sources.shortcodes import Expander
from publish.sources.text import read_text

_SLUG_CHARS = re.compile(r"[^\w-]+", re.UNICODE)
_SITE_LINK = re.compile(r"(\]\()(/[^)\s/][^)\s]*)")


def group(section: Path, codes: list[str]) -> dict[str, dict[str, Path]]:
    """article name -> language -> file, for the section's articles (the default language
    under codes[0]). An article in a sub-section of an issue is named with its folder
    (`essays/harbours`)."""
    found: dict[str, dict[str, Path]] = {}
    by_suffix = {c.lower(): c for c in codes}
    for path in hugo.articles(section):
        bundle = path.name.startswith("index") and path.parent != section
        where = path.parent if bundle else path.with_name(path.name.split(".")[0])
        name = where.relative_to(section).as_posix()
        parts = path.name.split(".")
        code = by_suffix.get(parts[-2].lower(), "") if len(parts) > 2 else ""
        code = code or by_suffix.get(_edition(parts[-2]) if len(parts) > 2 else "", codes[0])
        found.setdefault(name, {}).setdefault(code, path)
    return found


def _articles(config: Config, codes: list[str]) -> dict[str, dict[str, Path]]:
    """article name -> language -> file: the default language's section, and each language
    that keeps its own content folder (`contentDir`), whose pages are in that language."""
    home = config.edition(codes[0]).folder
    found = group(home, codes)
    for code in codes[1:]:
        folder = config.edition(code).folder
        if folder == home:
            continue
        for name, files in group(folder, [code] + [c for c in codes if c != code]).items():
            if code in files:
                found.setdefault(name, {})[code] = files[code]
    return found


def _edition(suffix: str) -> str:
    from publish.languages.tags import edition_code

    return (edition_code(suffix) or "").lower()


def _applies(config: Config, edition: Edition) -> bool:
    return hugo.is_config(config.path)


def _read(config: Config, edition: Edition) -> list[RawChapter]:
    codes = list(config.languages)
    section, code = edition.folder, edition.code
    first = code == codes[0]
    unread, expander = Unread(), Expander()
    chapters = _introduction(section, code, codes[0], config, expander, unread)
    home = config.edition(codes[0]).folder
    order = []
    for name, files in _articles(config, codes).items():
        if codes[0] not in files:
            continue                            # a page only in other languages: not an article here
        base = _page(files[codes[0]], config, expander, Unread(), quiet=True)
        if base is None or base.meta.get("draft"):
            if base is not None and first:
                policy.mend("front-matter", "a draft (draft: true); left out, as Hugo leaves it out",
                            path=files[codes[0]], line=1)
            continue
        order.append(((_part_key(home, name), _sort_key(base, name)), name, files))
    opened = ""
    for _, name, files in sorted(order, key=lambda o: o[0]):
        chapter = _in_language(name, files, code, codes, config, expander, unread)
        if chapter is None:
            continue
        part = name.rpartition("/")[0].split("/")[0]
        if part and part != opened:             # the first article of a sub-section opens it
            chapter = _with(chapter, part=_part_title(section, home, part, code, codes[0]))
        opened = part or opened
        chapters.append(chapter)
    if first:
        unread.warn("Hugo")
    return _distinct(chapters)


def _part_key(section: Path, name: str) -> tuple:
    """Where an article's sub-section goes: the issue's own articles first, then its
    sub-sections by their `_index.md` weight, date, title and name."""
    part = name.rpartition("/")[0].split("/")[0]
    if not part:
        return (0,)
    data = hugo.index_page(section / part, "", "", own=True)
    weight = data.get("weight") or 0
    date = data.get("date")
    day = date.isoformat() if isinstance(date, _dt.date) else str(date or "9999")
    return (1, 0 if weight else 1, weight, day, str(data.get("title", "")).lower(), part)


def _part_title(section: Path, home: Path, part: str, code: str, default: str) -> str:
    """A sub-section's title in the edition's language (its `_index.<code>.md`, or the
    `_index.md` of a language's own content folder), else the default language's, else its
    folder's name."""
    for folder, lang, own in ((section, code, section != home), (home, default, False)):
        data = hugo.index_page(folder / part, lang, default, own=own)
        if data.get("title"):
            return " ".join(str(data["title"]).split())
    return part.replace("-", " ").replace("_", " ").capitalize()


def _in_language(name: str, files: dict[str, Path], code: str, codes: list[str],
                 config: Config, expander: Expander, unread: Unread) -> RawChapter | None:
    aliases = tuple(p for c, p in files.items() if c != code)
    if code in files:
        chapter = _page(files[code], config, expander, unread, slug=name.rpartition("/")[2])
        return _with(chapter, aliases=aliases) if chapter else None
    source = files[codes[0]]
    if config.missing == "leave-out":
        policy.mend("untranslated", f"article '{name}' has no '{code}' translation; left out of "
                    f"the '{code}' edition", path=source, line=1)
        return None
    policy.mend("untranslated", f"article '{name}' has no '{code}' translation; the "
                f"'{codes[0]}' page stands in, marked as '{codes[0]}'", path=source, line=1)
    chapter = _page(source, config, expander, Unread(), slug=name.rpartition("/")[2], quiet=True)
    return _with(chapter, lang=codes[0], aliases=aliases) if chapter else None


def _with(chapter: RawChapter, **changes) -> RawChapter:
    from dataclasses import replace

    return replace(chapter, **changes)


def _introduction(section: Path, code: str, default: str, config: Config, expander: Expander,
                  unread: Unread) -> list[RawChapter]:
    path = next((p for p in sorted(section.glob("_index.*.md")) if p.name.count(".") == 2
                 and code.lower() in (p.name.split(".")[1].lower(), _edition(p.name.split(".")[1]))),
                None)
    own = config.edition(code).folder != config.edition(default).folder
    if path is None and (code == default or own) and (section / "_index.md").is_file():
        path = section / "_index.md"
    if path is None:
        return []
    chapter = _page(path, config, expander, unread, slug="introduction", quiet=True, issue=True)
    return [chapter] if chapter is not None else []


def _page(path: Path, config: Config, expander: Expander, unread: Unread, *, slug: str = "",
          quiet: bool = False, issue: bool = False) -> RawChapter | None:
    """One page: its front matter mapped, its shortcodes carried out; None (with a warning,
    unless `quiet`) when it has no text."""
    resolve_inside(path, (config.root,), what="chapter")
    text = read_text(path)
    if text is None:
        return None
    data, body, first_line, lines = split(text, path)
    meta = mapped(data, path, lines, unread, issue=issue)
    body, origins = expander.expand(body, path)
    body, origins = titled(body, origins, meta.get("title"))
    body = _site_paths(body, path, config.root, _content(config))
    body = flatten(body, path, lambda n: first_line - 1 + (origins[n - 1] if origins else n))
    if not body.strip():
        if not quiet:
            policy.mend("empty-chapter", "empty page: the file has no text; left out", path=path,
                        line=first_line)
        return None
    slug = _SLUG_CHARS.sub("-", str(meta.get("slug") or slug or path.stem).lower()).strip("-")
    return RawChapter(path=path, slug=slug or "article", text=body, first_line=first_line,
                      meta=meta, origins=origins)


def _site_paths(body: str, path: Path, root: Path, content: Path) -> str:
    """Links from the site's root, as Hugo serves them, made relative to the page: an image
    `![…](/images/x.png)` is static/'s file, a link `[…](/issues/1/essay/#part)` the page
    bundle or page under the content folder (links.py then finds its chapter)."""
    def local(m: re.Match) -> str:
        target, _, fragment = m.group(2).partition("#")
        found = _site_file(target.strip("/"), root, content)
        if found is None:
            return m.group(0)
        return m.group(1) + Path(os.path.relpath(found, path.parent)).as_posix() + \
            (f"#{fragment}" if fragment else "")
    return _SITE_LINK.sub(local, body) if "](/" in body else body


def _site_file(target: str, root: Path, content: Path) -> Path | None:
    if not target:
        return None
    for candidate in (root / "static" / target, content / target / "index.md",
                      content / f"{target}.md", content / target / "_index.md"):
        if candidate.is_file():
            return candidate
    return None


def _content(config: Config) -> Path:
    return _content_of(config.path, config.root)


@lru_cache(maxsize=8)
def _content_of(path: Path, root: Path) -> Path:
    named = hugo.read_config(path).get("contentdir") if path.is_file() else None
    return root / (named if isinstance(named, str) else "content")


def _sort_key(chapter: RawChapter, name: str) -> tuple:
    weight = chapter.meta.get("weight") or 0
    date = chapter.meta.get("date")
    day = date.isoformat() if isinstance(date, _dt.date) else str(date or "9999")
    return (0 if weight else 1, weight, day, str(chapter.meta.get("title", "")).lower(), name)


def _distinct(chapters: list[RawChapter]) -> list[RawChapter]:
    """Two pages with one slug: the second gets `-2` (one warning naming it)."""
    seen: dict[str, Path] = {}
    out = []
    for chapter in chapters:
        slug, n = chapter.slug, 2
        while slug in seen:
            slug, n = f"{chapter.slug}-{n}", n + 1
        if slug != chapter.slug:
            policy.mend("duplicate-slug", f"slug '{chapter.slug}' is taken already (by "
                        f"{seen[chapter.slug].as_posix()}); this page's is '{slug}'",
                        path=chapter.path, line=1)
            chapter = _with(chapter, slug=slug)
        seen[slug] = chapter.path
        out.append(chapter)
    return out


READER = Reader(name="hugo", precedence=3, applies=_applies, read=_read)
