"""The command line: `python -m publish COMMAND`; prints one line per problem, never a traceback.

The build verbs (`epub`, `pdf`, …) come from the writer registry; the other verbs
from publish/commands/. Nothing heavy is imported before a command runs.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from publish import __version__, writers
from publish.commands import NAMES, add_source_arguments
from publish.errors import InternalError, PublishError
from publish.paths import shown

log = logging.getLogger("publish")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="publish",
                                     description="Multilingual Markdown to EPUB 3 and print PDF.")
    parser.add_argument("--version", action="version", version=f"publish {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for writer in writers.registry().values():
        cmd = sub.add_parser(writer.name, help=writer.help, description=writer.help)
        add_source_arguments(cmd)
        cmd.add_argument("-v", "--verbose", action="store_true", help="say more")
        if writer.add_arguments:
            writer.add_arguments(cmd)
        cmd.add_argument("--cluster", metavar="ADDRESS",
                         help="run the jobs (a PDF's parts) on Dask: tcp://HOST:PORT, a "
                              "scheduler .json file, or 'local'")
        if writer.name in ("epub", "pdf"):
            cmd.add_argument("--article", action="append", metavar="SLUG",
                             help="write this article's offprint only (repeatable)")
    for name in NAMES:
        module = _command(name)
        if module is None:
            continue
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(cmd)
        if not any(a.dest == "verbose" for a in cmd._actions):
            cmd.add_argument("-v", "--verbose", action="store_true", help="say more")
    return parser


def _command(name: str):
    try:
        return importlib.import_module(f"publish.commands.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"publish.commands.{name}":
            return None
        raise


class _Printer(logging.Handler):
    """Prints warnings as `warning: ...` lines (and info with -v) on stderr; with `once`, a
    warning said again (by another part or process of the same build) is printed once."""

    def __init__(self, once: bool) -> None:
        super().__init__()
        self.printed: set[str] | None = set() if once else None

    def emit(self, record: logging.LogRecord) -> None:
        line = ("warning: " if record.levelno >= logging.WARNING else "") + record.getMessage()
        if self.printed is not None and record.levelno >= logging.WARNING:
            if line in self.printed:
                return
            self.printed.add(line)
        print(line, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    from publish import enginelog

    args = _parser().parse_args(argv)
    printer = _Printer(once=args.command != "serve")      # serve shows each rebuild's own
    enginelog.route(fresh=True)         # the libraries' log lines become our warnings
    if getattr(args, "strict", False):
        printer.setLevel(logging.ERROR)        # each warning comes back as the error that stops
    log.handlers[:] = [printer]
    log.setLevel(logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
    log.propagate = False
    try:
        if args.command in writers.registry():
            from publish import executor

            with executor.using(args.cluster):
                return _build(args)
        return _command(args.command).run(args)
    except PublishError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("error: interrupted; previous outputs are intact", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug of ours: one line (PUBLISH_TRACEBACK shows it)
        if os.environ.get("PUBLISH_TRACEBACK"):
            raise
        error = InternalError.of(exc)
        print(f"error: {error}", file=sys.stderr)
        return error.code


def _build(args: argparse.Namespace) -> int:
    from publish.build import build_editions
    from publish.commands import languages, load_config, not_built, out_dir

    config = load_config(args)
    asked = getattr(args, "article", None)
    if asked:
        return _offprints(args, config, asked)
    outcome = build_editions(config, (args.command,), languages(args, config),
                             out_dir(args, config), strict=args.strict, force=args.force)
    for result in outcome.results:
        print(shown(result.path))
    if config.offprints.get("build") and not outcome.failed:
        return _offprints(args, config, ())
    return not_built(outcome)


def _offprints(args: argparse.Namespace, config, asked) -> int:
    """The offprints of every language asked for: `asked` articles, or all of them."""
    from publish import offprints
    from publish.commands import languages, out_dir

    for path in offprints.build(config, languages(args, config), out_dir(args, config),
                                (args.command,), asked, args.strict):
        print(shown(path))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
