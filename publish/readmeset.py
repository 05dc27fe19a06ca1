"""A set of translated READMEs, read as a book: the root's `README.md` and its translations,
one edition each, in the naming styles GitHub projects use.

A translation is `README.<lang>.md`, `README-<lang>.md` or `README_<lang>.md` (README in
any case), at the root or in a subfolder a set keeps them in (`translations/`, `i18n/`,
`docs/`, ...), where it may also be `<lang>.md` or `<lang>/README.md`. `<lang>` is a code
as projects write it (`fr-FR`, `zh_CN`, `ZH`, `cn`) or a language's name (`Español`),
read by publish.languages.guess. The base README is English unless its text is in another
script, or a translation claims English and the base's words say another language.

The title is each README's first heading; the author, the slug and the date get a
reproducible default (the first commit's author, the folder's name, SOURCE_DATE_EPOCH or
the newest commit), each with one warning naming the book.toml key that sets it. A
language publish has no data file for is built through CLDR; a README whose name gives
no language publish or CLDR knows is left out with a warning.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from publish import policy
from publish.errors import ConfigError, PublishError
from publish.languages import CODE_RE, available, get_language
from publish.languages.guess import language_of_text, tag_from_name
from publish.defaults import book_date, first_author, slugify
from publish.readmelinks import as_chapter, inline_links, linked_pages

log = logging.getLogger("publish")

README = "README.md"
_BASE = re.compile(r"^readme\.(?:md|markdown)$", re.I)
_TRANSLATION = re.compile(r"^readme[._-](?P<lang>[^.]+)\.(?:md|markdown)$", re.I)
_BARE = re.compile(r"^(?P<lang>[^.]+)\.(?:md|markdown)$", re.I)
_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|\d{3}))?$")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*$", re.M)
DEFAULT_LANGUAGE = "en"
# Subfolders a set keeps its translations in. In those that hold other pages too (False),
# a bare `<lang>.md` or `<lang>/` counts only when <lang> is a code, never a word.
_REGIONAL = re.compile(r"^[a-z]{2,3}[-_](?:[A-Z]{2}|[A-Z][a-z]{3})$")
SUBFOLDERS = {"translations": True, "translation": True, "i18n": True, "lang": True,
              "langs": True, "locales": True, "locale": True, "readme": True,
              "readmes": True, "docs": False, "doc": False, ".github": False}
# The base README's text is read this far to tell its language (a long README says it early).
_SAMPLE = 50_000


def is_readme_set(folder: Path) -> bool:
    return _base(folder) is not None


def translate(folder: Path) -> tuple[dict[str, Any], Path]:
    """Our config table for the README set in `folder`, and the (absent) book.toml it stands
    for: messages name the file and key that would set a value."""
    path = folder / "book.toml"
    base = _base(folder)
    assert base is not None, "translate() is called on a README set"
    text = _text(base) if _inside(base, folder) else ""     # else its edition stops, unread
    switched = dict((name, code) for code, name in _switcher(folder, base, text))
    others = _translations(folder, switched)
    known = {name for _, name in others}
    others += [(code, name) for name, code in switched.items() if name not in known]
    first = _base_language(base, text, [code for code, _ in others], folder)
    files = {first: base.name}
    for code, name in others:
        if code in files:
            policy.mend("readme-duplicate", f"a second README in '{code}' (also {files[code]}); "
                        "this one is left out", path=folder / name)
        else:
            files[code] = name
    files = {first: base.name, **dict(sorted(files.items()))}     # the base's edition first
    titles = {code: _title(text if name == base.name else _text(folder / name), folder)
              for code, name in files.items()}
    raw: dict[str, Any] = {"languages": list(files), "title": titles,
                           "chapters": {c: _chapters(folder, c, n, files) for c, n in files.items()}}
    _defaults(folder, path, raw)
    return raw, path


def _chapters(folder: Path, code: str, name: str, files: dict[str, str]) -> list[str]:
    """An edition's chapters: its README, then the project's pages it links to (one
    warning naming the key that lists them instead)."""
    first = _from_folder(folder, code, name)
    readme = folder / name
    if not _inside(readme, folder):
        return [first]
    pages = linked_pages(readme, folder, {folder / other for other in files.values()})
    if pages:
        policy.mend("readme-contents", f"{len(pages)} Markdown page(s) it links to are read "
                    "as chapters, in the order linked; set chapters in book.toml to choose",
                    path=readme)
    own = folder / code if first != name else folder
    return [first] + [as_chapter(page, own) for page in pages]


def _from_folder(folder: Path, code: str, name: str) -> str:
    """A chapter's path as the `chapters` key reads it: from the language's own folder
    when one is named for it (`pt-BR/README_pt_BR.md` is read from `pt-BR/`), else from
    the root."""
    head, _, rest = name.partition("/")
    return rest if rest and head == code and (folder / head).is_dir() else name


def _defaults(folder: Path, path: Path, raw: dict[str, Any]) -> None:
    """The slug, author and date a README set does not say, each with its one warning."""
    raw["slug"] = slugify(folder.resolve().name)
    _defaulted(path, "slug", raw["slug"], "from the folder's name")
    author, origin = first_author(folder)
    raw["authors"] = [{"name": author}]
    _defaulted(path, "authors", author, origin)
    date, origin = book_date(folder)
    raw["date"] = date
    _defaulted(path, "date", date.isoformat(), origin)


def _base(folder: Path) -> Path | None:
    """The root's README (README.md, readme.md, Readme.md: `README.md` first)."""
    try:
        found = sorted((p for p in folder.iterdir() if _BASE.match(p.name) and p.is_file()),
                       key=lambda p: (p.name != README, p.name))
    except OSError:
        return None
    return found[0] if found else None


