"""The contributors registry: people keyed by id, with names in other scripts and a bio per
language, read from the project's `contributors.toml` or a Hugo site's `data/authors.*`.

contributors.toml (one table per id):

    [ksenia]
    name = "Ksenia Muratshina"            # or a table per language: name.ru = "…"
    sort_name = "Muratshina, Ksenia"      # file-as ("" -> guessed)
    alternate_script = { ru = "Ксения Муратшина" }
    affiliation = "Institute of Oriental Studies"
    orcid = "0000-0002-1825-0097"
    website = "https://example.org"
    photo = "images/ksenia.jpg"
    bio.en = "Ksenia Muratshina is …"     # Markdown, one per language
    bio.fr = "Ksenia Muratshina est …"

A Hugo `data/authors.yml|yaml|toml|json` is read as it is: the same keys, Hugo's `title`
standing for affiliation and a plain-string `bio` for the source language's. Nothing here
renders: the renderer takes names and Markdown bios from a Contributor.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish import policy, tomlfile
from publish.errors import SourceError

FILE = "contributors.toml"
HUGO_FILES = ("data/authors.yml", "data/authors.yaml", "data/authors.toml", "data/authors.json")
KEYS = ("name", "sort_name", "alternate_script", "affiliation", "orcid", "website", "photo",
        "bio")
# Hugo themes' spellings of the same facts: read as ours.
ALIASES = {"sort": "sort_name", "sortname": "sort_name", "title": "affiliation",
           "url": "website", "image": "photo", "avatar": "photo"}


@dataclass(frozen=True)
class Contributor:
    """One person of the registry, as written (names and bios not yet typeset)."""

    id: str
    name: str                                    # the name in the source language
    names: tuple[tuple[str, str], ...] = ()      # (language, name) where it differs
    sort_name: str = ""
    alternate_script: tuple[tuple[str, str], ...] = ()   # (language tag, name in its script)
    affiliation: str = ""
    orcid: str = ""
    website: str = ""
    photo: str = ""
    bios: tuple[tuple[str, str], ...] = ()       # (language, Markdown); "" language: any
    line: int = 0                                # where the registry defines it

    def name_in(self, lang: str) -> str:
        return dict(self.names).get(lang, self.name)

    def bio_in(self, lang: str, source: str) -> tuple[str, str]:
        """(the Markdown bio, the language it is in) for an edition in `lang`: its own, else
        the source language's, else any; ("", "") when there is none."""
        bios = dict(self.bios)
        for code in (lang, "", source):
            if bios.get(code):
                return bios[code], (code or lang)
        return next(((text, code) for code, text in self.bios if text), ("", ""))


@dataclass(frozen=True)
class Registry:
    """Every contributor of a project, by id (empty when the project keeps none)."""

    path: Path | None = None
    people: tuple[Contributor, ...] = ()

    def get(self, key: str) -> Contributor | None:
        return next((p for p in self.people if p.id == key), None)

    def __bool__(self) -> bool:
        return bool(self.people)


def find(root: Path) -> Path | None:
    """The registry file of a project (or of the Hugo site above a content folder)."""
    for name in (FILE, *HUGO_FILES):
        if (root / name).is_file():
            return root / name
    return None


def load(root: Path) -> Registry:
    """The project's registry: contributors.toml, else data/authors.*; empty when none."""
    path = find(root)
    return read(path) if path is not None else Registry()


def read(path: Path) -> Registry:
    """A registry file as it is; what cannot be read is mended (one warning) and left out."""
    try:
        table, text = _table(path)
    except SourceError as exc:
        policy.mend("contributor", f"{exc.message}; the registry is left out", path=path,
                    line=exc.line)
        return Registry(path)
    except (ValueError, OSError) as exc:
        policy.mend("contributor", f"{exc}; the registry is left out", path=path)
        return Registry(path)
    people = []
    for key, entry in table.items():
        line = tomlfile.line_of(text, str(key)) or 0 if path.suffix == ".toml" else \
            _line(text, str(key))
        person = _person(str(key), entry, path, line)
        if person is not None:
            people.append(person)
    return Registry(path, tuple(people))


def _table(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        return tomlfile.parse(text, path, SourceError, what="invalid contributors file"), text
    try:
        data = json.loads(text) if path.suffix == ".json" else _yaml(text)
    except ValueError as exc:
        raise ValueError(f"invalid contributors file ({exc})") from None
    if isinstance(data, list):        # a list of people, each with its own `id`
        data = {str(d.get("id", i)): d for i, d in enumerate(data) if isinstance(d, dict)}
    if not isinstance(data, dict):
        raise ValueError("a contributors file must map ids to people")
    return data, text


def _yaml(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc).splitlines()[0]) from None


def _line(text: str, key: str) -> int:
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip(" \"'").startswith(key):
            return n
    return 0


def _person(key: str, entry: Any, path: Path, line: int) -> Contributor | None:
    if isinstance(entry, str):
        entry = {"name": entry}
    if not isinstance(entry, dict):
        policy.mend("contributor", f"contributor '{key}' must be a table with a name; left out",
                    path=path, line=line)
        return None
    entry = {ALIASES.get(k, k): v for k, v in entry.items()}
    for unknown in sorted(set(entry) - set(KEYS)):
        policy.mend("contributor", f"unknown key '{unknown}' for contributor '{key}' (known: "
                    f"{', '.join(KEYS)}); ignored", path=path, line=line)
    names = _per_language(entry.get("name"))
    if not names:
        policy.mend("contributor", f"contributor '{key}' has no name; its id stands in",
                    path=path, line=line)
        names = {"": key}
    first = names.get("", next(iter(names.values())))
    return Contributor(
        id=key, name=first, names=tuple((k, v) for k, v in names.items() if k),
        sort_name=_text(entry.get("sort_name")),
        alternate_script=tuple(_per_language(entry.get("alternate_script")).items()),
        affiliation=_text(entry.get("affiliation")), orcid=_text(entry.get("orcid")),
        website=_text(entry.get("website")), photo=_text(entry.get("photo")),
        bios=tuple(_per_language(entry.get("bio")).items()), line=line)


def _per_language(value: Any) -> dict[str, str]:
    """A value given once ("" key) or per language (a table of language -> text)."""
    if isinstance(value, dict):
        return {str(k): str(v).strip() for k, v in value.items() if isinstance(v, (str, int))}
    return {"": str(value).strip()} if isinstance(value, (str, int)) and str(value).strip() \
        else {}


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, (str, int, float)) else ""
