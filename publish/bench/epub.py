"""`publish bench --only epub`: the cold EPUB and pandoc's, run in alternation (issue 28)."""
from __future__ import annotations

import os
import resource
import shutil
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from publish.bench.run import _fresh_font_cache, _pandoc_book, _pandoc_run, measure
from publish.bench.samplebook import make_sample_book

TARGET = 1 / 3       # issue 6: the cold EPUB in at most a third of pandoc's time


@dataclass(frozen=True)
class Pair:
    """The runs of one side: wall seconds and processor seconds (its processes' user and
    system time), run by run."""

    wall: tuple[float, ...]
    cpu: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _timed(run) -> tuple[float, float]:
    """(wall, processor) seconds of `run()`, which starts and waits for a process."""
    before = _children_cpu()
    wall, _peak = run()
    return wall, _children_cpu() - before


def cold_epub(root: Path, chapters: int, pandoc: str | None, repeat: int) -> tuple[Pair, Pair | None]:
    """`repeat` cold EPUBs of the sample book, each followed by pandoc's of the same text (a
    shared machine's speed drifts over minutes: runs side by side give a fair ratio)."""
    project = make_sample_book(root / "book", chapters)     # as the full bench makes it
    book = _pandoc_book(project, root) if pandoc else None
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    ours_cmd = [sys.executable, "-m", "publish", "epub", "--lang", "en", "--source", str(project)]
    measure([sys.executable, "-c", "import publish.build, publish.writers.epub"], env, project)
    ours, theirs = [], []
    for _ in range(repeat):
        shutil.rmtree(project / "build", ignore_errors=True)
        env["PUBLISH_CACHE"] = str(_fresh_font_cache(root))
        ours.append(_timed(lambda: measure(ours_cmd, env, project)))
        if book:
            theirs.append(_timed(lambda: _pandoc_run(pandoc, book, "p.epub", [], env)))
    return _pair(ours), (_pair(theirs) if theirs else None)


def _pair(runs: list[tuple[float, float]]) -> Pair:
    return Pair(tuple(round(w, 3) for w, _ in runs), tuple(round(c, 3) for _, c in runs))


def report(ours: Pair, theirs: Pair | None) -> list[str]:
    """The lines `--only epub` prints."""
    lines = [f"cold EPUB (en): {ours.median:.2f} s wall, {ours.median_cpu:.2f} s processor "
             f"(medians of {len(ours.wall)}; runs {', '.join(f'{w:.2f}' for w in ours.wall)})"]
    if theirs is None:
        return lines + ["pandoc not run (--pandoc PATH)"]
    ratio = ours.median / theirs.median
    lines += [f"pandoc EPUB (en): {theirs.median:.2f} s wall, {theirs.median_cpu:.2f} s processor "
              f"(runs {', '.join(f'{w:.2f}' for w in theirs.wall)})",
              f"cold EPUB / pandoc EPUB: {ratio:.3f} wall, "
              f"{ours.median_cpu / theirs.median_cpu:.3f} processor; pairwise median "
              f"{statistics.median(a / b for a, b in zip(ours.wall, theirs.wall)):.3f}",
              f"target at most 1/3 of pandoc (issue 6): {'met' if ratio <= TARGET else 'not met'}"]
    return lines
