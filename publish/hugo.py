"""A Hugo site's section (a magazine issue) read as our config: the site builds as it is.

`--source SITE/content/issues/3` names the book: one section, each article a page bundle
(`<article>/index.md`, translations `index.<lang>.md`) or a plain page (`<article>.md`,
`<article>.<lang>.md`). The site root is the nearest folder above holding `hugo.toml`
(`.yaml`, `.json`), `config.toml` (`.yaml`, `.json`) or `config/_default/`, and a content
folder; it is the project boundary. `--source SITE` (or a section holding only sections,
`content/issues`) reads the section below it with the most article pages (bundles and
plain pages, every language), the last in path order on a tie.

The section's `_index.md` (`_index.<lang>.md`) gives the issue: `title`, `number`,
`volume`, `date`, `theme` (the subtitle), `summary` (the description) and its people by
role: `authors`, `editors` (dc:contributor, role `edt`) or a `contributors` table by role
(ids into `data/authors.*`); the site gives the periodical's title and
`params.ISSN` (`[issue]`, or the series at position `number` where the config has no
`[issue]`) and its `copyright` (rights). The site's `languages` (by weight,
`defaultContentLanguage` first) name the editions: each language the section has pages
in, beside its own (`index.es.md`) or in the language's own content folder
(`languages.es.contentDir`). What is not said gets a reproducible default, with one warning.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish import policy

CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
                "config.toml", "config.yaml", "config.yml", "config.json")
AUTHOR_FILES = ("authors.yml", "authors.yaml", "authors.toml", "authors.json")
DEFAULT_LANGUAGE = "en"                 # Hugo's own default


@dataclass(frozen=True)
class Site:
    root: Path
    config: Path                        # the config file read (the first of config/_default/)
    values: dict[str, Any]              # its keys, lower-cased at the top level (as Hugo reads them)
    section: Path                       # the book's folder

    @property
    def content(self) -> Path:
        return self.root / str(self.values.get("contentdir") or "content")

    @property
    def default_language(self) -> str:
        return str(self.values.get("defaultcontentlanguage")
                   or self.values.get("defaultcontentlang") or DEFAULT_LANGUAGE).lower()

    def languages(self) -> list[str]:
        """The site's languages, the default first, the rest by weight then name."""
        table = self.values.get("languages")
        table = table if isinstance(table, dict) else {}
        codes = sorted(table, key=lambda c: (_weight(table[c]), c))
        return [self.default_language] + [c.lower() for c in codes
                                          if c.lower() != self.default_language]

    def inputs(self) -> tuple[Path, ...]:
        """What the book is made from (the cache's key): the config, the section in each
        language, the registry, static/."""
        files = self.config.parent if self.config.parent.name == "_default" else self.config
        folders = dict.fromkeys(self.folder(c) for c in self.languages())
        static = self.root / "static"
        return tuple(p for p in (files, *folders, self.authors_file(),
                                 static if static.is_dir() else None) if p is not None)

    def folder(self, site_code: str) -> Path:
        """The section in one language: the section itself, or, where the language keeps
        its own content folder (`languages.es.contentDir`), the same section there."""
        own = self._content_dir(site_code)
        if own is None or site_code == self.default_language:
            return self.section
        home = self._content_dir(self.default_language) or self.content
        try:
            return own / self.section.resolve().relative_to(home.resolve())
        except ValueError:
            return self.section

    def _content_dir(self, site_code: str) -> Path | None:
        table = self.values.get("languages")
        table = {str(k).lower(): v for k, v in table.items()} if isinstance(table, dict) else {}
        own = table.get(site_code)
        own = {str(k).lower(): v for k, v in own.items()} if isinstance(own, dict) else {}
        return self.root / own["contentdir"] if isinstance(own.get("contentdir"), str) else None

    def code(self, site_code: str) -> str:
        """A site language's code as publish builds it (`pt-br` -> pt-BR, `zh-cn` -> zh-Hans)."""
        from publish.languages.tags import edition_code

        return edition_code(site_code, self.root) or site_code

    def authors_file(self) -> Path | None:
        """The site's contributors registry, `data/authors.*` (read by publish.contributors)."""
        return next((self.root / "data" / n for n in AUTHOR_FILES
                     if (self.root / "data" / n).is_file()), None)


