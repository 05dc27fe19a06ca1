"""A Jekyll collection's documents (`_articles/*.md`) as one language's chapters, in the collection's order.

Each document is read as a post is (sources/jekyll_posts.py: front matter, issue 26's article
keys, Liquid, `published: false` left out); its slug is its file name's stem (or front
matter `slug`). A Markdown file without front matter is a static file to Jekyll, copied as it
is, so no chapter: left out with one warning. The order is Jekyll's where the site sets one:
1. the collection's `sort_by` key (documents without it last);
2. else the collection's `order`, a list of file names (documents not listed last);
3. else front matter `order` (or `weight`), as sites sort their own lists, when any
   document has one (those without last);
4. else the file's path; ties in 1 and 3 also go by path.
Links to other documents' URLs (`../legal/`) are made their files' paths
(sources/jekyll_permalinks.py). A document whose front matter `lang` names another language than its edition's is built
in its edition all the same: one warning per edition names the first.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from publish import jekyll, policy
from publish import jekyll_collections as collections
from publish.config import Config, Edition
from publish.sources import RawChapter, Reader
from publish.sources.frontmatter import Unread
from publish.sources.jekyll_permalinks import rewrite, site
from publish.sources.jekyll_posts import document
from publish.sources.liquid import Expander


def _applies(config: Config, edition: Edition) -> bool:
    if config.path.name != jekyll.CONFIG_NAME or edition.folder.name == jekyll.POSTS:
        return False
    values = jekyll.read_config(config.path)
    return collections.collection_of(edition.folder, values, config.root) is not None


def _read(config: Config, edition: Edition) -> list[RawChapter]:
    values = jekyll.read_config(config.path)
    collection = collections.collection_of(edition.folder, values, config.root)
    options = collections.declared(values).get(collection.name[1:], {})
    expander, unread, links = Expander(values, config.root), Unread(), site(collection, values)
    found: list[tuple[RawChapter, dict[str, Any]]] = []
    static: list[Path] = []
    for path in collections.edition_documents(edition.folder, collection, config.root,
                                              edition.code):
        if not _has_front_matter(path):
            static.append(path)
            continue
        chapter, data, lines = document(path, path.stem, config, expander, unread,
                                        what="document")
        if chapter is not None:
            chapter = replace(chapter, text=rewrite(chapter.text, path, links))
            found.append((chapter, {**data, "__lang_line": lines.get("lang", 1)}))
    if static:
        policy.mend("missing-chapter", f"{len(static)} Markdown file(s) in {collection.name} have "
                    "no front matter, so Jekyll copies them as they are, as no document; left "
                    "out", path=static[0], line=1)
    unread.warn("Jekyll")
    found = _untranslated(found, edition, config.languages[0])
    _check_languages(found, edition, config.root)
    ordered = sorted(found, key=_order(options, edition.folder, found))
    return _distinct([c for c, _ in ordered])


def _has_front_matter(path: Path) -> bool:
    """Whether the file opens with `---`, as Jekyll asks of a document (a BOM allowed)."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError:
        return True                     # the reader says what is wrong with it
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"---")


def _order(options: dict[str, Any], folder: Path, found: list[tuple[RawChapter, dict]]):
    """The sort key of the collection's order (see the module's docstring)."""
    key, listed = options.get("sort_by"), options.get("order")

    def name(chapter: RawChapter) -> str:
        return chapter.path.relative_to(folder).as_posix()
    if isinstance(key, str) and key:
        return lambda f: (*_value(f[1].get(key)), name(f[0]))
    if isinstance(listed, list) and listed:
        places = {str(n): i for i, n in enumerate(listed)}
        return lambda f: (places.get(name(f[0]), len(places)), name(f[0]))
    if any("weight" in c.meta for c, _ in found):
        return lambda f: (*_value(f[0].meta.get("weight")), name(f[0]))
    return lambda f: (name(f[0]),)


def _value(value: Any) -> tuple[int, float, str]:
    """A sort value: numbers first (by value), then text (dates as ISO text), then none."""
    if value is None:
        return (2, 0.0, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, value.isoformat() if hasattr(value, "isoformat") else str(value))


def _untranslated(found: list[tuple[RawChapter, dict]], edition: Edition,
                  base: str) -> list[tuple[RawChapter, dict]]:
    """A document a translation's folder marks `untranslated: true` (a copy of the base
    language's, as opensource.guide keeps them) is set in the base language, marked with
    it; one warning an edition."""
    copies = [c for c, d in found if d.get("untranslated") is True]
    if not copies or edition.code == base:
        return found
    policy.mend("language", f"{len(copies)} document(s) say untranslated: true; their text "
                f"is set as '{base}', marked with that language", path=copies[0].path, line=1)
    return [(replace(c, lang=base), {**d, "lang": base}) if d.get("untranslated") is True
            else (c, d) for c, d in found]


def _check_languages(found: list[tuple[RawChapter, dict]], edition: Edition,
                     project: Path) -> None:
    """One warning when documents say another `lang` than their edition's."""
    wrong = [(c, d) for c, d in found if isinstance(d.get("lang"), str) and d["lang"].strip()
             and collections.language_code(d["lang"].strip(), project) != edition.code]
    if not wrong:
        return
    chapter, data = wrong[0]
    policy.mend("language", f"lang '{data['lang']}' is not this edition's '{edition.code}' "
                f"({len(wrong)} document(s) in {edition.folder.name} say another language); "
                f"built in the '{edition.code}' edition, as its folder says",
                path=chapter.path, line=data["__lang_line"])


def _distinct(chapters: list[RawChapter]) -> list[RawChapter]:
    """Two documents with one slug (`a/intro.md`, `b/intro.md`): the second gets its
    folder's name, with one warning."""
    seen: set[str] = set()
    out = []
    for chapter in chapters:
        if chapter.slug in seen:
            slug = f"{chapter.slug}-{chapter.path.parent.name}"
            policy.mend("duplicate-slug", f"slug '{chapter.slug}' is taken already; this "
                        f"document's is '{slug}'", path=chapter.path, line=1)
            chapter = replace(chapter, slug=slug)
        seen.add(chapter.slug)
        out.append(chapter)
    return out


READER = Reader(name="jekyll-collection", precedence=3, applies=_applies, read=_read)
