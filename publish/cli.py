"""The command line: `python -m publish epub|pdf|all`; prints one line per problem, never a traceback."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from . import __version__
from .errors import PublishError

log = logging.getLogger("publish")


def _langs(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="publish", description=__doc__.split(";")[0])
    parser.add_argument("--version", action="version", version=f"publish {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in (("epub", "build EPUB 3 books"), ("pdf", "build print PDFs"),
                            ("all", "build every format")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("--lang", action="append", metavar="CODE",
                         help="language to build (repeatable or comma list; default: all)")
        cmd.add_argument("--source", type=Path, default=Path("."), metavar="DIR",
                         help="project folder holding source/book.toml (default: .)")
        cmd.add_argument("--out", type=Path, default=None, metavar="DIR",
                         help="output folder (default: <project>/build)")
        cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
        cmd.add_argument("-v", "--verbose", action="store_true", help="say more")
        if name in ("pdf", "all"):
            cmd.add_argument("--variant", metavar="NAME",
                             help="PDF variant, e.g. pdf/ua-1 (default), pdf/a-3b, pdf/x-4, none")
            cmd.add_argument("--press", action="store_true",
                             help="add 3 mm bleed and crop marks for the printer")
    return parser


class _Counter(logging.Handler):
    """Prints warnings as `warning: ...` lines and counts them for --strict."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.warnings += 1
            print(f"warning: {record.getMessage()}", file=sys.stderr)
        else:
            print(record.getMessage(), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = _Counter()
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO if args.verbose else logging.WARNING)
    log.propagate = False
    try:
        return _run(args)
    except PublishError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("error: interrupted; previous outputs are intact", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from . import config as config_mod
    from .build import build
    from .languages import get_language

    config = config_mod.load(args.source, strict=args.strict)
    langs = _langs(args.lang) or config.languages
    for code in langs:
        get_language(code, key="--lang")
        if code not in config.languages:
            raise config_mod.ConfigError(f"language '{code}' is not in this book "
                                         f"(it has: {', '.join(config.languages)})", key="--lang")
    if getattr(args, "variant", None) or getattr(args, "press", False):
        options = config_mod.validate(
            {**config.values, "print": {**config.values.get("print", {}),
                                        **({"variant": args.variant} if args.variant else {}),
                                        **({"press": True} if args.press else {})}},
            config.path, strict=args.strict)
        config = replace(config, print=options.print)
    fmts = ("epub", "pdf") if args.command == "all" else (args.command,)
    out = args.out or (config.root / "build")
    for path in build(config, fmts, langs, out):
        print(_shown(path))
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
