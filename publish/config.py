"""The book's config file (`source/book.toml`): one declared schema, validated before any work."""
from __future__ import annotations

import datetime as _dt
import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .languages import LANGUAGES, get_language

log = logging.getLogger("publish")

CONFIG_NAME = "book.toml"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TRIM_SIZES = {  # name -> (width, height) as CSS lengths
    "a5": ("148mm", "210mm"), "a4": ("210mm", "297mm"), "letter": ("8.5in", "11in"),
    "6x9": ("6in", "9in"), "5.5x8.5": ("5.5in", "8.5in"), "5x8": ("5in", "8in"),
}
VARIANTS = ("pdf/ua-1", "pdf/ua-2", "pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u",
            "pdf/a-4u", "pdf/a-1a", "pdf/a-2a", "pdf/a-3a", "pdf/x-1a", "pdf/x-3", "pdf/x-4", "none")
ROLES = ("aut", "trl", "edt", "ill", "aui", "aft", "pbl", "ctb")


@dataclass(frozen=True)
class Field:
    """One config key: its type, whether it is required and whether it may vary by language."""

    kind: type | tuple[type, ...]
    doc: str
    required: bool = False
    localized: bool = False
    default: Any = None


SCHEMA: dict[str, Field] = {
    "slug": Field(str, "file-name stem of the outputs, e.g. 'russia-and-laos'", required=True),
    "languages": Field(list, "languages to build, in order; default: the folders in source/"),
    "title": Field(str, "book title", required=True, localized=True),
    "subtitle": Field(str, "subtitle", localized=True),
    "description": Field(str, "a short description for catalogues and e-readers", localized=True),
    "authors": Field(list, "[[authors]] tables: name, sort, role, bio", required=True),
    "publisher": Field(str, "publisher's name", localized=True),
    "date": Field(_dt.date, "publication date (YYYY-MM-DD)", required=True),
    "subjects": Field(list, "subject keywords", localized=True, default=()),
    "rights": Field(str, "rights statement", localized=True),
    "isbn": Field(str, "ISBN-13 (per language as a table)", localized=True),
    "identifier": Field(str, "an identifier other than an ISBN (a URN or URL)", localized=True),
    "series": Field(dict, "series: name (localizable) and position"),
    "cover": Field(str, "cover image path, relative to the config file", localized=True),
    "toc_depth": Field(int, "heading levels shown in the contents (1-3)", default=2),
    "labels": Field(dict, "per-language overrides of built-in labels, e.g. [labels.fr]"),
    "print": Field(dict, "print options: trim, margins, variant, press"),
    "send": Field(dict, "e-mail delivery: to, from, host, port, user (never the password)"),
}
AUTHOR_KEYS = {"name": True, "sort": False, "role": False, "bio": False}
SERIES_KEYS = {"name", "position"}
PRINT_KEYS = {"trim", "variant", "press", "font_size"}


@dataclass(frozen=True)
class PrintOptions:
    trim: str = "a5"
    width: str = "148mm"
    height: str = "210mm"
    variant: str = "pdf/ua-1"
    press: bool = False
    font_size: str = "10.5pt"


@dataclass(frozen=True)
class Config:
    """The validated config: raw values plus where they came from."""

    path: Path
    root: Path                         # the project folder (the config's folder's parent)
    source_dir: Path
    values: dict[str, Any]
    languages: tuple[str, ...]
    print: PrintOptions = field(default_factory=PrintOptions)
    fetch_remote: bool = False         # --fetch-remote: download remote images (off: alt text)

    def get(self, key: str, lang: str | None = None, default: Any = None) -> Any:
        """A value, resolved for `lang` when it is localized."""
        value = self.values.get(key, SCHEMA[key].default if key in SCHEMA else default)
        if value is None:
            return default
        if lang and isinstance(value, dict) and key in SCHEMA and SCHEMA[key].localized \
                and not SCHEMA[key].required and lang not in value and "default" not in value:
            return default          # an optional key given for some languages only
        return localize(value, lang, self.path, key) if lang else value

    def line_of(self, key: str) -> int | None:
        return _line_of(self.path, key.split(".")[-1].split("[")[0])


