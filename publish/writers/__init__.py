"""Output formats: one writer per module here, each registering itself as WRITER.

A writer module (or package) defines `WRITER = Writer(...)`: its name (the CLI verb
and the `--format` value), the output's suffix and media type, the layouts it reads
(for the build cache) and its `write(book, target, jobs=None) -> pages or None`.
The registry finds every writer here, so adding an output format is adding one module.
Writer modules keep their heavy imports inside `write`: the CLI lists the writers for
`--help` without loading ebooklib or WeasyPrint.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from publish.errors import ConfigError


@dataclass(frozen=True)
class Writer:
    """One output format."""

    name: str                                   # "epub": the CLI verb and --format value
    suffix: str                                 # ".epub"
    media_type: str                             # "application/epub+zip"
    help: str                                   # one line for --help
    layouts: tuple[str, ...]                    # files and folders under layouts/ it reads
    write: Callable[..., int | None]            # (book, target, jobs=None) -> page count or None
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None   # its own options
    print_options: bool = False                 # whether [print] (trim, variant...) shapes it
    print_html: bool = True                     # whether it reads the chapters' print HTML
    order: int = 50                             # where it comes in lists (EPUB first)
    # A format made from another's file rather than from the Book ("epub" for kepub):
    # `derive(that_file, target)` writes it; the build uses it whenever that file is
    # written in the same build or already up to date (`write` still works from a Book).
    made_from: str = ""
    derive: Callable[[Path, Path], None] | None = None


@lru_cache(maxsize=1)
def registry() -> dict[str, Writer]:
    """Every writer in this package, by name, in their order."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        writer = getattr(module, "WRITER", None)
        if isinstance(writer, Writer):
            found.append(writer)
    return {w.name: w for w in sorted(found, key=lambda w: (w.order, w.name))}


def names() -> tuple[str, ...]:
    return tuple(registry())


def get_writer(name: str) -> Writer:
    try:
        return registry()[name]
    except KeyError:
        raise ConfigError(f"unknown format '{name}' (known: {', '.join(registry())})",
                          key="--format") from None


def output_name(slug: str, lang: str, writer: Writer) -> str:
    """The one place an output's file name is made: <slug>-<lang><suffix>."""
    return f"{slug}-{lang}{writer.suffix}"


def output_path(out_dir: Path, slug: str, lang: str, writer: Writer) -> Path:
    return out_dir / output_name(slug, lang, writer)


def by_suffix(suffix: str) -> Writer | None:
    return next((w for w in registry().values() if w.suffix == suffix), None)


def by_file_name(name: str) -> Writer | None:
    """The writer whose suffix ends `name`, the longest first (`x.kepub.epub` is a KEPUB)."""
    return next((w for w in sorted(registry().values(), key=lambda w: -len(w.suffix))
                 if name.lower().endswith(w.suffix)), None)
