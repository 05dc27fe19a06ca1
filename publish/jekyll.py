"""A Jekyll site read as our config: `_config.yml` with its `_posts/` or its collection build as they are.

A folder is a Jekyll site when it holds `_config.yml` and `_posts/` or the folder of a
collection `_config.yml` lists. `--source SITE` (or `SITE/_posts`, `SITE/_articles`) names
the book: the posts, `_posts/YYYY-MM-DD-slug.md`, in date order (sources/jekyll_posts.py),
or a collection's documents, one edition per language folder (publish/jekyll_collections.py
says which folder is the book and which subfolders are languages; sources/jekyll_collection.py
reads them). `_config.yml` gives the title, `description`, `author` (a name, or a table with
`name`), `lang` (the base edition's language, `en` when not set) and `copyright`; a
collection's language folder may retitle its edition by its landing page's (`fr/index.html`)
`title` and `description`. What the site does not say gets a reproducible default, with one
warning. The site root is the project boundary.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish import jekyll_collections as collections
from publish import policy

# A post's file name: its date, then its slug (Jekyll's _posts convention).
POST = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)\.(?:md|markdown|mkd|mkdn)$")

CONFIG_NAME = "_config.yml"
POSTS = "_posts"


@dataclass(frozen=True)
class Site:
    root: Path
    values: dict[str, Any]
    collection: Path | None = None      # the collection that is the book (None: the posts)
    passed_over: tuple[tuple[Path, int], ...] = ()     # other folders with documents

    @property
    def config(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def posts(self) -> Path:
        return collections.base_dir(self.root, self.values) / POSTS

    @property
    def book(self) -> Path:
        return self.collection or self.posts

    def inputs(self) -> tuple[Path, ...]:
        """What the book is made from (the cache's key): the config, the chapters, the images."""
        return (self.config, self.book, *(self.root / d for d in ("assets", "images")
                                           if (self.root / d).is_dir()))


def is_config(path: Path) -> bool:
    return path.name == CONFIG_NAME and path.is_file() and find(path.parent) is not None


def find(source: Path) -> Site | None:
    """The Jekyll site at `source` (or whose `_posts` or collection folder it is), or None."""
    root, named = _root(source)
    if root is None:
        return None
    values = read_config(root / CONFIG_NAME)
    posts = collections.base_dir(root, values) / POSTS
    if named is not None and named == posts:
        return Site(root=root, values=values)
    chosen, others = collections.choose(root, values, named, _count_posts(posts))
    if chosen is None and not (named is None and posts.is_dir()):
        return None
    return Site(root=root, values=values, collection=chosen, passed_over=tuple(others))


def _root(source: Path) -> tuple[Path | None, Path | None]:
    """The site's root, and the `_posts` or collection folder `source` names in it."""
    if (source / CONFIG_NAME).is_file():
        return source, None
    if source.name.startswith("_"):
        for root in (source.parent, source.parent.parent):     # collections_dir: one deeper
            if (root / CONFIG_NAME).is_file():
                return root, source
    return None, None


def _count_posts(posts: Path) -> int:
    if not posts.is_dir():
        return 0
    return sum(1 for p in posts.rglob("*") if POST.match(p.name))


def read_config(path: Path) -> dict[str, Any]:
    import yaml

    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise policy.refuse("config-unreadable", f"_config.yml does not parse: "
                            f"{str(exc).splitlines()[0]}", path=path,
                            line=mark.line + 1 if mark is not None else None) from None
    if not isinstance(values, dict):
        raise policy.refuse("config-unreadable", "expected a table of keys", path=path, line=1)
    return values


def translate(site: Site) -> tuple[dict[str, Any], Path, dict[str, Path]]:
    """Our config table for the site's book, `_config.yml`, and each edition's folder."""
    from publish.defaults import slugify

    values, path = site.values, site.config
    _note_passed_over(site)
    code = base_language(site)
    folders = _editions(site, code) if site.collection is not None else {code: site.posts}
    title = _text(values.get("title")) or _default(site.root.resolve().name, "the folder's name",
                                                     path, "title")
    raw: dict[str, Any] = {"languages": list(folders), "title": title, "slug": slugify(title)}
    if _text(values.get("description")):
        raw["description"] = _text(values["description"])
    if len(folders) > 1:                # a language folder's landing page retitles its edition
        pages = {c: collections.index_page(f) if c != code else {} for c, f in folders.items()}
        for key, ours in (("title", "title"), ("description", "description")):
            if ours in raw:
                raw[ours] = {c: _text(pages[c].get(key)) or raw[ours] for c in folders}
    if _text(values.get("copyright")):
        raw["rights"] = _text(values["copyright"])
    author = values.get("author")
    name = _text(author.get("name")) if isinstance(author, dict) else _text(author)
    raw["authors"] = [{"name": name or _default(title, "the site's title", path, "author")}]
    raw["date"], origin = _newest(site)
    policy.mend("default", f"not set; '{raw['date'].isoformat()}' is used ({origin}); a Jekyll "
                "site has no book date", path=path, key="date")
    return raw, path, folders


def base_language(site: Site) -> str:
    """The edition `_config.yml`'s `lang` names (`en` when it names none; one warning when
    it names a language publish cannot build)."""
    said = _text(site.values.get("lang"))
    code = collections.language_code(said, site.root) if said else "en"
    if code is None:
        policy.mend("language", f"lang '{said}' names no language publish or CLDR knows; "
                    "'en' is used", path=site.config, key="lang")
    return code or "en"


def _editions(site: Site, base: str) -> dict[str, Path]:
    """Each edition's folder: the collection for the base language (its own documents and
    topic folders), then each language folder, by name; unknown languages left out."""
    found = collections.folders(site.collection, site.root)
    if found.unknown:
        names = ", ".join(f.name for f in found.unknown)
        policy.mend("language", f"{len(found.unknown)} folder(s) of {site.collection.name} "
                    f"hold a language publish cannot build ({names}); left out (add "
                    "languages/<code>.toml to build one)", path=found.unknown[0])
    editions: dict[str, Path] = {}
    if base in found.languages or collections.base_documents(site.collection, found):
        editions[base] = site.collection
    editions.update({c: f for c, f in found.languages.items() if c != base})
    return editions or {base: site.collection}


def _note_passed_over(site: Site) -> None:
    if not site.passed_over:
        return
    shown = ", ".join(f"'{f.name}' ({n})" for f, n in site.passed_over)
    policy.mend("default", f"the book is '{site.book.name}' (its documents are the most); "
                f"also holding documents: {shown}; `--source {site.root.name}/<folder>` builds "
                "one of those", path=site.config, key="collections")


def _newest(site: Site):
    """The newest post's date (from its file name), else publish's reproducible default."""
    from publish.defaults import book_date

    if site.collection is not None:
        return book_date(site.root)
    days = sorted(m.group("date") for p in site.posts.rglob("*")
                  if (m := POST.match(p.name)))
    try:
        return _dt.date.fromisoformat(days[-1]), "the newest post's"
    except (IndexError, ValueError):
        return book_date(site.root)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _default(value: str, origin: str, path: Path, key: str) -> str:
    policy.mend("default", f"not set; '{value}' is used ({origin}); set {key} in {CONFIG_NAME}",
                path=path, key=key)
    return value
