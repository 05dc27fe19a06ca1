"""A static-site page's whole front matter (TOML `+++`, YAML `---` or a JSON object), read and
mapped to issue 26's article keys.

Hugo and Jekyll pages carry their metadata in front matter in any of three formats. Here it
is parsed in full (PyYAML, tomllib, json) and its keys mapped:
- `authors` (a list, or `author` as one name or a list); `translators` (or `translator`);
- `subtitle`; `standfirst` (or `dek`, `lead`); `date` (or `publishDate`); `abstract`;
  `summary` (or `description`, `excerpt`); `doi`; `license`; `tags` (or `keywords`);
- `title`, `slug`, `weight`/`order` (the page's place), `draft`.
Every other key is the site's own (its templates read it): each is collected, and the
reader names them once per book (`Unread`), not once per file. Front matter that does not
parse is left out with one warning naming the file and line.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish import policy

# site key -> issue 26's key (the first one present wins)
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",), "slug": ("slug",),
    "authors": ("authors", "author"), "translators": ("translators", "translator"),
    "subtitle": ("subtitle",), "standfirst": ("standfirst", "dek", "lead"),
    "date": ("date", "publishDate", "publishdate"), "abstract": ("abstract",),
    "summary": ("summary", "description", "excerpt"), "doi": ("doi", "DOI"),
    "license": ("license", "licence"), "tags": ("tags", "keywords"),
    "weight": ("weight", "order"), "draft": ("draft",),
}
# An issue's own keys, in a section's `_index.md` (publish/hugo.py reads them for the config).
ISSUE_KEYS = ("number", "volume", "theme", "contributors", "editors", "issn")
_LISTS = ("authors", "translators", "tags")
_KNOWN = {alias for names in ALIASES.values() for alias in names}
_KEY = re.compile(r"^\s*[\"']?([A-Za-z_][\w-]*)[\"']?\s*[:=]")


@dataclass
class Unread:
    """The front-matter keys a book's pages set that nothing here reads: key -> first place."""

    keys: dict[str, tuple[Path, int]] = field(default_factory=dict)

    def add(self, key: str, path: Path, line: int) -> None:
        self.keys.setdefault(key, (path, line))

    def warn(self, what: str) -> None:
        """One warning naming them all (at the first page that set one)."""
        if not self.keys:
            return
        path, line = next(iter(self.keys.values()))            # the first, in reading order
        policy.mend("front-matter", f"{what} front-matter keys not read here (the site's own "
                    f"templates use them): {', '.join(sorted(self.keys))}", path=path, line=line)


def split(text: str, path: Path) -> tuple[dict[str, Any], str, int, dict[str, int]]:
    """(the parsed front matter, the body, the body's first line, key -> its line)."""
    lines = text.split("\n")
    opener = lines[0].strip() if lines else ""
    if opener in ("+++", "---"):
        end = next((i for i, line in enumerate(lines[1:], 1)
                    if line.strip() in (opener, "..." if opener == "---" else opener)), None)
        if end is None:
            return {}, text, 1, {}
        block = "\n".join(lines[1:end])
        data = _parse(block, opener, path)
        return data, "\n".join(lines[end + 1:]), end + 2, _lines(block, 2, nested=False)
    if opener.startswith("{"):
        return _json(text, path)
    return {}, text, 1, {}


def _parse(block: str, opener: str, path: Path) -> dict[str, Any]:
    try:
        if opener == "+++":
            data = tomllib.loads(block)
        else:
            import yaml
            data = yaml.safe_load(block) if block.strip() else {}
    except Exception as exc:            # yaml.YAMLError, tomllib.TOMLDecodeError
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else _toml_line(str(exc))
        policy.mend("front-matter", f"front matter does not parse ({str(exc).splitlines()[0]});"
                    " the front matter is left out", path=path, line=line)
        return {}
    if not isinstance(data, dict):
        policy.mend("front-matter", "front matter is not a table of keys; left out",
                    path=path, line=1)
        return {}
    return data


def _toml_line(message: str) -> int:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) + 1 if m else 1


def _json(text: str, path: Path) -> tuple[dict[str, Any], str, int, dict[str, int]]:
    """Hugo's JSON front matter: an object at the top of the file, the body after it."""
    try:
        data, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError:
        return {}, text, 1, {}
    if not isinstance(data, dict):
        return {}, text, 1, {}
    head = text[:end]
    return data, text[end:].lstrip(" \t").removeprefix("\n"), head.count("\n") + 2, \
        _lines(head, 1, nested=True)


def _lines(block: str, first: int, *, nested: bool) -> dict[str, int]:
    """key -> its line in the file (`nested`: a JSON object's keys sit indented)."""
    found: dict[str, int] = {}
    for number, line in enumerate(block.split("\n"), first):
        m = _KEY.match(line)
        if m and (nested or not line.startswith((" ", "\t"))):
            found.setdefault(m.group(1), number)
    return found


def mapped(data: dict[str, Any], path: Path, lines: dict[str, int],
           unread: Unread, *, issue: bool = False) -> dict[str, Any]:
    """issue 26's keys from a page's front matter (`issue`: an issue's `_index` page, its own
    keys too); the other keys are noted in `unread`."""
    meta: dict[str, Any] = {k: data[k] for k in ISSUE_KEYS if issue and k in data}
    for key, names in ALIASES.items():
        for name in names:
            if data.get(name) not in (None, "", []):
                meta[key] = _value(key, data[name])
                break
    for key in map(str, data):
        if key not in _KNOWN and not (issue and key in ISSUE_KEYS):
            unread.add(key, path, lines.get(key, 1))
    return meta


def _value(key: str, value: Any) -> Any:
    if key in _LISTS:
        items = value if isinstance(value, list) else [value]
        names = [v.get("name") if isinstance(v, dict) else v for v in items]   # {name: …} tables
        return [str(v).strip() for v in names if isinstance(v, (str, int, float)) and str(v).strip()]
    if key == "weight":
        try:
            return float(value)
        except (TypeError, ValueError):
            return 0.0
    if key == "draft":
        return value is True or str(value).lower() == "true"
    if key == "date":
        return _date(value)
    return str(value).strip() if not isinstance(value, (dict, list)) else value


def _date(value: Any) -> _dt.date | str:
    """A date (a datetime's day; a string's leading YYYY-MM-DD), else the text as given."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", str(value))
    if m:
        try:
            return _dt.date.fromisoformat(m.group(1))
        except ValueError:
            pass
    return str(value).strip()


def titled(body: str, origins: tuple[int, ...], title: Any) -> tuple[str, tuple[int, ...]]:
    """The body opened by its front matter's title as a `#` heading (a site's page shows it
    so, above the body's own sections), unless the body already opens with that heading."""
    title = " ".join(str(title or "").split())
    if not title:
        return body, origins
    first = next((line for line in body.split("\n") if line.strip()), "")
    if re.match(r"^#\s+" + re.escape(title) + r"\s*#*\s*$", first.strip()):
        return body, origins
    numbered = origins or tuple(range(1, body.count("\n") + 2))
    return f"# {title}\n\n{body}", (1, 1, *numbered)
