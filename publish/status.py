"""What each edition of a translated book lacks: its PO file's figures, and its chapters that
are missing or stale (issue 25). `publish status` shows it; `publish check` warns with it.

An edition is the source language's, a PO edition (a `<lang>.po` in the po folder: its
entries counted with polib, per chapter by their `#: file:line` references), or parallel
files (suffix files, per-language folders, README sets, MkDocs i18n): each source chapter
paired with its translation. A translation is stale when its source changed after it was
last brought up to date: since the commit that last touched the translation (git), else
since the version its `translation-of` front matter names (marks.py); a change of white
space or punctuation only does not count.
"""
from __future__ import annotations

import contextlib
import logging
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from publish import marks
from publish.config import Config
from publish.history import Commit, History

log = logging.getLogger("publish")

CURRENT, MISSING, STALE, UNKNOWN = "current", "missing", "stale", "unknown"
UNCOMMITTED = Commit("", "changes not committed yet")


@dataclass(frozen=True)
class ChapterState:
    """A source chapter and its translation in one edition."""

    source: Path
    translation: Path | None
    state: str                        # CURRENT, MISSING, STALE or UNKNOWN (no history, no mark)
    since: tuple[Commit, ...] = ()    # the source's commits since the translation (git)
    basis: str = ""                   # "git" or "translation-of": what dated the translation


@dataclass(frozen=True)
class Figures:
    """A PO file's entries (or those one chapter's text gives), by state."""

    name: str                         # the chapter's file as the references name it ("" all)
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


@dataclass(frozen=True)
class EditionState:
    lang: str
    kind: str                         # "source", "po" or "parallel"
    chapters: tuple[ChapterState, ...] = ()
    po: Path | None = None
    figures: Figures | None = None    # the PO file's, overall
    per_chapter: tuple[Figures, ...] = ()
    error: str = ""                   # why the edition could not be looked at

    def having(self, state: str) -> list[ChapterState]:
        return [c for c in self.chapters if c.state == state]

    @property
    def complete(self) -> bool:
        if self.error:
            return False
        if self.figures is not None:
            return self.figures.fuzzy == 0 and self.figures.untranslated == 0
        return not self.having(MISSING) and not self.having(STALE)


def load_status(config: Config, langs: tuple[str, ...] | None = None) -> list[EditionState]:
    """Every edition's state (or those of `langs`), the source language's first. The
    parallel editions' chapters are dated together: a few git processes for the book."""
    source = config.source_language
    po_files = find_po(config)
    codes = [c for c in (*config.languages, *po_files) if langs is None or c in langs]
    states: list[EditionState] = []
    paired: dict[str, list] = {}
    raws = None
    for code in dict.fromkeys(codes):
        if code == source:
            states.append(EditionState(code, "source"))
        elif code in po_files:
            states.append(po_state(code, po_files[code]))
        else:
            raws = _read(config, source) if raws is None else raws
            found = _paired(config, code, raws)
            paired[code] = found if isinstance(found, list) else []
            states.append(EditionState(code, "parallel",
                                       error=found if isinstance(found, str) else ""))
    every = [pair for found in paired.values() for pair in found]
    done = iter(dated(every, History.open(config.root) if every else None))
    for n, state in enumerate(states):
        if state.lang in paired:
            states[n] = replace(state, chapters=tuple(next(done) for _ in paired[state.lang]))
    return states


def find_po(config: Config) -> dict[str, Path]:
    """The book's PO files by language: those its PO editions were made from (an mdBook's
    resolved `[translations]` lists them as `files`), else the `<lang>.po` files of its po
    folder: `[translations] po-dir`, an mdBook's `[preprocessor.gettext] po-dir`, else `po/`
    (beside the config, else the project's)."""
    files = config.translations.get("files")
    if isinstance(files, Mapping) and files:
        return {code: Path(path) for code, path in files.items()}
    named = str(config.translations.get("po-dir") or "") or _po_dir(config)
    folders = [config.path.parent / named] if named else \
        [config.path.parent / "po", config.root / "po"]
    folder = next((f for f in folders if f.is_dir()), None)
    if folder is None:
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.po")) if p.is_file()}


