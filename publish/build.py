"""The orchestrator every command calls: plan -> load -> write.

`build()` reads as the pipeline does: it plans which outputs are out of date, reads and
renders every language they need (every readable one before any file is written), then
writes each output, in this process or in worker processes. An edition that is refused,
or whose writer fails, stays out; the others are written (`build_editions` reports each).
"""
from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from publish import writers
from publish.cache import BuildCache, fingerprint
from publish.config import Config
from publish.errors import CheckError, InternalError, PublishError
from publish.model import Book
from publish.outcomes import (  # noqa: F401 - the build's types, imported from here too
    Failed, Job, Progress, Result, _failed, _reason, warnings_said)

log = logging.getLogger("publish")


def read_book(config: Config, lang: str, memo: BuildCache | None = None, *,
              print_html: bool = True) -> Book:
    """Reads and renders every source of one language into the Book (unchecked); without
    `print_html`, its chapters have no print HTML (a build writing no PDF)."""
    from publish import missing, render, sources, templates

    raws = missing.fill(config, config.edition(lang), sources.read(config, lang))
    return render.render_book(config, lang, raws, templates.layout_path(config.root, lang), memo,
                              print_html=print_html)


def load_book(config: Config, lang: str, *, strict: bool = False,
              memo: BuildCache | None = None, print_html: bool = True) -> Book:
    """The Book of one language, checked.

    A check's error stops here (a CheckError naming the file and line); its warnings
    are logged, and stop the build too when `strict`.
    """
    from publish import checks

    with warnings_said() as seen:
        book = read_book(config, lang, memo, print_html=print_html)
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
         force: bool = False, strict: bool = False, keys: dict | None = None) -> list[Job]:
    """The outputs whose files are missing or out of date (`keys` keeps the fingerprints
    computed, by (lang, format))."""
    cache = BuildCache(out_dir)
    keys = {} if keys is None else keys
    jobs = []
    for lang in langs:
        for fmt in fmts:
            target = output_path(config, lang, fmt, out_dir)
            key = output_key(config, lang, fmt, strict, out_dir, keys)
            if force or not cache.is_current(target, key):
                jobs.append(Job(lang, fmt, target, key))
            else:
                log.info("%s is up to date", target.name)
    return jobs


def output_key(config: Config, lang: str, fmt: str, strict: bool, out_dir: Path,
               keys: dict) -> str:
    """An output's fingerprint. A format made from another's file (a KEPUB) is made from
    exactly what that file is: its key is that file's, with its own name."""
    if (lang, fmt) not in keys:
        writer = writers.get_writer(fmt)
        if writer.made_from:
            source = output_key(config, lang, writer.made_from, strict, out_dir, keys)
            keys[(lang, fmt)] = hashlib.sha256(f"{fmt}|{source}".encode()).hexdigest()
        else:
            keys[(lang, fmt)] = fingerprint(config, lang, writer, strict, out_dir)
    return keys[(lang, fmt)]


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


@dataclass(frozen=True)
class Outcome:
    """What a build made: the outputs written or up to date, and those it could not write."""

    results: list[Result]
    failed: list[Failed]


def build(config: Config, fmts: Iterable[str], langs: Iterable[str], out_dir: Path, *,
          strict: bool = False, force: bool = False, jobs: int = 1,
          progress: Progress | None = None, books: Mapping[str, Book] | None = None) -> list[Result]:
    """Builds every requested format of every requested language that is out of date.

    Returns a Result for every requested output, in language then format order (the
    up-to-date ones marked `cached`). `books` are Books already loaded (the preview's).
    An output that cannot be made raises its error, once every other one is written
    (build_editions gives them all instead).
    """
    outcome = build_editions(config, fmts, langs, out_dir, strict=strict, force=force, jobs=jobs,
                             progress=progress, books=books)
    if outcome.failed:
        first = outcome.failed[0]
        raise first.cause or first.error
    return outcome.results


def build_editions(config: Config, fmts: Iterable[str], langs: Iterable[str], out_dir: Path, *,
                   strict: bool = False, force: bool = False, jobs: int = 1,
                   progress: Progress | None = None,
                   books: Mapping[str, Book] | None = None) -> Outcome:
    """As `build`, going on past an edition that cannot be made (as `make -k` does).

    Every readable edition is read and checked before any file is written; an edition
    refused while read (or whose writer fails) is a Failed record, and the others are
    written as usual.
    """
    edition = Editions.read(config, fmts, langs, out_dir, strict=strict, force=force, books=books)
    results, broken = _write_all(edition.ready, edition.books, jobs, progress,
                                 also=len(edition.derived))
    return edition.finish(results, broken, progress)