def _weight(value: Any) -> float:
    try:
        return float(value.get("weight", 0)) if isinstance(value, dict) else 0.0
    except (TypeError, ValueError):
        return 0.0


def is_config(path: Path) -> bool:
    """Whether a Config's file is a Hugo site's (so the Hugo reader reads its sections)."""
    return path.name in CONFIG_NAMES and (path.parent / "content").is_dir() or \
        path.parent.name == "_default" and path.parent.parent.name == "config"


def site_root(source: Path) -> tuple[Path, Path] | None:
    """(the site root at or above `source`, its config file), or None when it is in no Hugo site."""
    for folder in (source, *source.parents):
        config = next((folder / n for n in CONFIG_NAMES if (folder / n).is_file()), None)
        if config is None and (folder / "config" / "_default").is_dir():
            config = next(iter(sorted((folder / "config" / "_default").glob("*.*"))), None)
        if config is not None and (folder / "content").is_dir() or (
                config is not None and _content_dir(config) is not None):
            return folder, config
    return None


def _content_dir(config: Path) -> Path | None:
    try:
        values = _lowered(_parse(config))
    except Exception:
        return None
    root = config.parent.parent.parent if config.parent.name == "_default" else config.parent
    named = values.get("contentdir")
    return root / named if isinstance(named, str) and (root / named).is_dir() else None


def find(source: Path) -> Site | None:
    """The Hugo site and section `source` names, or None when it is no Hugo site's."""
    found = site_root(source)
    if found is None:
        return None
    root, config = found
    values = read_config(config)
    site = Site(root=root, config=config, values=values, section=root)
    content = site.content.resolve()
    if source.resolve() == root.resolve():
        section = choose_section(content, config)
    elif source.resolve().is_relative_to(content):
        section = source if articles(source) else choose_section(source.resolve(), config)
    else:
        return None
    return Site(root=root, config=config, values=values, section=section)


def read_config(path: Path) -> dict[str, Any]:
    """The site config: one file, or every file of config/_default/ (a file named for a key,
    `languages.toml`, `params.yaml`, is that key's table). A file that does not parse is refused."""
    if path.parent.name != "_default":
        return _lowered(_checked(path))
    values: dict[str, Any] = {}
    for file in sorted(path.parent.glob("*.*")):
        if file.suffix not in (".toml", ".yaml", ".yml", ".json"):
            continue
        data = _checked(file)
        if file.stem in ("hugo", "config"):
            values.update(_lowered(data))
        else:
            values[file.stem.lower()] = data
    return values


def _checked(path: Path) -> dict[str, Any]:
    try:
        data = _parse(path)
    except Exception as exc:        # tomllib, yaml, json errors; OSError
        raise policy.refuse("config-unreadable", f"the Hugo config does not parse: "
                            f"{str(exc).splitlines()[0] if str(exc) else exc}", path=path) from None
    if not isinstance(data, dict):
        raise policy.refuse("config-unreadable", "expected a table of keys", path=path, line=1)
    return data


def _parse(path: Path) -> Any:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".toml":
        return tomllib.loads(text)
    if path.suffix == ".json":
        return json.loads(text)
    import yaml
    return yaml.safe_load(text) or {}


