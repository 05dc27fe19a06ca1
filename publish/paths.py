"""Where things are: the built-in layouts and example book, the per-user cache, confinement of
what is read, and paths as the CLI shows them.

Every file the build reads must lie inside the project or the built-in layouts.
"""
from __future__ import annotations

import os
from pathlib import Path

from publish import policy


_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """A folder shipped with publish: inside the package when installed from a wheel,
    beside it in a source checkout (the top-level layouts/ and source/ of the repository)."""
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / _SOURCE_NAMES.get(name, name)


_SOURCE_NAMES = {"example": "source"}       # what a folder is called in the repository
PACKAGE_LAYOUTS = _shipped("layouts")       # the built-in layouts
EXAMPLE_BOOK = _shipped("example")          # the example book's source/ folder


def user_cache() -> Path:
    """The per-user cache (static font instances, compiled templates): $PUBLISH_CACHE,
    else $XDG_CACHE_HOME, else ~/.cache; under it, publish/."""
    base = os.environ.get("PUBLISH_CACHE") or os.environ.get("XDG_CACHE_HOME") or \
        str(Path.home() / ".cache")
    return Path(base) / "publish"


def resolve_inside(path: Path, roots: tuple[Path, ...], *, what: str = "file",
                   origin: Path | None = None, line: int | None = None,
                   shown: str | None = None) -> Path:
    """`path` with links resolved, or the outside-project refusal if it escapes every root
    (`..`, symlink, absolute). A symlink loop resolves as far as it goes (reading it fails)."""
    real = Path(os.path.realpath(path))
    for root in roots:
        if real.is_relative_to(Path(os.path.realpath(root))):
            return real
    raise policy.refuse("outside-project",
                        f"{what} '{shown or path}' lies outside the project folder; refused",
                        path=origin or path, line=line)


def shown(path: Path) -> str:
    """A path relative to the working directory when it lies below it (for what the CLI prints)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):         # RuntimeError: a symlink loop
        return str(path)