@dataclass
class Editions:
    """One project's outputs, planned and read: those to write from a Book (`ready`), those
    made from another output's file (`derived`), the languages refused; `finish` records
    what was written (the build cache) and makes the derived ones."""

    config: Config
    fmts: tuple[str, ...]
    langs: tuple[str, ...]
    out_dir: Path
    todo: list[Job]
    derived: list[Job]
    books: dict[str, Book]
    refused: dict[str, tuple[PublishError, BaseException | None]]

    @classmethod
    def read(cls, config: Config, fmts: Iterable[str], langs: Iterable[str], out_dir: Path, *,
             strict: bool = False, force: bool = False,
             books: Mapping[str, Book] | None = None) -> Editions:
        fmts, langs = tuple(fmts), tuple(langs)
        cache = BuildCache(out_dir)
        keys: dict[tuple[str, str], str] = {}
        todo = plan(config, fmts, langs, out_dir, force=force, strict=strict, keys=keys)
        derived = _derivable(config, todo, out_dir, strict, cache, keys)
        from_books = [job for job in todo if job not in derived]
        kept = _kept_refusals(cache, from_books)
        loaded, refused = _load_all(config, [job for job in from_books if job.lang not in kept],
                                    books, strict, cache)
        _keep_refusals(cache, from_books, {**refused, **kept})
        return cls(config, fmts, langs, out_dir, todo, derived, loaded, {**refused, **kept})

    @property
    def ready(self) -> list[Job]:
        """The outputs to write from a Book read."""
        return [job for job in self.todo if job not in self.derived and job.lang in self.books]

    def finish(self, results: list[Result], broken: list[Failed],
               progress: Progress | None) -> Outcome:
        """The derived outputs made, the cache stamped, every requested output accounted for."""
        cache = BuildCache(self.out_dir)
        more, more_broken = _derive_all(self.config, self.derived, self.out_dir, broken,
                                        self.refused, progress)
        written = {(r.lang, r.fmt): r for r in results + more}
        failed = {(f.lang, f.fmt): f for f in broken + more_broken}
        for job in self.todo:
            if (job.lang, job.fmt) in written:
                cache.mark(job.target, job.key, pages=written[(job.lang, job.fmt)].pages)
            elif job.lang in self.refused:
                error, cause = self.refused[job.lang]
                failed[(job.lang, job.fmt)] = Failed(job.lang, job.fmt, job.target, error, cause)
        pairs = [(lang, fmt) for lang in self.langs for fmt in self.fmts]
        return Outcome(
            [written.get(pair) or _up_to_date(
                cache, output_path(self.config, *pair, self.out_dir), *pair)
             for pair in pairs if pair not in failed],
            [failed[pair] for pair in pairs if pair in failed])


def _derivable(config: Config, todo: list[Job], out_dir: Path, strict: bool,
               cache: BuildCache, keys: dict) -> list[Job]:
    """The outputs made from another format's file (a KEPUB from the EPUB) that this build
    writes too, or that is up to date: those need no Book."""
    planned = {(job.lang, job.fmt) for job in todo}
    found = []
    for job in todo:
        source = writers.get_writer(job.fmt).made_from
        if source and ((job.lang, source) in planned or cache.is_current(
                output_path(config, job.lang, source, out_dir),
                output_key(config, job.lang, source, strict, out_dir, keys))):
            found.append(job)
    return found


def _derive_all(config: Config, derived: list[Job], out_dir: Path, broken: list[Failed],
                refused: Mapping[str, object], progress: Progress | None
                ) -> tuple[list[Result], list[Failed]]:
    """Each derived output made from its source's file, once that is written; one whose
    source failed fails with it (and one whose language was refused is left to the caller)."""
    say = progress or (lambda event, value: None)
    sources = {(f.lang, f.fmt): f for f in broken}
    results, failed = [], []
    for job in derived:
        writer = writers.get_writer(job.fmt)
        if job.lang in refused:
            continue
        if (job.lang, writer.made_from) in sources:
            source = sources[(job.lang, writer.made_from)]
            failed.append(Failed(job.lang, job.fmt, job.target, source.error, source.cause))
            say("failed", failed[-1])
            continue
        say("started", (job.lang, job.fmt))
        start = time.perf_counter()
        try:
            writer.derive(output_path(config, job.lang, writer.made_from, out_dir), job.target)
        except Exception as exc:  # noqa: BLE001 - the other outputs are still written
            failed.append(_failed(job, exc))
            say("failed", failed[-1])
            continue
        results.append(Result(job.target, job.lang, job.fmt, None, job.target.stat().st_size,
                              time.perf_counter() - start))
        say("done", results[-1])
    return results, failed


