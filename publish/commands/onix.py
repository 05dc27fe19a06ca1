"""`publish onix`: an ONIX 3.0 message for distributors, one product per edition and format."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "write an ONIX 3.0 message (one product per edition and format) for distributors"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("projects", nargs="*", type=Path, metavar="DIR",
                        help="project folders (default: .)")
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

    configs = [config_mod.load(folder, strict=args.strict) for folder in args.projects or [Path(".")]]
    fmts = tuple(dict.fromkeys(args.formats or onix.FORMATS))
    asked = {c.strip() for value in (args.lang or []) for c in value.split(",") if c.strip()}
    found = []
    for config in configs:
        onix.check_config(config)
        found += onix.products(config, editions_metadata(config, asked), fmts,
                               print_pages(config, config.root / "build"))
    data = onix.write_message(configs, found)
    if str(args.out) == "-":
        sys.stdout.buffer.write(data)
        return 0
    target = args.out or (configs[0].root / "build" / f"{configs[0].slug}.onix.xml")
    write_atomic(target, data)
    print(target)
    return 0


def editions_metadata(config, langs: set[str] = frozenset()) -> list:
    """Each edition's Metadata, from the config alone (no chapter is read)."""
    from publish.render.metadata import read_metadata

    return [read_metadata(config, edition, lambda bio: "") for edition in config.editions
            if not langs or edition.code in langs]


def print_pages(config, out: Path) -> dict[str, int]:
    """The print PDF's page count per language, where the build has recorded one."""
    from publish import writers
    from publish.cache import BuildCache

    cache, pages = BuildCache(out), {}
    for lang in config.languages:
        target = writers.output_path(out, config.slug, lang, writers.get_writer("pdf"))
        count = cache.stamp(target).get("pages")
        if isinstance(count, int) and target.is_file():
            pages[lang] = count
    return pages
