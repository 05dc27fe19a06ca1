"""An mdBook's own book.toml, read as ours: an mdBook project builds as it is.

Title, authors, language and description come from mdBook's `[book]` table; our own
options from `[output.publish]`, as mdBook's backends are configured. What an mdBook does
not carry gets a reproducible default, each with one warning naming the key that sets it:
the slug (from the title), the date (SOURCE_DATE_EPOCH, else the newest commit), the
language (its text's, else mdBook's own default, en). The chapters are the `src` folder's SUMMARY.md.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from publish import policy, tomlfile
from publish.defaults import book_date, first_author, slugify, text_language

__all__ = ["book_date", "is_mdbook", "slugify", "translate"]

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
    names = book.get("authors") or book.get("author")      # `author`: mdBook before 0.1
    if isinstance(names, str):
        names = [names]
    if "authors" not in ours and isinstance(names, list) and names:
        ours["authors"] = [{"name": str(name)} for name in names]
    if "authors" not in ours:
        name, origin = first_author(root)
        ours["authors"] = [{"name": name}]
        _defaulted(path, text, "authors", name, origin + "; or [book] authors")
    if "title" not in ours:
        ours["title"] = root.resolve().name
        _defaulted(path, text, "title", ours["title"], "the folder's name; or [book] title")
    listed = "languages" in ours
    if not listed:
        language = book.get("language")
        if not language:
            language, origin = text_language(root / str(book.get("src", "src")))
            _defaulted(path, text, "languages", language, origin + "; or [book] language")
        from publish.languages.tags import edition_code

        ours["languages"] = [edition_code(str(language), root) or language]   # zh-cn: zh-Hans
    from publish.translations.editions import add_editions, wanted

    if wanted(raw, ours, root):                                 # gettext PO files: an edition each
        add_editions(ours, raw, path, listed)
    if "slug" not in ours:
        title = ours["title"]                    # per language once PO editions translate it
        if isinstance(title, dict):
            title = title.get(ours["languages"][0]) or next(iter(title.values()), "")
        ours["slug"] = slugify(str(title))
        _defaulted(path, text, "slug", ours["slug"], "from the title")
    if "date" not in ours:
        ours["date"], origin = book_date(root)
        _defaulted(path, text, "date", ours["date"].isoformat(), origin)
    return ours, root / str(book.get("src", "src"))


def _defaulted(path: Path, text: str, key: str, value: str, origin: str) -> None:
    line = tomlfile.line_of(text, key, table=OWN_TABLE) or tomlfile.line_of(text, "book", )
    policy.mend("default", f"not set; '{value}' is used ({origin}); set {key} in "
                           f"[{OWN_TABLE}]", path=path, line=line, key=f"{OWN_TABLE}.{key}")