def _load_all(config: Config, todo: list[Job], books: Mapping[str, Book] | None, strict: bool,
              cache: BuildCache) -> tuple[dict[str, Book], dict[str, tuple[PublishError,
                                                                          BaseException | None]]]:
    """Every language the outputs need, read and checked: the Books, and the error of each
    language that could not be read."""
    loaded = dict(books or {})
    refused = {}
    for lang in dict.fromkeys(job.lang for job in todo):
        if lang in loaded:
            continue
        printed = any(writers.get_writer(job.fmt).print_html for job in todo if job.lang == lang)
        try:
            loaded[lang] = load_book(config, lang, strict=strict, memo=cache, print_html=printed)
        except Exception as exc:  # noqa: BLE001 - one edition's fault stays in that edition
            refused[lang] = _reason(exc)
    return loaded, refused


def _refusal_key(jobs: list[Job], lang: str) -> str:
    """What a language's refusal is kept under: the keys of the outputs it refused."""
    return hashlib.sha256("|".join(sorted(j.key for j in jobs if j.lang == lang)).encode()
                          ).hexdigest() + ".json"


def _kept_refusals(cache: BuildCache, jobs: list[Job]) -> dict[str, tuple]:
    """The languages refused before from the very same inputs (their outputs' keys): the
    same refusal, without reading them again (an unchanged catalog rebuilds at once)."""
    import json

    from publish import errors

    kept = {}
    for lang in dict.fromkeys(job.lang for job in jobs):
        data = cache.get("refused", _refusal_key(jobs, lang))
        if data:
            said = json.loads(data)
            kind = getattr(errors, said["kind"], PublishError)
            kept[lang] = (kind(said["message"], path=said["path"], line=said["line"],
                               key=said["key"]), None)
    return kept


def _keep_refusals(cache: BuildCache, jobs: list[Job], refused: dict[str, tuple]) -> None:
    """Keeps each refusal of a user's making (not a bug's) under its inputs' keys."""
    import json

    for lang, (error, cause) in refused.items():
        if cause is None and not isinstance(error, InternalError):
            cache.put("refused", _refusal_key(jobs, lang), json.dumps(
                {"kind": type(error).__name__, "message": error.message, "key": error.key,
                 "path": str(error.path) if error.path else None, "line": error.line}).encode())


def _up_to_date(cache: BuildCache, path: Path, lang: str, fmt: str) -> Result:
    """A Result for an output the cache found current (its page count as recorded)."""
    return Result(path, lang, fmt, cache.stamp(path).get("pages"), path.stat().st_size, 0.0,
                  cached=True)


def here(workers: int) -> bool:
    """Whether outputs are written in this process (else each as a job of its own): with
    `workers` 1 and no cluster chosen."""
    from publish import executor

    return isinstance(executor.current(workers), executor.Inline)


def _write_all(todo: list[Job], books: Mapping[str, Book], workers: int,
               progress: Progress | None, also: int = 0) -> tuple[list[Result], list[Failed]]:
    """Each output written: the Results, and a Failed for each writer that failed (`also`:
    the outputs derived afterwards, counted in the plan announced)."""
    say = progress or (lambda event, value: None)
    say("planned", len(todo) + also)
    pairs = [(job, books[job.lang]) for job in todo]
    if len(todo) <= 1 or here(workers):
        return write_here(pairs, say)
    from publish.jobs import write_as_jobs

    return write_as_jobs(pairs, workers, say)


def write_here(todo: list[tuple[Job, Book]], say: Progress) -> tuple[list[Result], list[Failed]]:
    """Each output written in this process, one after another (a PDF's parts still go to
    the executor)."""
    from dataclasses import replace

    results, failed = [], []
    for job, book in todo:
        say("started", (job.lang, job.fmt))
        try:
            with warnings_said() as seen:
                written = write_output(book, job.fmt, job.target)
            results.append(replace(written, warnings=len(seen)))
        except Exception as exc:  # noqa: BLE001 - the other outputs are still written
            failed.append(_failed(job, exc))
            say("failed", failed[-1])
            continue
        say("done", results[-1])
    return results, failed
