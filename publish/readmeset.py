"""A set of translated READMEs, read as a book: `README.md` and `README.<lang>.md` (or
`README-<lang>.md`, `README_<lang>.md`) in a folder with no book.toml, one edition each.

The title is each README's first heading; the author, the slug and the date get a
reproducible default (the first commit's author, the folder's name, SOURCE_DATE_EPOCH or
the newest commit), each with one warning naming the book.toml key that sets it. A
README in a language publish has no data file for is left out with a warning.
"""
from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path
from typing import Any

from publish.errors import ConfigError, SourceError
from publish.languages import CODE_RE, available
from publish.mdbook import book_date, slugify

log = logging.getLogger("publish")

README = "README.md"
_TRANSLATION = re.compile(r"^README[._-](?P<code>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,4})?)\.md$")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*$", re.M)
DEFAULT_LANGUAGE = "en"


def is_readme_set(folder: Path) -> bool:
    return (folder / README).is_file()


def translate(folder: Path) -> tuple[dict[str, Any], Path]:
    """Our config table for the README set in `folder`, and the (absent) book.toml it stands
    for: messages name the file and key that would set a value."""
    path = folder / "book.toml"
    files = {DEFAULT_LANGUAGE: README, **_translations(folder, path)}
    titles = {code: _title(folder / name) for code, name in files.items()}
    raw: dict[str, Any] = {"languages": list(files), "chapters": {c: [n] for c, n in files.items()},
                           "title": titles}
    raw["slug"] = slugify(folder.resolve().name)
    _defaulted(path, "slug", raw["slug"], "from the folder's name")
    author = _first_author(folder)
    raw["authors"] = [{"name": author}]
    _defaulted(path, "authors", author, "the first commit's author" if author != raw["slug"]
               else "the folder's name")
    date, origin = book_date(folder)
    raw["date"] = date
    _defaulted(path, "date", date.isoformat(), origin)
    return raw, path


def _translations(folder: Path, path: Path) -> dict[str, str]:
    """code -> file name for each README.<code>.md publish has a language for."""
    found: dict[str, str] = {}
    for file in sorted(folder.iterdir()):
        m = _TRANSLATION.match(file.name)
        if not m or not file.is_file():
            continue
        tag = _tag(m.group("code"))
        code = _edition(tag, folder)
        if code is None:
            log.warning("%s", SourceError(f"language '{tag}' has no data file and CLDR does not "
                                          f"know it; this README is left out (add "
                                          f"languages/{tag}.toml)", path=file))
            continue
        if code in found or code == DEFAULT_LANGUAGE:
            log.warning("%s", SourceError(f"a second README in '{code}' (also "
                                          f"{found.get(code, 'README.md')}); this one is left out",
                                          path=file))
            continue
        found[code] = file.name
    return dict(sorted(found.items()))


def _edition(tag: str, folder: Path) -> str | None:
    """The edition a README's tag stands for: a known language as it is; a region written for
    its script (zh-CN is zh-Hans, zh-TW zh-Hant); else the language itself (fr-FR is fr,
    uz-UZ is uz, which CLDR knows); None for a tag no one knows."""
    from publish.errors import ConfigError
    from publish.languages import get_language

    known = set(available(folder))
    if tag in known:
        return tag
    base = tag.split("-")[0]
    from publish.languages.cldr import likely_script

    script = likely_script(tag)
    if script and f"{base}-{script}" in known:
        return f"{base}-{script}"
    for code in (base, tag):
        try:
            get_language(code, folder)
            return code
        except ConfigError:
            continue
    return None


def _tag(code: str) -> str:
    """README.pt_br.md -> pt-BR: a BCP 47 tag's usual case."""
    parts = re.split(r"[-_]", code)
    tag = "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p.title() for p in parts[1:]])
    return tag if CODE_RE.match(tag) else parts[0].lower()


def _title(file: Path) -> str:
    from publish.sources.text import read_text

    m = _HEADING.search(read_text(file, quiet=True) or "")
    title = re.sub(r"[*_`]|!\[[^\]]*\]\([^)]*\)|<[^>]+>", "", m.group(1)).strip() if m else ""
    return title or file.parent.resolve().name


def _first_author(folder: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(folder), "log", "--reverse", "--format=%an", "--", "."],
                             capture_output=True, text=True, timeout=20)
        names = out.stdout.splitlines() if out.returncode == 0 else []
    except (OSError, subprocess.TimeoutExpired):
        names = []
    return names[0].strip() if names and names[0].strip() else slugify(folder.resolve().name)


def _defaulted(path: Path, key: str, value: str, origin: str) -> None:
    log.warning("%s", ConfigError(f"not set; '{value}' is used ({origin}); set {key} in book.toml",
                                  path=path, key=key))
