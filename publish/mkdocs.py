"""An MkDocs site's own mkdocs.yml, read as our config: an MkDocs project builds as it is.

The title, author, description and rights come from `site_name`, `site_author`,
`site_description` and `copyright`; the chapters from `docs_dir` (default `docs`), in the
order of `nav` or, without one, in MkDocs' own order (sources/mkdocs_nav.py reads them).
The language is `theme.language` (or `theme.locale`), else the `extra.alternate` entry
for the site's root; a site made multilingual by mkdocs-static-i18n gives one edition per
language it builds, in its `suffix` (`page.fr.md`) or `folder` (`docs/fr/`) structure.
Our own options (any book.toml key: `slug`, `date`, `isbn`, `print`…) may sit under
`extra: publish:`. What the site does not say gets a reproducible default, each with one
warning naming the key that sets it, as for an mdBook.

The YAML is read without running anything: `!!python/name:…` and other tags a plain
YAML reader does not know are read as their plain values, and `!ENV [NAME, default]`
as its default (never the environment: the same sources give the same book).
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from publish import policy
from publish.languages import CODE_RE
from publish.defaults import book_date, first_author, slugify, text_language

NAMES = ("mkdocs.yml", "mkdocs.yaml")
OWN = "extra.publish"                 # where a site keeps publish's own options
DEFAULT_LANGUAGE = "en"               # MkDocs' own default (theme.language / theme.locale)
STRUCTURES = ("suffix", "folder")     # mkdocs-static-i18n's docs_structure values
# A locale as mkdocs-static-i18n takes it from a file's suffix or a folder's name.
LOCALE = re.compile(r"^[a-z]{2}(?:[-_][A-Za-z]{4})?(?:[-_][A-Z]{2})?$")
CONFIG_BOOK_TOML = ("book.toml", "source/book.toml")


@lru_cache(maxsize=1)
def _loader() -> type:
    """A safe YAML reader that reads tags it does not know as plain values (PyYAML is
    imported only when an MkDocs site is read: a book.toml project never pays for it)."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):     # type: ignore[misc]
        pass

    def plain_value(loader, tag: str, node) -> Any:
        """A tagged value as written; `!!python/name:a.b` (no value) as the name `a.b`."""
        if isinstance(node, yaml.ScalarNode):
            named = re.search(r"python/(?:name|module):(.+)$", tag)
            return loader.construct_scalar(node) or (named.group(1) if named else "")
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node, deep=True)
        return loader.construct_mapping(node, deep=True)

    def env(loader, node) -> Any:
        """`!ENV NAME` is None; `!ENV [NAME, …, default]` its default (the last item)."""
        if isinstance(node, yaml.SequenceNode):
            items = loader.construct_sequence(node, deep=True)
            return items[-1] if len(items) > 1 else None
        return None

    Loader.add_constructor("!ENV", env)
    Loader.add_multi_constructor("", plain_value)
    return Loader


@dataclass(frozen=True)
class SiteLanguage:
    """One language of the site: its edition's code and how the site writes it."""

    code: str                  # the edition's language code (pt-BR, zh-Hant)
    locale: str                # as the site writes it: file suffixes, folder names (pt_BR)
    default: bool = False
    nav: Any = None            # its own nav (mkdocs-static-i18n's per-language `nav`)
    translations: dict = field(default_factory=dict)    # nav title -> its translation
    values: dict = field(default_factory=dict)          # its own site_name, site_author…
    line: int | None = None    # where mkdocs.yml names it
    said: bool = True          # False: the site does not say, MkDocs' default is used


@dataclass(frozen=True)
class Site:
    """An MkDocs project, as its mkdocs.yml describes it."""

    path: Path
    text: str
    raw: dict
    docs: Path                       # docs_dir
    languages: tuple[SiteLanguage, ...]  # the default first
    structure: str = ""              # "", or mkdocs-static-i18n's "suffix" or "folder"
    locales: frozenset[str] = frozenset()   # every locale the i18n plugin names
    fallback: bool = True            # a page missing in a language: the default's stands in
    inherited: tuple[Path, ...] = ()        # INHERIT'ed config files

    def language(self, code: str) -> SiteLanguage:
        return next(lang for lang in self.languages if lang.code == code)

    @property
    def nav(self) -> Any:
        return self.raw.get("nav")


