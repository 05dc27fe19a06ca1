"""Confinement: every file the build reads must lie inside the project or the built-in layouts."""
from __future__ import annotations

from pathlib import Path

from .errors import SourceError

PACKAGE_LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"


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
