"""A GitBook's own book.json (and LANGS.md), read as our config: a GitBook builds as it is.

The legacy GitBook CLI (3.x) format: `book.json` and/or `SUMMARY.md` and `README.md` at the
root, no book.toml. book.json gives `title`, `author`, `language`, `description`, `root` (the
folder the content is in) and `structure` (the readme, summary, langs and glossary files);
its `variables` fill `{{ book.name }}` in the text (sources/gitbook.py does that). Our own
options go in a `"publish"` object, as mdBook's go in `[output.publish]`. What the book does
not say gets a reproducible default, each with one warning naming the key that sets it.

A `LANGS.md` (`* [English](en/)`) makes one edition per listed folder, each with its own
README.md and SUMMARY.md and perhaps its own book.json (whose keys win over the root's).
A folder's language comes from its name (en, fr, pt-br, zh-hans), else its own book.json's
`language`, else the link's text (CLDR's language names), else its text's script.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from publish import policy
from publish.defaults import first_author
from publish.languages import CODE_RE
from publish.languages.tags import edition_code

BOOK_JSON = "book.json"
OWN_KEY = "publish"
STRUCTURE = {"readme": "README.md", "summary": "SUMMARY.md", "langs": "LANGS.md",
             "glossary": "GLOSSARY.md"}
DEFAULT_LANGUAGE = "en"                 # GitBook's own default
_LINK = re.compile(r"^\s*[-*+]\s+\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]*)[^)]*\)")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*$|^(?!\s*[-*+>] )(\S.*?)[ \t]*\n=+[ \t]*$",
                      re.M)                     # `# Title`, or Title over a ===== line


def is_gitbook(folder: Path) -> bool:
    """A folder with book.json, or with a SUMMARY.md or LANGS.md at its root (and no book.toml)."""
    return any((folder / name).is_file() for name in (BOOK_JSON, STRUCTURE["summary"],
                                                       STRUCTURE["langs"]))


def read_json(path: Path) -> dict[str, Any]:
    """A book.json's object ({} when there is none); a file that does not parse is refused."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise policy.refuse("config-unreadable", f"cannot read: {exc.strerror or exc}",
                            path=path) from None
    try:
        value = json.loads(data.decode("utf-8-sig")) if data.strip() else {}
    except UnicodeDecodeError as exc:
        raise policy.refuse("config-unreadable", f"not UTF-8 (byte at offset {exc.start})",
                            path=path, line=data[:exc.start].count(b"\n") + 1) from None
    except json.JSONDecodeError as exc:
        raise policy.refuse("config-unreadable", f"not valid JSON: {exc.msg} (column "
                            f"{exc.colno})", path=path, line=exc.lineno) from None
    if not isinstance(value, dict):
        raise policy.refuse("config-unreadable", "expected a JSON object ({...})", path=path, line=1)
    return value


def settings(book_json: Path, folder: Path) -> dict[str, Any]:
    """The book.json values that hold for the edition in `folder`: the root's, with the
    folder's own book.json on top (a multilingual GitBook's per-language file)."""
    merged = dict(read_json(book_json))
    own = folder / BOOK_JSON
    if own.resolve() != book_json.resolve():
        for key, value in read_json(own).items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                value = {**merged[key], **value}
            merged[key] = value
    return merged


def structure(values: dict[str, Any]) -> dict[str, str]:
    """The file names book.json's `structure` gives, GitBook's defaults for the rest."""
    given = values.get("structure")
    given = given if isinstance(given, dict) else {}
    return {key: str(given.get(key) or name) for key, name in STRUCTURE.items()}


def translate(folder: Path) -> tuple[dict[str, Any], Path, Path | dict[str, Path]]:
    """Our config table for the GitBook in `folder`, its book.json (present or not: messages
    name it), and the folder each edition's chapters are in (one Path, or code -> Path)."""
    path = folder / BOOK_JSON
    values = read_json(path)
    ours: dict[str, Any] = dict(values.get(OWN_KEY) or {}) if isinstance(
        values.get(OWN_KEY), dict) else {}
    content = _content_root(folder, values, path)
    langs = content / structure(values)["langs"]
    editions = _editions(langs, values, path, folder) if langs.is_file() else {}
    if not editions and not (content / structure(values)["summary"]).is_file():
        editions = _language_folders(content, folder)
    if not editions:
        editions = {_language(values, content, path, None, folder): content}
    per = {code: settings(path, where) for code, where in editions.items()}
    ours.setdefault("languages", list(editions))
    _localized(ours, "title", per, editions, path, _readme_title)
    _localized(ours, "description", per, editions, path, None)
    _authors(ours, per, folder, path)
    _defaults(ours, folder, path)
    single = len(editions) == 1 and next(iter(editions.values())) == content
    return ours, path, (content if single else editions)


