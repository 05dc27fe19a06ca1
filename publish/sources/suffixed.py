"""The suffix-file convention: each chapter's translation beside it (`a.fr.md` next to
`a.md`, as Hugo and mkdocs-static-i18n name them), one edition per language.

The source language's chapters are found as any book's are (a SUMMARY.md, a `chapters`
list, else the numbered files, its translations left out); each other language takes,
for each of them, its suffix file. A chapter a language lacks is the source's, marked
with the source's language (`lang`, so screen readers and hyphenation follow it), or is
left out, as `[translations] missing` says: one warning naming the chapter either way.
Tried before SUMMARY.md, and only where the book's languages share one folder.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from publish import mkdocs, policy, suffixes
from publish.config import Config, Edition
from publish.sources import RawChapter, Reader, readers
from publish.sources.chapters import read_chapter, read_chapters
from publish.sources.numbered import chapter_files


def sharing(config: Config, edition: Edition) -> tuple[str, ...]:
    """The languages whose chapters are suffix files in `edition`'s folder, the source's
    first; () when the book is not laid out so."""
    if len(config.editions) < 2 or config.source_language not in config.languages \
            or mkdocs.is_site(config.path):       # mkdocs-static-i18n's suffixes: mkdocs_nav.py
        return ()
    source = config.edition(config.source_language)
    same = [e.code for e in config.editions
            if e.folder == source.folder and e.chapters == source.chapters]
    if edition.code not in same or len(same) < 2 or not source.folder.is_dir():
        return ()
    others = [code for code in same if code != source.code]
    if not suffixes.found_codes(source.folder, others):
        return ()
    return (source.code, *others)


def _applies(config: Config, edition: Edition) -> bool:
    return bool(sharing(config, edition))


def source_chapters(config: Config, codes: tuple[str, ...]) -> list[RawChapter]:
    """The source language's chapters, as the first other reader that applies finds them
    (its numbered files without their translations)."""
    source = config.edition(codes[0])
    reader = next((r for r in readers() if r is not READER and r.applies(config, source)), None)
    if reader is None or reader.name == "numbered":
        files = [p for p in chapter_files(source.folder)
                 if not suffixes.is_translation(p, codes[1:])]
        return read_chapters(files, config.root)
    return reader.read(config, source)


def _read(config: Config, edition: Edition) -> list[RawChapter]:
    codes = sharing(config, edition)
    chapters = source_chapters(config, codes)
    if edition.code == codes[0]:
        return [replace(c, aliases=_others(c.path, codes)) for c in chapters]
    chapters = _titled(chapters, edition, codes)
    _say_orphans(edition, chapters)
    return [chapter for raw in chapters
            if (chapter := _translated(raw, edition.code, codes, config)) is not None]


def _say_orphans(edition: Edition, chapters: list[RawChapter]) -> None:
    """A suffix file whose source is no chapter of the book (renamed, removed, or left out
    of its SUMMARY.md): one warning each, for it is left out."""
    used = {suffixes.translation(raw.path, edition.code) for raw in chapters}
    for path in suffixes.files_of(edition.folder, edition.code):
        if path not in used:
            base = suffixes.split(path.name, suffixes.in_codes([edition.code]))[0]
            policy.mend("orphan-translation", f"'{path.name}' translates '{base}', which is "
                        "no chapter of the book; left out", path=path, line=1)


def _titled(chapters: list[RawChapter], edition: Edition,
            codes: tuple[str, ...]) -> list[RawChapter]:
    """The chapters with their contents titles and part titles from the language's own
    `SUMMARY.fr.md`, when it has one (its entries name `a.fr.md` or `a.md`)."""
    from publish.sources.summary import NAME, read_summary

    name = f"{Path(NAME).stem}.{edition.code}{Path(NAME).suffix}"
    if not (edition.folder / name).is_file():
        return chapters
    test = suffixes.in_codes(codes[1:])
    entries = {suffixes.split(str(e.path), test)[0]: e
               for e in read_summary(edition.folder, name)}
    titled = []
    for raw in chapters:
        entry = entries.get(str(raw.path))
        titled.append(raw if entry is None else replace(
            raw, listed_title=entry.title or raw.listed_title,
            part=(entry.part or raw.part) if raw.part else ""))
    return titled


def _others(path: Path, codes: tuple[str, ...]) -> tuple[Path, ...]:
    """The source chapter and its translations, but `path` itself: the names a link may
    give the chapter by."""
    found = [path] + [suffixes.translation(path, code) for code in codes[1:]]
    return tuple(p for p in found if p is not None and p != path)


def _translated(raw: RawChapter, code: str, codes: tuple[str, ...],
                config: Config) -> RawChapter | None:
    """The chapter in `code`: its suffix file read with the source's place in the book, or
    the source's own (marked) or none when there is no such file."""
    path = suffixes.translation(raw.path, code)
    if path is not None:
        chapter = read_chapter(path, config.root, slug_hint=raw.slug, listed_title=raw.listed_title,
                               level=raw.level, part=raw.part, unnumbered=raw.unnumbered,
                               aliases=(raw.path, *_others(raw.path, codes)))
        if chapter is not None:
            return chapter
    expected = raw.path.with_name(f"{raw.path.stem}.{code}{raw.path.suffix}").name
    if config.missing == "leave-out":
        policy.mend("untranslated", f"chapter '{raw.path.name}' has no '{code}' translation "
                    f"({expected}); left out of the '{code}' edition", path=raw.path, line=1)
        return None
    policy.mend("untranslated", f"chapter '{raw.path.name}' has no '{code}' translation "
                f"({expected}); the '{codes[0]}' chapter stands in, marked as '{codes[0]}'",
                path=raw.path, line=1)
    return replace(raw, lang=codes[0], aliases=_others(raw.path, codes))


READER = Reader(name="suffixed", precedence=8, applies=_applies, read=_read)
