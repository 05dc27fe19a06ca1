"""`publish translate`: the gettext workflow, with this tool alone.

`extract` writes `<po-dir>/messages.pot` from the source language's chapters, as
mdbook-xgettext writes it; `update [LANG]` merges it into each PO file (or LANG's, which it
starts when there is none), as msgmerge does.
"""
from __future__ import annotations

import argparse
from pathlib import Path

HELP = "gettext PO files: extract messages.pot from the source, update the PO files from it"
TEMPLATE = "messages.pot"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    extract = actions.add_parser("extract", help="write <po-dir>/messages.pot from the source")
    _common(extract)
    extract.add_argument("--output", type=Path, default=None, metavar="FILE",
                         help="where to write the template (default: <po-dir>/messages.pot)")
    update = actions.add_parser("update", help="merge messages.pot into the PO files "
                                               "(msgmerge); LANG: only that one, started if new")
    _common(update)
    update.add_argument("code", nargs="?", metavar="LANG", help="one language's PO file only")
    update.add_argument("--template", type=Path, default=None, metavar="FILE",
                        help="the template to merge (default: <po-dir>/messages.pot)")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."), metavar="DIR",
                        help="project folder (default: .)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def run(args: argparse.Namespace) -> int:
    from publish import config as config_mod

    config = config_mod.load(args.source, strict=args.strict)
    if args.action == "extract":
        return _extract(config, args.output)
    return _update(config, args.code, args.template)


def _po_dir(config) -> Path:
    found = config.translations.get("po-path")
    return Path(found) if found else config.source_dir / "po"


def _source_language(config) -> str:
    return str(config.translations.get("source") or config.languages[0])


def _extract(config, output: Path | None) -> int:
    from publish import sources
    from publish.translations.pot import collect, write_template

    lang = _source_language(config)
    edition = config.edition(lang)
    chapters = [(c.path, c.text) for c in sources.read(config, lang)]
    entries = collect(config.source_dir, edition.folder / "SUMMARY.md", chapters)
    target = output or _po_dir(config) / TEMPLATE
    write_template(entries, target, title=edition.title, language=lang,
                   date=config.date.isoformat())
    print(f"written {target} ({len(entries)} messages)")
    return 0


def _update(config, code: str | None, template: Path | None) -> int:
    from publish.errors import PublishError
    from publish.translations.pot import start, update

    folder = _po_dir(config)
    template = template or folder / TEMPLATE
    if not template.is_file():
        raise PublishError("no template to merge: run `publish translate extract` first",
                           path=template)
    targets = [folder / f"{code}.po"] if code else sorted(folder.glob("*.po"))
    for path in targets:
        if not path.is_file():
            start(template, path, code or path.stem)
            print(f"started {path}")
            continue
        translated, fuzzy, obsolete = update(template, path)
        print(f"updated {path}: {translated} translated, {fuzzy} fuzzy, {obsolete} obsolete")
    return 0