def _language_folders(content: Path, project: Path) -> dict[str, Path]:
    """With no LANGS.md and no SUMMARY.md of its own, a book whose folders are named for
    languages (`en/`, `ru/`, `uk/`), each with a SUMMARY.md, is multilingual all the same
    (jquery-for-beginners): one edition per folder, as LANGS.md would list them."""
    found: dict[str, Path] = {}
    try:
        folders = sorted(p for p in content.iterdir() if p.is_dir())
    except OSError:
        return found
    for where in folders:
        code = edition_code(where.name, project) if CODE_RE.fullmatch(where.name) else None
        if code and code not in found and (where / STRUCTURE["summary"]).is_file() \
                and where.resolve().is_relative_to(project.resolve()):
            found[code] = where
    return found


def _content_root(folder: Path, values: dict[str, Any], path: Path) -> Path:
    root = values.get("root")
    if root is None:
        return folder
    if not isinstance(root, str):
        raise policy.refuse("config-unreadable", f"expected a folder name, got {root!r}",
                            path=path, key="root")
    content = folder / root.strip().strip("/") if root.strip().strip("/.") else folder
    return _inside(content, folder, path, "root", None)


def _inside(where: Path, project: Path, path: Path, what: str, line: int | None) -> Path:
    """`where`, or the refusal when it lies outside the project (it is never read)."""
    if not where.resolve().is_relative_to(project.resolve()):
        raise policy.refuse("outside-project", f"{what} '{where.name}' lies outside the "
                            "project folder; refused", path=path, line=line)
    return where


def _editions(langs: Path, values: dict[str, Any], path: Path,
              project: Path) -> dict[str, Path]:
    """code -> folder for each language LANGS.md lists (the first folder of a language wins)."""
    from publish.sources.text import read_text

    found: dict[str, Path] = {}
    for number, line in enumerate(read_text(langs).split("\n"), 1):
        m = _LINK.match(line)
        if not m or re.match(r"[a-z]+:", m.group("target")):
            continue
        where = _inside(langs.parent / m.group("target").split("#")[0].strip("/"), project,
                        langs, "language folder", number)
        if not where.is_dir():
            policy.mend("missing-chapter", f"language folder '{m.group('target')}' not found; "
                        "left out", path=langs, line=number)
            continue
        own = read_json(where / BOOK_JSON)
        code = edition_code(where.name, project) or _language(own, where, where / BOOK_JSON,
                                                                m.group("text"), project)
        if code in found:
            policy.mend("language", f"a second edition in '{code}' (also "
                        f"{found[code].name}/); this one is left out", path=langs, line=number)
            continue
        found[code] = where
    return found


def _language(values: dict[str, Any], folder: Path, path: Path, link_text: str | None,
              project: Path) -> str:
    """The language of one edition: book.json's `language`, else a link text's language
    name, else its README's script (with one warning)."""
    given = values.get("language")
    if isinstance(given, str) and given.strip():
        code = edition_code(given.strip(), project)
        if code:
            return code
        code, readme = _of_text(values, folder)
        policy.mend("language", f"'{given}' is not a language CLDR knows; '{code}' is used "
                    f"(the language of the text of {readme})", path=path, key="language")
        return code
    elif given is not None:
        raise policy.refuse("config-unreadable", f"expected a code such as \"zh-hans\", "
                            f"got {given!r}", path=path, key="language")
    if link_text:
        code = language_named(link_text, project)
        if code:
            return code
    code, readme = _of_text(values, folder)
    policy.mend("default", f"not set; '{code}' is used (the language of the text of "
                f"{readme}); set language in {BOOK_JSON}", path=path, key="language")
    return code


def _of_text(values: dict[str, Any], folder: Path) -> tuple[str, str]:
    """(the language of an edition's README text, the README's name)."""
    readme = folder / structure(values)["readme"]
    return text_language(_text(readme)), readme.name


def language_named(name: str, project: Path | None = None) -> str | None:
    """The language a link text names, in itself ("Français", "简体中文": the `name` of
    publish's language files) or in English (CLDR's names, by Babel: "French", "Chinese");
    None when it names none."""
    wanted = _name_key(name)
    if not wanted:
        return None
    own = _own_names(project).get(wanted)
    if own:
        return own
    from babel import Locale

    english = {_name_key(n): code for code, n in Locale("en").languages.items()}
    return edition_code(english[wanted], project) if wanted in english else None


