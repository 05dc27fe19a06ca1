"""Suffix files: a chapter's translation beside it, `chapter.fr.md` next to `chapter.md`, as
Hugo and mkdocs-static-i18n name them (issue 25).

This module owns the naming: which file is which language's, where a chapter's translation
is, and whether a project's source is laid out this way. The reader that builds editions
from it is sources/suffixed.py; MkDocs' `suffix` structure reads names through `split` too.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from publish.mkdocs import LOCALE, language_code

MARKDOWN = (".md", ".markdown")
_WALK_LIMIT = 2000      # files looked at to tell a layout (a chapter folder, not a repository)


def split(rel: str, is_locale: Callable[[str], bool]) -> tuple[str, str | None]:
    """(the source's name, the locale as written) of a file name or relative path:
    (`guide/a.md`, `fr`) for `guide/a.fr.md`; the locale None when the name gives none."""
    path = PurePosixPath(rel)
    stem, dot, locale = path.stem.rpartition(".")
    if dot and stem and is_locale(locale):
        return str(path.with_name(stem + path.suffix)), locale
    return rel, None


def in_codes(codes: Iterable[str]) -> Callable[[str], bool]:
    """A test for `split`: a suffix that names one of `codes` (in any spelling of it)."""
    wanted = set(codes)
    return lambda locale: LOCALE.match(locale) is not None and language_code(locale) in wanted


def translation(path: Path, code: str) -> Path | None:
    """The file of `path`'s translation into `code` beside it (`a.fr.md`, `a.pt_BR.md`),
    or None when there is none."""
    spellings = dict.fromkeys((code, code.replace("-", "_"), code.lower(),
                               code.lower().replace("-", "_")))
    for spelling in spellings:
        candidate = path.with_name(f"{path.stem}.{spelling}{path.suffix}")
        if candidate.is_file():
            return candidate
    return None


def is_translation(path: Path, codes: Iterable[str]) -> bool:
    """Whether `path` is a suffix file of one of `codes` (`a.fr.md`), not a source chapter."""
    return split(path.name, in_codes(codes))[1] is not None


def files_of(folder: Path, code: str) -> list[Path]:
    """Every suffix file of `code` under `folder` (hidden folders skipped), sorted."""
    test, found = in_codes([code]), []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        found += [Path(current) / name for name in files
                  if name.endswith(MARKDOWN) and split(name, test)[1] is not None]
    return sorted(found)


def found_codes(folder: Path, codes: Iterable[str]) -> set[str]:
    """Which of `codes` have a suffix file under `folder` (hidden folders skipped)."""
    test, found, seen = in_codes(codes), set(), 0
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in files:
            seen += 1
            if name.endswith(MARKDOWN) and (locale := split(name, test)[1]) is not None:
                found.add(language_code(locale))
        if seen > _WALK_LIMIT:
            break
    return found
