"""`publish translate`: the translation workflow's commands (issue 25).

`mark [LANG] [FILE...]` records in each translation's front matter (`translation-of`) the
version of its source it now matches: the source's last commit when it is committed
unchanged, else a hash of its text (marks.py). `publish status` then dates it from there.

The gettext workflow, with this tool alone: `extract` writes `<po-dir>/messages.pot` from
the source language's chapters, as mdbook-xgettext writes it; `update [LANG]` merges it
into each PO file (or LANG's, which it starts when there is none), as msgmerge does.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from publish.commands import add_source_arguments, load_config

HELP = "translations: mark one up to date with its source; extract and update PO files"
TEMPLATE = "messages.pot"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    mark = actions.add_parser("mark", help="record the source version each translation matches",
                              description=_add_mark.__doc__)
    _add_mark(mark)
    extract = actions.add_parser("extract", help="write <po-dir>/messages.pot from the source")
    add_source_arguments(extract, out=False)
    extract.add_argument("--output", type=Path, default=None, metavar="FILE",
                         help="where to write the template (default: <po-dir>/messages.pot)")
    update = actions.add_parser("update", help="merge messages.pot into the PO files "
                                               "(msgmerge); LANG: only that one, started if new")
    add_source_arguments(update, out=False)
    update.add_argument("code", nargs="?", metavar="LANG", help="one language's PO file only")
    update.add_argument("--template", type=Path, default=None, metavar="FILE",
                        help="the template to merge (default: <po-dir>/messages.pot)")


def run(args: argparse.Namespace) -> int:
    return {"mark": _run_mark, "extract": _run_extract, "update": _run_update}[args.action](args)


def _run_extract(args: argparse.Namespace) -> int:
    return _extract(load_config(args), args.output)


def _run_update(args: argparse.Namespace) -> int:
    return _update(load_config(args), args.code, args.template)


def _add_mark(parser: argparse.ArgumentParser) -> None:
    """Sets `translation-of` in the front matter of the translations named (all of LANG's,
    or of every translated edition, when none is named)."""
    add_source_arguments(parser, out=False)
    parser.add_argument("targets", nargs="*", metavar="LANG|FILE",
                        help="a language of the book, then translation (or source) files")


def _run_mark(args: argparse.Namespace) -> int:
    from publish import marks
    from publish.errors import ConfigError
    from publish.history import History
    from publish.paths import shown

    config = load_config(args)
    targets = list(args.targets)
    langs = [targets.pop(0)] if targets and targets[0] in config.languages \
        and not Path(targets[0]).is_file() else list(args.lang or [])
    files = {Path(t).resolve() for t in targets}
    chosen = _pairs(config, langs)
    if files:
        chosen = [(s, t) for s, t in chosen if s.resolve() in files or t.resolve() in files]
        unknown = files - {p.resolve() for pair in chosen for p in pair}
        if unknown:
            raise ConfigError(f"not a translation (or source) of this book: "
                              f"{', '.join(sorted(str(p) for p in unknown))}", key="FILE")
    history = History.open(config.root)
    for source, translation in chosen:
        value = _version(source, history)
        marks.write_mark(translation, value)
        print(f"{shown(translation)}: {marks.KEY} = {value} ({shown(source)})")
    if not chosen:
        print("no translation to mark", file=sys.stderr)
    return 0


def _pairs(config, langs: list[str]) -> list[tuple[Path, Path]]:
    """Every (source, translation) present in the parallel editions of `langs` (all when
    empty)."""
    from publish.status import load_status

    codes = tuple(langs) or None
    return [(c.source, c.translation) for state in load_status(config, codes)
            if state.kind == "parallel" for c in state.chapters if c.translation is not None]


def _version(source: Path, history) -> str:
    """The source's last commit when it is committed as it is, else a hash of its text."""
    from publish import marks
    from publish.sources.text import decoded

    if history is not None and source not in history.changed([source]):
        last = history.last_commits([source]).get(source)
        if last:
            return last
    return marks.text_hash(decoded(source))


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
