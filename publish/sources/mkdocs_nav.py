"""The MkDocs convention: a site's `nav` (without one, MkDocs' own order of its docs folder)
gives each language's chapters, parts and sub-chapters.

    nav:
      - Home: index.md                  a page outside every section: a chapter in no part
      - Guide:                          a top-level section: a part
          - guide/index.md              its pages: the part's chapters
          - Advanced:                   a section inside it, led by its index page (or
              - guide/advanced/index.md   README.md): that page a chapter, the others its
              - guide/advanced/tuning.md  sub-chapters; a section with no index page lends
                                          its pages its own level
          - Source: https://example.org an external link: no page of the book (noted)
      - Reference: reference/           a folder: its pages, in MkDocs' own order

Without a nav, MkDocs' own order (mkdocs/structure/files.py, `file_sort_key`): in each
folder index.md (or README.md) first, then the other pages by name, then the sub-folders
by name, each a section titled from its name. A multilingual site (mkdocs-static-i18n)
gives each language its own pages (`page.fr.md` beside `page.md`, or `docs/fr/page.md`);
a page missing in a language is the default language's, as the plugin does, with one
warning per edition counting them. Tried first: an MkDocs config is read this way only.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from publish import mkdocs, policy
from publish.config import Config, Edition
from publish.errors import SourceError
from publish.sources import RawChapter, Reader
from publish.sources.chapters import read_chapters
from publish.sources.literate_nav import read_nav
from publish.sources.mkdocs_pages import MARKDOWN, Pages, identity, language_pages
from publish.sources.text import read_text

log = logging.getLogger("publish")

INDEX = ("index", "README")


@dataclass(frozen=True)
class Page:
    uri: str            # as the nav names it, relative to docs_dir: guide/install.md
    title: str          # the nav's title for it ("" when it gives none)
    line: int | None    # where the nav lists it
    source: Path | None = None     # the nav's file when not mkdocs.yml (a literate nav)


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple        # Pages and Sections


@dataclass(frozen=True)
class Entry:
    """A chapter: a page with its place in the book."""

    page: Page
    path: Path
    level: int
    part: str = ""
    unnumbered: bool = False


def _applies(config: Config, edition: Edition) -> bool:
    return mkdocs.is_site(config.path)


def _read(config: Config, edition: Edition) -> list[RawChapter]:
    site = mkdocs.load_site(config.path)
    language = site.language(edition.code)
    pages = language_pages(site, language)
    entries = entries_of(_items(site, language, pages), pages)
    if not entries:
        raise policy.refuse("nothing-readable", f"no page to read for '{edition.code}' in "
                            f"{site.docs.name}/", path=site.path,
                            line=mkdocs.line_of(site.text, "nav"))
    _say_fallen(site, language, [e.page.uri for e in entries if e.page.uri in pages.fallen])
    facts = {e.path: {"listed_title": e.page.title or page_title(e.page.uri),
                      "level": e.level, "part": e.part, "unnumbered": e.unnumbered,
                      "slug_hint": _slug(e.page.uri),
                      "aliases": pages.aliases.get(e.page.uri, ())} for e in entries}
    return read_chapters([e.path for e in entries], config.root, facts)


def _items(site: mkdocs.Site, language: mkdocs.SiteLanguage, pages: Pages) -> list:
    """The language's nav (its own, else the site's) as Pages and Sections; without one, a
    literate nav file's, else MkDocs' own order."""
    nav = language.nav if language.nav is not None else site.nav
    if nav is None:
        literate = _literate(site, "", pages, set())
        return own_order(pages.files) if literate is None else _resolve(literate, pages, site)
    start = language.line if language.nav is not None else mkdocs.line_of(site.text, "nav")
    items = _resolve(_nav_items(nav, _Lines(site.text, start or 1), language.translations),
                     pages, site)
    _say_unlisted(site, pages, _uris(items))
    return items


def _uris(items: list) -> set[str]:
    return {u for i in items for u in ((i.uri,) if isinstance(i, Page) else _uris(list(i.items)))}


def _slug(uri: str) -> str:
    """A chapter's slug from its page (`guide/index.md` -> guide-index)."""
    return "-".join(PurePosixPath(uri).with_suffix("").parts)


def page_title(uri: str) -> str:
    """A page's title when neither the nav nor its text gives one, as MkDocs makes it from
    the file's name (an index page: its folder's, or Home)."""
    path = PurePosixPath(uri)
    if path.stem in INDEX:
        return dirname_to_title(path.parent.name) if path.parent.name else "Home"
    return dirname_to_title(path.stem)