def find(source: Path) -> Path | None:
    """The mkdocs.yml `source` names, or holds when it has no book.toml (which wins)."""
    if source.is_file():
        return source if source.suffix in (".yml", ".yaml") else None
    if any((source / name).is_file() for name in CONFIG_BOOK_TOML):
        return None
    return next((source / name for name in NAMES if (source / name).is_file()), None)


def is_site(path: Path) -> bool:
    """Whether a config file is an MkDocs site's: mkdocs.yml, or another YAML file given as
    --source that has a `site_name` (a pandoc project's metadata.yaml has none)."""
    if path.name in NAMES:
        return True
    if path.suffix not in (".yml", ".yaml"):
        return False
    from publish.errors import PublishError

    try:
        return "site_name" in load_site(path).raw
    except PublishError:
        return False


def load_site(path: Path) -> Site:
    """The site at `path` (read once per version of the file)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise policy.refuse("config-unreadable", f"cannot read: {exc.strerror or exc}",
                            path=path) from None
    return _load_site(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_site(path: Path, mtime: int, size: int) -> Site:
    raw, text, inherited = _read_config(path, ())
    docs = path.parent / str(raw.get("docs_dir") or "docs")
    i18n = plugin(raw, "i18n")
    languages, locales = _i18n_languages(i18n, text) if i18n is not None else ((), set())
    if not languages:
        return Site(path, text, raw, docs, (_single_language(raw, docs),), inherited=inherited)
    structure = i18n.get("docs_structure") if i18n.get("docs_structure") in STRUCTURES \
        else "suffix"
    return Site(path, text, raw, docs, languages, structure, frozenset(locales),
                fallback=i18n.get("fallback_to_default", True) is not False,
                inherited=inherited)


def _read_config(path: Path, seen: tuple[Path, ...]) -> tuple[dict, str, tuple[Path, ...]]:
    """The mapping in the YAML file at `path`, merged onto the one it INHERITs; its text."""
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise policy.refuse("config-unreadable", f"not UTF-8 text (byte {exc.start})",
                            path=path) from None
    except OSError as exc:
        raise policy.refuse("config-unreadable", f"cannot read: {exc.strerror or exc}",
                            path=path) from None
    import yaml

    try:
        raw = yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise policy.refuse("config-unreadable", f"invalid YAML: {problem}", path=path,
                            line=mark.line + 1 if mark else None) from None
    if not isinstance(raw, dict):
        raise policy.refuse("config-unreadable", "expected a mapping of MkDocs settings "
                            "(site_name: …, nav: …)", path=path, line=1)
    parent = raw.pop("INHERIT", None)
    if not isinstance(parent, str):
        return raw, text, ()
    return _inherit(raw, text, path, parent, seen)


def _inherit(raw: dict, text: str, path: Path, parent: str,
             seen: tuple[Path, ...]) -> tuple[dict, str, tuple[Path, ...]]:
    """`raw` on top of the config it INHERITs (MkDocs merges mappings deeply)."""
    from publish.paths import resolve_inside

    base = resolve_inside(path.parent / parent, (project_root(path),),
                          what="inherited config", origin=path, line=line_of(text, "INHERIT"))
    if base in seen or base == path.resolve() or not base.is_file():
        raise policy.refuse("config-unreadable", f"INHERIT: '{parent}' is missing or inherits "
                            "itself", path=path, line=line_of(text, "INHERIT"))
    below, _, chain = _read_config(base, seen + (path.resolve(),))
    return _merge(below, raw), text, (base, *chain)


def _merge(below: dict, above: dict) -> dict:
    merged = dict(below)
    for key, value in above.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and \
            isinstance(merged.get(key), dict) else value
    return merged


def project_root(path: Path) -> Path:
    return path.resolve().parent


def line_of(text: str, key: str) -> int | None:
    """The first line that sets `key` (at any depth) in YAML text."""
    pattern = re.compile(rf"^\s*(?:-\s+)?['\"]?{re.escape(key)}['\"]?\s*:")
    return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)


def language_code(locale: str) -> str:
    """A locale as a language code: pt_BR -> pt-BR, zh-hant -> zh-Hant."""
    parts = re.split(r"[-_]", locale.strip())
    code = "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p.title()
                                          for p in parts[1:]])
    return code if CODE_RE.match(code) else parts[0].lower()


def _single_language(raw: dict, docs: Path) -> SiteLanguage:
    """The one language of a site without mkdocs-static-i18n: as the site says, else its
    pages' text's (a Persian site that never says so is not English)."""
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    for key in ("language", "locale"):
        if isinstance(theme.get(key), str) and theme[key].strip():
            return SiteLanguage(language_code(theme[key]), theme[key], True)
    extra = raw.get("extra") if isinstance(raw.get("extra"), dict) else {}
    for entry in extra.get("alternate") or ():
        if isinstance(entry, dict) and str(entry.get("link", "")).strip() in ("/", "./", "") \
                and isinstance(entry.get("lang"), str):
            return SiteLanguage(language_code(entry["lang"]), entry["lang"], True)
    code, _ = text_language(docs, DEFAULT_LANGUAGE)
    return SiteLanguage(code, code, True, said=False)


def plugin(raw: dict, name: str) -> dict | None:
    """A plugin's settings (`plugins: - i18n: …`, `- literate-nav`), or None when the site
    does not use it."""
    plugins = raw.get("plugins")
    pairs = plugins.items() if isinstance(plugins, dict) else \
        [next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None)
         for p in plugins or () if isinstance(p, (str, dict))]
    for used, settings in pairs:
        if used == name:
            return settings if isinstance(settings, dict) else {}
    return None


def _i18n_languages(plugin: dict, text: str) -> tuple[tuple[SiteLanguage, ...], set[str]]:
    """The languages to build (the default first), and every locale the plugin names: the
    list of `locale:` tables (1.x), or the `languages: {fr: …}` table with a
    `default_language` (0.x)."""
    listed = plugin.get("languages")
    if isinstance(listed, dict):
        listed = _old_languages(plugin, listed)
    entries = [e for e in listed or ()
               if isinstance(e, dict) and isinstance(e.get("locale"), str)]
    locales = {e["locale"] for e in entries}
    only = plugin.get("build_only_locale")
    entries = [e for e in entries if e["locale"] != "null" and
               (e["locale"] == only if only else e.get("build", True) is not False)]
    default = next((e for e in entries if e.get("default")), entries[0] if entries else None)
    ordered = [default] + [e for e in entries if e is not default] if default else []
    languages, codes = [], set()
    for entry in ordered:
        code = language_code(entry["locale"])
        if code in codes:
            continue
        codes.add(code)
        values = {k: entry[k] for k in ("site_name", "site_author", "site_description",
                                         "copyright") if isinstance(entry.get(k), str)}
        languages.append(SiteLanguage(code, entry["locale"], entry is default, entry.get("nav"),
                                  dict(entry.get("nav_translations") or {}), values,
                                  _locale_line(text, entry["locale"])))
    return tuple(languages), locales


def _old_languages(plugin: dict, table: dict) -> list[dict]:
    """0.x's `default_language: en` and `languages: {en: English, fr: {name: …}}` as 1.x's
    list of `locale:` tables."""
    default = plugin.get("default_language")
    translations = plugin.get("nav_translations") if isinstance(plugin.get("nav_translations"),
                                                                dict) else {}
    listed = []
    for locale, value in table.items():
        if locale == "default" or not isinstance(locale, str):
            continue
        entry = dict(value) if isinstance(value, dict) else {"name": value}
        entry.update(locale=locale, default=entry.get("default", locale == default),
                     nav_translations=translations.get(locale) or {})
        if plugin.get("default_language_only") and locale != default:
            entry["build"] = False
        listed.append(entry)
    if default and not any(e["locale"] == default for e in listed):
        listed.insert(0, {"locale": default, "default": True})
    return listed


def _locale_line(text: str, locale: str) -> int | None:
    pattern = re.compile(rf"^\s*(?:-\s+)?(?:locale\s*:\s*)?['\"]?{re.escape(locale)}['\"]?\s*(:|$)")
    return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)


def translate(path: Path) -> tuple[dict[str, Any], str, Path, tuple[Path, ...]]:
    """Our config table for the MkDocs site at `path`, the file's text, the folder its
    chapters are read from, and every input the book is made from (for the build cache)."""
    site = load_site(path)
    raw, text = site.raw, site.text
    if not site.docs.resolve().is_relative_to(project_root(path)):
        raise policy.refuse("outside-project", f"docs_dir '{raw.get('docs_dir')}' lies outside "
                            "the project folder; refused", path=path,
                            line=line_of(text, "docs_dir"))
    extra = raw.get("extra") if isinstance(raw.get("extra"), dict) else {}
    ours: dict[str, Any] = dict(extra.get("publish")) if isinstance(extra.get("publish"),
                                                                    dict) else {}
    for key, name in (("title", "site_name"), ("description", "site_description"),
                      ("rights", "copyright")):
        value = _per_language(site, name)
        if value and key not in ours:
            ours[key] = value
    if "title" not in ours:
        ours["title"] = path.resolve().parent.name
        _defaulted(site, "site_name", ours["title"], "the folder's name", "set site_name")
    if "authors" not in ours:
        ours["authors"] = [{"name": _author(site)}]
    if "languages" not in ours:
        ours["languages"] = [lang.code for lang in site.languages]
        if not site.languages[0].said:
            code = site.languages[0].code
            _defaulted(site, "theme.language", code, "the language of the pages' text" if
                       code != DEFAULT_LANGUAGE else "MkDocs' own default",
                       "set language under theme")
    if "slug" not in ours:
        ours["slug"] = slugify(_first(ours["title"]))
        _defaulted(site, "slug", ours["slug"], "from the site's name", f"set slug under {OWN}")
    if "date" not in ours:
        ours["date"], origin = book_date(path.parent)
        _defaulted(site, "date", ours["date"].isoformat(), origin, f"set date under {OWN}")
    inputs = (path.resolve(), *site.inherited, site.docs.resolve())
    return ours, text, site.docs, inputs


def _per_language(site: Site, name: str) -> str | dict[str, str]:
    """A site-wide value, or a table by language when a language sets its own."""
    base = _text(site.raw.get(name))
    own = {lang.code: _text(lang.values.get(name)) for lang in site.languages}
    if not any(own.values()):
        return base
    # A language without its own value takes the site's, else the default language's.
    fallback = base or next(v for v in own.values() if v)
    return {"default": fallback, **{c: v for c, v in own.items() if v}}


def _text(value: Any) -> str:
    """A value as plain text: copyright's HTML (`&copy; 2024 <a …>Me</a>`) without its markup."""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return ""
    plain = html.unescape(re.sub(r"<[^>]+>", "", str(value)))
    return re.sub(r"\s+", " ", plain).strip()


def _first(value: str | dict) -> str:
    return value if isinstance(value, str) else next(iter(value.values()))


def _author(site: Site) -> str:
    name = _text(site.raw.get("site_author")) or \
        _text(site.languages[0].values.get("site_author"))
    if name:
        return name
    name, origin = first_author(site.path.parent)
    _defaulted(site, "site_author", name, origin, "set site_author")
    return name


def _defaulted(site: Site, key: str, value: str, origin: str, how: str) -> None:
    line = line_of(site.text, key.split(".")[0]) or \
        (line_of(site.text, "publish") if key in ("slug", "date") else None)
    policy.mend("default", f"not set; '{value}' is used ({origin}); {how} in "
                           f"{site.path.name}", path=site.path, line=line,
                key=f"{OWN}.{key}" if key in ("slug", "date") else key)


def nav_path(target: str) -> str:
    """A nav entry's path as a docs-relative POSIX path: `./a/../b.md` -> b.md."""
    return posixpath.normpath(target.strip().lstrip("/")).removeprefix("./")
