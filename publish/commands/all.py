"""`publish all`: every format of every language, in parallel, with progress and a summary."""
from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from . import add_print_arguments, add_source_arguments, languages, load_config, out_dir

HELP = "build every format (EPUB and PDF) for every language, in parallel"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_source_arguments(parser)
    add_print_arguments(parser)
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="parallel processes (default: the machine's cores)")
    parser.add_argument("--format", action="append", choices=("epub", "pdf"), dest="formats",
                        help="only this format (repeatable; default: both)")


@dataclass(frozen=True)
class Result:
    path: Path
    lang: str
    fmt: str
    pages: int | None
    size: int
    seconds: float
    cached: bool = False


def run(args: argparse.Namespace) -> int:
    from ..build import load_book, output_path, plan
    from ..cache import BuildCache

    config = load_config(args)
    fmts = tuple(args.formats or ("epub", "pdf"))
    langs = languages(args, config)
    out = out_dir(args, config)
    cache = BuildCache(out)
    todo = plan(config, fmts, langs, out, force=args.force)
    keys = {(lang, fmt): key for lang, fmt, key in todo}
    # Read and render every language first: a bad source stops everything before any write.
    books = {lang: load_book(config, lang, strict=args.strict, memo=cache)
             for lang in dict.fromkeys(lang for lang, _, _ in todo)}
    results = _run_jobs([(books[lang], fmt) for lang, fmt, _ in todo], out, max(1, args.jobs))
    for r in results:
        cache.mark(r.path, keys[(r.lang, r.fmt)], pages=r.pages)
    done = {(r.lang, r.fmt): r for r in results}
    _summary([done.get((lang, fmt)) or _current(cache, output_path(config, lang, fmt, out), lang, fmt)
              for lang in langs for fmt in fmts])
    return 0


def _current(cache, path: Path, lang: str, fmt: str) -> Result:
    """A row for an output the cache found up to date (its page count as recorded)."""
    return Result(path, lang, fmt, cache.stamp(path).get("pages"), path.stat().st_size, 0.0,
                  cached=True)


def build_one(book, fmt: str, out: Path, parts: int | None = None) -> Result:
    """One output; runs in a worker process (a PDF in one part when others run beside it)."""
    from ..build import write_counted

    start = time.perf_counter()
    path, pages = write_counted(book, fmt, out, parts)
    seconds = time.perf_counter() - start
    return Result(path, book.metadata.lang, fmt, pages, path.stat().st_size, seconds)


def _run_jobs(jobs, out: Path, workers: int) -> list[Result]:
    if not jobs:
        return []
    progress = _Progress(len(jobs))
    if workers == 1 or len(jobs) == 1:
        results = []
        for book, fmt in jobs:
            progress.started(book.metadata.lang, fmt)
            results.append(build_one(book, fmt, out))
            progress.done(results[-1])
        progress.close()
        return results
    # Fresh worker processes (spawn), not copies of this one: each holds one book, not all,
    # and a new one per output, so no process carries one PDF's heap into the next.
    import multiprocessing
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), max_tasks_per_child=1,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(build_one, book, fmt, out, 1): (book.metadata.lang, fmt)
                   for book, fmt in jobs}
        for lang, fmt in futures.values():
            progress.started(lang, fmt)
        pending = set(futures)
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in finished:
                    progress.done(future.result())       # re-raises a worker's error
        except BaseException:
            for future in pending:
                future.cancel()
            raise
        finally:
            progress.close()
    order = {(b.metadata.lang, f): n for n, (b, f) in enumerate(jobs)}
    return sorted(progress.results, key=lambda r: order[(r.lang, r.fmt)])


class _Progress:
    """A live rich progress bar on a terminal; plain lines otherwise."""

    def __init__(self, total: int) -> None:
        self.results: list[Result] = []
        self.live = None
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
            self.live = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), transient=True)
            self.task = self.live.add_task("books", total=total)
            self.live.start()

    def started(self, lang: str, fmt: str) -> None:
        if self.live is None:
            print(f"building {lang} {fmt}", file=sys.stderr)

    def done(self, result: Result) -> None:
        self.results.append(result)
        if self.live is not None:
            self.live.advance(self.task)
        else:
            print(f"built {result.path.name} in {result.seconds:.1f} s", file=sys.stderr)

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()


def _summary(results: list[Result]) -> None:
    """The closing table: a rich table on a terminal, plain aligned columns otherwise."""
    from ..cli import shown

    header = ("file", "language", "format", "pages / size", "seconds")
    rows = [(shown(r.path), r.lang, r.fmt,
             f"{r.pages} pages" if r.pages is not None else f"{r.size / 1024:.0f} KiB",
             "up to date" if r.cached else f"{r.seconds:.1f}") for r in results]
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table
        table = Table(*header)
        for row in rows:
            table.add_row(*row)
        Console().print(table)
        return
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        cells = [c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        print("  ".join(cells).rstrip())
