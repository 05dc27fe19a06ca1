"""An mdBook's own book.toml, read as ours: an mdBook project builds as it is.

Title, authors, language and description come from mdBook's `[book]` table; our own
options from `[output.publish]`, as mdBook's backends are configured. What an mdBook does
not carry gets a reproducible default, each with one warning naming the key that sets it:
the slug (from the title), the date (SOURCE_DATE_EPOCH, else the newest commit), the
language (mdBook's own default, en). The chapters are the `src` folder's SUMMARY.md.
"""
from __future__ import annotations

import datetime as _dt
import logging
import os
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

from publish import tomlfile
from publish.errors import ConfigError

log = logging.getLogger("publish")

OWN_TABLE = "output.publish"


def is_mdbook(raw: dict[str, Any]) -> bool:
    """An mdBook's book.toml has a [book] table (and no slug of ours at the top)."""
    return isinstance(raw.get("book"), dict) and "slug" not in raw


def translate(raw: dict[str, Any], path: Path, text: str) -> tuple[dict[str, Any], Path]:
    """Our config table for the mdBook at `path`, and the folder its chapters are in."""
    book = raw["book"]
    ours: dict[str, Any] = dict(raw.get("output", {}).get("publish", {}))
    root = path.parent
    for key, value in (("title", book.get("title")), ("description", book.get("description"))):
        if value and key not in ours:
            ours[key] = value
    if "authors" not in ours and book.get("authors"):
        ours["authors"] = [{"name": str(name)} for name in book["authors"]]
    if "title" not in ours:
        raise ConfigError("missing required key 'title' (the book's title)", path=path,
                          line=tomlfile.line_of(text, "book"), key="book.title")
    if "languages" not in ours:
        language = book.get("language")
        if not language:
            _defaulted(path, text, "languages", "en", "mdBook's own default; or [book] language")
            language = "en"
        from publish.languages.tags import edition_code

        ours["languages"] = [edition_code(str(language), root) or language]   # zh-cn: zh-Hans
    if "slug" not in ours:
        ours["slug"] = slugify(ours["title"])
        _defaulted(path, text, "slug", ours["slug"], "from the title")
    if "date" not in ours:
        ours["date"], origin = book_date(root)
        _defaulted(path, text, "date", ours["date"].isoformat(), origin)
    return ours, root / str(book.get("src", "src"))


def _defaulted(path: Path, text: str, key: str, value: str, origin: str) -> None:
    line = tomlfile.line_of(text, key, table=OWN_TABLE) or tomlfile.line_of(text, "book", )
    log.warning("%s", ConfigError(f"not set; '{value}' is used ({origin}); set {key} in "
                                  f"[{OWN_TABLE}]", path=path, line=line,
                                  key=f"{OWN_TABLE}.{key}"))


def slugify(title: str) -> str:
    """A file-name stem from a title: 'The Rust Programming Language' -> the-rust-programming-language."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "book"


def book_date(root: Path) -> tuple[_dt.date, str]:
    """The book's date when it gives none: SOURCE_DATE_EPOCH, else the newest commit, else
    the newest file's date (each the same on every build of the same sources)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date(), "SOURCE_DATE_EPOCH"
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cs", "--", "."],
                             capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", out.stdout.strip()):
            return _dt.date.fromisoformat(out.stdout.strip()), "the newest commit"
    except (OSError, subprocess.TimeoutExpired):
        pass
    newest = max((p.stat().st_mtime for p in root.rglob("*.md") if p.is_file()), default=0)
    return _dt.datetime.fromtimestamp(newest, tz=_dt.timezone.utc).date(), "the newest file"
