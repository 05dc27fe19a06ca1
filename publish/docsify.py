"""A Docsify site read as our config: the folder (a repository's `docs/`, or the project
itself) whose `index.html` loads docsify, with its `README.md` home page and `_sidebar.md`.

Docsify builds nothing: `index.html` holds `window.$docsify = { name: '...', ... }`, a
JavaScript object literal read here with a small tolerant pattern (never run). Its `name`
is the title, else the page's `<title>`, else each home page's first heading. `<meta
name="description">` is the description, `<html lang>` the language (unless the home page's
text is plainly in another: the docsify template says `en`). Docsify's translations are
subfolders named by a language code (`zh-cn/`, `de-de/`), each with its own README.md and
perhaps `_sidebar.md`: one edition each. The slug, author and date get reproducible
defaults, one warning each. The chapters are read by sources/docsify.py.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from publish import policy
from publish.defaults import book_date, first_author, slugify
from publish.languages.tags import edition_code

INDEX = "index.html"
HOME = "README.md"
SIDEBAR = "_sidebar.md"
FOLDERS = ("docs", "doc", "documentation")      # where a repository keeps its site
# The page loads docsify: its config object, or its script (docsify.min.js, docsify@4).
_LOADS = re.compile(r"\$docsify\b|/docsify(?:@[^/\"'\s]*)?/|docsify(?:\.min)?\.js", re.I)
_CONFIG = re.compile(r"\$docsify\s*=\s*\{")
_NAME = re.compile(r"""(?<![\w$.])name\s*:\s*(["'`])(.*?)(?<!\\)\1""", re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_META = re.compile(r"<meta\s[^>]*>", re.I)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*$", re.M)
_HEADING_OPTIONS = re.compile(r"[ \t]+:(?:id=\S*|docsify-ignore(?:-all)?)(?=[ \t]|$)")
_FOLDER_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][a-z]{2,4})?$", re.I)
DEFAULT_LANGUAGE = "en"
WEB = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.I)
MARKDOWN = (".md", ".markdown")
_MAX_INDEX = 1 << 20                            # an index.html is read this far


@dataclass(frozen=True)
class Site:
    """A docsify site: the folder holding index.html, and the project it belongs to."""

    folder: Path
    root: Path

    @property
    def index(self) -> Path:
        return self.folder / INDEX


def find(source: Path) -> Site | None:
    """The docsify site `source` is, or holds in `docs/` (or doc/, documentation/); or
    whose index.html it is."""
    if source.name == INDEX and source.is_file():
        return Site(folder=source.parent, root=source.parent) if is_site(source.parent) \
            else None
    if source.is_file():
        return None
    for folder in (source, *(source / name for name in FOLDERS)):
        if is_site(folder):
            return Site(folder=folder, root=source)
    return None


def is_site(folder: Path) -> bool:
    """A folder with a home page (or sidebar) whose index.html loads docsify."""
    try:
        if not (folder / INDEX).is_file() or not any(
                (folder / name).is_file() for name in (HOME, SIDEBAR)):
            return False
    except OSError:
        return False
    return bool(_LOADS.search(_page(folder / INDEX)))


