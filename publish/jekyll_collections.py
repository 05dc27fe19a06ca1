"""A Jekyll site's collections: which folder is the book, and which of its subfolders are languages.

Jekyll reads each collection `collections:` lists (a list of names, or a table of name ->
options) from `<collections_dir>/_<name>/`; `_posts` is its built-in collection. The book is:
- the folder `--source` names (`SITE/_posts`, `SITE/_articles`), when Jekyll reads it;
- else the output collection (`output: true`) with the most Markdown documents, or, when none
  has any and the site has no posts, any listed collection with the most; it is the book
  when it holds more documents than `_posts` holds posts (a documentation site with a blog
  beside it), and the posts are the book otherwise (a blog with a `_projects` list beside
  it). A collection's `index.*` pages are landing pages, not documents.
Inside a collection, a subfolder named by a language code (`fr`, `zh-hans`, `pt-br`: as
`tag_from_name` reads it, or a code the project or publish has a data file for) holds that
language's edition; documents directly in the collection and in other subfolders are the
site's base language. A code-shaped folder publish cannot build whose documents say so in
their `lang` is an unknown language's, left out; any other folder is a topic of the base.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

POSTS = "_posts"
MARKDOWN = (".md", ".markdown", ".mkd", ".mkdn", ".mkdown")    # Jekyll's markdown_ext
# A folder name shaped like a language code: a language, then a script and/or region.
_CODE_SHAPE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|\d{3}))?$")


@dataclass(frozen=True)
class Folders:
    """A collection's subfolders by role."""

    languages: dict[str, Path]          # edition code -> its folder
    unknown: tuple[Path, ...]           # languages publish cannot build


def declared(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The collections `_config.yml` lists, name -> options (`posts` is Jekyll's own)."""
    table = values.get("collections")
    if isinstance(table, list):
        table = {str(name): {} for name in table if isinstance(name, (str, int))}
    if not isinstance(table, dict):
        return {}
    return {str(k): v if isinstance(v, dict) else {} for k, v in table.items()
            if str(k) != "posts"}


def base_dir(root: Path, values: dict[str, Any]) -> Path:
    """`collections_dir` (where the collections and then `_posts` live), else the root."""
    where = values.get("collections_dir")
    return root / where if isinstance(where, str) and where.strip() else root


def collection_folder(root: Path, values: dict[str, Any], name: str) -> Path:
    return base_dir(root, values) / f"_{name}"


def is_document(path: Path) -> bool:
    """A Markdown file that is no landing page (`index.md`)."""
    return path.suffix.lower() in MARKDOWN and path.stem.lower() != "index"


def count(where: Path) -> int:
    """How many Markdown documents a folder holds (its subfolders too)."""
    if not where.is_dir():
        return 0
    return sum(1 for p in where.rglob("*") if is_document(p) and p.is_file())


def choose(root: Path, values: dict[str, Any], named: Path | None,
           posts: int) -> tuple[Path | None, list[tuple[Path, int]]]:
    """The collection folder that is the book (None: the posts are), and the folders passed
    over with their document counts (for one warning). `posts`: how many posts `_posts` has."""
    found = {name: collection_folder(root, values, name) for name in declared(values)}
    if named is not None:
        return (named if named in found.values() else None), []
    table = declared(values)
    candidates = [(f, count(f)) for n, f in found.items()
                  if table[n].get("output") is True and f.is_dir()]
    if not any(n for _, n in candidates) and not posts:
        candidates = [(f, count(f)) for f in found.values() if f.is_dir()]
    if not candidates:
        return None, []
    best = max(candidates, key=lambda c: c[1])              # the first listed on a tie
    others = [c for c in candidates if c is not best and c[1]]
    if best[1] > posts or (not posts and not best[1]):
        return best[0], others + ([(base_dir(root, values) / POSTS, posts)] if posts else [])
    return None, [best, *others] if best[1] else others


def folders(collection: Path, project: Path) -> Folders:
    """The collection's language folders and its unknown-language ones (quietly: the
    reader asks again)."""
    languages: dict[str, Path] = {}
    unknown: list[Path] = []
    for sub in sorted(p for p in collection.iterdir() if p.is_dir()):
        if not _CODE_SHAPE.match(sub.name) or sub.name.startswith("_"):
            continue
        code = language_code(sub.name, project)
        if code is not None and code not in languages:
            languages[code] = sub
        elif code is None and _says_its_language(sub):
            unknown.append(sub)
    return Folders(languages=languages, unknown=tuple(unknown))


def language_code(name: str, project: Path) -> str | None:
    """The edition a language code stands for (`zh-hans` -> zh-Hans, `pt-br` -> pt-BR), as
    the README-set and Hugo readers take it; None when publish cannot build it."""
    from publish.errors import ConfigError
    from publish.languages import get_language
    from publish.languages.guess import tag_from_name
    from publish.languages.tags import edition_code

    code = tag_from_name(name)
    if code is not None:
        try:
            get_language(code, project)
            return code
        except ConfigError:
            pass
    return edition_code(name, project)


def _says_its_language(sub: Path) -> bool:
    """Whether the first document of a code-shaped folder gives its name as its `lang`."""
    first = next((p for p in sorted(sub.rglob("*")) if is_document(p) and p.is_file()), None)
    data = front_matter(first) if first is not None else {}
    return str(data.get("lang", "")).lower().replace("_", "-") == sub.name.lower()


def front_matter(path: Path) -> dict[str, Any]:
    """A file's YAML front matter, glanced at quietly ({} when there is none or it does not
    parse): the reader reads the documents again, and warns."""
    import yaml

    from publish.sources.text import read_text

    lines = (read_text(path, quiet=True) or "").split("\n")
    if not lines or lines[0].strip() != "---":
        return {}
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), 0)
    try:
        data = yaml.safe_load("\n".join(lines[1:end])) if end else None
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def index_page(where: Path) -> dict[str, Any]:
    """The front matter of a folder's landing page (`index.html`, `index.md`), or {}."""
    for name in ("index.html", "index.md", "index.markdown"):
        if (where / name).is_file():
            return front_matter(where / name)
    return {}


def base_documents(collection: Path, found: Folders, code: str = "") -> list[Path]:
    """The base edition's Markdown files, by path: the collection's own, its topic folders',
    and its language folder for `code` if it has one; not the other languages'."""
    skipped = {f for c, f in found.languages.items() if c != code} | set(found.unknown)
    return sorted(p for p in collection.rglob("*") if is_document(p) and p.is_file()
                  and not any(p.is_relative_to(f) for f in skipped))


def edition_documents(folder: Path, collection: Path, project: Path, code: str) -> list[Path]:
    """An edition's Markdown files, by path (the reader orders them)."""
    if folder != collection:
        return sorted(p for p in folder.rglob("*") if is_document(p) and p.is_file())
    return base_documents(collection, folders(collection, project), code)


def collection_of(folder: Path, values: dict[str, Any], root: Path) -> Path | None:
    """The collection folder an edition's folder is (or is a language folder of), or None."""
    known = {collection_folder(root, values, name) for name in declared(values)}
    for candidate in (folder, folder.parent):
        if candidate in known:
            return candidate
    return None