def _say_unlisted(site: mkdocs.Site, pages: Pages, listed: set[str]) -> None:
    """Pages the nav does not list: MkDocs builds them but links them from nowhere; a book
    leaves them out (noted, as MkDocs notes them)."""
    unlisted = sorted(uri for uri in pages.files if uri not in listed)
    if unlisted:
        log.info("%s", SourceError(f"nav: {len(unlisted)} page(s) of {site.docs.name}/ not in "
                                   f"the nav, left out: {', '.join(unlisted[:5])}"
                                   f"{', …' if len(unlisted) > 5 else ''}", path=site.path,
                                   line=mkdocs.line_of(site.text, "nav")))


def _say_fallen(site: mkdocs.Site, language: mkdocs.SiteLanguage, fallen: list[str]) -> None:
    if not fallen:
        return
    default = site.languages[0].locale
    shown = ", ".join(fallen[:5]) + (", …" if len(fallen) > 5 else "")
    policy.mend("untranslated", f"{len(fallen)} page{'s' if len(fallen) > 1 else ''} not "
                                f"translated into '{language.locale}'; the '{default}' page "
                                f"stands in, as mkdocs-static-i18n does: {shown}",
                path=site.path, line=language.line)


def own_order(files: dict[str, Path]) -> list:
    """MkDocs' order without a nav: index (or README) first in each folder, then the other
    pages by name, then the sub-folders by name, each a section titled from its name."""
    uris = sorted(files, key=sort_key)
    taken = {str(PurePosixPath(u).parent) for u in uris if PurePosixPath(u).stem == "index"}
    uris = [u for u in uris if not (PurePosixPath(u).stem == "README"     # index.md wins
                                    and str(PurePosixPath(u).parent) in taken)]
    top: list = []
    for uri in uris:
        branch = top
        for part in PurePosixPath(uri).parent.parts:
            title = dirname_to_title(part)
            node = next((n for n in branch if isinstance(n, list) and n[0] == title), None)
            if node is None:
                node = [title, []]
                branch.append(node)
            branch = node[1]
        branch.append(Page(uri, "", None))
    return [_frozen(item) for item in top]


def _frozen(item) -> Page | Section:
    return item if isinstance(item, Page) else Section(item[0], tuple(_frozen(i) for i in item[1]))


def sort_key(uri: str) -> tuple:
    """MkDocs' `file_sort_key`: the folder, then index (README) before the rest, then the name."""
    path = PurePosixPath(uri)
    return (path.parts[:-1], path.stem not in INDEX, path.name)


def dirname_to_title(name: str) -> str:
    """A folder's name as MkDocs titles its section: `getting-started` -> Getting started."""
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


class _Lines:
    """mkdocs.yml's lines, read on from the nav's: each entry is found below the one before."""

    def __init__(self, text: str, start: int) -> None:
        self.lines, self.at = text.splitlines(), start

    def find(self, target: str) -> int | None:
        for number in range(self.at, len(self.lines) + 1):
            if target in self.lines[number - 1]:
                self.at = number + 1
                return number
        return None


def _nav_items(data, lines: _Lines, translations: dict) -> list:
    """The nav as Pages and Sections, as MkDocs reads it (`- path`, `- Title: path`,
    `- Section: [...]`, a mapping of several)."""
    pairs: list = []
    if isinstance(data, dict):
        pairs = list(data.items())
    elif isinstance(data, list):
        for item in data:
            pairs += list(item.items()) if isinstance(item, dict) else \
                [(None, item)] if isinstance(item, str) else []
    elif isinstance(data, str):
        pairs = [(None, data)]
    items: list = []
    for key, value in pairs:
        written = "" if key is None else str(key)
        title = str(translations.get(written, written)) if written else ""
        if isinstance(value, str):
            items.append(Page(value.strip(), title, lines.find(value.strip())))
        elif isinstance(value, (list, dict)):
            lines.find(written)
            items.append(Section(title, tuple(_nav_items(value, lines, translations))))
    return items


def _resolve(items: list, pages: Pages, site: mkdocs.Site, seen: set | None = None) -> list:
    """The nav's items that are pages of this language, each once; an external link is
    left out (no page of the book), a missing page too, with a warning."""
    seen = set() if seen is None else seen
    kept: list = []
    for item in items:
        if isinstance(item, Section):
            inner = _resolve(list(item.items), pages, site, seen)
            if inner:
                kept.append(Section(item.title, tuple(inner)))
            continue
        kept += _page(item, pages, site, seen)
    return kept


