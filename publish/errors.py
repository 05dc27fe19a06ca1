"""The typed errors of publish: library code raises these, only the CLI prints them."""
from __future__ import annotations

import os
from pathlib import Path


class PublishError(Exception):
    """A problem the user can fix; carries where it is and the CLI exit code."""

    code = 3

    def __init__(self, message: str, path: Path | str | None = None,
                 line: int | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.key = key

    def where(self) -> str:
        """`file:line` or `file` (relative to the working directory when possible)."""
        if self.path is None:
            return ""
        shown = self.path
        for candidate in (lambda: Path(os.path.abspath(self.path)),   # a symlink by its own name
                          lambda: self.path.resolve()):
            try:
                shown = candidate().relative_to(Path.cwd().resolve())
                break
            except (ValueError, OSError, RuntimeError):     # RuntimeError: a symlink loop
                continue
        return f"{shown}:{self.line}" if self.line else str(shown)

    def __str__(self) -> str:
        where = self.where()
        key = f"{self.key}: " if self.key else ""
        return f"{where}: {key}{self.message}" if where else f"{key}{self.message}"


class ConfigError(PublishError):
    """The book's config file is missing, unreadable or invalid."""

    code = 3


class SourceError(PublishError):
    """A manuscript file, image or other source cannot be used."""

    code = 4


class RenderError(PublishError):
    """A template or layout failed while rendering."""

    code = 5


class OutputError(PublishError):
    """An output could not be written, or an external checker failed to run."""

    code = 6


class CheckError(PublishError):
    """A finished book or its sources failed a check."""

    code = 7


class ClusterError(PublishError):
    """The cluster asked for (--cluster) cannot be used: Dask not installed, the scheduler
    unreachable, workers running another version of publish."""

    code = 9


class InternalError(PublishError):
    """Not the user's doing: publish itself failed (a bug to report); one line, never a traceback."""

    code = 8

    @classmethod
    def of(cls, exc: BaseException) -> InternalError:
        """The one line an unexpected exception is shown as: its type and first line."""
        text = (str(exc).strip().splitlines() or [""])[0]
        return cls(f"internal error: {type(exc).__name__}" + (f": {text}" if text else ""))
