"""The gettext convention: an edition made from the source language's chapters and a PO file.

The chapters are read as the source language's are (its SUMMARY.md, by the reader that
applies), then each message (translations/segment.py) is replaced by its translation in
`<po-dir>/<lang>.po`, as mdbook-gettext does. A message with no translation (untranslated,
fuzzy, gone from the PO file, or one whose translation drops a link or code span) stays in
the source language and is marked with it (`lang`), so screen readers and hyphenation follow.
SUMMARY.md's chapter and part titles are translated by their own entries.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from publish.config import Config, Edition
from publish.sources import RawChapter, Reader, readers
from publish.sources.summary import NAME, _plain

if TYPE_CHECKING:                      # the translation modules load when an edition is read
    from publish.translations.catalog import Catalog


def _applies(config: Config, edition: Edition) -> bool:
    from publish.translations.editions import po_file

    return po_file(dict(config.translations), edition.code) is not None


def _read(config: Config, edition: Edition) -> list[RawChapter]:
    from publish import policy
    from publish.translations.catalog import read_catalog
    from publish.translations.editions import po_file
    from publish.translations.segment import translate

    path = po_file(dict(config.translations), edition.code)
    catalog = read_catalog(path) if path else None
    if catalog is None:
        raise policy.refuse("nothing-readable", "no translation can be read for this edition "
                            "(see the warning above)", path=path)
    own = next(r for r in readers() if r.name != READER.name and r.applies(config, edition))
    source = str(config.translations.get("source", ""))
    warned: set[str] = set()
    titles = _titles(edition, catalog, warned)
    chapters = []
    for chapter in own.read(config, edition):
        text, index = translate(chapter.text, lambda m: catalog.lookup(m, warned), source,
                                known=catalog.ids.__contains__)
        origins = chapter.origins or tuple(range(1, chapter.text.count("\n") + 2))
        chapters.append(replace(
            chapter, text=text, origins=tuple(origins[i] for i in index),
            listed_title=titles.get(chapter.listed_title, chapter.listed_title),
            part=titles.get(chapter.part, chapter.part)))
    return chapters


def _titles(edition: Edition, catalog: Catalog, warned: set[str]) -> dict[str, str]:
    """SUMMARY.md's titles (as the summary reader gives them) -> their translations."""
    from publish.translations.markup import normalize
    from publish.translations.pot import summary_messages

    summary = edition.folder / NAME
    try:
        text = summary.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    found = {}
    for _line, msgid, _comment in summary_messages(text):
        new = catalog.lookup(msgid, warned)
        if new is not None:
            found[_plain(msgid)] = _plain(normalize(new, links=False))
    return found


READER = Reader(name="gettext", precedence=5, applies=_applies, read=_read)
