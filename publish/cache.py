"""The build cache in `<out>/.cache`: output fingerprints and rendered chapters, by content hash.

An output is rebuilt only when its fingerprint changes: the hash of everything it is made
from (config, the language's sources, shared images, the layouts it uses, the package's own
code and layouts, the font, print options, SOURCE_DATE_EPOCH). Rendered Markdown is kept per
chapter, so editing one chapter re-renders that chapter only.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from typing import TYPE_CHECKING

from publish.config import Config
from publish.errors import OutputError
from publish.languages import available
from publish.outputs import write_atomic
from publish.paths import PACKAGE_LAYOUTS

if TYPE_CHECKING:
    from publish.writers import Writer

PACKAGE = Path(__file__).resolve().parent


def _digest_files(h, files, root: Path | None = None) -> None:
    """Each file's path (relative to `root`, if given) and bytes, in path order."""
    for path in sorted(files):
        h.update(str(path.relative_to(root) if root else path).encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError as exc:          # unreadable: the reader leaves it out and says so
            h.update(f"unreadable {exc.errno}".encode())


@lru_cache(maxsize=1)
def package_digest() -> str:
    """The package's code and built-in layouts (a new version or a local edit invalidates).
    Paths count from the package's folder: the same code installed elsewhere (a fresh
    clone, another virtual environment) finds what it cached."""
    h = hashlib.sha256()
    _digest_files(h, [p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".toml")], PACKAGE)
    _digest_files(h, [p for p in PACKAGE_LAYOUTS.rglob("*") if p.is_file()], PACKAGE_LAYOUTS)
    from publish import fonts
    font = Path(str(fonts.files(fonts.PACKAGE) / "files" / fonts.FACES[0].source))
    h.update(f"{font.name}:{font.stat().st_size}".encode())
    return h.hexdigest()


def _layout_files(root: Path, lang: str, writer: Writer) -> list[Path]:
    found = []
    for base in (root / "layouts", root / "layouts" / lang):
        for name in (*writer.layouts, "base.html"):
            target = base / name
            if target.is_dir():
                found += [p for p in target.rglob("*") if p.is_file()]
            elif target.is_file():
                found.append(target)
    return found


# Folders below the sources that no book is made from: version control, package managers,
# build caches (an mdBook or a README set keeps its sources at the top of a repository),
# GitBook's own output (`_book`).
NOT_SOURCES = {"node_modules", "target", "__pycache__", "_book"}


def fingerprint(config: Config, lang: str, writer: Writer, strict: bool = False,
                out_dir: Path | None = None) -> str:
    """What one output is made from, hashed: equal fingerprints give equal files.

    `strict` counts too: a book built with warnings is not up to date for --strict, which
    must see them (and stop). Nothing under `out_dir` counts (it may lie in the sources)."""
    h = hashlib.sha256(f"{writer.name}|{lang}|{package_digest()}|{strict}|".encode())
    h.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    if writer.print_options:
        h.update(repr(config.print).encode())
    h.update(b"remote" if config.fetch_remote else b"")
    codes = set(available(config.root))
    others = {code for code in config.languages if code != lang} | \
        {p.name for p in config.source_dir.iterdir()
         if p.is_dir() and p.name in codes and p.name != lang}
    if config.missing_said:        # its chapters may stand in for missing ones (issue 25)
        others.discard(config.source_language)
    own = config.edition(lang).folder   # suffix files (a.fr.md) in the source language's folder
    if own.is_relative_to(config.source_dir) and own != config.source_dir:
        others.discard(own.relative_to(config.source_dir).parts[0])
    files = [p for p in _inputs(config, out_dir)
             if p.relative_to(config.source_dir).parts[0] not in others]
    language = config.edition(lang).language
    _digest_files(h, files + _layout_files(config.root, lang, writer) +
                  [f for f in language.files if not f.is_relative_to(PACKAGE)])
    return h.hexdigest()


def _inputs(config: Config, out_dir: Path | None) -> list[Path]:
    """The files a book is made from: every source file, or only the config's `inputs` when
    it names them (an MkDocs site: mkdocs.yml and docs_dir, not the whole repository)."""
    if not config.inputs:
        return _source_files(config.source_dir, out_dir)
    found = []
    for path in config.inputs:
        if not path.is_relative_to(config.source_dir):
            continue                    # outside the project: never read (refused there)
        if path.is_dir():
            found += _source_files(path, out_dir)
        elif path.is_file():
            found.append(path)
    return found


def _source_files(folder: Path, out_dir: Path | None) -> list[Path]:
    """Every file below `folder` but hidden ones, NOT_SOURCES folders and the output folder."""
    out = os.path.realpath(out_dir) if out_dir else None
    found = []
    for path in folder.iterdir():
        # realpath, not resolve(): a symlink loop is a file the reader leaves out, not a crash
        if path.name.startswith(".") or path.name in NOT_SOURCES or \
                (out is not None and os.path.realpath(path) == out):
            continue
        if path.is_dir() and not path.is_symlink():     # a linked folder could loop
            found += _source_files(path, out_dir)
        elif path.is_file():
            found.append(path)
    return found


class BuildCache:
    """Fingerprints of written outputs and rendered chapters, under `<out>/.cache`."""

    def __init__(self, out_dir: Path) -> None:
        self.root = out_dir / ".cache"

    def stamp(self, output: Path) -> dict:
        """What was recorded when `output` was written: its key, and its page count if a PDF."""
        try:
            return json.loads((self.root / "outputs" / (output.name + ".json")).read_text())
        except (OSError, ValueError):
            return {}

    def is_current(self, output: Path, key: str) -> bool:
        return output.is_file() and self.stamp(output).get("key") == key

    def mark(self, output: Path, key: str, **facts) -> None:
        self._write(self.root / "outputs" / (output.name + ".json"),
                    json.dumps({"key": key, **facts}).encode())

    def get(self, kind: str, key: str) -> bytes | None:
        try:
            return (self.root / kind / key).read_bytes()
        except OSError:
            return None

    def put(self, kind: str, key: str, data: bytes) -> None:
        self._write(self.root / kind / key, data)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            write_atomic(path, data)
        except OutputError:
            pass   # a cache that cannot be written only costs time
