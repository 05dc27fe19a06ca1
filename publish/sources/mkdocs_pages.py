"""An MkDocs site's pages, per language: which Markdown files of docs_dir are a language's
pages, by mkdocs-static-i18n's rules when the site is multilingual.

A page is named as the nav names it (`setup.md`); its file in a language is `setup.fr.md`
beside it (the `suffix` structure) or `fr/setup.md` (the `folder` structure). A page a
language lacks is the default language's when the site falls back (the plugin's default).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from publish import mkdocs, suffixes

MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")     # MkDocs' page suffixes


@dataclass(frozen=True)
class Pages:
    """One language's pages: uri -> its file, the other files a link may name it by, and
    the pages that are the default language's for want of a translation."""

    files: dict
    aliases: dict
    fallen: frozenset


def documents(docs: Path) -> list[str]:
    """Every page under `docs` as a POSIX path relative to it; hidden files and folders and
    the top `templates/` folder left out, as MkDocs does (linked folders are not followed:
    one could loop)."""
    found = []
    for folder, dirs, files in os.walk(docs):
        rel = PurePosixPath(Path(folder).relative_to(docs).as_posix())
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not (str(rel) == "." and d == "templates"))
        found += [str(rel / name) if str(rel) != "." else name for name in files
                  if name.endswith(MARKDOWN) and not name.startswith(".")]
    return found


def identity(rel: str, site: mkdocs.Site) -> tuple[str, str | None]:
    """A file's page and language: (`page.md`, `fr`) for `page.fr.md` (suffix structure)
    or `fr/page.md` (folder structure); the language None when the file names none."""
    path = PurePosixPath(rel)
    if site.structure == "suffix":
        uri, locale = suffixes.split(rel, lambda name: _is_locale(name, site))
        if locale is not None:
            return uri, mkdocs.language_code(locale)
    elif site.structure == "folder" and len(path.parts) > 1 and _is_locale(path.parts[0], site):
        return str(PurePosixPath(*path.parts[1:])), mkdocs.language_code(path.parts[0])
    return rel, None


def _is_locale(name: str, site: mkdocs.Site) -> bool:
    """A locale the plugin names, or one it would take for a locale (its own rule)."""
    return name in site.locales or mkdocs.LOCALE.match(name) is not None


def language_pages(site: mkdocs.Site, language: mkdocs.SiteLanguage) -> Pages:
    """The pages of one language: its own file for each, else (when the site falls back)
    the default language's."""
    default = site.languages[0].code
    variants: dict[str, dict[str | None, Path]] = {}
    for rel in documents(site.docs) if site.docs.is_dir() else ():
        uri, code = identity(rel, site)
        variants.setdefault(uri, {})[code] = site.docs / rel
    files, aliases, fallen = {}, {}, set()
    for uri, found in variants.items():
        own = found.get(language.code) or (found.get(None) if language.default else None)
        if own is None and site.fallback and not language.default:
            own = found.get(default) or found.get(None)
            if own is not None:
                fallen.add(uri)
        if own is None:
            continue
        files[uri] = own
        others = {*found.values(), site.docs / uri} | \
            ({site.docs / lang.locale / uri for lang in site.languages}
             if site.structure == "folder" else set())
        aliases[uri] = tuple(sorted(p for p in others if p != own))
    return Pages(files, aliases, frozenset(fallen))
