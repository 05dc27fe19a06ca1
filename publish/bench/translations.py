"""The `publish status` scenario of the benchmark (issue 25): a translated book in git.

The sample book (English, French and Russian chapters in per-language folders) is
committed, then every tenth English chapter is edited and committed again, so that its
translations are stale; a generated `po/de.po` of MESSAGES entries (most translated, some
fuzzy, some untranslated) spreads its `#:` references over the chapters.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from publish.bench.samplebook import make_sample_book

MESSAGES = 3500
_GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
            "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def make_translated_book(target: Path, chapters: int = 100, messages: int = MESSAGES) -> Path:
    """The sample book with a git history that leaves some translations stale, and a PO file."""
    project = make_sample_book(target, chapters)
    files = sorted((project / "source" / "en").glob("*.md"))
    (project / "po").mkdir(exist_ok=True)
    (project / "po" / "de.po").write_text(_po(files, project, messages), encoding="utf-8")
    if _git(project, 1, "init", "-q") and _git(project, 1, "add", "-A"):
        _git(project, 1, "commit", "-qm", "The book")
        for path in files[::10]:
            path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added later.\n",
                            encoding="utf-8")
        _git(project, 2, "commit", "-qam", "A sentence more in every tenth chapter")
    return project


def _po(files: list[Path], project: Path, messages: int) -> str:
    """A PO file in mdbook-xgettext's shape: a header, then one entry per message."""
    out = ['msgid ""', 'msgstr ""', '"Language: de\\n"',
           '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for n in range(messages):
        where = files[n % len(files)].relative_to(project).as_posix()
        out.append(f"#: {where}:{n // len(files) * 2 + 1}")
        if n % 10 == 1:
            out.append("#, fuzzy")
        translated = "" if n % 10 == 2 else f"Absatz {n}: die Übersetzung."
        out += [f'msgid "Paragraph {n}: the source text of this message."',
                f'msgstr "{translated}"', ""]
    return "\n".join(out)


def _git(project: Path, day: int, *args: str) -> bool:
    date = f"2024-01-{day:02d}T12:00:00Z"
    try:
        done = subprocess.run(["git", *args], cwd=project, capture_output=True, timeout=120,
                              env={**os.environ, **_GIT_ENV, "GIT_AUTHOR_DATE": date,
                                   "GIT_COMMITTER_DATE": date})
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0
