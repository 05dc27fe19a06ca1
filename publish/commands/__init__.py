"""One module per CLI verb beyond `epub` and `pdf`, as MkDocs does.

Each module has HELP (one line), `add_arguments(parser)` and `run(args) -> int`.
Modules keep their heavy imports inside `run`, so `publish --help` stays fast.
"""
from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

NAMES = ("all", "check", "serve", "send", "init", "bench")


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


def add_print_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--variant", metavar="NAME",
                        help="PDF variant, e.g. pdf/ua-1 (default), pdf/a-3b, pdf/x-4, none")
    parser.add_argument("--press", action="store_true",
                        help="add 3 mm bleed and crop marks for the printer")


def load_config(args: argparse.Namespace):
    """The validated config with the command line's print overrides applied."""
    from .. import config as config_mod

    config = config_mod.load(args.source, strict=args.strict)
    if getattr(args, "fetch_remote", False):
        config = replace(config, fetch_remote=True)
    variant, press = getattr(args, "variant", None), getattr(args, "press", False)
    if variant or press:
        table = {**config.values.get("print", {}), **({"variant": variant} if variant else {}),
                 **({"press": True} if press else {})}
        config = replace(config, print=config_mod.validate(
            {**config.values, "print": table}, config.path, strict=args.strict).print)
    return config


def languages(args: argparse.Namespace, config) -> tuple[str, ...]:
    """The languages asked for with --lang, checked against the book's."""
    from ..errors import ConfigError
    from ..languages import get_language

    asked = tuple(code.strip() for value in (args.lang or []) for code in value.split(",")
                  if code.strip())
    for code in asked:
        get_language(code, key="--lang")
        if code not in config.languages:
            raise ConfigError(f"language '{code}' is not in this book "
                              f"(it has: {', '.join(config.languages)})", key="--lang")
    return asked or config.languages


def out_dir(args: argparse.Namespace, config) -> Path:
    return getattr(args, "out", None) or (config.root / "build")
