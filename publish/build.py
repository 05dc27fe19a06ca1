"""The orchestrator every command calls: plan -> load -> write.

`build()` reads as the pipeline does: it plans which outputs are out of date, reads and
renders every language they need (so a bad source anywhere stops the build before any
file is written), then writes each output, in this process or in worker processes.
"""
from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from publish import writers
from publish.cache import BuildCache, fingerprint
from publish.config import Config
from publish.errors import CheckError
from publish.model import Book

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


# Told ("planned", number of outputs to write), then ("started", (lang, fmt)) and ("done", Result).
Progress = Callable[[str, object], None]


def read_book(config: Config, lang: str, memo: BuildCache | None = None) -> Book:
    """Reads and renders every source of one language into the Book (unchecked)."""
    from publish import render, sources, templates

    raws = sources.read(config, lang)
    return render.render_book(config, lang, raws, templates.layout_path(config.root, lang), memo)


def load_book(config: Config, lang: str, *, strict: bool = False,
              memo: BuildCache | None = None) -> Book:
    """The Book of one language, checked.

    A check's error stops here (a CheckError naming the file and line); its warnings
    are logged, and stop the build too when `strict`.
    """
    from publish import checks

    with _warnings() as seen:
        book = read_book(config, lang, memo)
    if strict and seen:
        raise CheckError(f"{seen[0]} (a warning; --strict makes it an error)")
    for message in checks.check_book(book, config.path):
        if message.severity == "error" or (strict and message.code != "metadata"):
            raise CheckError(message.text, path=message.file, line=message.line)
        if message.code != "metadata":
            log.warning("%s", CheckError(message.text, path=message.file, line=message.line))
    return book


def output_path(config: Config, lang: str, fmt: str, out_dir: Path) -> Path:
    return writers.output_path(out_dir, config.slug, lang, writers.get_writer(fmt))


def plan(config: Config, fmts: Iterable[str], langs: Iterable[str], out_dir: Path, *,
         force: bool = False, strict: bool = False) -> list[Job]:
    """The outputs whose files are missing or out of date."""
    cache = BuildCache(out_dir)
    jobs = []
    for lang in langs:
        for fmt in fmts:
            target = output_path(config, lang, fmt, out_dir)
            key = fingerprint(config, lang, writers.get_writer(fmt), strict, out_dir)
            if force or not cache.is_current(target, key):
                jobs.append(Job(lang, fmt, target, key))
            else:
                log.info("%s is up to date", target.name)
    return jobs


def write_output(book: Book, fmt: str, target: Path, jobs: int | None = None) -> Result:
    """Writes one format of a finished Book (the one call every output goes through)."""
    start = time.perf_counter()
    pages = writers.get_writer(fmt).write(book, target, jobs)
    return Result(target, book.metadata.lang, fmt, pages, target.stat().st_size,
                  time.perf_counter() - start)


def write(book: Book, fmt: str, out_dir: Path, jobs: int | None = None) -> Path:
    """Writes one format of a finished Book into `out_dir`, under its usual name; its path."""
    target = writers.output_path(out_dir, book.metadata.slug, book.metadata.lang,
                                 writers.get_writer(fmt))
    return write_output(book, fmt, target, jobs).path


def build(config: Config, fmts: Iterable[str], langs: Iterable[str], out_dir: Path, *,
          strict: bool = False, force: bool = False, jobs: int = 1,
          progress: Progress | None = None, books: Mapping[str, Book] | None = None) -> list[Result]:
    """Builds every requested format of every requested language that is out of date.

    Returns a Result for every requested output, in language then format order (the
    up-to-date ones marked `cached`). `books` are Books already loaded (the preview's).
    """
    fmts, langs = tuple(fmts), tuple(langs)
    cache = BuildCache(out_dir)
    todo = plan(config, fmts, langs, out_dir, force=force, strict=strict)
    with contextlib.ExitStack() as prepared:
        if _here(todo, jobs):
            for job in todo:
                prepare = writers.get_writer(job.fmt).prepare
                if prepare is not None:
                    prepared.enter_context(prepare(job.lang, job.target))
        # Everything first: every book is read and checked before any file is written.
        loaded = dict(books or {})
        for lang in dict.fromkeys(job.lang for job in todo):
            if lang not in loaded:
                loaded[lang] = load_book(config, lang, strict=strict, memo=cache)
        written = {(r.lang, r.fmt): r for r in _write_all(todo, loaded, jobs, progress)}
    for job in todo:
        cache.mark(job.target, job.key, pages=written[(job.lang, job.fmt)].pages)
    return [written.get((lang, fmt)) or _up_to_date(cache, output_path(config, lang, fmt, out_dir),
                                                    lang, fmt)
            for lang in langs for fmt in fmts]


def _up_to_date(cache: BuildCache, path: Path, lang: str, fmt: str) -> Result:
    """A Result for an output the cache found current (its page count as recorded)."""
    return Result(path, lang, fmt, cache.stamp(path).get("pages"), path.stat().st_size, 0.0,
                  cached=True)


def _here(todo: list[Job], workers: int) -> bool:
    """Whether the outputs are written in this process, one after another (else each in
    a worker process of its own)."""
    return workers <= 1 or len(todo) <= 1


def _write_all(todo: list[Job], books: Mapping[str, Book], workers: int,
               progress: Progress | None) -> list[Result]:
    say = progress or (lambda event, value: None)
    say("planned", len(todo))
    if _here(todo, workers):
        results = []
        for job in todo:
            say("started", (job.lang, job.fmt))
            results.append(write_output(books[job.lang], job.fmt, job.target))
            say("done", results[-1])
        return results
    return _write_in_workers(todo, books, workers, say)


def _write_in_workers(todo: list[Job], books: Mapping[str, Book], workers: int,
                      say: Progress) -> list[Result]:
    """Each output in a fresh worker process (spawn, not fork): each holds one book, not
    all, and none carries one PDF's heap into the next. A PDF takes one process there."""
    import multiprocessing
    from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait

    results = []
    with ProcessPoolExecutor(max_workers=min(workers, len(todo)), max_tasks_per_child=1,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(write_output, books[job.lang], job.fmt, job.target, 1): job
                   for job in todo}
        for job in futures.values():
            say("started", (job.lang, job.fmt))
        pending = set(futures)
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in finished:
                    results.append(future.result())       # re-raises a worker's error
                    say("done", results[-1])
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    return results


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())


@contextlib.contextmanager
def _warnings():
    """The warnings logged inside the block (they are still shown as usual)."""
    recorder = _Recorder()
    log.addHandler(recorder)
    try:
        yield recorder.seen
    finally:
        log.removeHandler(recorder)