def localize(value: Any, lang: str | None, path: Path, key: str) -> Any:
    """A plain value, or the entry for `lang` in a {lang: value} table."""
    if isinstance(value, dict) and lang is not None and set(value) <= set(LANGUAGES) | {"default"}:
        if lang in value:
            return value[lang]
        if "default" in value:
            return value["default"]
        raise ConfigError(f"no value for language '{lang}'", path=path,
                          line=_line_of(path, key.split(".")[-1]), key=key)
    return value


def _line_of(path: Path, key: str) -> int | None:
    """The first line that sets `key` (or opens a table of that name), for messages."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    pat = re.compile(rf"^\s*(\[\[?\s*)?{re.escape(key)}(\s*=|\s*\]|\.)")
    for number, line in enumerate(text.splitlines(), 1):
        if pat.match(line):
            return number
    return None


def find_config(source: Path) -> Path:
    """`source` may be a project folder (with source/book.toml), a source folder or the file."""
    for candidate in (source, source / CONFIG_NAME, source / "source" / CONFIG_NAME):
        if candidate.is_file():
            return candidate
    raise ConfigError(f"no {CONFIG_NAME} found (looked in {source} and {source / 'source'})",
                      path=source)


def load(source: Path | str, *, strict: bool = False) -> Config:
    """Reads and validates the config; warns on unknown keys (errors when `strict`)."""
    path = find_config(Path(source).resolve())
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start})", path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        msg = re.sub(r"\s*\(at line.*\)", "", str(exc))
        raise ConfigError(f"invalid TOML: {msg}", path=path,
                          line=int(m.group(1)) if m else None) from None
    return validate(raw, path, strict=strict)


def validate(raw: dict[str, Any], path: Path, *, strict: bool = False) -> Config:
    """Checks every key against SCHEMA and returns the Config."""
    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(message, path=path, line=_line_of(path, key.split(".")[-1].split("[")[0]),
                           key=key)

    for key in raw:
        if key not in SCHEMA:
            _unknown(fail(key, f"unknown key '{key}' (known: {', '.join(SCHEMA)})"), strict)
    for key, spec in SCHEMA.items():
        if key not in raw:
            if spec.required:
                raise fail(key, f"missing required key '{key}' ({spec.doc})")
            continue
        _check_type(raw[key], spec, key, fail)
    if not SLUG_RE.match(raw["slug"]):
        raise fail("slug", f"expected lower-case letters, digits and hyphens, got '{raw['slug']}'")
    source_dir = path.parent
    languages = tuple(raw.get("languages") or
                      sorted(p.name for p in source_dir.iterdir() if p.is_dir() and p.name in LANGUAGES))
    if not languages:
        raise fail("languages", "no language to build: add 'languages' or a source/<lang>/ folder")
    for code in languages:
        get_language(code, path=path, key="languages", line=_line_of(path, "languages"))
        for key, spec in SCHEMA.items():
            if spec.localized and spec.required:
                value = localize(raw[key], code, path, key)
                if not str(value).strip():
                    raise fail(key, f"'{key}' is empty for language '{code}'")
    _check_authors(raw["authors"], fail, strict)
    _check_isbn(raw, languages, fail)
    if "series" in raw:
        _check_keys(raw["series"], SERIES_KEYS, "series", fail, strict)
        if "name" not in raw["series"]:
            raise fail("series", "series needs a 'name'")
    depth = raw.get("toc_depth", 2)
    if not 1 <= depth <= 3:
        raise fail("toc_depth", f"expected 1, 2 or 3, got {depth}")
    for code, labels in raw.get("labels", {}).items():
        lang = get_language(code, path=path, key=f"labels.{code}")
        for name in labels:
            if name not in lang.labels:
                _unknown(fail(f"labels.{code}", f"unknown label '{name}'"), strict)
    return Config(path=path, root=path.parent.parent if path.parent.name == "source" else path.parent,
                  source_dir=source_dir, values=raw, languages=languages,
                  print=_print_options(raw.get("print", {}), fail, strict))


def _unknown(error: ConfigError, strict: bool) -> None:
    if strict:
        raise error
    log.warning("%s", error)


def _check_type(value: Any, spec: Field, key: str, fail) -> None:
    per_language = spec.localized and isinstance(value, dict) and spec.kind is not dict
    if per_language:
        for code in value:
            if code != "default":
                get_language(code, path=fail(key, "").path, key=key, line=fail(key, "").line)
    for v in (value.values() if per_language else [value]):
        if spec.kind is _dt.date and isinstance(v, _dt.datetime):
            continue
        if (isinstance(v, bool) and spec.kind is int) or not isinstance(v, spec.kind):
            raise fail(key, f"expected {_type_name(spec.kind)}, got {_type_name(type(v))} {v!r}")


def _type_name(kind) -> str:
    return {str: "a string", int: "a whole number", list: "a list", dict: "a table",
            _dt.date: "a date (YYYY-MM-DD)", bool: "true or false", float: "a number",
            _dt.datetime: "a date-time"}.get(kind, getattr(kind, "__name__", str(kind)))


def _check_keys(table: dict, known: set[str], where: str, fail, strict: bool) -> None:
    for key in table:
        if key not in known:
            _unknown(fail(f"{where}.{key}", f"unknown key '{key}' in {where} "
                                            f"(known: {', '.join(sorted(known))})"), strict)


def _check_authors(authors: list, fail, strict: bool) -> None:
    if not authors:
        raise fail("authors", "at least one author is needed")
    for i, author in enumerate(authors):
        where = f"authors[{i}]"
        if not isinstance(author, dict):
            raise fail("authors", f"{where}: expected a table with name, sort, role, bio")
        _check_keys(author, set(AUTHOR_KEYS), where, fail, strict)
        if not author.get("name"):
            raise fail("authors", f"{where}: missing required key 'name'")
        role = author.get("role", "aut")
        if role not in ROLES:
            raise fail("role", f"{where}.role: expected one of {', '.join(ROLES)}, got '{role}'")


def _check_isbn(raw: dict, languages, fail) -> None:
    if "isbn" not in raw:
        return
    for code in languages:
        isbn = localize(raw["isbn"], code, fail("isbn", "").path, "isbn")
        digits = re.sub(r"[\s-]", "", isbn)
        if not re.fullmatch(r"97[89]\d{10}", digits):
            raise fail("isbn", f"expected a 13-digit ISBN starting 978 or 979, got '{isbn}'")
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
        if (10 - total % 10) % 10 != int(digits[12]):
            raise fail("isbn", f"ISBN '{isbn}' has a wrong check digit")


def _print_options(table: dict, fail, strict: bool) -> PrintOptions:
    _check_keys(table, PRINT_KEYS, "print", fail, strict)
    trim = str(table.get("trim", "a5")).lower()
    if trim in TRIM_SIZES:
        width, height = TRIM_SIZES[trim]
    else:
        m = re.fullmatch(r"(\d+(?:\.\d+)?(?:mm|cm|in|pt))\s*[x×]\s*(\d+(?:\.\d+)?(?:mm|cm|in|pt))", trim)
        if not m:
            raise fail("trim", f"expected one of {', '.join(TRIM_SIZES)} or WIDTHxHEIGHT "
                               f"with units (e.g. 130mmx200mm), got '{trim}'")
        width, height = m.groups()
    variant = str(table.get("variant", "pdf/ua-1")).lower()
    if variant not in VARIANTS:
        raise fail("variant", f"expected one of {', '.join(VARIANTS)}, got '{variant}'")
    press = table.get("press", False)
    if not isinstance(press, bool):
        raise fail("press", f"expected true or false, got {press!r}")
    font_size = str(table.get("font_size", "10.5pt"))
    if not re.fullmatch(r"\d+(\.\d+)?pt", font_size):
        raise fail("font_size", f"expected a size in pt such as 10.5pt, got '{font_size}'")
    return PrintOptions(trim=trim, width=width, height=height, variant=variant,
                        press=press, font_size=font_size)
