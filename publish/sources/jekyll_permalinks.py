"""Links between a Jekyll collection's documents as the site serves them (`../legal/`, `/fr/legal/`), made file paths.

Jekyll serves a collection's document at its permalink: the document's front matter
`permalink`, else the collection's (`permalink: /:path/`), else `/:collection/:path` with
the site's style (`pretty` adds a slash, the default `.html`). `:collection`, `:path`
(the file's path in the collection, without its extension), `:name` and `:title` (its
name) and `:output_ext` are filled in; a template with other placeholders (dates) maps
nothing. A Markdown link whose target is such a URL, from the site's root or relative to the
linking document's own URL, is rewritten to the file's path, so render/links.py finds its
chapter (or, for another language's document, says it is none). Other links are kept.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from posixpath import normpath
from typing import Any
from urllib.parse import urljoin

from publish import jekyll_collections as collections

# A Markdown link's target: `](target)` or `](target "title")`.
_LINK = re.compile(r"(\]\()([^)\s#][^)\s]*)")
_PLACEHOLDER = re.compile(r":(collection|path|name|title|output_ext|slug)\b")
_HEAD = re.compile(r"\A\ufeff?---\s*\n(?P<front>.*?)\n(?:---|\.\.\.)\s*$", re.S | re.M)
_OWN = re.compile(r"^permalink:\s*[\"']?(?P<url>[^\"'\s#]+)", re.M)
_STYLES = {"pretty": "/:collection/:path/", "date": "/:collection/:path:output_ext",
           "ordinal": "/:collection/:path:output_ext", "none": "/:collection/:path:output_ext"}


@dataclass(frozen=True)
class Site:
    """A collection's documents by URL: read once an edition."""

    collection: Path
    template: str
    table: dict[str, Path]


def site(collection: Path, values: dict[str, Any]) -> Site:
    template = _template(collection, values)
    return Site(collection, template, urls(collection, template))


def rewrite(body: str, path: Path, where: Site) -> str:
    """`body` with links to the collection's documents' URLs made relative file paths."""
    if "](" not in body:
        return body
    template, table, collection = where.template, where.table, where.collection
    own = _own_permalink(path) or _fill(template, collection, path)
    if own is None:
        return body

    def local(m: re.Match) -> str:
        target, hash_, fragment = m.group(2).partition("#")
        if "://" in target or target.startswith("mailto:"):
            return m.group(0)
        found = table.get(_key(urljoin(own, target)))
        if found is None:
            return m.group(0)
        return m.group(1) + Path(os.path.relpath(found, path.parent)).as_posix() + hash_ + fragment
    return _LINK.sub(local, body)


def _template(collection: Path, values: dict[str, Any]) -> str:
    options = collections.declared(values).get(collection.name[1:], {})
    template = options.get("permalink")
    if not isinstance(template, str) or not template.strip():
        style = values.get("permalink")
        template = _STYLES.get(style, "/:collection/:path:output_ext") \
            if not isinstance(style, str) or style in _STYLES or not style.endswith("/") \
            else "/:collection/:path/"
    return template.strip()


def urls(collection: Path, template: str) -> dict[str, Path]:
    """Each document's URL (its key: no slashes at the ends, no `.html`, no `index`) -> its file."""
    table: dict[str, Path] = {}
    for file in sorted(collection.rglob("*")):
        if not (collections.is_document(file) and file.is_file()):
            continue
        url = _own_permalink(file) or _fill(template, collection, file)
        if url is not None:
            table.setdefault(_key(url), file)
    return table


def _fill(template: str, collection: Path, file: Path) -> str | None:
    rel = PurePosixPath(file.relative_to(collection).as_posix()).with_suffix("")
    parts = {"collection": collection.name[1:], "path": str(rel), "name": rel.name,
             "title": rel.name, "slug": rel.name, "output_ext": ".html"}
    filled = _PLACEHOLDER.sub(lambda m: parts[m.group(1)], template)
    return None if re.search(r":[a-z_]+", filled) else filled


def _own_permalink(file: Path) -> str | None:
    try:
        with file.open(encoding="utf-8", errors="replace") as f:
            head = f.read(4096)
    except OSError:
        return None
    m = _HEAD.match(head)
    own = _OWN.search(m.group("front")) if m else None
    return own.group("url") if own else None


def _key(url: str) -> str:
    path = normpath("/" + url.split("?")[0]).strip("/")
    path = path.removesuffix(".html").removesuffix("index").strip("/")
    return "" if path == "." else path
