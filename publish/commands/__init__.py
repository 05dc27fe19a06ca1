"""One module per CLI verb beyond the build verbs (which come from the writer registry), as MkDocs does.

Each module has HELP (one line), `add_arguments(parser)` and `run(args) -> int`.
Modules keep their heavy imports inside `run`, so `publish --help` stays fast.
"""
from __future__ import annotations

import argparse
from pathlib import Path

NAMES = ("all", "check", "status", "translate", "serve", "send", "init", "bench", "onix",
         "catalog")


def add_source_arguments(parser: argparse.ArgumentParser, *, out: bool = True) -> None:
    """--source, --lang, --strict (and --out): the options every book command shares."""
    parser.add_argument("--lang", action="append", metavar="CODE",
                        help="language (repeatable or comma list; default: all)")
    parser.add_argument("--source", type=Path, default=Path("."), metavar="DIR",
                        help="project folder holding source/book.toml (default: .)")
    if out:
        parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                            help="output folder (default: <project>/build)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--fetch-remote", action="store_true",
                        help="download remote images (10 s timeout, 5 MB cap); off: alt text stands in")
    if out:
        parser.add_argument("--force", action="store_true",
                            help="rebuild even what is up to date (ignore the build cache)")


def load_config(args: argparse.Namespace):
    """The validated config with the command line's overrides applied (validated once, with it)."""
    from publish import config as config_mod

    overrides = config_mod.Overrides(variant=getattr(args, "variant", None),
                                     press=getattr(args, "press", False),
                                     fetch_remote=getattr(args, "fetch_remote", False))
    return config_mod.load(args.source, strict=args.strict, overrides=overrides)


def languages(args: argparse.Namespace, config) -> tuple[str, ...]:
    """The languages asked for with --lang, checked against the book's."""
    from publish.errors import ConfigError
    from publish.languages import get_language

    asked = tuple(code.strip() for value in (args.lang or []) for code in value.split(",")
                  if code.strip())
    for code in asked:
        get_language(code, config.root, key="--lang")
        if code not in config.languages:
            raise ConfigError(f"language '{code}' is not in this book "
                              f"(it has: {', '.join(config.languages)})", key="--lang")
    return asked or config.languages


def out_dir(args: argparse.Namespace, config) -> Path:
    return getattr(args, "out", None) or (config.root / "build")


def not_built(outcome) -> int:
    """Lists each output a build could not make, at the end, one line per reason (naming the
    files when others were made); the exit code: the first failure's, else 0."""
    import sys

    reasons: dict[int, tuple[object, list[str]]] = {}
    for failed in outcome.failed:
        reasons.setdefault(id(failed.error), (failed.error, []))[1].append(failed.target.name)
    for error, names in reasons.values():
        tail = f" (not built: {', '.join(names)})" if outcome.results else ""
        print(f"error: {error}{tail}", file=sys.stderr)
    return outcome.failed[0].error.code if outcome.failed else 0