def _po_dir(config: Config) -> str:
    """An mdBook's `[preprocessor.gettext] po-dir`, read from its book.toml."""
    if config.path.suffix != ".toml" or not config.text:
        return ""
    try:
        raw = tomllib.loads(config.text)
    except tomllib.TOMLDecodeError:
        return ""
    table = (raw.get("preprocessor") or {}).get("gettext")
    return table["po-dir"] if isinstance(table, dict) and isinstance(table.get("po-dir"),
                                                                    str) else ""


def po_state(code: str, path: Path) -> EditionState:
    """A PO edition: its entries counted (obsolete ones aside), overall and per chapter."""
    from publish.translations import po

    try:
        entries, _ = po.read(str(path))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        return EditionState(code, "po", po=path, error=_po_error(path, exc))
    counts = [0, 0, 0]
    chapters: dict[str, list[int]] = {}
    for entry in entries:
        if entry.obsolete:
            continue
        slot = 1 if entry.fuzzy else 0 if entry.translated() else 2
        counts[slot] += 1
        for name in dict.fromkeys(entry.files):
            chapters.setdefault(name, [0, 0, 0])[slot] += 1
    return EditionState(code, "po", po=path, figures=Figures("", *counts),
                        per_chapter=tuple(Figures(n, *c) for n, c in chapters.items()))


def _po_error(path: Path, exc: Exception) -> str:
    """polib's message as one line naming the file and line: `po/fr.po:12: …`."""
    text = str(exc).split("\n")[0]
    m = re.search(r"line (\d+)", text)
    return f"{path}:{m.group(1)}: {text}" if m else f"{path}: {text}"


@contextlib.contextmanager
def _quiet():
    """Reading again what the build reads: its warnings are the build's to give, not ours."""
    was = log.disabled
    log.disabled = True
    try:
        yield
    finally:
        log.disabled = was


def _read(config: Config, code: str) -> list:
    from publish import sources
    from publish.errors import PublishError

    with _quiet():
        try:
            return sources.read(config, code)
        except PublishError:
            return []


def _paired(config: Config, code: str, raws: list) -> list | str:
    """An edition of parallel files: each source chapter with its translation, or why the
    edition could not be read."""
    from publish.errors import PublishError
    from publish.pairs import pairs

    try:
        with _quiet():
            return pairs(config, code, raws)
    except PublishError as exc:
        return str(exc)


def dated(found: list[tuple[Path, Path | None]], history: History | None) -> list[ChapterState]:
    """Each (source, translation) pair's state: missing, stale, current or unknown."""
    from publish.sources.text import decoded

    present = [(s, t) for s, t in found if t is not None]
    texts = {p: decoded(p) for pair in present for p in pair}
    marked = {t: marks.read_mark(texts[t]) for _, t in present}
    by_git = [(s, t) for s, t in present if not marked[t]] if history is not None else []
    git_states = _by_history(by_git, texts, history) if by_git else {}
    commit_marks = [(s, t) for s, t in present if marks.is_commit(marked[t])]
    mark_states = _by_commit_mark(commit_marks, marked, texts, history)
    states = []
    for source, translation in found:
        if translation is None:
            states.append(ChapterState(source, None, MISSING))
        elif translation in mark_states:
            states.append(mark_states[translation])
        elif marked[translation].startswith(marks.HASH):
            fresh = marks.text_hash(texts[source]) == marked[translation]
            states.append(ChapterState(source, translation, CURRENT if fresh else STALE,
                                       basis="translation-of"))
        else:
            states.append(git_states.get(translation,
                                         ChapterState(source, translation, UNKNOWN)))
    return states


