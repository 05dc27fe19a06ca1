"""A pandoc project's metadata YAML, read as our config: a book pandoc builds today builds as it is.

The file is the one book.toml names (`metadata = "meta.yaml"`: its values fill what
book.toml does not set), or, in a folder with no book.toml, the only `.yaml`/`.yml` file at
the root whose keys include `title` and `author` or `lang` (metadata.yaml, title.yaml; not
another tool's config, such as mkdocs.yml or Jekyll's _config.yml). Read are pandoc's
title, subtitle, author (a string, a list of strings, or of {name, role}), creator, lang,
date, rights, identifier, publisher, description (or abstract), subject, cover-image and
belongs-to-collection with group-position (the series). Without book.toml the chapters are
the `*.md` files, in name order, of the root, else of `chapters/`, else of `src/`; a README,
LICENSE or CONTRIBUTING file is left out when other chapters are there. What the file
does not say gets a reproducible default with one warning naming the key that sets it.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path
from typing import Any

from publish import policy

NAMED = "metadata"                      # book.toml's key naming the file
SUFFIXES = (".yaml", ".yml")
# Other tools' config files, never a book's metadata.
NOT_METADATA = {"mkdocs.yml", "mkdocs.yaml", "_config.yml", "_config.yaml", "docker-compose.yml",
                "docker-compose.yaml", "environment.yml", "environment.yaml", "codecov.yml",
                "netlify.yml", "pubspec.yaml", "action.yml", "action.yaml", "citation.cff"}
USUAL_NAMES = {"metadata", "meta", "title"}
# A repository's own files, not chapters (README.fr.md and LICENSE-MIT.md too).
NOT_CHAPTERS = re.compile(r"(?i)^(readme|license|licence|contributing|changelog|code_of_conduct)"
                          r"([._-].*)?$")
CHAPTER_FOLDERS = (".", "chapters", "src")
ROLES = {"author": "aut", "translator": "trl", "editor": "edt", "illustrator": "ill",
         "publisher": "pbl", "contributor": "ctb", "afterword": "aft", "introduction": "aui"}
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


def find(folder: Path) -> Path | None:
    """The one metadata file at the root of `folder`, or None (none, or several)."""
    if not folder.is_dir():
        return None
    found = [p for p in sorted(folder.iterdir())
             if p.suffix.lower() in SUFFIXES and p.is_file() and not p.name.startswith((".", "_"))
             and p.name.lower() not in NOT_METADATA and _looks_like_metadata(p)]
    return found[0] if len(found) == 1 else None


def _looks_like_metadata(path: Path) -> bool:
    """Whether its keys say it is a book's metadata; a file named as pandoc's usually are
    (metadata.yaml…) that cannot be parsed is taken too, so that its error is shown."""
    try:
        table = _first_table(path.read_text(encoding="utf-8"), path)
    except Exception:  # noqa: BLE001 - any file that cannot be read as YAML is not the one
        return path.stem.lower() in USUAL_NAMES
    return "title" in table and ("author" in table or "lang" in table)


def translate(path: Path) -> tuple[dict[str, Any], Path]:
    """Our config table for the pandoc project whose metadata is at `path` (no book.toml),
    and the folder its chapter list is relative to."""
    root = path.parent
    text = _read(path)
    table = _first_table(text, path)
    raw = values(table, path, text)
    folder, chapters = chapter_files(root)
    if chapters:
        raw["chapters"] = chapters
    _defaults(raw, table, path, text, root)
    return raw, folder


def merge(raw: dict[str, Any], config: Path) -> dict[str, Any]:
    """book.toml's table with what the metadata file it names adds (book.toml wins)."""
    name = raw[NAMED]
    if not isinstance(name, str) or not name.strip():
        raise policy.refuse("config-unreadable", f"expected a file name, got {name!r}",
                            path=config, key=NAMED)
    path = (config.parent / name).resolve()
    project = config.parent.parent if config.parent.name == "source" else config.parent
    if not path.is_relative_to(project.resolve()):
        raise policy.refuse("outside-project", f"'{name}' lies outside the project folder",
                            path=config, key=NAMED)
    text = _read(path)
    table = _first_table(text, path)
    read = values(table, path, text)
    if "cover" in read:                 # relative to the metadata file; ours, to book.toml
        read["cover"] = os.path.relpath(path.parent / read["cover"], config.parent)
    if "languages" in raw or _language_folders(config.parent, project):
        read.pop("languages", None)     # book.toml's languages (or folders) decide
    merged = {**read, **raw}
    _defaults(merged, table, path, text, project)
    return merged


