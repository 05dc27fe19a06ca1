"""A Jekyll site's posts read as our config: `_config.yml` and `_posts/` build as they are.

`--source SITE` (or `SITE/_posts`) names the book: the posts, `_posts/YYYY-MM-DD-slug.md`,
in date order (sources/jekyll_posts.py). `_config.yml` gives the title, `description`,
`author` (a name, or a table with `name`), `lang` (the edition's language, `en` when not
set) and `copyright`; what it does not say gets a reproducible default, with one warning.
The site root is the project boundary.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish import policy

# A post's file name: its date, then its slug (Jekyll's _posts convention).
POST = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)\.(?:md|markdown|mkd|mkdn)$")

CONFIG_NAME = "_config.yml"
POSTS = "_posts"


@dataclass(frozen=True)
class Site:
    root: Path
    values: dict[str, Any]

    @property
    def config(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def posts(self) -> Path:
        return self.root / POSTS

    def inputs(self) -> tuple[Path, ...]:
        """What the book is made from (the cache's key): the config, the posts, the images."""
        return (self.config, self.posts, *(self.root / d for d in ("assets", "images")
                                            if (self.root / d).is_dir()))


def is_config(path: Path) -> bool:
    return path.name == CONFIG_NAME and (path.parent / POSTS).is_dir()


def find(source: Path) -> Site | None:
    """The Jekyll site at `source` (or whose `_posts` it is), or None."""
    root = source.parent if source.name == POSTS else source
    if not ((root / CONFIG_NAME).is_file() and (root / POSTS).is_dir()):
        return None
    return Site(root=root, values=read_config(root / CONFIG_NAME))


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
    """Our config table for the site's posts, `_config.yml`, and the posts' folder."""
    from publish.defaults import slugify
    from publish.languages.tags import edition_code

    values, path = site.values, site.config
    code = edition_code(str(values.get("lang") or "en"), site.root) or "en"
    title = _text(values.get("title")) or _default(site.root.resolve().name, "the folder's name",
                                                     path, "title")
    raw: dict[str, Any] = {"languages": [code], "title": title, "slug": slugify(title)}
    if _text(values.get("description")):
        raw["description"] = _text(values["description"])
    if _text(values.get("copyright")):
        raw["rights"] = _text(values["copyright"])
    author = values.get("author")
    name = _text(author.get("name")) if isinstance(author, dict) else _text(author)
    raw["authors"] = [{"name": name or _default(title, "the site's title", path, "author")}]
    raw["date"], origin = _newest(site)
    policy.mend("default", f"not set; '{raw['date'].isoformat()}' is used ({origin}); a Jekyll "
                "site has no book date", path=path, key="date")
    return raw, path, {code: site.posts}


def _newest(site: Site):
    """The newest post's date (from its file name), else publish's reproducible default."""
    from publish.defaults import book_date

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
