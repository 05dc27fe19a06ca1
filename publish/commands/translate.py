"""`publish translate`: the translation workflow's commands (issue 25).

`mark [LANG] [FILE...]` records in each translation's front matter (`translation-of`) the
version of its source it now matches: the source's last commit when it is committed
unchanged, else a hash of its text (marks.py). `publish status` then dates it from there.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from publish.commands import add_source_arguments, load_config

HELP = "translations: mark a translation as up to date with its source"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    mark = actions.add_parser("mark", help="record the source version each translation matches",
                              description=_add_mark.__doc__)
    _add_mark(mark)


def run(args: argparse.Namespace) -> int:
    return {"mark": _run_mark}[args.action](args)


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
