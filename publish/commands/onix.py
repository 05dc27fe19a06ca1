"""`publish onix`: an ONIX 3.0 message for distributors, one product per edition and format."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "write an ONIX 3.0 message (one product per edition and format) for distributors"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from publish import projects

    projects.add_arguments(parser)
    parser.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="where to write it (default: <project>/build/<slug>.onix.xml; "
                             "'-' for standard output)")
    parser.add_argument("--lang", action="append", metavar="CODE",
                        help="only these languages (repeatable or comma list; default: all)")
    parser.add_argument("--format", action="append", choices=("epub", "print"), dest="formats",
                        help="only this product form (repeatable; default: epub and print)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def run(args: argparse.Namespace) -> int:
    from publish import config as config_mod, onix
    from publish.outputs import write_atomic
    from publish.projects import folders

    configs = [config_mod.load(folder, strict=args.strict)
               for folder in folders(args.projects, args.catalog)]
    asked = {c.strip() for value in (args.lang or []) for c in value.split(",") if c.strip()}
    data = onix.message(configs, asked, tuple(dict.fromkeys(args.formats or onix.FORMATS)))
    if str(args.out) == "-":
        sys.stdout.buffer.write(data)
        return 0
    target = args.out or (configs[0].root / "build" / f"{configs[0].slug}.onix.xml")
    write_atomic(target, data)
    print(target)
    return 0
