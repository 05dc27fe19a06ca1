"""`publish all`: every format of every language, in parallel, with progress and a summary;
of one project, of several (`publish all DIR...`) or of a catalog (`--catalog FILE`)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

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
    from publish import projects

    projects.add_arguments(parser, default="--source")
    parser.add_argument("--cluster", metavar="ADDRESS",
                        help="run the jobs on Dask: tcp://HOST:PORT, a scheduler .json file, "
                             "or 'local' (default: DASK_SCHEDULER_ADDRESS if set)")
    parser.add_argument("--json", action="store_true",
                        help="print the final table as JSON")


def run(args: argparse.Namespace) -> int:
    from publish import executor

    with executor.using(args.cluster, max(1, args.jobs)):
        if args.projects or args.catalog:
            return _many(args)
        return _one(args)


def _one(args: argparse.Namespace) -> int:
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
    if args.json:
        _json([{"project": config.slug, "edition": r.lang, "format": r.fmt, "file": str(r.path),
                "pages": r.pages, "size": r.size, "seconds": round(r.seconds, 2),
                "warnings": r.warnings, "status": "up to date" if r.cached else "built"}
               for r in outcome.results])
    elif outcome.results:
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


def _many(args: argparse.Namespace) -> int:
    """Several projects, or a catalog's: one progress display, one table, the refused listed."""
    from publish import projects
    from publish.many import build_all

    listed = projects.named(args.projects)
    if args.catalog:
        listed += projects.read(args.catalog)
    if args.formats:
        from dataclasses import replace
        listed = [replace(p, formats=tuple(args.formats)) for p in listed]
    progress = _Progress()
    try:
        rows = build_all(listed, args.out, strict=args.strict, force=args.force,
                         jobs=max(1, args.jobs), progress=progress)
    finally:
        progress.close()
    if args.json:
        from dataclasses import asdict
        _json([{k: v for k, v in asdict(row).items() if k != "code"} for row in rows])
    else:
        _table(rows)
    refused = [row for row in rows if row.status == "refused"]
    reasons: dict[str, list[str]] = {}
    for row in refused:
        reasons.setdefault(row.error, []).extend([Path(row.file).name] if row.file else [])
    for error, names in reasons.items():
        print(f"error: {error}" + (f" (not built: {', '.join(names)})" if names else ""),
              file=sys.stderr)
    return refused[0].code if refused else 0


def _json(rows: list[dict]) -> None:
    import json

    print(json.dumps(rows, ensure_ascii=False, indent=1))


def _table(rows) -> None:
    """The catalog's table, one row an output (a refused project: one row)."""
    header = ("project", "edition", "format", "pages / size", "seconds", "warnings", "")
    cells = [(r.project, r.edition, r.format,
              f"{r.pages} pages" if r.pages is not None else
              f"{r.size / 1024:.0f} KiB" if r.size is not None else "-",
              "up to date" if r.status == "up to date" else
              "-" if r.status == "refused" else f"{r.seconds:.1f}",
              str(r.warnings), "REFUSED" if r.status == "refused" else "") for r in rows]
    widths = [max(len(row[i]) for row in (header, *cells)) for i in range(len(header))]
    for row in (header, *cells):
        print("  ".join(c.ljust(w) if i < 3 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths))).rstrip())
