"""`publish all`: every format of every language, in parallel, with progress and a summary."""
from __future__ import annotations

import argparse
import os
import sys

from publish import writers
from publish.commands import add_source_arguments, languages, load_config, not_built, out_dir

HELP = "build every format (EPUB, KEPUB and PDF) for every language, in parallel"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_source_arguments(parser)
    for writer in writers.registry().values():
        if writer.add_arguments:
            writer.add_arguments(parser)
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="parallel processes (default: the machine's cores)")
    parser.add_argument("--format", action="append", choices=writers.names(), dest="formats",
                        help="only this format (repeatable; default: every one)")
    parser.add_argument("--for", dest="stores", action="append", metavar="STORES",
                        help="also write what these stores want beside each EPUB, in <out>/<store>/: "
                             "apple, google, kobo, kdp, d2d, ingram (comma list; docs/stores.md)")


def run(args: argparse.Namespace) -> int:
    from publish import stores as store_data
    from publish.build import build_editions

    wanted = store_data.select(args.stores) if args.stores else ()
    config = load_config(args)
    fmts = tuple(args.formats or writers.names())
    if wanted and "epub" not in fmts:
        fmts = ("epub",) + fmts             # the stores' files are made from the EPUB
    progress = _Progress()
    try:
        outcome = build_editions(config, fmts, languages(args, config), out_dir(args, config),
                                 strict=args.strict, force=args.force, jobs=max(1, args.jobs),
                                 progress=progress)
    finally:
        progress.close()
    if outcome.results:
        _summary(outcome.results)
    for path in _store_files(wanted, outcome.results, config, out_dir(args, config)):
        print(path)
    if config.offprints.get("build") and not outcome.failed:
        from publish import offprints

        for path in offprints.build(config, languages(args, config), out_dir(args, config),
                                    fmts, (), args.strict):
            print(path)
    return not_built(outcome)


def _store_files(wanted, results, config, out):
    """Each store's files beside each EPUB built (docs/stores.md)."""
    from publish import storefiles
    from publish.paths import shown

    for result in (r for r in results if r.fmt == "epub" and wanted):   # none when no --for
        drawn = _drawn_cover(config, result.lang, out)
        for store in wanted:
            for path in storefiles.write(store, result.path, config.edition(result.lang),
                                         config.path, drawn):
                yield shown(path)


def _drawn_cover(config, lang: str, out):
    """publish's own cover of an edition at full size, drawn only when asked for."""
    from functools import lru_cache

    @lru_cache(maxsize=1)
    def draw() -> bytes:
        from publish.build import read_book
        from publish.cache import BuildCache
        from publish.cover import make_cover

        book = read_book(config, lang, BuildCache(out))
        return make_cover(book.metadata, book.language)
    return draw


class _Progress:
    """The build's progress: a live rich bar on a terminal; plain lines otherwise."""

    def __init__(self) -> None:
        self.live = None
        self.task = None

    def __call__(self, event: str, value) -> None:
        if event == "planned" and sys.stderr.isatty() and value:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
            self.live = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), transient=True)
            self.task = self.live.add_task("books", total=value)
            self.live.start()
        elif event == "started" and self.live is None:
            print(f"building {value[0]} {value[1]}", file=sys.stderr)
        elif event in ("done", "failed") and self.live is not None:
            self.live.advance(self.task)
        elif event == "done":
            print(f"built {value.path.name} in {value.seconds:.1f} s", file=sys.stderr)
        elif event == "failed":
            print(f"failed {value.target.name} (listed at the end)", file=sys.stderr)

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()


def _summary(results) -> None:
    """The closing table: a rich table on a terminal, plain aligned columns otherwise."""
    from publish.paths import shown

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
