"""A project's git history, as `publish status` reads it: the last commit touching each file,
the commits since, and a file's text at a commit (issue 25).

`git` runs as a subprocess on the local repository only (never a fetch); a project with no
repository, or no `git`, has no History and its translations are dated by their
`translation-of` front matter instead (marks.py). A few processes answer for a whole book:
one log, one status and one `cat-file --batch` for every text asked for.
"""
from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_TIMEOUT = 60
# No pager, no prompt, no locale-dependent messages, and the user's config kept out of the
# output's shape (colour, renames): the same repository reads the same everywhere.
_ENV = {"GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}


@dataclass(frozen=True)
class Commit:
    sha: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:10]


class History:
    """The repository holding a project: paths are asked for as files of the project."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self.real = top.resolve()

    @classmethod
    def open(cls, folder: Path) -> History | None:
        """The history of the repository `folder` is in, or None (no repository, no git, or
        a repository with no commit yet)."""
        lines = _git(folder, "rev-parse", "--show-toplevel", "--verify", "HEAD")
        return cls(Path(lines[0])) if len(lines) == 2 else None

    def rel(self, path: Path) -> str:
        """`path` as git names it, from the top of the repository."""
        try:
            return path.relative_to(self.real).as_posix()     # no system call: most paths
        except ValueError:
            return path.resolve().relative_to(self.real).as_posix()

    def last_commits(self, paths: Iterable[Path]) -> dict[Path, str]:
        """The newest commit touching each path (absent: a path never committed)."""
        wanted = {self.rel(p): p for p in paths}
        if not wanted:
            return {}
        found: dict[Path, str] = {}
        sha = ""
        # One log of the files' folders, newest first: the first commit naming a file is its last.
        folders = sorted({str(Path(r).parent) for r in wanted})
        for line in _git(self.top, "log", "--no-renames", "--format=%x00%H", "--name-only",
                         "HEAD", "--", *folders):
            if line.startswith("\0"):
                sha = line[1:]
            elif line in wanted and wanted[line] not in found:
                found[wanted[line]] = sha
        return found

    def changed(self, paths: Iterable[Path]) -> set[Path]:
        """The paths whose working copy differs from HEAD, or that git does not track."""
        wanted = {self.rel(p): p for p in paths}
        if not wanted:
            return set()
        out = _run(self.top, "status", "--porcelain", "-z", "--untracked-files=all", "--",
                   *sorted(wanted))
        names = [entry[3:] for entry in (out or "").split("\0") if len(entry) > 3]
        return {wanted[n] for n in names if n in wanted}

    def texts(self, asked: list[tuple[str, Path]]) -> list[str | None]:
        """The text of each (commit, path), in order; None where the commit lacks the file."""
        if not asked:
            return []
        request = "".join(f"{sha}:{self.rel(path)}\n" for sha, path in asked).encode()
        try:
            out = subprocess.run(["git", "-C", str(self.top), "cat-file", "--batch"],
                                 input=request, capture_output=True, timeout=_TIMEOUT,
                                 env={**os.environ, **_ENV}).stdout
        except (OSError, subprocess.TimeoutExpired):
            return [None] * len(asked)
        return _batch(out, len(asked))

    def since(self, sha: str, paths: Iterable[Path]) -> dict[Path, list[Commit]]:
        """The commits after `sha` (reachable from HEAD, not from it) touching each path,
        newest first: one log for them all."""
        wanted = {self.rel(p): p for p in paths}
        found: dict[Path, list[Commit]] = {p: [] for p in wanted.values()}
        commit = None
        for line in _git(self.top, "log", "--no-renames", "--format=%x00%H%x00%s",
                         "--name-only", f"{sha}..HEAD", "--", *sorted(wanted)):
            if line.startswith("\0"):
                commit = Commit(*line[1:].split("\0", 1))
            elif line in wanted and commit is not None:
                found[wanted[line]].append(commit)
        return found

    def resolve(self, ref: str) -> str | None:
        """The full commit a (short) hash names, or None."""
        lines = _git(self.top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        return lines[0] if lines else None


def _batch(out: bytes, count: int) -> list[str | None]:
    """`git cat-file --batch` output: `<sha> <type> <size>\\n<bytes>\\n`, or `<ref> missing`."""
    texts: list[str | None] = []
    at = 0
    for _ in range(count):
        end = out.find(b"\n", at)
        if end < 0:
            texts.append(None)
            continue
        header = out[at:end].split()
        if len(header) != 3 or header[1] != b"blob":
            texts.append(None)
            at = end + 1
            continue
        size = int(header[2])
        texts.append(out[end + 1:end + 1 + size].decode("utf-8", errors="replace"))
        at = end + 1 + size + 1
    return texts


def _run(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(folder), *args],
                              capture_output=True,
                              timeout=_TIMEOUT, env={**os.environ, **_ENV})
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None


def _git(folder: Path, *args: str) -> list[str]:
    """The lines git prints for `args` in `folder`, or [] when it fails."""
    out = _run(folder, *args)
    return out.splitlines() if out else []
