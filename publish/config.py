"""The book's config file (`source/book.toml`): one declared schema, validated before any work.

`load()` checks every key and returns a typed, frozen Config: per-language values are
resolved for each language the book has (an Edition each), so no reader looks a key
up by string again. Command-line overrides go through the same validation, once.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish import isbn as isbns, mkdocs, pandocmeta, policy, tomlfile
from publish.errors import ConfigError
from publish.languages import ARTICLE_LABELS, CODE_RE, TRANSLATION_LABELS, Language, available, get_language
from publish.gitbook import is_gitbook, translate as gitbook
from publish.mdbook import is_mdbook, translate
from publish.readmeset import is_readme_set, translate as readme_set

log = logging.getLogger("publish")

CONFIG_NAME = "book.toml"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")
TRIM_SIZES = {  # name -> (width, height) as CSS lengths
    "a5": ("148mm", "210mm"), "a4": ("210mm", "297mm"), "letter": ("8.5in", "11in"),
    "6x9": ("6in", "9in"), "5.5x8.5": ("5.5in", "8.5in"), "5x8": ("5in", "8in"),
}
DEFAULT_VARIANT = "pdf/ua-1"
MM_PER = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
ROLES = ("aut", "trl", "edt", "ill", "aui", "aft", "pbl", "ctb")


@dataclass(frozen=True)
class Field:
    """One config key: its type, whether it is required and whether it may vary by language."""

    kind: type | tuple[type, ...]
    doc: str
    required: bool = False
    localized: bool = False


SCHEMA: dict[str, Field] = {
    "slug": Field(str, "file-name stem of the outputs, e.g. 'russia-and-laos'", required=True),
    "languages": Field(list, "languages to build, in order; default: the folders in source/"),
    "title": Field(str, "book title", required=True, localized=True),
    "subtitle": Field(str, "subtitle", localized=True),
    "description": Field(str, "a short description for catalogues and e-readers", localized=True),
    "authors": Field(list, "[[authors]] tables: name, sort, role, bio", required=True),
    "translators": Field(list, "each edition's translators: names, or tables with name, sort, "
                               "alternate_script and bio (translators.fr = [\"…\"])",
                         localized=True),
    "original": Field((str, dict), "the language the book was written in (its other editions "
                                   "are translations), or a table: language, isbn"),
    "publisher": Field(str, "publisher's name", localized=True),
    "date": Field(_dt.date, "publication date (YYYY-MM-DD)", required=True),
    "calendar": Field(str, "calendar of the printed date: gregorian (default), persian (Solar "
                           "Hijri), islamic, hebrew, buddhist…", localized=True),
    "subjects": Field(list, "subject keywords", localized=True),
    "rights": Field(str, "rights statement", localized=True),
    "isbn": Field((str, dict), "ISBN-13, per language and per format as tables "
                               "(isbn.fr = \"…\"; [isbn.fr] epub, pdf, print)"),
    "identifier": Field(str, "an identifier other than an ISBN (a URN or URL)", localized=True),
    "series": Field(dict, "series: name (localizable) and position"),
    "cover": Field(str, "cover image path, relative to the config file", localized=True),
    "chapters": Field(list, "the chapter files in order, relative to the language's folder "
                            "(default: its SUMMARY.md, else its numbered files)", localized=True),
    "toc_depth": Field(int, "heading levels shown in the contents (1-3)"),
    "labels": Field(dict, "per-language overrides of built-in labels, e.g. [labels.fr]"),
    "print": Field(dict, "print options: trim, variant, font_size, press (true: bleed and "
                         "crop marks; a printer's name: its package, docs/press.md), paper, "
                         "caliper, price"),
    "send": Field(dict, "e-mail delivery: to, from, host, port, user (never the password)"),
    "metadata": Field(str, "a pandoc metadata YAML file, relative to this file, whose title, "
                           "author, lang, date… fill the keys not set here"),
    "issue": Field(dict, "a periodical's issue: periodical, issn, volume, number, date, theme "
                         "(periodical and theme localizable)"),
    "contributors": Field(dict, "the contributors registry's use: bios ('article': after each "
                                "article, the default; 'back': a Contributors page), running_head "
                                "('authors' or 'title': an article's verso head)"),
    "offprints": Field((bool, dict), "offprints = true builds each article as its own EPUB and "
                                     "PDF too; or a table: build, folios ('issue': the PDF keeps "
                                     "the issue's page numbers; 'own': from 1)"),
    "onix": Field(dict, "ONIX metadata for distributors (publish onix): bisac, thema (subject "
                        "codes), territory, prices per format, price_type, unpriced, status, sender"),
    "translations": Field(dict, "translations: source (the language the others are translated "
                                "from), missing (a chapter a translation lacks: 'source' or "
                                "'leave-out'); PO editions: po-dir, minimum, fuzzy"),
}
AUTHOR_KEYS = ("name", "sort", "role", "bio", "alternate_script")
TRANSLATOR_KEYS = ("name", "sort", "bio", "alternate_script")
ORIGINAL_KEYS = {"language", "isbn"}
SERIES_KEYS = {"name", "position"}
PRINT_KEYS = {"trim", "variant", "press", "font_size", "paper", "caliper", "price"}
# [translations]: ours (issue 25's parallel files), and the PO editions' (translations/).
TRANSLATION_KEYS = {"source", "missing", "po-dir", "minimum", "fuzzy"}
PO_COMPUTED = {"po-path", "files"}     # set by translations/editions.py, never by a project
MISSING = ("source", "leave-out")      # [translations] missing: the source's chapter, or none
ISSUE_KEYS = {"periodical", "issn", "volume", "number", "date", "theme"}
CONTRIBUTOR_KEYS = {"bios": ("article", "back"), "running_head": ("authors", "title")}
OFFPRINT_KEYS = {"build": (True, False), "folios": ("own", "issue")}
# [onix]: the distributor metadata `publish onix` needs beyond the book's (docs/onix.md).
ONIX_KEYS = {"bisac", "thema", "territory", "prices", "price_type", "unpriced", "status", "sender"}


@dataclass(frozen=True)
class PrintOptions:
    trim: str = "a5"
    width: str = "148mm"
    height: str = "210mm"
    variant: str = DEFAULT_VARIANT
    press: bool = False                # 3 mm bleed and crop marks (press = true)
    font_size: str = "10.5pt"
    printer: str = ""                  # a print-on-demand printer's package (printers.toml)
    paper: str = ""                    # its paper, and the paper's caliper (inches per page)
    caliper: float = 0.0
    prices: tuple[tuple[str, str], ...] = ()   # (language code, or "" for all; the price)

    def price(self, code: str) -> str:
        """The price the back cover prints for an edition ("" when none is given)."""
        found = dict(self.prices)
        return found.get(code, found.get("", ""))


@dataclass(frozen=True)
class AuthorEntry:
    """One [[authors]] table, resolved for a language (the bio still Markdown)."""

    name: str
    sort: str          # "" when not given: the renderer guesses "Surname, Given"
    role: str
    bio: str
    alternate_script: tuple[tuple[str, str], ...] = ()   # (language tag, the name in its script)


@dataclass(frozen=True)
class Edition:
    """Every per-language value of the config, resolved for one language ("" when not set)."""

    language: Language
    title: str
    subtitle: str = ""
    description: str = ""
    publisher: str = ""
    rights: str = ""
    isbn: str = ""                     # for every format, as written (hyphens and spaces kept)
    isbns: Mapping[str, str] = field(default_factory=dict)   # epub, pdf, print -> as written
    identifier: str = ""
    subjects: tuple[str, ...] = ()
    cover: str = ""                    # as written, relative to the config file
    authors: tuple[AuthorEntry, ...] = ()
    series: str = ""
    series_position: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)   # the language's, with [labels.<code>]
    folder: Path = Path()              # where its chapters are: source/<code> (an mdBook: src/)
    chapters: tuple[str, ...] = ()     # an explicit chapter list, if the config gives one
    calendar: str = "gregorian"        # of the printed date (languages.cldr.CALENDARS)
    translators: tuple[AuthorEntry, ...] = ()   # role "trl": translators.<code>
    original: str = ""                 # the language it is translated from ("" for the original)
    original_isbns: Mapping[str, str] = field(default_factory=dict)   # the original's, by format

    @property
    def code(self) -> str:
        return self.language.code


@dataclass(frozen=True)
class Config:
    """The validated config: typed values, resolved per language, and where they came from."""

    path: Path
    root: Path                         # the project folder (the config's folder's parent)
    source_dir: Path
    slug: str
    date: _dt.date                     # a datetime when the file gives a time
    editions: tuple[Edition, ...]      # one per language, in build order
    toc_depth: int = 2
    print: PrintOptions = field(default_factory=PrintOptions)
    send: Mapping[str, Any] = field(default_factory=dict)   # the [send] table, type-checked
    fetch_remote: bool = False         # --fetch-remote: download remote images (off: alt text)
    text: str = field(default="", repr=False, compare=False)   # the file's text, for line numbers
    inputs: tuple[Path, ...] = ()      # what the book is made from, when not all of source_dir
    translations: Mapping[str, Any] = field(default_factory=dict)   # [translations], checked
    issue: Mapping[str, Any] = field(default_factory=dict)     # [issue], checked (issue 26)
    contributors: Mapping[str, Any] = field(default_factory=dict)   # [contributors], checked
    offprints: Mapping[str, Any] = field(default_factory=dict)      # build, folios, checked
    onix: Mapping[str, Any] = field(default_factory=dict)           # [onix], checked (issue 27)

    @property
    def source_language(self) -> str:
        """The language the book's other editions are translated from."""
        return str(self.translations.get("source") or self.editions[0].code)

    @property
    def missing(self) -> str:
        """What a translation lacking a chapter gets: "source" (its source's, marked with the
        source's language) or "leave-out"."""
        return str(self.translations.get("missing") or "source")

    @property
    def missing_said(self) -> bool:
        """Whether the project sets `missing` (per-language folders follow it only then)."""
        return "missing" in self.translations

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(e.code for e in self.editions)

    def edition(self, code: str) -> Edition:
        for edition in self.editions:
            if edition.code == code:
                return edition
        raise ConfigError(f"language '{code}' is not in this book (it has: "
                          f"{', '.join(self.languages)})", path=self.path, key="languages")

    def line_of(self, key: str) -> int | None:
        return tomlfile.line_of(self.text, _bare(key))