def _translations(folder: Path, switched: dict[str, str]) -> list[tuple[str, str]]:
    """(code, path from the root) of each translation, the root's first, then each
    subfolder's; a README whose name gives no language anyone knows is left out."""
    found: list[tuple[str, str]] = []
    for entry in _listing(folder):
        m = _TRANSLATION.match(entry.name)
        if m and entry.is_file():
            found += _resolved(folder, entry, m.group("lang"), switched)
    for sub in _listing(folder):
        words = SUBFOLDERS.get(sub.name.lower())
        if words is not None and sub.is_dir():
            found += _in_subfolder(folder, sub, words, switched)
        elif sub.is_dir() and _language_name(sub.name):
            # A root folder named by a language's name (`Spanish/readme.md`, as
            # 30-Days-Of-JavaScript keeps them); never a code, which `src/` or `it/` may be.
            lang, file = _named(sub)
            code = _code(lang, folder) if file else None
            if code and _inside(file, folder):
                found.append((code, file.relative_to(folder).as_posix()))
        elif _REGIONAL.match(sub.name) and sub.is_dir():
            # A root folder named language-REGION (`de-DE/README.md`, as javascript-questions
            # keeps them): a bare `it/` or `id/` may be anything, a tag with a region is not.
            lang, file = _named(sub)
            code = _code(lang, folder) if file else None
            if code and _inside(file, folder):
                found.append((code, file.relative_to(folder).as_posix()))
    return found


def _language_name(word: str) -> bool:
    """Whether a folder's name is a language's name (Spanish, Español), not a code."""
    return len(word) > 3 and not _CODE.match(word) and tag_from_name(word) is not None


def _switcher(folder: Path, base: Path, text: str) -> list[tuple[str, str]]:
    """The translations the base README's language links name: `[Russian](./RU/README.md)`
    or `[Persian](readme-pr-fr.md)`, a link whose text is a language's name to a README in
    a subfolder or to a README named as a translation."""
    found: list[tuple[str, str]] = []
    for label, target in inline_links(text):
        file = (folder / unquote(target.split("#")[0])).resolve()
        word = re.sub(r"[^\w\s-]", "", label, flags=re.U).strip()
        readme = _BASE.match(file.name) and file.parent != folder.resolve() or \
            _TRANSLATION.match(file.name)
        if not (readme and file != base.resolve() and _language_name(word) and file.is_file()
                and _inside(file, folder)):
            continue
        code = _code(tag_from_name(word) or "", folder)
        if code:
            found.append((code, file.relative_to(folder.resolve()).as_posix()))
    return found


def _in_subfolder(folder: Path, sub: Path, words: bool,
                  switched: dict[str, str]) -> list[tuple[str, str]]:
    """The translations in one subfolder: README.<lang>.md, <lang>.md, <lang>/README.md;
    a file or folder whose name gives no language is some other page, passed over."""
    found: list[tuple[str, str]] = []
    for entry in _listing(sub):
        m = _TRANSLATION.match(entry.name)
        if m and entry.is_file():
            found += _resolved(folder, entry, m.group("lang"), switched)
            continue
        lang, file = _named(entry)
        code = _code(lang, folder) if file and (words or _CODE.match(lang)) else None
        if code and _inside(file, folder):
            found.append((code, file.relative_to(folder).as_posix()))
    return found


