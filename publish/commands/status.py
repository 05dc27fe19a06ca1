"""`publish status`: what each translation has, lacks and has let go stale (issue 25)."""
from __future__ import annotations

import argparse
import json

from publish.commands import add_source_arguments, languages, load_config

HELP = "translations: PO figures, chapters missing and stale, per edition"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_source_arguments(parser, out=False)
    parser.add_argument("--json", action="store_true", help="print the report as JSON on stdout")


def run(args: argparse.Namespace) -> int:
    from publish.status import load_status

    config = load_config(args)
    states = load_status(config, languages(args, config) if args.lang else None)
    if args.json:
        print(json.dumps([_as_dict(s, config.root) for s in states], ensure_ascii=False,
                         indent=2))
    else:
        _table(states, config.root)
    return 7 if args.strict and not all(s.complete for s in states) else 0


def _shown(path, root) -> str:
    if path is None:
        return ""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _as_dict(state, root) -> dict:
    """One edition as JSON: its kind, figures, and its chapters with their states."""
    out: dict = {"language": state.lang, "kind": state.kind, "complete": state.complete}
    if state.error:
        out["error"] = state.error
    if state.figures is not None:
        out.update(po=_shown(state.po, root), **_figures(state.figures),
                   chapters=[{"file": f.name, **_figures(f)} for f in state.per_chapter])
    elif state.kind == "parallel":
        out["chapters"] = [{"source": _shown(c.source, root),
                            "translation": _shown(c.translation, root), "state": c.state,
                            "basis": c.basis,
                            "since": [{"commit": x.sha, "subject": x.subject} for x in c.since]}
                           for c in state.chapters]
    return out


def _figures(f) -> dict:
    return {"translated": f.translated, "fuzzy": f.fuzzy, "untranslated": f.untranslated,
            "total": f.total, "percent": round(f.percent, 1)}


def _table(states, root) -> None:
    """The editions as one table, then each PO edition's chapters and each problem chapter."""
    from rich.console import Console
    from rich.table import Table

    import sys

    # A pipe or a file gets the whole table, not one cut to a terminal's 80 columns.
    console = Console(highlight=False, markup=False,     # file names may hold [brackets]
                      width=None if sys.stdout.isatty() else 120)
    table = Table(title="Translations", title_justify="left")
    for column in ("language", "kind", "translated", "fuzzy", "untranslated", "missing",
                   "stale", "state"):
        table.add_column(column, justify="left" if column in ("language", "kind", "state")
                         else "right")
    for s in states:
        f = s.figures
        done = f"{f.translated} ({f.percent:.0f}%)" if f else \
            str(len(s.chapters) - len(s.having("missing"))) if s.kind == "parallel" else ""
        table.add_row(s.lang, s.kind, done, str(f.fuzzy) if f else "",
                      str(f.untranslated) if f else "",
                      str(len(s.having("missing"))) if s.kind == "parallel" else "",
                      str(len(s.having("stale"))) if s.kind == "parallel" else "",
                      "error" if s.error else "complete" if s.complete else "incomplete")
    console.print(table)
    for s in states:
        _details(console, s, root)


def _details(console, s, root) -> None:
    if s.error:
        console.print(f"{s.lang}: error: {s.error}")
    for f in s.per_chapter:
        if f.fuzzy or f.untranslated:
            console.print(f"{s.lang}: {f.name}: {f.percent:.0f}% ({f.translated} translated, "
                          f"{f.fuzzy} fuzzy, {f.untranslated} untranslated)")
    undated = s.having("unknown")
    if undated:
        console.print(f"{s.lang}: {len(undated)} translation(s) not dated: no git history and "
                      "no translation-of (`publish translate mark`)")
    for c in s.chapters:
        if c.state == "missing":
            console.print(f"{s.lang}: missing: {_shown(c.source, root)}")
        elif c.state == "stale":
            since = "; ".join(f"{x.short} {x.subject}".strip() for x in c.since)
            console.print(f"{s.lang}: stale: {_shown(c.translation, root)} (source "
                          f"{_shown(c.source, root)} changed{': ' + since if since else ''})")
