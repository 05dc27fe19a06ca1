"""`publish catalog`: a static OPDS 1.2 and OPDS 2.0 catalog with an HTML shelf, for any web host."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "write a static catalog (OPDS 1.2, OPDS 2.0 and an HTML shelf) of one or more projects"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from publish.catalog import FORMATS

    from publish import projects

    projects.add_arguments(parser)
    parser.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                        help="the catalog's folder (default: site)")
    parser.add_argument("--no-build", action="store_true",
                        help="list the files already in each project's build/ (default: build "
                             "what is missing or out of date first)")
    parser.add_argument("--format", action="append", choices=FORMATS, dest="formats",
                        help="only this format (repeatable; default: epub, kepub and pdf)")
    parser.add_argument("--title", default="", help="the catalog's title (default: the book's "
                                                    "title for one project, else 'Catalog')")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def run(args: argparse.Namespace) -> int:
    from publish.catalog import FORMATS
    from publish.catalog.static import write_catalog
    from publish.commands import not_built
    from publish.projects import folders

    catalog, written, failed = write_catalog(
        folders(args.projects, args.catalog), args.out, title=args.title, build=not args.no_build,
        fmts=tuple(dict.fromkeys(args.formats or FORMATS)), strict=args.strict)
    print(f"{args.out}: {len(catalog.entries)} editions, {written} files written",
          file=sys.stderr)
    print(args.out / "index.html")
    if failed:
        return not_built(_Outcome(failed))
    return 0


class _Outcome:
    """What `not_built` reads: the editions the build could not make (left out)."""

    def __init__(self, failed: list) -> None:
        self.failed, self.results = failed, [True]