@dataclass(frozen=True)
class Overrides:
    """What the command line sets on top of the file (validated with it, once)."""

    variant: str | None = None
    press: bool | str = False          # --press, or --press NAME (a printer)
    fetch_remote: bool = False


def length_mm(length: str) -> float:
    """A CSS length as [print] writes them (148mm, 8.5in, 10.5pt), in millimetres."""
    m = re.fullmatch(r"([\d.]+)(mm|cm|in|pt)", length)
    return float(m.group(1)) * MM_PER[m.group(2)]


def find_config(source: Path) -> Path:
    """`source` may be a project folder (with source/book.toml), a source folder or the file."""
    for candidate in (source, source / CONFIG_NAME, source / "source" / CONFIG_NAME):
        if candidate.is_file():
            return candidate
    raise ConfigError(f"no {CONFIG_NAME} found (looked in {source} and {source / 'source'})",
                      path=source)


def load(source: Path | str, *, strict: bool = False, overrides: Overrides = Overrides()) -> Config:
    """Reads and validates the config; warns on unknown keys (errors when `strict`)."""
    source = Path(source).resolve()
    site = mkdocs.find(source)
    if site is not None:                        # an MkDocs site: its own mkdocs.yml
        raw, text, folder, inputs = mkdocs.translate(site)
        config = validate(raw, site, strict=strict, overrides=overrides, text=text, folder=folder)
        return dataclasses.replace(config, inputs=inputs)
    if source.name == "book.json" and source.is_file():        # a GitBook's config, named
        source = source.parent
    if source.name == "index.html" and (found := _docsify(source, strict, overrides)):
        return found                                            # a docsify site's page, named
    try:
        path = find_config(source)
    except ConfigError:
        if (found := _static_site(source, strict, overrides)) is not None:
            return found
        if is_gitbook(source):
            raw, path, folder = gitbook(source)
            return validate(raw, path, strict=strict, overrides=overrides, text="", folder=folder)
        if (metadata := pandocmeta.find(source)) is not None:
            raw, folder = pandocmeta.translate(metadata)
            return validate(raw, metadata, strict=strict, overrides=overrides, text="",
                            folder=folder)
        if (found := _docsify(source, strict, overrides)) is not None:
            return found
        if not is_readme_set(source):
            raise
        raw, path = readme_set(source)
        return validate(raw, path, strict=strict, overrides=overrides, text="")
    raw, text = tomlfile.read(path, ConfigError)
    folder = None
    if is_mdbook(raw):
        raw, folder = translate(raw, path, text)
    elif pandocmeta.NAMED in raw:
        raw = pandocmeta.merge(raw, path)
    if folder is None and isinstance(raw.get("translations"), dict):
        from publish.translations.editions import own_project

        raw, folder = own_project(raw, path)            # PO editions of a source/<lang>/ book
    return validate(raw, path, strict=strict, overrides=overrides, text=text, folder=folder)