def _by_history(present: list[tuple[Path, Path]], texts: dict[Path, str],
                history: History) -> dict[Path, ChapterState]:
    """States from git: the source as it was at the translation's last commit, against now."""
    last = history.last_commits(t for _, t in present)
    changed = history.changed(p for pair in present for p in pair)
    asked = [(s, t) for s, t in present if t in last and t not in changed]
    then = history.texts([(last[t], s) for s, t in asked])
    states = {t: ChapterState(s, t, CURRENT, basis="git") for s, t in present if t in changed}
    stale = []
    for (source, translation), old in zip(asked, then):
        if marks.same(old, texts[source]):
            states[translation] = ChapterState(source, translation, CURRENT, basis="git")
        else:
            stale.append((source, translation, last[translation]))
    states.update(_stale(stale, texts, history, changed, "git"))
    return states


def _by_commit_mark(present: list[tuple[Path, Path]], marked: dict[Path, str],
                    texts: dict[Path, str], history: History | None) -> dict[Path, ChapterState]:
    """States from `translation-of` commits: the source at that commit, against now."""
    if history is None or not present:
        return {t: ChapterState(s, t, UNKNOWN, basis="translation-of") for s, t in present}
    known = {value: history.resolve(value) for value in {marked[t] for _, t in present}}
    states = {t: ChapterState(s, t, UNKNOWN, basis="translation-of")
              for s, t in present if known[marked[t]] is None}
    present = [(s, t) for s, t in present if t not in states]
    then = history.texts([(known[marked[t]], s) for s, t in present])
    changed = history.changed(s for s, _ in present)
    stale = []
    for (source, translation), old in zip(present, then):
        if marks.same(old, texts[source]):
            states[translation] = ChapterState(source, translation, CURRENT,
                                               basis="translation-of")
        else:
            stale.append((source, translation, known[marked[translation]]))
    states.update(_stale(stale, texts, history, changed, "translation-of"))
    return states


def _stale(stale: list[tuple[Path, Path, str]], texts: dict[Path, str], history: History,
           changed: set[Path], basis: str) -> dict[Path, ChapterState]:
    """Each stale translation's state, with its source's commits since `sha` that change
    more than white space or punctuation (and its uncommitted changes, when they do)."""
    commits: dict[tuple[str, Path], list[Commit]] = {}
    for sha in dict.fromkeys(sha for _, _, sha in stale):
        found = history.since(sha, [s for s, _, at in stale if at == sha])
        commits.update({(sha, path): listed for path, listed in found.items()})
    keys = list(dict.fromkeys((sha, s) for s, _, sha in stale))   # a source two editions share
    asked = [(ref, s) for sha, s in keys for c in commits[(sha, s)]
             for ref in (c.sha, f"{c.sha}^")] + [("HEAD", s) for _, s in keys if s in changed]
    versions = iter(history.texts(asked))
    listed = {key: [c for c in commits[key] if not marks.same(next(versions), next(versions))]
              for key in keys}
    for sha, source in keys:
        if source in changed and not marks.same(next(versions), texts[source]):
            listed[(sha, source)].insert(0, UNCOMMITTED)
    return {t: ChapterState(s, t, STALE, tuple(listed[(sha, s)]), basis) for s, t, sha in stale}


def findings(config: Config, langs: tuple[str, ...] | None = None) -> list:
    """The states as `publish check` warnings: one per chapter missing or stale, one per PO
    edition not wholly translated."""
    from publish.checks import Message

    messages = []
    for state in load_status(config, langs):
        if state.error:
            messages.append(Message("warning", "translation", str(state.po or config.path), None,
                                    f"'{state.lang}': {state.error}"))
        elif state.figures is not None and not state.complete:
            f = state.figures
            messages.append(Message("warning", "translation-incomplete", str(state.po), None,
                                    f"'{state.lang}' is {f.percent:.0f}% translated ({f.fuzzy} "
                                    f"fuzzy, {f.untranslated} untranslated of {f.total})"))
        for chapter in state.having(MISSING):
            messages.append(Message("warning", "translation-missing", str(chapter.source), None,
                                    f"no '{state.lang}' translation of this chapter"))
        for chapter in state.having(STALE):
            since = ", ".join(f"{c.short} {c.subject}".strip() for c in chapter.since[:3])
            messages.append(Message("warning", "translation-stale", str(chapter.translation),
                                    None, f"stale: its source {chapter.source.name} changed "
                                    f"since it was translated{': ' + since if since else ''}"))
    return messages
