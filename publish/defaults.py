"""Reproducible defaults for what a project does not say: its slug, author and date.

The config translators (mdBook, GitBook, MkDocs, README sets) share these, so the same
sources give the same book wherever they are built.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import subprocess
import unicodedata
from pathlib import Path


def slugify(title: str) -> str:
    """A file-name stem from a title: 'The Rust Programming Language' -> the-rust-programming-language."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "book"


def _git(folder: Path, *args: str) -> list[str]:
    """The lines git prints for `args` in `folder`, or [] when there is no repository."""
    try:
        out = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                             timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return out.stdout.splitlines() if out.returncode == 0 else []


def first_author(folder: Path) -> tuple[str, str]:
    """(the author's name, where it came from): the root commit's author, else the folder's name.

    The root commit is asked for directly (`--max-parents=0`), not found by walking the
    whole history in reverse, which a large repository makes slow."""
    names = [name.strip() for name in _git(folder, "log", "--max-parents=0", "--format=%an",
                                           "HEAD") if name.strip()]
    if names:
        return names[-1], "the first commit's author"
    return folder.resolve().name, "the folder's name"


def book_date(root: Path) -> tuple[_dt.date, str]:
    """The book's date when it gives none: SOURCE_DATE_EPOCH, else the newest commit, else
    the newest Markdown file's date (the same on every build of the same checkout)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date(), "SOURCE_DATE_EPOCH"
    lines = _git(root, "log", "-1", "--format=%cs", "--", ".")
    if lines and re.fullmatch(r"\d{4}-\d{2}-\d{2}", lines[0].strip()):
        return _dt.date.fromisoformat(lines[0].strip()), "the newest commit"
    newest = max((p.stat().st_mtime for p in root.rglob("*.md") if p.is_file()), default=0)
    return _dt.datetime.fromtimestamp(newest, tz=_dt.timezone.utc).date(), "the newest file"


SAMPLE = 64 * 1024      # characters of the chapters read to tell their language
SAMPLE_FILES = 16       # from this many files


def text_language(folder: Path, fallback: str = "en") -> tuple[str, str]:
    """(the language the Markdown in `folder` is written in, where it came from): its text's
    (publish.languages.guess), read from files spread over the book, SAMPLE characters in all;
    `fallback` when the text does not say (Latin script with no clear stopwords)."""
    from publish.languages.guess import language_of_text

    try:
        files = sorted(p for p in folder.rglob("*.md") if p.is_file())
    except OSError:
        files = []
    # A little of files spread over the book: its first files by name may be appendices
    # left in the source language.
    picked = files[::max(1, len(files) // SAMPLE_FILES)][:SAMPLE_FILES]
    text = ""
    for path in picked:
        try:
            text += path.read_text(encoding="utf-8", errors="replace")[:SAMPLE // SAMPLE_FILES]
        except OSError:
            continue
    code = language_of_text(text)[0] if text else ""
    return (code, "the language of the text") if code else (fallback, "the default, English")
