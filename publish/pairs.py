"""Each source chapter paired with its translation in one edition, whatever the layout of the
parallel files: suffix files (`a.fr.md`), MkDocs i18n pages, per-language folders, README
sets (issue 25).

Suffix files and MkDocs pages pair by name. Chapters in per-language folders, named in
each language's words (`01-arrival.md`, `01-arrivee.md`), pair by slug, then by path in the
folder, then by the number the names start with, then, when as many are left on each
side, by their place in the book.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from publish import mkdocs, sources
from publish.config import Config
from publish.sources import RawChapter

Pair = tuple[Path, "Path | None"]


def pairs(config: Config, code: str, originals: list[RawChapter]) -> list[Pair]:
    """(source chapter, its translation into `code` or None), in the source's order."""
    from publish import suffixes
    from publish.sources.suffixed import sharing

    edition = config.edition(code)
    if sharing(config, edition):
        return [(raw.path, suffixes.translation(raw.path, code)) for raw in originals]
    if mkdocs.is_site(config.path):
        return _pages(config, code, originals)
    translated = [raw for raw in sources.read(config, code) if not raw.lang]
    return matched(originals, translated, config.edition(config.source_language).folder,
                   edition.folder)


def _pages(config: Config, code: str, originals: list[RawChapter]) -> list[Pair]:
    """An MkDocs i18n site's: the page of the same name in the language, unless the default
    language's stands in for it."""
    from publish.sources.mkdocs_pages import language_pages

    site = mkdocs.load_site(config.path)
    default = language_pages(site, site.languages[0])
    own = language_pages(site, site.language(code))
    uri_of = {path: uri for uri, path in default.files.items()}
    found = []
    for raw in originals:
        uri = uri_of.get(raw.path)
        found.append((raw.path, None if uri is None or uri in own.fallen
                      else own.files.get(uri)))
    return found


def matched(originals: list[RawChapter], translated: list[RawChapter], source_folder: Path,
            folder: Path) -> list[Pair]:
    """Per-language folders' chapters paired: by slug, path, leading number, then place."""
    keys: tuple[Callable[[RawChapter, Path], str], ...] = (
        lambda raw, _: raw.slug, _relative, _number)
    found: dict[Path, Path] = {}
    left = list(translated)
    for key in keys:
        index: dict[str, RawChapter] = {}
        for raw in left:
            index.setdefault(key(raw, folder), raw)
        for raw in originals:
            match = index.get(key(raw, source_folder))
            if raw.path not in found and key(raw, source_folder) and match in left:
                found[raw.path] = match.path
                left.remove(match)
    unpaired = [raw for raw in originals if raw.path not in found]
    if len(unpaired) == len(left):
        found.update((raw.path, other.path) for raw, other in zip(unpaired, left))
    return [(raw.path, found.get(raw.path)) for raw in originals]


def _relative(raw: RawChapter, folder: Path) -> str:
    try:
        return raw.path.relative_to(folder).as_posix()
    except ValueError:
        return ""


def _number(raw: RawChapter, folder: Path) -> str:
    m = re.match(r"^(\d+)", raw.path.name)
    return str(int(m.group(1))) if m else ""