def _static_site(source: Path, strict: bool, overrides: Overrides) -> Config | None:
    """A Hugo site's section or a Jekyll site's posts, read as a book (publish/hugo.py,
    publish/jekyll.py); None when `source` is in neither. The site root is the project."""
    from publish import hugo, jekyll

    for convention in (hugo, jekyll):
        site = convention.find(source)
        if site is not None:
            raw, path, folder = convention.translate(site)
            config = validate(raw, path, strict=strict, overrides=overrides, text="",
                              folder=folder)
            return dataclasses.replace(config, root=site.root, source_dir=site.root,
                                       inputs=site.inputs())
    return None


def _docsify(source: Path, strict: bool, overrides: Overrides) -> Config | None:
    """A docsify site in `source` or its `docs/` (publish/docsify.py): it wins over the
    bare README set, since its sidebar says what the README's links only suggest."""
    from publish import docsify

    site = docsify.find(source)
    if site is None:
        return None
    raw, path, folder = docsify.translate(site)
    config = validate(raw, path, strict=strict, overrides=overrides, text="", folder=folder)
    return dataclasses.replace(config, root=site.root, source_dir=site.folder)


def project_root(path: Path) -> Path:
    """The project folder of a config file: the parent of `source/`, else the file's folder."""
    return path.parent.parent if path.parent.name == "source" else path.parent


