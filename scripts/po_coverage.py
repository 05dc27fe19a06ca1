"""How many of a real mdBook's PO msgids our extraction finds, per language (issue 25).

For each `po/<lang>.po` of the book (as it is now), the book's source is taken from its git
history at the PO file's POT-Creation-Date (`git archive` of the last commit before it, into
a temporary folder), read as `publish translate extract` reads it, and its messages (as
mdbook-i18n-helpers writes them now, and as before 0.3.3) compared with the PO file's
non-obsolete msgids. Measuring only: nothing here is part of the package.

    .venv/bin/python scripts/po_coverage.py BOOK GIT_DIR [LANG ...] [--misses] [--json FILE]

BOOK is a checkout of the book (its po/ is read), GIT_DIR its git directory (a mirror).
"""
from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
from pathlib import Path

import polib


def commit_at(git_dir: str, date: str) -> str:
    return subprocess.check_output(["git", "--git-dir", git_dir, "log", f"--before={date}",
                                    "-1", "--format=%H", "HEAD"], text=True).strip()


def tree_at(git_dir: str, commit: str, base: Path) -> Path:
    """The source at `commit`, exported once under `base`."""
    folder = base / commit[:12]
    if not folder.is_dir():
        folder.mkdir(parents=True)
        archive = subprocess.run(["git", "--git-dir", git_dir, "archive", commit],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def our_msgids(tree: Path) -> tuple[set[str], set[str]]:
    """The messages `publish translate extract` finds in the book at `tree`: as
    mdbook-i18n-helpers cuts them now, and as it cut them before 0.3.3 (legacy); each with
    mdbook-course's outlines as the book's own copy of it writes them and in its other style
    (lists before April 2024, tables since: PO files made before keep the older ones)."""
    from publish import sources
    from publish.config import load
    from publish.sources import course
    from publish.translations.pot import collect

    config = load(tree)
    lang = str(config.translations.get("source") or config.languages[0])
    edition = config.edition(lang)
    summary = edition.folder / "SUMMARY.md"
    modern, legacy = set(), set()
    own = course.style
    for outlines in ("own", "other"):
        if outlines == "other":
            course.style = lambda folder: "tables" if own(folder) == "lists" else "lists"
        try:
            chapters = [(c.path, c.text) for c in sources.read(config, lang)]
        finally:
            course.style = own
        modern |= {e.msgid for e in collect(config.source_dir, summary, chapters)}
        legacy |= {e.msgid for e in collect(config.source_dir, summary, chapters, legacy=True)}
    return modern, legacy


def measure(book: Path, git_dir: str, langs: list[str], base: Path, misses: bool) -> dict:
    found: dict[str, tuple[set[str], set[str]]] = {}
    out = {}
    for lang in langs:
        po = polib.pofile(str(book / "po" / f"{lang}.po"))
        date = po.metadata.get("POT-Creation-Date", "")
        commit = commit_at(git_dir, date)
        if commit not in found:
            found[commit] = our_msgids(tree_at(git_dir, commit, base))
        modern, legacy = found[commit]
        theirs = [e.msgid for e in po if not e.obsolete and e.msgid]
        hit = [m for m in theirs if m in modern or m in legacy]
        out[lang] = {"total": len(theirs), "found": len(hit),
                     "percent": round(100 * len(hit) / max(len(theirs), 1), 2),
                     "commit": commit[:12], "date": date}
        print(f"{lang:6} {len(hit):5}/{len(theirs):5} {out[lang]['percent']:6.2f}%  "
              f"{commit[:12]} {date}", flush=True)
        if misses:
            for m in theirs:
                if m not in modern and m not in legacy:
                    print("    MISS", repr(m[:160]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("git_dir")
    parser.add_argument("langs", nargs="*")
    parser.add_argument("--misses", action="store_true", help="list the msgids not found")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "po-coverage",
                        help="where the sources are exported (default: /tmp/po-coverage)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    langs = args.langs or sorted(p.stem for p in (args.book / "po").glob("*.po"))
    out = measure(args.book, args.git_dir, langs, args.work, args.misses)
    low = min(v["percent"] for v in out.values())
    print(f"lowest: {low:.2f}%")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
