"""The outputs written as jobs of the executor (publish/executor.py): each edition made in
a scratch folder of whichever process runs it, its bytes sent back and written under the
output folder by the building process, atomically."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from publish import writers
from publish.outcomes import Failed, Job, Progress, Result, _failed, warnings_said
from publish.errors import InternalError, OutputError
from publish.model import Book


@dataclass(frozen=True)
class Made:
    """An output made by a job: its file's bytes, its pages, the seconds it took."""

    data: bytes
    pages: int | None
    seconds: float
    beside: tuple[tuple[str, bytes], ...] = ()   # files a writer puts beside it (a cover spread)


class _Renamed(logging.Filter):
    """Warnings said in a job name the output folder, not the job's scratch folder."""

    def __init__(self, scratch: str, real: str) -> None:
        super().__init__()
        self.scratch, self.real = scratch, real

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if self.scratch in text:
            record.msg, record.args = text.replace(self.scratch, self.real), ()
        return True


def make_output(book: Book, fmt: str, name: str, out_dir: str = "") -> Made:
    """The job of one edition: its file written in a scratch folder of the process that
    runs it (any machine), and returned as bytes (with any file written beside it) for the
    building process to write under `out_dir`."""
    import tempfile

    start = time.perf_counter()
    log = logging.getLogger("publish")
    with tempfile.TemporaryDirectory(prefix="publish-") as tmp:
        target = Path(tmp) / name
        renamed = _Renamed(tmp, out_dir.rstrip("/") or tmp)
        log.addFilter(renamed)
        try:
            pages = writers.get_writer(fmt).write(book, target, 1)
        finally:
            log.removeFilter(renamed)
        beside = tuple((p.relative_to(tmp).as_posix(), p.read_bytes())
                       for p in sorted(Path(tmp).rglob("*")) if p.is_file() and p != target)
        return Made(target.read_bytes(), pages, time.perf_counter() - start, beside)


def write_as_jobs(todo: list[tuple[Job, Book]], workers: int,
                  say: Progress) -> tuple[list[Result], list[Failed]]:
    """Each output made by the executor (one job an edition, each in a process of its own
    on the local pool), its bytes written here atomically as it comes back. A job whose
    worker died is that output's failure; the others are written."""
    from publish import executor

    calls = [(make_output, (book, job.fmt, job.target.name, str(job.target.parent)))
             for job, book in todo]
    for job, _ in todo:
        say("started", (job.lang, job.fmt))
    results, failed = [], []
    with warnings_said() as seen:
        for n, outcome in executor.current(workers).run(calls, fresh=True):
            said = len(seen)
            seen.clear()
            _record(todo[n][0], outcome, said, results, failed, say)
    return results, failed


def _record(job: Job, outcome: object, said: int, results: list[Result],
            failed: list[Failed], say: Progress) -> None:
    """A job's outcome: its bytes written (a Result), or its failure."""
    from publish.outputs import write_atomic

    try:
        if not isinstance(outcome, Made):
            raise _died(job, outcome)
        write_atomic(job.target, outcome.data)
        for name, data in outcome.beside:
            write_atomic(job.target.parent / name, data)
    except Exception as exc:  # noqa: BLE001 - the other outputs are still written
        failed.append(_failed(job, exc))
        say("failed", failed[-1])
        return
    results.append(Result(job.target, job.lang, job.fmt, outcome.pages, len(outcome.data),
                          outcome.seconds, warnings=said))
    say("done", results[-1])


def _died(job: Job, exc: object) -> Exception:
    """A job's exception; the one line for a worker that died under it (a crash, memory
    running out), which the pool or the cluster already tried again."""
    if type(exc).__name__ in ("KilledWorker", "BrokenProcessPool"):
        return OutputError(f"the process writing it died ({type(exc).__name__})",
                           path=job.target)
    return exc if isinstance(exc, Exception) else InternalError(str(exc))
