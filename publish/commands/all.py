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


def run(args: argparse.Namespace) -> int:
    from publish.build import build_editions

    config = load_config(args)
    fmts = tuple(args.formats or writers.names())
    progress = _Progress()
    try:
        outcome = build_editions(config, fmts, languages(args, config), out_dir(args, config),
                                 strict=args.strict, force=args.force, jobs=max(1, args.jobs),
                                 progress=progress)
    finally:
        progress.close()
    if outcome.results:
        _summary(outcome.results)
    return not_built(outcome)


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
