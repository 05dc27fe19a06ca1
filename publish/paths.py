"""Where things are: the built-in layouts, the per-user cache, and confinement of what is read.

Every file the build reads must lie inside the project or the built-in layouts.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import SourceError

PACKAGE_LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"


def user_cache() -> Path:
    """The per-user cache (static font instances, compiled templates): $PUBLISH_CACHE,
    else $XDG_CACHE_HOME, else ~/.cache; under it, publish/."""
    base = os.environ.get("PUBLISH_CACHE") or os.environ.get("XDG_CACHE_HOME") or \
        str(Path.home() / ".cache")
    return Path(base) / "publish"


def resolve_inside(path: Path, roots: tuple[Path, ...], *, what: str = "file",
                   origin: Path | None = None, line: int | None = None,
                   shown: str | None = None) -> Path:
    """`path` with links resolved, or a SourceError if it escapes every root (`..`, symlink, absolute)."""
    real = Path(path).resolve()
    for root in roots:
        if real.is_relative_to(Path(root).resolve()):
            return real
    raise SourceError(f"{what} '{shown or path}' lies outside the project folder; refused",
                      path=origin or path, line=line)