def _named(entry: Path) -> tuple[str, Path | None]:
    """A subfolder's `<lang>.md`, or `<lang>/` holding a README (`README.md`, or one named
    for the folder's language: `es-es/README-es-es.md`): the name and the file."""
    if entry.is_dir():
        return entry.name, _base(entry) or _named_for(entry)
    m = _BARE.match(entry.name)
    if m and not _BASE.match(entry.name) and entry.is_file():
        return m.group("lang"), entry
    return "", None


def _named_for(folder: Path) -> Path | None:
    """In a folder named for a language, the README named for it too, however written
    (`es-es/README-es-es.md`, `ja-JA/README-ja_JA.md`, `ar-AR/README_AR.md`): the same
    language subtag, or the folder's only README."""
    readmes = [(m.group("lang"), f) for f in _listing(folder)
               if (m := _TRANSLATION.match(f.name)) and f.is_file()]
    primary = re.split(r"[-_]", folder.name)[0].lower()
    same = [f for lang, f in readmes if re.split(r"[-_]", lang)[0].lower() == primary]
    return same[0] if same else (readmes[0][1] if len(readmes) == 1 else None)


def _inside(file: Path, folder: Path) -> bool:
    """Whether a file (through any symlink) lies in the project: one that does not is
    never a translation, so never read."""
    try:
        return file.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def _listing(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _resolved(folder: Path, file: Path, lang: str,
              switched: dict[str, str]) -> list[tuple[str, str]]:
    """[(code, path)] for a README named for `lang` (or, when its name gives no language,
    for the language the base README's link to it names), or [] and a warning."""
    if not _inside(file, folder):
        return []
    code = _code(lang, folder) or switched.get(file.relative_to(folder).as_posix())
    if code is None:
        if _CODE.match(lang):
            said, fix = (f"language '{lang}' has no data file and CLDR does not know it",
                         f"add languages/{lang}.toml")
        else:
            said, fix = f"'{lang}' names no language publish or CLDR knows", "name it by a code"
        policy.mend("language", f"{said}; this README is left out ({fix})", path=file)
        return []
    return [(code, file.relative_to(folder).as_posix())]


def _code(lang: str, folder: Path) -> str | None:
    """The edition a README's language code or name stands for: a project's or shipped
    data file's code as it is; else what CLDR makes of it; None if publish cannot build it."""
    parts = re.split(r"[-_]", lang)
    written = "-".join([parts[0].lower()] + [p.title() if len(p) == 4 else p.upper()
                                             for p in parts[1:]])
    if CODE_RE.match(written) and written in available(folder):
        return written
    code = tag_from_name(lang)
    if code is None:
        return None
    try:
        get_language(code, folder)
    except ConfigError:
        return None
    return code


def _base_language(base: Path, text: str, others: list[str], folder: Path) -> str:
    """The base README's language: its text's, when written in another script than Latin
    or when a translation claims English; else English. One warning when not English."""
    lang, script = language_of_text(text[:_SAMPLE])
    if script == "Latn" and DEFAULT_LANGUAGE not in others:
        return DEFAULT_LANGUAGE
    if not lang or lang == DEFAULT_LANGUAGE or _code(lang, folder) is None:
        return DEFAULT_LANGUAGE
    reason = (f"its text is in the {_english(script, 'scripts')} script" if script != "Latn"
              else f"a translation is the English README, and its words are "
                   f"{_english(lang.split('-')[0], 'languages')}")
    policy.mend("language", f"no language is said for it; '{lang}' is used ({reason})",
                path=base)
    return lang


def _english(code: str, kind: str) -> str:
    """A script's or language's English name (CLDR's): Cyrillic, Spanish."""
    from babel import Locale

    return getattr(Locale("en"), kind).get(code, code)


def _text(file: Path) -> str:
    """A README's text for its title and language; "" when it cannot be read (its edition
    then says why when built)."""
    from publish.sources.text import read_text

    try:
        return read_text(file, quiet=True) or ""
    except PublishError:
        return ""


def _title(text: str, folder: Path) -> str:
    m = _HEADING.search(text)
    title = re.sub(r"[*_`]|!\[[^\]]*\]\([^)]*\)|<[^>]+>", "", m.group(1)).strip() if m else ""
    return title or folder.resolve().name


def _defaulted(path: Path, key: str, value: str, origin: str) -> None:
    log.warning("%s", ConfigError(f"not set; '{value}' is used ({origin}); set {key} in book.toml",
                                  path=path, key=key))
