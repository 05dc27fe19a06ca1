"""A chapter that a translation in a folder of its own lacks (issue 25), when the project
says what it gets (`[translations] missing`): the source language's chapter, marked with
its language, or nothing; one warning naming the chapter either way.

Without that key a folder's chapters are its own, as they always were: a book whose
languages differ on purpose is not mended into sameness. The chapters are paired with the
source's as `publish status` pairs them (publish.pairs); a stand-in goes where the source
has it, after the translation of the chapter before it.
"""
from __future__ import annotations

import logging
from dataclasses import replace

from publish import policy
from publish.config import Config, Edition
from publish.sources import RawChapter

log = logging.getLogger("publish")


def fill(config: Config, edition: Edition, chapters: list[RawChapter]) -> list[RawChapter]:
    """`chapters` with each source chapter they lack handled as `missing` says, and each
    one paired with its source given the source's path as an alias (links between them).
    Called on every edition's chapters (build.read_book): it does nothing unless the
    project sets `missing` and the edition has its own folder."""
    from publish import mkdocs, sources
    from publish.pairs import matched
    from publish.sources.suffixed import sharing

    source = config.source_language
    if not config.missing_said or edition.code == source or \
            source not in config.languages or mkdocs.is_site(config.path) or \
            sharing(config, edition):      # suffix files and MkDocs sites: their own readers'
        return chapters
    was, log.disabled = log.disabled, True          # the source edition's own warnings
    try:
        originals = sources.read(config, source)
    except Exception:  # noqa: BLE001 - a source that cannot be read: nothing to pair with
        return chapters
    finally:
        log.disabled = was
    pairs = matched(originals, chapters, config.edition(source).folder, edition.folder)
    result = [replace(raw, aliases=raw.aliases + tuple(s for s, t in pairs if t == raw.path))
              for raw in chapters]
    at, slugs = 0, {raw.slug for raw in chapters}
    for original, (_, translation) in zip(originals, pairs):
        if translation is not None:
            at = next(n for n, raw in enumerate(result) if raw.path == translation) + 1
            continue
        stand_in = _missing(original, edition.code, config, slugs)
        if stand_in is not None:
            result.insert(at, stand_in)
            at += 1
    return result


def _missing(original: RawChapter, code: str, config: Config,
             slugs: set[str]) -> RawChapter | None:
    """The source's chapter standing in (its slug made unique in the edition), or None."""
    where = dict(path=original.path, line=1)
    source = config.source_language
    if config.missing == "leave-out":
        policy.mend("untranslated", f"chapter '{original.path.name}' has no '{code}' "
                    f"translation; left out of the '{code}' edition", **where)
        return None
    policy.mend("untranslated", f"chapter '{original.path.name}' has no '{code}' translation; "
                f"the '{source}' chapter stands in, marked as '{source}'", **where)
    slug, n = original.slug, 2
    while slug in slugs:
        slug, n = f"{original.slug}-{n}", n + 1
    slugs.add(slug)
    return replace(original, slug=slug, lang=source)