def _page(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(_MAX_INDEX).decode("utf-8", errors="replace")
    except OSError:
        return ""


def translate(site: Site) -> tuple[dict[str, Any], Path, Path | dict[str, Path]]:
    """Our config table for the site, the file messages name (its index.html), and the
    folder of each edition's chapters (one Path, or code -> Path)."""
    page = _page(site.index)
    base = _language(page, site)
    editions = {base: site.folder, **translations(site, base)}
    raw: dict[str, Any] = {"languages": list(editions), "title": _title(page, editions, site)}
    description = meta(page, "description")
    if description:
        raw["description"] = description
    _defaults(raw, site)
    return raw, site.index, (site.folder if len(editions) == 1 else editions)


def config_name(page: str) -> str:
    """`name` of `window.$docsify = {...}` (its HTML tags dropped), or ""."""
    start = _CONFIG.search(page)
    m = _NAME.search(page, start.end()) if start else None
    if not m:
        return ""
    return _plain(m.group(2).replace("\\'", "'").replace('\\"', '"'))


def meta(page: str, name: str) -> str:
    """The content of `<meta name="...">`, or ""."""
    for tag in _META.findall(page):
        attrs = {k.lower(): a or b or c for k, a, b, c in _ATTR.findall(tag)}
        if attrs.get("name", "").lower() == name:
            return _plain(attrs.get("content", ""))
    return ""


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", "", text))).strip()


def translations(site: Site, base: str) -> dict[str, Path]:
    """code -> folder of each subfolder named by a language code that has a home page."""
    found: dict[str, Path] = {}
    try:
        folders = sorted(p for p in site.folder.iterdir() if p.is_dir())
    except OSError:
        return found
    for where in folders:
        if not _FOLDER_CODE.match(where.name) or not (where / HOME).is_file():
            continue
        code = edition_code(where.name, site.root)
        if not code or not where.resolve().is_relative_to(site.root.resolve()):
            continue
        if code == base or code in found:
            policy.mend("language", f"a second edition in '{code}' ({where.name}/); it is left "
                        "out", path=where / HOME)
            continue
        found[code] = where
    return found


def _language(page: str, site: Site) -> str:
    """`<html lang>`, unless the home page's text is in another language (docsify's
    template says `en` whatever the site's language); the text's language when unsaid."""
    from publish.gitbook import text_language

    m = _LANG.search(page)
    declared = edition_code(m.group(1), site.root) if m else None
    found = text_language(_text(site.folder / HOME))
    if declared and (found == DEFAULT_LANGUAGE or found.split("-")[0] == declared.split("-")[0]):
        return declared
    said = f"<html lang=\"{m.group(1)}\">" if m else "no <html lang>"
    if m or found != DEFAULT_LANGUAGE:
        policy.mend("language", f"{said}; '{found}' is used (the language of the text of "
                    f"{HOME})", path=site.index, key="lang")
    return found


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _title(page: str, editions: dict[str, Path], site: Site) -> str | dict[str, str]:
    """The site's name, else its <title>, else each home page's first heading."""
    name = config_name(page) or _plain(m.group(1) if (m := _TITLE.search(page)) else "")
    if name:
        return name
    titles = {}
    for code, folder in editions.items():
        m = _HEADING.search(_text(folder / HOME))
        heading = _HEADING_OPTIONS.sub("", m.group(1)) if m else ""
        titles[code] = _plain(re.sub(r"[*_`]", "", heading))
        origin = f"{HOME}'s first heading" if titles[code] else "the project folder's name"
        titles[code] = titles[code] or project_name(site)
        policy.mend("default", f"no name in window.$docsify and no <title>; '{titles[code]}' "
                    f"is used ({origin})", path=folder / HOME, key="title")
    return next(iter(titles.values())) if len(set(titles.values())) == 1 else titles


def project_name(site: Site) -> str:
    """The project's folder name: the repository's when the site is its `docs/`."""
    folder = site.folder.resolve()
    return folder.parent.name if folder.name.lower() in FOLDERS else folder.name


def _defaults(raw: dict[str, Any], site: Site) -> None:
    """The slug, author and date docsify has no place for, each with its one warning."""
    raw["slug"] = slugify(project_name(site))
    _defaulted(site, "slug", raw["slug"], "from the project folder's name")
    author, origin = first_author(site.folder)
    raw["authors"] = [{"name": author}]
    _defaulted(site, "authors", author, origin)
    date, origin = book_date(site.folder)
    raw["date"] = date
    _defaulted(site, "date", date.isoformat(), origin)


def _defaulted(site: Site, key: str, value: str, origin: str) -> None:
    policy.mend("default", f"not set; '{value}' is used ({origin}); docsify has no {key}",
                path=site.index, key=key)


def route(target: str, folder: Path, site: Path) -> Path | None:
    """The file a docsify route names (None for the web); a relative route is the edition's,
    else the site's (docsify reads `zh-cn/guide.md` from the site's root)."""
    target = target.strip()
    if WEB.match(target):
        return None
    target = target[1:] if target.startswith("#/") else target
    path = unquote(target.split("#")[0].split("?")[0]).replace("\x00", "")
    if not path.strip("/."):
        return (site if path.startswith("/") else folder) / HOME
    bases = (site,) if path.startswith("/") else (folder, site)
    found = [_file(base / path.lstrip("/"), path.endswith("/")) for base in bases]
    return next((p for p in found if p.is_file()), found[0])


def _file(path: Path, folder: bool) -> Path:
    if folder or (path.suffix.lower() not in MARKDOWN and path.is_dir()):
        return path / HOME
    return path if path.suffix.lower() in MARKDOWN else path.with_name(path.name + ".md")
