"""What a build's outputs come to, shared by the build and the jobs that write them: the
output to write (Job), one written (Result) or not (Failed), the progress told, and the
warnings said while writing."""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from publish.errors import InternalError, PublishError

log = logging.getLogger("publish")


@dataclass(frozen=True)
class Job:
    """One output to write: a language in a format, to a path, under a cache key."""

    lang: str
    fmt: str
    target: Path
    key: str


@dataclass(frozen=True)
class Result:
    """One output of a build: written now, or found up to date (`cached`)."""

    path: Path
    lang: str
    fmt: str
    pages: int | None
    size: int
    seconds: float
    cached: bool = False
    warnings: int = 0                   # said while it was written


# Told ("planned", number of outputs to write), then ("started", (lang, fmt)) and ("done", Result)
# or ("failed", Failed) for each.
Progress = Callable[[str, object], None]


@dataclass(frozen=True)
class Failed:
    """An output not written: its edition was refused while being read or checked, or its
    writer failed. The previous file at `target` (and its cache stamp) is left as it was."""

    lang: str
    fmt: str
    target: Path
    error: PublishError                 # the one line to show (an InternalError for a bug)
    cause: BaseException | None = None  # the unexpected exception behind an InternalError


def _reason(exc: Exception) -> tuple[PublishError, BaseException | None]:
    """The one-line error an exception stands for, and the exception itself if unexpected."""
    if isinstance(exc, PublishError):
        return exc, None
    return InternalError.of(exc), exc


def _failed(job: Job, exc: Exception) -> Failed:
    return Failed(job.lang, job.fmt, job.target, *_reason(exc))


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())


@contextlib.contextmanager
def warnings_said():
    """The warnings logged inside the block (they are still shown as usual)."""
    recorder = _Recorder()
    log.addHandler(recorder)
    try:
        yield recorder.seen
    finally:
        log.removeHandler(recorder)
