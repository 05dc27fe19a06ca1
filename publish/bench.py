"""The benchmark: wall time and peak memory of our builds (and pandoc's) on a generated book."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from . import fonts
from .samplebook import make_sample_book


@dataclass(frozen=True)
class Timing:
    name: str
    seconds: float
    peak_mib: float
    ours: bool = True


def measure(cmd: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process (and the children it waits for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def _fresh_font_cache(root: Path) -> Path:
    """A user cache with the static font instances (a set-up product) and nothing else:
    no compiled templates, no coverage table."""
    target = root / "font-cache"
    for face in fonts.FACES:
        src = fonts.static_path(face)
        dest = target / "publish" / "fonts" / src.parent.name / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
    return target


def run_benchmark(chapters: int = 100, pandoc: str | None = None, jobs: int | None = None) -> list[Timing]:
    """Every scenario of issue 6 on a fresh `chapters`-chapter book in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        root = Path(tmp)
        project = make_sample_book(root / "book", chapters)
        env = {**os.environ, "PUBLISH_CACHE": str(_fresh_font_cache(root)), "PYTHONHASHSEED": "0"}
        # Python keeps compiled bytecode, as an installed package has it (some shells and CI
        # images turn that off); compile once before timing anything.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        py = [sys.executable, "-m", "publish"]
        measure([sys.executable, "-c", "import publish.build, publish.writers.epub, "
                 "publish.writers.pdf, publish.commands.all"], env, project)
        timings = []

        def run(name: str, *args: str) -> None:
            seconds, peak = measure([*py, *args, "--source", str(project)], env, project)
            timings.append(Timing(name, seconds, peak))

        run("cold EPUB (en)", "epub", "--lang", "en")
        run("cold PDF (en)", "pdf", "--lang", "en")
        run("rebuild, nothing changed (EPUB+PDF, en)", "all", "--lang", "en", "--jobs", "1")
        chapter = next((project / "source" / "en").glob("050-*.md"))
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                           encoding="utf-8")
        run("rebuild after editing one chapter (EPUB, en)", "epub", "--lang", "en")
        run("rebuild after editing one chapter (PDF, en)", "pdf", "--lang", "en")
        shutil.rmtree(project / "build")
        run("all, three languages, cold build/", "all", *(["--jobs", str(jobs)] if jobs else []))
        if pandoc:
            timings += _pandoc(pandoc, project, root, env)
        return timings


def _pandoc(pandoc: str, project: Path, root: Path, env: dict) -> list[Timing]:
    """pandoc on the same English chapters, Markdown -> EPUB and -> PDF through WeasyPrint."""
    text = "\n\n".join(p.read_text(encoding="utf-8")
                       for p in sorted((project / "source" / "en").glob("*.md")))
    book = root / "pandoc.md"
    book.write_text(text, encoding="utf-8")
    env = {**env, "PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '')}"}
    out = []
    for name, target, extra in (("pandoc EPUB (en)", "p.epub", []),
                                ("pandoc PDF via WeasyPrint (en)", "p.pdf", ["--pdf-engine=weasyprint"])):
        seconds, peak = measure([pandoc, str(book), "-o", str(root / target), "--metadata",
                                 "title=Sample", *extra], env, root)
        out.append(Timing(name, seconds, peak, ours=False))
    return out


def ratios(timings: list[Timing]) -> dict[str, float]:
    by = {t.name: t.seconds for t in timings}
    result = {}
    if "pandoc EPUB (en)" in by:
        result["cold EPUB / pandoc EPUB"] = by["cold EPUB (en)"] / by["pandoc EPUB (en)"]
    if "pandoc PDF via WeasyPrint (en)" in by:
        result["cold PDF / pandoc PDF"] = by["cold PDF (en)"] / by["pandoc PDF via WeasyPrint (en)"]
    result["edit one chapter / cold, EPUB"] = (by["rebuild after editing one chapter (EPUB, en)"]
                                               / by["cold EPUB (en)"])
    result["edit one chapter / cold, PDF"] = (by["rebuild after editing one chapter (PDF, en)"]
                                              / by["cold PDF (en)"])
    return result


def to_json(timings: list[Timing], chapters: int) -> str:
    return json.dumps({"chapters": chapters, "cores": os.cpu_count(),
                       "timings": [asdict(t) for t in timings], "ratios": ratios(timings)}, indent=2)