def validate(raw: dict[str, Any], path: Path, *, strict: bool = False,
             overrides: Overrides = Overrides(), text: str | None = None,
             folder: Path | Mapping[str, Path] | None = None) -> Config:
    """Checks every key against SCHEMA and returns the typed Config (`folder`: where an
    mdBook's one language keeps its chapters, or a GitBook's each language)."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
    v = _Validator(path, text, strict, project_root(path), folder)
    v.check_schema(raw)
    v.check_tables(raw)
    languages = v.languages(raw)
    translations = v.translations(raw.get("translations", {}), languages)
    isbns.check_all(raw.get("isbn"), v.fail, v.language)
    original = v.original(raw.get("original"), languages, raw.get("isbn"),
                          translations.get("source", ""))
    editions = tuple(v.edition(raw, code, original) for code in languages)
    _shared_isbns(editions, v)
    return Config(path=path, root=v.root, source_dir=path.parent, slug=raw["slug"],
                  date=raw["date"], editions=editions, toc_depth=v.toc_depth(raw),
                  print=v.print_options(raw.get("print", {}), overrides),
                  send=v.send(raw.get("send", {})),
                  fetch_remote=overrides.fetch_remote, text=text, translations=translations,
                  issue=v.issue(raw.get("issue", {})),
                  contributors=v.choices("contributors", raw.get("contributors", {}),
                                         CONTRIBUTOR_KEYS),
                  offprints=v.choices("offprints", _offprints(raw.get("offprints", {})),
                                      OFFPRINT_KEYS),
                  onix=v.onix(raw.get("onix", {})))


def _offprints(value: bool | dict) -> dict:
    """`offprints = true` is the table {build = true}."""
    return {"build": value} if isinstance(value, bool) else value


def _bare(key: str) -> str:
    """The last name of a dotted key, without an index: authors[0].name -> name."""
    return key.split(".")[-1].split("[")[0]


class _Validator:
    """The checks of one config file; every error names the file, the line and the key."""

    def __init__(self, path: Path, text: str, strict: bool, root: Path,
                 folder: Path | Mapping[str, Path] | None = None) -> None:
        self.path, self.text, self.strict, self.root = path, text, strict, root
        self.folder = folder
        self.codes = set(available(root))
        self.found: dict[str, Language] = {}    # each language looked up once a config

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(message, path=self.path, line=self.line(key), key=key)

    def line(self, key: str) -> int | None:
        """The line that sets `key`: `print.trim` inside [print], `authors[0].name` inside
        [[authors]], `labels.fr` as the table [labels.fr]."""
        key = re.sub(r"\[\d+\]", "", key)
        if "." not in key:
            return tomlfile.line_of(self.text, key)
        table, last = key.rsplit(".", 1)
        return tomlfile.line_of(self.text, last, table=table) or \
            tomlfile.line_of(self.text, table.split(".")[-1])

    def unknown(self, key: str, message: str) -> None:
        """An unknown key: a warning, or the error that stops with --strict."""
        if self.strict:
            raise self.fail(key, message)
        log.warning("%s", self.fail(key, message))

    def language(self, code: str, key: str) -> Language:
        if code not in self.found:
            self.found[code] = get_language(code, self.root, path=self.path, key=key,
                                            line=self.line(key))
        return self.found[code]

    def check_schema(self, raw: dict[str, Any]) -> None:
        for key in raw:
            if key not in SCHEMA:
                self.unknown(key, f"unknown key '{key}' (known: {', '.join(SCHEMA)})")
        for key, spec in SCHEMA.items():
            if key not in raw:
                if spec.required:
                    raise self.fail(key, f"missing required key '{key}' ({spec.doc})")
                continue
            self.check_type(raw[key], spec, key)
        if not SLUG_RE.fullmatch(raw["slug"]):
            raise self.fail("slug", f"expected lower-case letters, digits and hyphens, "
                                    f"got '{raw['slug']}'")

    def check_type(self, value: Any, spec: Field, key: str) -> None:
        per_language = spec.localized and isinstance(value, dict) and spec.kind is not dict
        if per_language:
            for code in value:
                if code != "default":
                    self.language(code, key)
        for item in (value.values() if per_language else [value]):
            if spec.kind is _dt.date and isinstance(item, _dt.datetime):
                continue
            if (isinstance(item, bool) and spec.kind is int) or not isinstance(item, spec.kind):
                raise self.fail(key, f"expected {_type_name(spec.kind)}, "
                                     f"got {_type_name(type(item))} {item!r}")

    def languages(self, raw: dict[str, Any]) -> tuple[str, ...]:
        source_dir = self.path.parent
        codes = tuple(raw.get("languages") or sorted(
            p.name for p in source_dir.iterdir() if p.is_dir() and self.is_language(p.name)))
        table = raw.get("translations")
        source = table.get("source") if isinstance(table, dict) else None
        self.source_code = source if isinstance(source, str) and source else \
            (codes[0] if codes else "")
        self.listed_codes = codes
        if not codes:
            raise self.fail("languages", "no language to build: add 'languages' or a "
                                         "source/<lang>/ folder")
        self.codes |= set(codes)        # a language CLDR knows is a table key as a shipped one is
        return codes

    def is_language(self, name: str) -> bool:
        """A folder named for a language with a data file, or for a region or script of one
        (pt-BR, de-AT, sr-Latn): an edition when book.toml lists none."""
        return name in self.codes or (CODE_RE.fullmatch(name) is not None and "-" in name
                                      and name.split("-")[0] in self.codes)

    def localize(self, value: Any, code: str, key: str, *, required: bool = True) -> Any:
        """A plain value, or the entry for `code` in a {code: value} table."""
        if not (isinstance(value, dict) and set(value) <= self.codes | {"default"}):
            return value
        if code in value:
            return value[code]
        if "default" in value:
            return value["default"]
        if not required:
            return None             # an optional key given for some languages only
        raise self.fail(key, f"no value for language '{code}'")

    def edition(self, raw: dict[str, Any], code: str,
                original: tuple[str, dict[str, str]] = ("", {})) -> Edition:
        language = self.language(code, "languages")
        values: dict[str, Any] = {}
        for key, spec in SCHEMA.items():
            if not spec.localized or key not in raw:
                continue
            value = self.localize(raw[key], code, key, required=spec.required)
            if spec.required and not str(value).strip():
                raise self.fail(key, f"'{key}' is empty for language '{code}'")
            if value is not None:
                values[key] = value
        series = self.series(raw.get("series"), code)
        return Edition(
            language=language, title=values["title"], subtitle=values.get("subtitle", ""),
            description=values.get("description", ""), publisher=values.get("publisher", ""),
            rights=values.get("rights", ""),
            isbn=isbns.every_format(raw.get("isbn"), code),
            isbns=isbns.for_edition(raw.get("isbn"), code),
            identifier=values.get("identifier", ""), subjects=tuple(values.get("subjects", ())),
            cover=values.get("cover", ""), authors=self.authors(raw["authors"], code),
            series=series[0], series_position=series[1],
            labels=self.labels(raw.get("labels", {}), language),
            folder=self.chapter_folder(code, bool(values.get("chapters"))),
            chapters=self.chapter_list(values.get("chapters", ()), code),
            calendar=self.calendar(values.get("calendar", "gregorian")),
            translators=self.people(values.get("translators", []), code, "translators"),
            original=original[0] if original[0] != code else "",
            original_isbns=original[1] if original[0] != code else {})

    def calendar(self, name: str) -> str:
        """The calendar of an edition's printed date: one ICU converts to (cldr.CALENDARS)."""
        from publish.languages.cldr import CALENDARS

        if name not in CALENDARS:
            raise self.fail("calendar",
                            f"unknown calendar '{name}' (known: {', '.join(CALENDARS)})")
        return name

    def chapter_folder(self, code: str, listed: bool) -> Path:
        """source/<code>; an mdBook's src/ (a GitBook's folder per language); for a chapter list without such a folder (a README
        set), the config's own folder; without one, the folder its suffix files are in
        (`a.fr.md` beside `a.md`: source/, or the source language's folder)."""
        if isinstance(self.folder, Mapping):
            return self.folder[code]
        if self.folder is not None:
            return self.folder
        own = self.path.parent / code
        if own.is_dir():
            return own
        return self.path.parent if listed else (self.suffix_folder(code) or own)

    def suffix_folder(self, code: str) -> Path | None:
        """The folder holding the book's suffix files when `code` is one of their languages
        (or their source's): the source language's folder, else the config's own."""
        from publish import suffixes

        source = self.source_code
        shared = self.path.parent / source
        folder = shared if source != code and shared.is_dir() else self.path.parent
        others = [c for c in self.listed_codes if c != source]
        found = suffixes.found_codes(folder, [code] if code != source else others)
        return folder if found else None

    def translations(self, table: dict, languages: tuple[str, ...]) -> dict[str, Any]:
        """[translations]: `source` one of the book's languages, `missing` one of MISSING."""
        for key in table:
            if key not in TRANSLATION_KEYS | PO_COMPUTED:
                self.unknown(f"translations.{key}", f"unknown key '{key}' in translations "
                                                    f"(known: {', '.join(sorted(TRANSLATION_KEYS))})")
        source = table.get("source", "")
        if source and source not in languages:
            raise self.fail("translations.source", f"expected one of the book's languages "
                                                   f"({', '.join(languages)}), got {source!r}")
        missing = table.get("missing", "source")
        if missing not in MISSING:
            raise self.fail("translations.missing", f"expected one of {', '.join(MISSING)}, "
                                                    f"got {missing!r}")
        return dict(table)

    def chapter_list(self, names, code: str) -> tuple[str, ...]:
        if not all(isinstance(n, str) and n.strip() for n in names):
            raise self.fail("chapters", f"expected a list of file names for '{code}', got {names!r}")
        return tuple(names)

    def authors(self, authors: list, code: str) -> tuple[AuthorEntry, ...]:
        if not authors:
            raise self.fail("authors", "at least one author is needed")
        entries = []
        for i, author in enumerate(authors):
            where = f"authors[{i}]"
            if not isinstance(author, dict):
                raise self.fail("authors", f"{where}: expected a table with name, sort, role, bio")
            if not author.get("name"):
                raise self.fail("authors", f"{where}: missing required key 'name'")
            role = author.get("role", "aut")
            if role not in ROLES:
                raise self.fail("role", f"{where}.role: expected one of {', '.join(ROLES)}, "
                                        f"got '{role}'")
            entries.append(self.person(author, code, where, role))
        return tuple(entries)

    def person(self, table: dict, code: str, where: str, role: str) -> AuthorEntry:
        """One author's or translator's table: name, sort and bio (each may vary by language)
        and alternate_script, a table of the name in other scripts by language tag."""
        name, sort, bio = (self.localize(table.get(k, ""), code, f"{where}.{k}")
                           for k in ("name", "sort", "bio"))
        other = table.get("alternate_script", {})
        if not isinstance(other, dict) or not all(isinstance(v, str) and v.strip() and
                                                  CODE_RE.fullmatch(k) for k, v in other.items()):
            raise self.fail(f"{where}.alternate_script",
                            f"expected a table of names by language tag "
                            f"({{ ja = \"村上 春樹\" }}), got {other!r}")
        return AuthorEntry(name=str(name), sort=str(sort or ""), role=role, bio=str(bio or ""),
                           alternate_script=tuple(sorted(other.items())))

    def people(self, entries: Any, code: str, key: str) -> tuple[AuthorEntry, ...]:
        """An edition's translators: names, or tables as [[authors]] has (no role: trl)."""
        if not isinstance(entries, list):
            raise self.fail(key, f"expected a list of names for '{code}', got {entries!r}")
        people = []
        for i, entry in enumerate(entries):
            where = f"{key}.{code}[{i}]"
            if isinstance(entry, str) and entry.strip():
                entry = {"name": entry}
            if not (isinstance(entry, dict) and isinstance(entry.get("name"), str)
                    and entry["name"].strip()):
                raise self.fail(where, f"expected a name, or a table with a name, got {entry!r}")
            people.append(self.person(entry, code, where, "trl"))
        return tuple(people)

    def original(self, value: Any, languages: tuple[str, ...], book_isbns: Any,
                 source: str = "") -> tuple[str, dict[str, str]]:
        """The original's language and its ISBNs by format: `original = "ru"`, or a table
        with language and isbn (the original edition's, when this book does not build it).
        Without the key, a book of several editions is translated from `[translations]
        source`, by default its first language."""
        if value is None:
            if len(languages) < 2:
                return "", {}
            code = source or languages[0]
            return code, isbns.for_edition(book_isbns, code)
        table = {"language": value} if isinstance(value, str) else value
        for key in table:
            if key not in ORIGINAL_KEYS:
                self.unknown(f"original.{key}", f"unknown key '{key}' in original "
                                                f"(known: {', '.join(sorted(ORIGINAL_KEYS))})")
        code = table.get("language")
        if not isinstance(code, str):
            raise self.fail("original", f"expected a language code, got {code!r}")
        self.language(code, "original")
        if source and code != source:
            raise self.fail("original", f"'{code}' is not [translations] source '{source}': "
                                        f"give the original's language once")
        given = table.get("isbn")
        if given is None:
            return code, isbns.for_edition(book_isbns, code)
        isbns.check_all(given, self.fail, self.language, key="original.isbn")
        return code, isbns.for_edition(given, code)

    def series(self, table: dict | None, code: str) -> tuple[str, str]:
        if table is None:
            return "", ""
        if "name" not in table:
            raise self.fail("series", "series needs a 'name'")
        name = self.localize(table["name"], code, "series.name")
        return str(name), str(table.get("position", ""))

    def labels(self, table: dict[str, Any], language: Language) -> dict[str, str]:
        """The language's labels with the project's [labels.<code>] on top."""
        return {**language.labels, **table.get(language.code, {})}

    def check_tables(self, raw: dict[str, Any]) -> None:
        """Unknown keys inside [[authors]], [series] and [labels.<code>]: one warning each."""
        for i, author in enumerate(raw.get("authors", [])):
            for key in (author if isinstance(author, dict) else ()):
                if key not in AUTHOR_KEYS:
                    self.unknown(f"authors[{i}].{key}", f"unknown key '{key}' in authors[{i}] "
                                                        f"(known: {', '.join(sorted(AUTHOR_KEYS))})")
        translators = raw.get("translators", [])
        lists = translators.items() if isinstance(translators, dict) else [("", translators)]
        for code, entries in lists:
            for i, entry in enumerate(entries if isinstance(entries, list) else ()):
                where = f"translators.{code}[{i}]" if code else f"translators[{i}]"
                keys = set(entry) if isinstance(entry, dict) else set()
                for key in sorted(keys - set(TRANSLATOR_KEYS)):
                    self.unknown(f"{where}.{key}", f"unknown key '{key}' in {where} "
                                        f"(known: {', '.join(TRANSLATOR_KEYS)})")
        for key in raw.get("series", {}):
            if key not in SERIES_KEYS:
                self.unknown(f"series.{key}", f"unknown key '{key}' in series "
                                              f"(known: {', '.join(sorted(SERIES_KEYS))})")
        for code, labels in raw.get("labels", {}).items():
            if not isinstance(labels, dict):
                raise self.fail(f"labels.{code}", f"expected a table of labels ([labels.{code}]), "
                                                  f"got {labels!r}")
            known = {**self.language(code, f"labels.{code}").labels,
                     **dict.fromkeys(TRANSLATION_LABELS + ARTICLE_LABELS, "")}
            for name, value in labels.items():
                if name not in known:
                    self.unknown(f"labels.{code}", f"unknown label '{name}'")
                elif not isinstance(value, str):
                    raise self.fail(f"labels.{code}", f"label '{name}': expected a string, "
                                                      f"got {value!r}")

    def toc_depth(self, raw: dict[str, Any]) -> int:
        depth = raw.get("toc_depth", 2)
        if not 1 <= depth <= 3:
            raise self.fail("toc_depth", f"expected 1, 2 or 3, got {depth}")
        return depth

    def print_options(self, table: dict, overrides: Overrides) -> PrintOptions:
        for key in table:
            if key not in PRINT_KEYS:
                self.unknown(f"print.{key}", f"unknown key '{key}' in print "
                                             f"(known: {', '.join(sorted(PRINT_KEYS))})")
        trim = str(table.get("trim", "a5")).lower()
        if trim in TRIM_SIZES:
            width, height = TRIM_SIZES[trim]
        else:
            m = re.fullmatch(r"(\d+(?:\.\d+)?(?:mm|cm|in|pt))\s*[x×]\s*(\d+(?:\.\d+)?(?:mm|cm|in|pt))",
                             trim)
            if not m:
                raise self.fail("trim", f"expected one of {', '.join(TRIM_SIZES)} or WIDTHxHEIGHT "
                                        f"with units (e.g. 130mmx200mm), got '{trim}'")
            width, height = m.groups()
        variant = str(overrides.variant or table.get("variant", DEFAULT_VARIANT)).lower()
        if variant != DEFAULT_VARIANT:
            self.check_variant(variant, from_file=overrides.variant is None)
        press = overrides.press or table.get("press", False)
        if not isinstance(press, (bool, str)):
            raise self.fail("press", f"expected true, false or a printer's name, got {press!r}")
        font_size = str(table.get("font_size", "10.5pt"))
        if not re.fullmatch(r"\d+(\.\d+)?pt", font_size):
            raise self.fail("font_size", f"expected a size in pt such as 10.5pt, got '{font_size}'")
        options = PrintOptions(trim=trim, width=width, height=height, variant=variant,
                               press=press is True, font_size=font_size)
        if isinstance(press, str):
            options = self.printer(options, table, press, from_file=not overrides.press,
                                   variant=overrides.variant)
        return options

    def printer(self, options: PrintOptions, table: dict, name: str, *, from_file: bool,
                variant: str | None) -> PrintOptions:
        """The options of a printer's package: its variant (unless --variant says another),
        and the trim and paper checked against what it offers."""
        from publish import printers

        known = printers.known()
        found = known.get(name.lower())
        if found is None:
            message = (f"expected true, false or a printer's name ({', '.join(known)}), "
                       f"got '{name}'")
            raise self.fail("press", message) if from_file else \
                ConfigError(message, key="--press")
        width, height = (length_mm(x) / 25.4 for x in (options.width, options.height))
        if not found.offers(width, height):
            raise self.fail("trim", f"{found.name} does not offer the trim size "
                            f"'{options.trim}' ({width:.2f}x{height:.2f}in); it offers "
                            f"{found.trims_text()}")
        paper = str(table.get("paper", found.paper)).lower()
        if paper not in found.papers:
            raise self.fail("paper", f"{found.name} does not offer the paper '{paper}' "
                                           f"(it offers: {', '.join(found.papers)})")
        caliper = table.get("caliper", found.papers[paper])
        if isinstance(caliper, bool) or not isinstance(caliper, (int, float)) \
                or not 0.001 <= caliper <= 0.01:
            raise self.fail("caliper", f"expected the paper's thickness in inches per "
                                             f"page, 0.001 to 0.01 (e.g. 0.0025), got {caliper!r}")
        return dataclasses.replace(options, printer=found.key, paper=paper,
                                   caliper=float(caliper), variant=variant or found.variant,
                                   prices=self.prices(table.get("price")))

    def prices(self, value: Any) -> tuple[tuple[str, str], ...]:
        """[print] price: one for every edition ("$14.99"), or a table by language."""
        if value is None:
            return ()
        if isinstance(value, str):
            return (("", value),)
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            for code in value:
                self.language(code, f"price.{code}")
            return tuple(sorted(value.items()))
        raise self.fail("price", f"expected a price as text (\"$14.99\") or a table of "
                                       f"them by language, got {value!r}")

    def check_variant(self, variant: str, *, from_file: bool) -> None:
        """One of WeasyPrint's own PDF variants, or none (read only when one is asked for:
        WeasyPrint takes over a second to import)."""
        from publish.writers.pdf.variants import variants

        known = variants()
        if variant not in known:
            message = f"expected one of {', '.join(known)}, got '{variant}'"
            if from_file:
                raise self.fail("variant", message)
            raise ConfigError(message, key="--variant")

    def issue(self, table: dict) -> Mapping[str, Any]:
        """[issue], its keys known and its values strings (the date a date); periodical and
        theme may be tables per language."""
        kept: dict[str, Any] = {}
        for key, value in table.items():
            if key not in ISSUE_KEYS:
                self.unknown(f"issue.{key}", f"unknown key '{key}' in issue "
                                             f"(known: {', '.join(sorted(ISSUE_KEYS))})")
            elif key == "date" and not isinstance(value, _dt.date):
                raise self.fail("issue.date", f"expected a date (YYYY-MM-DD), got {value!r}")
            elif key in ("periodical", "theme") and isinstance(value, dict):
                kept[key] = {str(k): str(v) for k, v in value.items()}
            elif not isinstance(value, (str, int, _dt.date)) or isinstance(value, bool):
                raise self.fail(f"issue.{key}", f"expected a string or number, got {value!r}")
            else:
                kept[key] = value if key == "date" else str(value)
        return kept

    def onix(self, table: dict) -> Mapping[str, Any]:
        """[onix]: subject codes as lists of strings, prices as a table of format -> list of
        "AMOUNT CURRENCY" strings, the rest strings (the codes are ONIX's, checked by onix.py)."""
        kept: dict[str, Any] = {}
        for key, value in table.items():
            where = f"onix.{key}"
            if key not in ONIX_KEYS:
                self.unknown(where, f"unknown key '{key}' in onix "
                                    f"(known: {', '.join(sorted(ONIX_KEYS))})")
            elif key in ("bisac", "thema"):
                if not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
                    raise self.fail(where, f"expected a list of subject codes, got {value!r}")
                kept[key] = tuple(value)
            elif key == "prices":
                kept[key] = self.onix_prices(value)
            elif not isinstance(value, str) or not value.strip():
                raise self.fail(where, f"expected a string, got {value!r}")
            else:
                kept[key] = value.strip()
        return kept

    def onix_prices(self, table: Any) -> Mapping[str, tuple[tuple[str, str], ...]]:
        """[onix.prices] epub = ["4.99 USD", …], print = […]: (amount, currency) per format."""
        if not isinstance(table, dict):
            raise self.fail("onix.prices", f"expected a table of formats, got {table!r}")
        prices = {}
        for fmt, values in table.items():
            where = f"onix.prices.{fmt}"
            if fmt not in ("epub", "print"):
                raise self.fail(where, f"unknown format '{fmt}' (known: epub, print)")
            values = [values] if isinstance(values, str) else values
            found = [re.fullmatch(r"(\d+(?:\.\d{1,2})?)\s+([A-Z]{3})", v.strip())
                     if isinstance(v, str) else None for v in (values or [None])]
            if not isinstance(values, list) or not all(found):
                raise self.fail(where, f"expected prices such as \"4.99 USD\", got {values!r}")
            prices[fmt] = tuple(m.groups() for m in found)
        return prices

    def choices(self, name: str, table: Any, keys: Mapping[str, tuple]) -> Mapping[str, Any]:
        """A small table whose every key takes one of a few values."""
        if not isinstance(table, dict):
            raise self.fail(name, f"expected a table, got {table!r}")
        kept = {}
        for key, value in table.items():
            if key not in keys:
                self.unknown(f"{name}.{key}", f"unknown key '{key}' in {name} "
                                              f"(known: {', '.join(sorted(keys))})")
            elif value not in keys[key] or type(value) is not type(keys[key][0]):
                raise self.fail(f"{name}.{key}", f"expected one of "
                                f"{', '.join(repr(k) for k in keys[key])}, got {value!r}")
            else:
                kept[key] = value
        return kept

    def send(self, table: dict) -> Mapping[str, Any]:
        from publish.send.settings import check_table

        return check_table(table, self.path, self.strict)


def _shared_isbns(editions: tuple[Edition, ...], v: _Validator) -> None:
    """One warning for each ISBN two editions share (each should have its own)."""
    seen: dict[str, str] = {}
    for edition in editions:
        for value in dict.fromkeys(isbns.digits(x) for x in edition.isbns.values()):
            first = seen.setdefault(value, edition.code)
            if first != edition.code and first != "":
                seen[value] = ""                  # said once
                message = (f"the editions '{first}' and '{edition.code}' share the ISBN "
                           f"{value}: each edition, and each format, needs its own")
                if v.strict:
                    raise v.fail("isbn", message)
                policy.mend("isbn-shared", message, path=v.path, line=v.line("isbn"), key="isbn")


def _type_name(kind) -> str:
    return {str: "a string", int: "a whole number", list: "a list", dict: "a table",
            _dt.date: "a date (YYYY-MM-DD)", bool: "true or false", float: "a number",
            _dt.datetime: "a date-time"}.get(kind, getattr(kind, "__name__", str(kind)))