def _lowered(values: dict[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in values.items()}


def choose_section(content: Path, config: Path) -> Path:
    """The content section with the most pages (the last in path order on a tie), with one
    warning naming it; the content folder itself when no section has any. A sub-section of
    an issue is the issue's, not a book of its own."""
    best, count = content, 0
    issues: list[Path] = []
    for folder in sorted(p for p in content.rglob("*") if p.is_dir()):
        if any(folder.glob("index*.md")) or any(folder.is_relative_to(i) for i in issues):
            continue                            # a page bundle, or inside an issue
        found = len(articles(folder))
        if found and is_section(folder) and is_issue(folder):
            issues.append(folder)
        if found and found >= count:
            best, count = folder, found
    if best != content:
        policy.mend("default", f"no section with articles named; "
                    f"'{_shown(best)}' is read "
                    f"(the section with the most pages, {count}); name one with --source",
                    path=config)
    return best


def _shown(folder: Path) -> str:
    """A folder as the site names it (from its root), else as it is."""
    found = site_root(folder)
    return folder.relative_to(found[0].resolve()).as_posix() if found and \
        folder.is_relative_to(found[0].resolve()) else folder.as_posix()


def articles(section: Path, nested: bool | None = None) -> list[Path]:
    """The section's article files, every language: bundles' index files and plain pages,
    and, in an issue (`nested`; by default, when its `_index.md` says it is one: see
    is_issue), its sub-sections' pages too (`essays/<article>/index.md`)."""
    found = []
    try:
        children = sorted(section.iterdir())
    except OSError:
        return found
    for child in children:
        if child.is_dir() and is_section(child):
            if nested is None:
                nested = is_issue(section)
            if nested:
                found += articles(child, nested=True)
        elif child.is_dir():
            found += sorted(p for p in child.glob("index*.md"))
        elif child.suffix in (".md", ".markdown") and not child.name.startswith("_index"):
            found.append(child)
    return found


def is_section(folder: Path) -> bool:
    """Whether a folder is a Hugo section (a branch bundle: it has an `_index` page)."""
    return any(folder.glob("_index*.md"))


def is_issue(section: Path) -> bool:
    """Whether a section is one issue, so its sub-sections' pages are its articles: its
    `_index.md` gives a `number` or `volume`, or `type: issue`. A section that says none of
    these is a list of sections (`content/issues`), each its own book."""
    data = index_page(section, "", "", own=True)
    return bool(data.get("number") or data.get("volume")) or \
        str(data.get("type", "")).lower() == "issue"


def translate(site: Site) -> tuple[dict[str, Any], Path, dict[str, Path]]:
    """Our config table for the site's section, the site's config file (messages name it), and
    the folder each edition's pages are in (the section, for every language)."""
    codes = [c for c in site.languages() if c == site.default_language or
             _has(site.folder(c), c, site.folder(c) != site.section)]
    issue = {c: index_page(site.folder(c), c, site.default_language,
                           own=site.folder(c) != site.section) for c in codes}
    base = issue[site.default_language]
    name = _site_title(site)
    raw: dict[str, Any] = {"languages": [site.code(c) for c in codes],
                           "title": {site.code(c): _plain(issue[c].get("title") or
                                                          base.get("title") or name or "Issue")
                                     for c in codes}}
    for key, ours in (("theme", "subtitle"), ("summary", "description")):
        if base.get(key):
            raw[ours] = {site.code(c): _plain(issue[c].get(key) or base[key]) for c in codes}
    if isinstance(site.values.get("copyright"), str):
        raw["rights"] = site.values["copyright"].strip()
    number = base.get("number") or (site.section.name if site.section.name.isdigit() else "")
    _issue(raw, site, issue, number, name)
    raw["authors"] = _authors(site, base)
    raw["slug"] = _slug(site, name)
    raw["date"] = _date(site, base)
    return raw, site.config, {site.code(c): site.folder(c) for c in codes}


def _plain(value: Any) -> str:
    return " ".join(str(value).split())


def _issue(raw: dict[str, Any], site: Site, issue: dict[str, dict[str, Any]], number: Any,
           name: str) -> None:
    """The periodical, as the config's `[issue]` (issue 26)."""
    base = issue[site.default_language]
    params = site.values.get("params") if isinstance(site.values.get("params"), dict) else {}
    issn = base.get("issn") or next((v for k, v in params.items() if k.lower() == "issn"), "")
    table: dict[str, Any] = {"periodical": name, "issn": issn, "number": number,
                             "volume": base.get("volume", "")}
    if base.get("theme"):
        table["theme"] = {site.code(c): _plain(issue[c].get("theme") or base["theme"])
                          for c in issue}
    raw["issue"] = {k: v if isinstance(v, dict) else str(v) for k, v in table.items()
                    if v not in ("", None)}


def _has(section: Path, code: str, own: bool) -> bool:
    """Whether the section has a page in `code` (`own`: its own folder, any page)."""
    if own:
        return section.is_dir() and (bool(articles(section)) or (section / "_index.md").is_file())
    suffix = f".{code}.md"
    return (section / f"_index{suffix}").is_file() or any(
        p.name.lower().endswith(suffix) for p in articles(section))


def index_page(section: Path, code: str, default: str, own: bool = False) -> dict[str, Any]:
    """The front matter of the section's `_index.<code>.md` (the default's, or a language's in
    its own folder: `_index.md`)."""
    from publish.sources.frontmatter import split
    from publish.sources.text import read_text

    names = [f"_index.{code}.md"] + (["_index.md"] if code == default or own else [])
    path = next((section / n for n in names if (section / n).is_file()), None)
    if path is None:
        return {}
    data, _, _, _ = split(read_text(path, quiet=True) or "", path)
    return {str(k).lower(): v for k, v in data.items()}


def _site_title(site: Site) -> str:
    title = site.values.get("title")
    return title.strip() if isinstance(title, str) else ""


# The roles an issue's `_index.md` names its people by (its `contributors` table's keys, or
# `authors`/`editors` at the top), as MARC relators; another key is a contributor (`ctb`).
ROLE_KEYS = {"author": "aut", "authors": "aut", "editor": "edt", "editors": "edt",
             "translator": "trl", "translators": "trl", "illustrator": "ill",
             "illustrators": "ill", "contributor": "ctb", "contributors": "ctb"}


def _authors(site: Site, issue: dict[str, Any]) -> list[dict[str, str]]:
    """The issue's people by role: `authors` (aut) and `editors` (edt), or a `contributors`
    table of them by role (`editors: [...]`, `translators: [...]`), ids resolved by the site's
    data/authors.*; else the site's author, else its title (with a warning)."""
    registry = registry_people(site.authors_file())
    found: list[dict[str, str]] = []
    for given, role in _by_role(issue, site):
        for g in ([given] if isinstance(given, (str, int)) else given
                  if isinstance(given, list) else []):
            if isinstance(g, (str, int)):
                person = dict(registry.get(str(g), {"name": str(g)}))
                if role != "aut":
                    person["role"] = role
                if person not in found:
                    found.append(person)
    if found:
        return found
    author = site.values.get("author") or (site.values.get("params") or {}).get("author")
    name = author.get("name") if isinstance(author, dict) else author
    if not isinstance(name, str) or not name.strip():
        name = _site_title(site) or site.root.resolve().name
        policy.mend("default", f"the issue names no authors; '{name}' is used (the site's "
                    "title); set authors in the section's _index.md", path=site.config)
    return [{"name": name.strip()}]


def _by_role(issue: dict[str, Any], site: Site) -> list[tuple[Any, str]]:
    """(ids or names, MARC role) for each role the issue's front matter names."""
    table = issue.get("contributors")
    pairs = [(issue.get("authors"), "aut"), (issue.get("editors"), "edt")]
    if isinstance(table, dict):
        for key, given in table.items():
            role = ROLE_KEYS.get(str(key).lower())
            if role is None:
                role = "ctb"
                policy.mend("front-matter", f"contributors role '{key}' is none of "
                            f"{', '.join(sorted(k for k in ROLE_KEYS if k.endswith('s')))}; "
                            "they are credited as contributors (ctb)",
                            path=site.section / "_index.md", line=1)
            pairs.append((given, role))
    return [(given, role) for given, role in pairs if given]


def registry_people(path: Path | None) -> dict[str, dict[str, str]]:
    """id -> {name, sort} from a Hugo data/authors.* file ({} when there is none or it does
    not parse)."""
    if path is None:
        return {}
    try:
        data = _parse(path)
    except Exception:
        return {}
    if not isinstance(data, dict):
        return {}
    people = {}
    for key, value in data.items():
        if isinstance(value, dict) and value.get("name"):
            person = {"name": str(value["name"])}
            if value.get("sort_name"):
                person["sort"] = str(value["sort_name"])
            people[str(key)] = person
    return people


def _slug(site: Site, name: str) -> str:
    from publish.defaults import slugify

    return slugify(f"{name or site.root.resolve().name}-{site.section.name}")


def _date(site: Site, issue: dict[str, Any]):
    from publish.sources.frontmatter import _date as as_date

    value = as_date(issue.get("date")) if issue.get("date") else None
    if not isinstance(value, str) and value is not None:
        return value
    from publish.defaults import book_date

    value, origin = book_date(site.root)
    policy.mend("default", f"the issue gives no date; '{value.isoformat()}' is used ({origin}); "
                "set date in the section's _index.md", path=site.section / "_index.md")
    return value