def _language_folders(folder: Path, project: Path) -> bool:
    from publish.languages import available

    codes = set(available(project))
    return any(p.is_dir() and p.name in codes for p in folder.iterdir())


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise policy.refuse("config-unreadable", f"not UTF-8 text (byte {exc.start})",
                            path=path) from None
    except OSError as exc:
        raise policy.refuse("config-unreadable", f"cannot read: {exc.strerror}", path=path) from None


def _first_table(text: str, path: Path) -> dict[str, Any]:
    """The file's first YAML document (a pandoc metadata file may open with `---` and end
    with `...` or `---`), as a table; invalid YAML is a refusal naming the line."""
    import yaml

    try:
        for document in yaml.safe_load_all(text):
            if document is not None:
                break
        else:
            document = {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise policy.refuse("config-unreadable", f"invalid YAML: {problem}", path=path,
                            line=mark.line + 1 if mark else None) from None
    if not isinstance(document, dict):
        raise policy.refuse("config-unreadable", "expected a table of metadata (key: value)",
                            path=path, line=1)
    return document


def values(table: dict[str, Any], path: Path, text: str) -> dict[str, Any]:
    """Our keys for pandoc's, as far as the file gives them."""
    raw: dict[str, Any] = {}
    for ours, theirs in (("title", "title"), ("subtitle", "subtitle"), ("rights", "rights"),
                         ("publisher", "publisher"), ("description", "description"),
                         ("description", "abstract"), ("cover", "cover-image")):
        if theirs in table and ours not in raw and (value := _text(table[theirs])):
            raw[ours] = value
    if subjects := _texts(table.get("subject")):
        raw["subjects"] = subjects
    authors = _authors(table.get("author"), path, text) + _authors(table.get("creator"), path, text)
    if authors:
        raw["authors"] = authors
    if lang := _text(table.get("lang") or table.get("language")):
        raw["languages"] = [edition_code(lang, path.parent)]
    if "date" in table and (date := _date(table["date"])) is not None:
        raw["date"] = date
    _identifier(table.get("identifier"), raw)
    if collection := _text(table.get("belongs-to-collection")):
        raw["series"] = {"name": collection}
        if position := _text(table.get("group-position")):
            raw["series"]["position"] = position
    return raw


def _text(value: Any) -> str:
    """A scalar as text; pandoc's list of {type, text} titles as the main one's text."""
    if isinstance(value, list):
        items = [v for v in value if isinstance(v, dict)]
        main = next((v for v in items if v.get("type") == "main"), items[0] if items else None)
        return _text(main.get("text")) if main else ", ".join(_texts(value))
    if isinstance(value, dict):
        return _text(value.get("text") or value.get("name"))
    return "" if value is None else " ".join(str(value).split())


def _texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [t for t in (_text(v) for v in items if v is not None) if t]


def _authors(value: Any, path: Path, text: str) -> list[dict[str, str]]:
    """author: a string, a list of strings, or a list of {name (or text), role}."""
    if value is None:
        return []
    authors = []
    for item in value if isinstance(value, list) else [value]:
        name = _text(item)
        if not name:
            continue
        author = {"name": name}
        role = _text(item.get("role")) if isinstance(item, dict) else ""
        if role:
            code = role if role in ROLES.values() else ROLES.get(role.lower())
            if code is None:
                _mended(path, text, "author", f"role '{role}' of {name} is not one publish knows "
                                              f"(aut, trl, edt, ill…); 'aut' is used")
                code = "aut"
            author["role"] = code
        authors.append(author)
    return authors


def _date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    m = _ISO_DATE.match(str(value))
    try:
        return _dt.date.fromisoformat(m.group(1)) if m else None
    except ValueError:
        return None


def _identifier(value: Any, raw: dict[str, Any]) -> None:
    """identifier: a string or a list of {scheme, text}; an ISBN is the ISBN."""
    for item in value if isinstance(value, list) else [value]:
        text = _text(item)
        scheme = _text(item.get("scheme")).lower() if isinstance(item, dict) else ""
        if not text:
            continue
        if scheme == "isbn" or text.lower().startswith("urn:isbn:"):
            raw.setdefault("isbn", re.sub(r"(?i)^urn:isbn:", "", text))
        else:
            raw.setdefault("identifier", text)


def edition_code(tag: str, root: Path) -> str:
    """The edition a pandoc `lang` stands for: a known language as it is; a region written
    for its script (zh-TW is zh-Hant); else the language itself (en-US is en)."""
    from publish.languages import available
    from publish.languages.cldr import likely_script

    tag = tag.replace("_", "-")
    known = set(available(root))
    base = tag.split("-")[0].lower()
    script = likely_script(tag) if "-" in tag else ""
    for code in (tag, f"{base}-{script}" if script else "", base):
        if code in known:
            return code
    return tag                      # CLDR may know it; the config's check says if not


def chapter_files(root: Path) -> tuple[Path, list[str]]:
    """The folder the chapter list is relative to (the root), and the `*.md` files of the
    first of the root, chapters/ and src/ that has any, in name order; a README, LICENSE
    or CONTRIBUTING file only when there is nothing else."""
    for name in CHAPTER_FOLDERS:
        folder = root / name
        files = sorted(p for p in folder.glob("*.md") if p.is_file()) if folder.is_dir() else []
        chapters = [p for p in files if not NOT_CHAPTERS.match(p.stem)]
        if chapters:
            return root, [p.relative_to(root).as_posix() for p in chapters]
    readme = sorted(p for p in root.glob("*.md") if p.is_file())
    return root, [p.name for p in readme]


def _defaults(raw: dict[str, Any], table: dict[str, Any], path: Path, text: str,
              root: Path) -> None:
    """A reproducible default, with one warning, for each required key the file leaves out
    (or gives in a form that cannot be read: a date not in ISO form)."""
    from publish.mdbook import book_date, slugify

    if "title" not in raw:
        raise policy.refuse("config-unreadable", "missing required key 'title' (the book's "
                                                 "title)", path=path, key="title")
    if "languages" not in raw:
        raw["languages"] = ["en"]
        _defaulted(path, text, "lang", "en", "publish's default")
    if "slug" not in raw:
        raw["slug"] = slugify(raw["title"])
        _defaulted(path, text, "slug", raw["slug"], "from the title; set slug in book.toml")
    if "authors" not in raw:
        raw["authors"] = [{"name": root.resolve().name}]
        _defaulted(path, text, "author", root.resolve().name, "the folder's name")
    if "date" not in raw:
        raw["date"], origin = book_date(root)
        if "date" in table:
            _mended(path, text, "date", f"'{_text(table['date'])}' is not a date in ISO form "
                                        f"(YYYY-MM-DD); '{raw['date'].isoformat()}' is used "
                                        f"({origin})")
        else:
            _defaulted(path, text, "date", raw["date"].isoformat(), origin)


def _defaulted(path: Path, text: str, key: str, value: str, origin: str) -> None:
    policy.mend("default", f"not set; '{value}' is used ({origin})", path=path,
                line=line_of(text, key), key=key)


def _mended(path: Path, text: str, key: str, message: str) -> None:
    policy.mend("default", message, path=path, line=line_of(text, key), key=key)


def line_of(text: str, key: str) -> int | None:
    """The line that sets a top-level `key:` in the YAML text."""
    m = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None
