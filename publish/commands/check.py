"""`publish check`: EPUBCheck and our own lint on the sources and the built books."""
from __future__ import annotations

import argparse
import sys

from publish.commands import add_source_arguments, languages, load_config, out_dir

HELP = "check sources and books: EPUBCheck plus lint (alt text, fonts, sizes, links, metadata)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_source_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    parser.add_argument("--no-epubcheck", action="store_true", help="skip EPUBCheck (no Java needed)")
    parser.add_argument("--for", dest="stores", action="append", metavar="STORES",
                        help="also check each store's published limits: a comma list of "
                             "apple, google, kobo, kdp, d2d, ingram (docs/stores.md)")


def run(args: argparse.Namespace) -> int:
    from publish import checks, epubcheck, status
    from publish.build import build, read_book
    from publish.cache import BuildCache
    from publish.errors import PublishError

    stores = _stores(args)
    config = load_config(args)
    out = out_dir(args, config)
    memo = BuildCache(out)          # fetched images go there too: nothing outside --out
    messages, books = [], {}
    for lang in languages(args, config):
        try:
            book = read_book(config, lang, memo)
        except PublishError as exc:        # a source error is a finding too
            messages.append(checks.Message("error", type(exc).__name__, exc.where() or "", None,
                                           exc.message))
            continue
        messages += checks.check_book(book, config.path)
        if not any(m.severity == "error" for m in messages):
            books[lang] = book
    built = build(config, ("epub",), tuple(books), out, books=books) if books else []
    epubs = [r.path for r in built]
    for path in epubs:
        messages += checks.check_epub(path)
    messages += _preflight(stores, built, config)
    if epubs and not args.no_epubcheck:
        messages += [m for m in epubcheck.run(epubs) if m.severity in ("error", "warning")]
    # Translations missing, stale or incomplete (issue 25); PO editions too, when no --lang.
    messages += status.findings(config, languages(args, config) if args.lang else None)
    if args.strict:
        messages = [checks.Message("error", m.code, m.file, m.line, m.text) for m in messages]
    _report(messages, args.json)
    return 7 if any(m.severity == "error" for m in messages) else 0


def _stores(args: argparse.Namespace):
    """The stores --for names (checked before any work: an unknown one lists the known)."""
    from publish import stores

    return stores.select(args.stores) if args.stores else ()


def _preflight(stores, built, config) -> list:
    """Each store's findings on each built EPUB and its edition's config."""
    from publish import preflight

    return [m for store in stores for r in built
            for m in preflight.check(store, r.path, config.edition(r.lang), config.path)]


def _report(messages, as_json: bool) -> None:
    from pathlib import Path

    from publish.checks import to_json
    from publish.paths import shown

    if as_json:
        print(to_json(messages))
        return
    for m in messages:
        where = shown(Path(m.file)) if m.file else ""
        where = f"{where}:{m.line}" if m.line else where
        print(f"{where}: {m.severity}: {m.text} [{m.code}]")
    errors = sum(m.severity == "error" for m in messages)
    warnings = len(messages) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