def _name_key(name: str) -> str:
    return re.sub(r"[\s()（）\[\]_-]+", "", unicodedata.normalize("NFKC", name)).casefold()


@lru_cache(maxsize=4)
def _own_names(project: Path | None) -> dict[str, str]:
    """name -> code, from the `name` line of each language file (read as text: parsing
    every file, or asking CLDR for every language's own name, costs a second)."""
    from publish.languages import PROJECT_FOLDER, SHIPPED

    names: dict[str, str] = {}
    folders = ((project / PROJECT_FOLDER,) if project else ()) + (SHIPPED,)
    for folder in folders:
        for file in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
            m = re.search(r'(?m)^name\s*=\s*"([^"]+)"', file.read_text(encoding="utf-8"))
            if m and CODE_RE.fullmatch(file.stem):
                names.setdefault(_name_key(m.group(1)), file.stem)
    return names


def text_language(text: str) -> str:
    """The language of a text (publish.languages.guess), `en` when it does not say."""
    from publish.languages.guess import language_of_text

    return language_of_text(text[:20000])[0] or DEFAULT_LANGUAGE


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _readme_title(folder: Path, values: dict[str, Any]) -> tuple[str, str]:
    """GitBook's own default title: the readme's first heading (else the folder's name)."""
    m = _HEADING.search(_text(folder / structure(values)["readme"]))
    title = re.sub(r"[*_`]|!\[[^\]]*\]\([^)]*\)|<[^>]+>", "", m.group(1) or m.group(2)).strip() \
        if m else ""
    return (title, "the README's first heading") if title else \
        (folder.resolve().name, "the folder's name")


def _localized(ours: dict[str, Any], key: str, per: dict[str, dict[str, Any]],
               editions: dict[str, Path], path: Path, default) -> None:
    """`key` per edition from its book.json (a plain value when all editions agree)."""
    if key in ours:
        return
    found: dict[str, str] = {}
    for code, values in per.items():
        value = values.get(key)
        if value is not None and not isinstance(value, str):
            raise policy.refuse("config-unreadable", f"expected a string, got {value!r}",
                                path=path, key=key)
        if value and value.strip():
            found[code] = value.strip()
        elif default is not None:
            found[code], origin = default(editions[code], values)
            policy.mend("default", f"not set; '{found[code]}' is used ({origin}); set {key} "
                        f"in {BOOK_JSON}", path=path, key=key)
    if found:
        ours[key] = next(iter(found.values())) if len(set(found.values())) == 1 and \
            len(found) == len(per) else found


def _authors(ours: dict[str, Any], per: dict[str, dict[str, Any]], folder: Path,
             path: Path) -> None:
    """book.json's `author` (a name, or a list of names), the same for every edition."""
    if "authors" in ours:
        return
    for values in per.values():
        author = values.get("author")
        names = [author] if isinstance(author, str) else author
        if author is None or names == []:
            continue
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise policy.refuse("config-unreadable", f"expected a name, got {author!r}",
                                path=path, key="author")
        ours["authors"] = [{"name": n.strip()} for n in names]
        return
    name, origin = first_author(folder)
    ours["authors"] = [{"name": name}]
    policy.mend("default", f"not set; '{name}' is used ({origin}); set author in {BOOK_JSON}",
                path=path, key="author")


def _defaults(ours: dict[str, Any], folder: Path, path: Path) -> None:
    from publish.defaults import book_date, slugify

    if "slug" not in ours:
        ours["slug"] = slugify(folder.resolve().name)
        policy.mend("default", f"not set; '{ours['slug']}' is used (from the folder's name); "
                    f"set slug in {BOOK_JSON}'s \"{OWN_KEY}\"", path=path, key=f"{OWN_KEY}.slug")
    if "date" not in ours:
        ours["date"], origin = book_date(folder)
        policy.mend("default", f"not set; '{ours['date'].isoformat()}' is used ({origin}); set "
                    f"date in {BOOK_JSON}'s \"{OWN_KEY}\"", path=path, key=f"{OWN_KEY}.date")
    elif isinstance(ours["date"], str):
        import datetime as _dt
        try:
            ours["date"] = _dt.date.fromisoformat(ours["date"])
        except ValueError:
            raise policy.refuse("config-unreadable", f"expected YYYY-MM-DD, got "
                                f"'{ours['date']}'", path=path, key=f"{OWN_KEY}.date") from None
