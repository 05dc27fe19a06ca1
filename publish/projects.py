"""The projects a command works on: folders named on the command line, or a catalog file.

A catalog (`catalog.toml`) lists projects by path or glob, relative to the file, each with
the formats and languages to build if not all of them:

    formats = ["epub", "pdf"]          # for every project below (default: every format)

    [[project]]
    path = "books/*"                    # a folder, or a glob of folders

    [[project]]
    path = "atlas"
    languages = ["en", "fr"]
    formats = ["pdf"]

`publish all`, `publish catalog` and `publish onix` read the same list (`read`, `named`).
An entry is found by its line, so that whatever is wrong with it is named with that line.
"""
from __future__ import annotations

import glob
import re
from dataclasses import dataclass
from pathlib import Path

from publish import tomlfile
from publish.errors import ConfigError

KEYS = ("path", "formats", "languages")


@dataclass(frozen=True)
class Project:
    """One project to build: its folder, the formats and languages asked for (None: all),
    and where it was named (the catalog's file and line; None on the command line)."""

    path: Path
    formats: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    source: Path | None = None
    line: int | None = None

    def fault(self, message: str) -> ConfigError:
        """An error about this entry, naming the catalog's line (or the folder)."""
        if self.source is not None:
            return ConfigError(f"{self.path}: {message}", path=self.source, line=self.line)
        return ConfigError(message, path=self.path)


def add_arguments(parser, default: str = ".") -> None:
    """The arguments that name the projects a command works on: folders, and a catalog."""
    parser.add_argument("projects", nargs="*", type=Path, metavar="DIR",
                        help=f"project folders (default: {default})")
    parser.add_argument("--catalog", type=Path, metavar="FILE",
                        help="also every project this catalog file lists (docs/executor.md)")


def folders(named_folders: list[Path], catalog: Path | None) -> list[Path]:
    """The project folders a command is given: those named, then a catalog's (each once);
    the current folder when neither is."""
    found = [p.path for p in named(named_folders)] + ([p.path for p in read(catalog)]
                                                      if catalog else [])
    return list(dict.fromkeys(found)) or [Path(".")]


def named(folders: list[Path]) -> list[Project]:
    """The projects named on the command line, in order."""
    return [Project(Path(folder)) for folder in folders]


def read(catalog: Path) -> list[Project]:
    """The projects a catalog file lists, in its order, each glob's matches sorted. A bad
    key, or a path or glob that names no folder, is a ConfigError naming its line."""
    from publish import writers

    table, text = tomlfile.read(catalog, ConfigError)
    lines = _entry_lines(text)
    entries = table.get("project", [])
    if not isinstance(entries, list) or not entries:
        raise ConfigError("no [[project]] entries", path=catalog)
    default = _names(table.get("formats"), catalog, 1, "formats", writers.names())
    found = []
    for entry, line in zip(entries, lines):
        unknown = sorted(set(entry) - set(KEYS))
        if unknown:
            raise ConfigError(f"unknown key '{unknown[0]}' (expected: {', '.join(KEYS)})",
                              path=catalog, line=line)
        if not isinstance(entry.get("path"), str) or not entry["path"].strip():
            raise ConfigError("each [[project]] needs a path (a folder or a glob)",
                              path=catalog, line=line)
        formats = _names(entry.get("formats"), catalog, line, "formats", writers.names())
        langs = _names(entry.get("languages"), catalog, line, "languages", None)
        for path in _folders(catalog.parent, entry["path"], catalog, line):
            found.append(Project(path, formats or default, langs, catalog, line))
    return found


def _entry_lines(text: str) -> list[int]:
    """The line of each [[project]] entry: its `path` key's, else its header's."""
    lines, header = [], None
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(r"\s*\[\[\s*project\s*\]\]", line):
            if header is not None:
                lines.append(header)
            header = number
        elif header is not None and re.match(r"\s*path\s*=", line):
            lines.append(number)
            header = None
    if header is not None:
        lines.append(header)
    return lines + [None] * 1000


def _names(value, catalog: Path, line: int | None, key: str,
           allowed: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"'{key}' must be a list of names", path=catalog, line=line)
    for name in value:
        if allowed is not None and name not in allowed:
            raise ConfigError(f"unknown format '{name}' (expected: {', '.join(allowed)})",
                              path=catalog, line=line)
    return tuple(value)


def _folders(base: Path, pattern: str, catalog: Path, line: int | None) -> list[Path]:
    """The folders a path or glob names (relative to the catalog's folder)."""
    full = pattern if Path(pattern).is_absolute() else str(base / pattern)
    if glob.has_magic(pattern):
        matches = sorted(Path(p) for p in glob.glob(full) if Path(p).is_dir())
        if not matches:
            raise ConfigError(f"'{pattern}' matches no folder", path=catalog, line=line)
        return matches
    return [Path(full)]