def _page(page: Page, pages: Pages, site: mkdocs.Site, seen: set) -> list[Page]:
    parts = urlsplit(page.uri)
    if parts.scheme or parts.netloc:
        log.info("%s", SourceError(f"nav: '{page.title or page.uri}' links to {page.uri}, "
                                   "which is no page of the book; left out",
                                   path=page.source or site.path, line=page.line))
        return []
    uri = mkdocs.nav_path(parts.path)
    uri = uri if uri in pages.files else identity(uri, site)[0]
    folder = _folder(uri, page.title, pages, site, seen)
    if folder is not None:
        return [folder]
    if uri not in pages.files:
        if (site.docs / uri).is_file() and not uri.endswith(MARKDOWN):
            log.info("%s", SourceError(f"nav: '{page.uri}' is not a page; left out",
                                       path=page.source or site.path, line=page.line))
        else:
            policy.mend("missing-chapter", f"nav: '{page.uri}' is not in "
                                           f"{site.docs.name}/; left out",
                        path=page.source or site.path, line=page.line)
        return []
    if uri in seen:
        policy.mend("summary-loop", f"nav: '{page.uri}' is listed twice; the first place is "
                                    "kept", path=page.source or site.path, line=page.line)
        return []
    seen.add(uri)
    return [replace(page, uri=uri)]


def _folder(uri: str, title: str, pages: Pages, site: mkdocs.Site, seen: set) -> Section | None:
    """A nav entry naming a folder (`User Guide: user-guide/`, as mkdocs-literate-nav
    reads it): a section of its own nav file's pages, else of the folder's pages not
    listed elsewhere, in MkDocs' own order."""
    prefix = uri.rstrip("/") + "/"
    if uri in pages.files:
        return None
    name = dirname_to_title(PurePosixPath(prefix).name)
    literate = _literate(site, prefix, pages, seen)
    if literate is not None:
        inner = _resolve(literate, pages, site, seen)
        return Section(title or name, tuple(inner)) if inner else None
    inside = {u[len(prefix):]: p for u, p in pages.files.items()
              if u.startswith(prefix) and u not in seen}
    if not inside:
        return None
    seen.update(prefix + u for u in inside)
    return Section(title or name, tuple(_under(prefix, own_order(inside))))


def _literate(site: mkdocs.Site, prefix: str, pages: Pages, seen: set) -> list | None:
    """The items of the folder's literate nav file (mkdocs-literate-nav), or None when the
    site does not use the plugin or the folder has no such file."""
    settings = mkdocs.plugin(site.raw, "literate-nav")
    if settings is None:
        return None
    path = site.docs / prefix / str(settings.get("nav_file") or "SUMMARY.md")
    if not path.is_file() or ("nav", path) in seen:
        return None
    seen.add(("nav", path))
    items = _from_nodes(read_nav(read_text(path)), prefix, path)
    index = next((prefix + n for n in ("index.md", "README.md") if prefix + n in pages.files),
                 None)
    listed = {i.uri for i in items if isinstance(i, Page)}
    if settings.get("implicit_index") and index and index not in listed:
        items.insert(0, Page(index, "", None, path))
    return items


def _from_nodes(nodes, prefix: str, path: Path) -> list:
    """A literate nav's nodes as Pages and Sections; targets are relative to its file."""
    items: list = []
    for node in nodes:
        target = node.target if urlsplit(node.target).scheme or not node.target else \
            mkdocs.nav_path(prefix + node.target) + ("/" if node.target.endswith("/") else "")
        children = _from_nodes(node.children, prefix, path)
        if target and children:
            items.append(Section(node.title, (Page(target, node.title, node.line, path),
                                              *children)))
        elif target:
            items.append(Page(target, node.title, node.line, path))
        elif children:
            items.append(Section(node.title, tuple(children)))
    return items


def _under(prefix: str, items: list) -> list:
    return [replace(i, uri=prefix + i.uri) if isinstance(i, Page) else
            Section(i.title, tuple(_under(prefix, list(i.items)))) for i in items]


def entries_of(items: list, pages: Pages) -> list[Entry]:
    """The chapters in reading order: a top-level section is a part, a page outside every
    section a chapter in no part."""
    entries: list[Entry] = []
    for item in items:
        if isinstance(item, Page):
            entries.append(Entry(item, pages.files[item.uri], 1, unnumbered=True))
            continue
        inner = _nested(list(item.items), 1, pages)
        if inner:
            entries += [replace(inner[0], part=item.title or inner[0].page.title)] + inner[1:]
    return entries


def _nested(items: list, level: int, pages: Pages) -> list[Entry]:
    """A section's chapters at `level`: a section inside it led by its index page becomes
    that page, its other pages one level deeper; one without lends them its level."""
    entries: list[Entry] = []
    for item in items:
        if isinstance(item, Page):
            entries.append(Entry(item, pages.files[item.uri], level))
            continue
        first = item.items[0]
        if isinstance(first, Page) and PurePosixPath(first.uri).stem in INDEX:
            head = replace(first, title=first.title or item.title)
            entries.append(Entry(head, pages.files[first.uri], level))
            entries += _nested(list(item.items[1:]), level + 1, pages)
        else:
            entries += _nested(list(item.items), level, pages)
    return entries


READER = Reader(name="mkdocs", precedence=5, applies=_applies, read=_read)
