"""The benchmark: wall time and peak memory of our builds (and pandoc's) on a generated book."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from publish import fonts
from publish.bench.samplebook import make_sample_book


@dataclass(frozen=True)
class Timing:
    name: str
    seconds: float            # the median of the runs
    peak_mib: float           # the highest peak of the runs
    ours: bool = True
    runs: tuple[float, ...] = ()


def measure(cmd: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process and the processes it starts.

    The peak is each process's own high-water mark (VmHWM in /proc), polled while it runs:
    wait4's ru_maxrss would also count the calling process's size at the fork (Linux keeps
    the old memory's high-water mark across exec), so a large caller (a test run) would
    see its own size."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, *(_hwm(pid) for pid in _tree(proc.pid)))
        time.sleep(0.01)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-500:]}")
    return seconds, peak / 1024


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants now running."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _hwm(pid: int) -> int:
    """A process's peak resident memory so far, in KiB (0 once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    m = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(m.group(1)) if m else 0


def _fresh_font_cache(root: Path) -> Path:
    """A user cache with the static font instances (a set-up product) and nothing else:
    no compiled templates."""
    target = root / "user-cache"
    shutil.rmtree(target, ignore_errors=True)
    for face in fonts.FACES:
        src = fonts.static_path(face)
        dest = target / "publish" / "fonts" / src.parent.name / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
    return target


def run_benchmark(chapters: int = 100, pandoc: str | None = None, jobs: int | None = None,
                  repeat: int = 5) -> list[Timing]:
    """Every scenario of issues 6, 25 and 27 (and the synthetic catalog's) on fresh `chapters`-chapter books in a temporary folder.

    Scenarios under about two seconds run `repeat` times (medians reported), a PDF edit
    three times, the cold PDF three times in turn with pandoc's (speed drifts over
    minutes: side by side is fair); `all` runs once.
    Cold runs start from an empty build/ and a cache with only the font instances."""
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        root = Path(tmp)
        project = make_sample_book(root / "book", chapters)
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        # Python keeps compiled bytecode, as an installed package has it (some shells and CI
        # images turn that off); compile once before timing anything.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        py = [sys.executable, "-m", "publish"]
        measure([sys.executable, "-c", "import publish.build, publish.writers.epub, publish."
                 "writers.kepub.spans, publish.writers.pdf, publish.commands.all"], env, project)
        files = sorted((project / "source" / "en").glob("*.md"))
        chapter = files[len(files) // 2]                  # the middle one (050 of 100)
        edits, timings = iter(range(1, 1000)), []

        def cold() -> None:
            shutil.rmtree(project / "build", ignore_errors=True)
            env["PUBLISH_CACHE"] = str(_fresh_font_cache(root))

        def edit() -> None:           # a paragraph after the title (at the end it would
            text = chapter.read_text(encoding="utf-8")   # run on into the chapter's last note)
            chapter.write_text(text.replace("\n\n", f"\n\nOne more sentence, number {next(edits)}."
                                                    "\n\n", 1), encoding="utf-8")

        def current() -> None:        # both outputs up to date (the cold runs left one each)
            measure([*py, "all", "--lang", "en", "--source", str(project)], env, project)

        def run(name: str, args: tuple[str, ...], times: int = 1, before=None) -> None:
            samples = []
            for _ in range(times):
                if before:
                    before()
                samples.append(measure([*py, *args, "--source", str(project)], env, project))
            timings.append(_timing(name, samples))

        run("cold EPUB (en)", ("epub", "--lang", "en"), repeat, cold)
        run(KEPUB, ("kepub", "--lang", "en", "--force"), repeat)   # from the EPUB just made
        book = _pandoc_book(project, root) if pandoc else None    # before any edit
        ours, theirs = _cold_pdfs(py, project, env, cold, pandoc, book)
        timings.append(_timing("cold PDF (en)", ours))
        run("rebuild, nothing changed (EPUB+PDF, en)", ("all", "--lang", "en", "--jobs", "1"),
            repeat, current)
        run(EDIT_EPUB, ("epub", "--lang", "en"), repeat, edit)
        current()                     # the PDF has not seen the EPUB runs' edits
        run(EDIT_PDF, ("pdf", "--lang", "en"), 3, edit)
        run("all, three languages, cold build/", ("all", *(["--jobs", str(jobs)] if jobs else [])),
            1, cold)
        timings += _serve(py, project, env, chapter, repeat) + [run_status(
            root / "translated", chapters, repeat, env)] + run_po(py, root, env, cold, repeat,
                                                                  chapters)
        timings += run_catalog(root / "catalog", min(repeat, 3), env)
        return timings + (_pandoc_timings(pandoc, book, theirs, env, repeat) if book else [])


def _pandoc_timings(pandoc: str, book: Path, theirs: list, env: dict, repeat: int) -> list[Timing]:
    """pandoc's EPUB, timed here, and its PDF, timed in turn with ours."""
    return [_timing(PANDOC_EPUB, [_pandoc_run(pandoc, book, "p.epub", [], env)
                                  for _ in range(repeat)], ours=False),
            _timing(PANDOC_PDF, theirs, ours=False)]


def run_status(folder: Path, chapters: int, repeat: int, env: dict | None = None) -> Timing:
    """`publish status` on the translated sample book (issue 25): three editions of
    parallel files in git, some stale, and a PO edition of MESSAGES entries."""
    from publish.bench.translations import MESSAGES, make_translated_book

    env = env or {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    project = make_translated_book(folder, chapters)
    cmd = [sys.executable, "-m", "publish", "status", "--source", str(project)]
    measure(cmd, env, project)                    # bytecode compiled, git's index warm
    return _timing(f"{STATUS} ({MESSAGES:,} messages)",
                   [measure(cmd, env, project) for _ in range(repeat)])


CATALOG = "publish catalog, 500 synthetic editions"


def run_catalog(folder: Path, repeat: int, env: dict | None = None,
                editions: int = 500) -> list[Timing]:
    """`publish catalog --no-build` over `editions` synthetic editions (issue 27): fake
    outputs, small covers. Cold: no site and no cached covers; then rebuilt unchanged."""
    from publish.bench.catalogs import make_catalog_projects

    env = env or {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    projects = make_catalog_projects(folder, editions)
    cmd = [sys.executable, "-m", "publish", "catalog", "--no-build", *map(str, projects),
           "--out", str(folder / "site")]
    cold = []
    for _ in range(repeat):
        shutil.rmtree(folder / "site", ignore_errors=True)
        for project in projects:
            shutil.rmtree(project / "build" / ".cache", ignore_errors=True)
        cold.append(measure(cmd, env, folder))
    again = [measure(cmd, env, folder) for _ in range(repeat)]
    return [_timing(f"{CATALOG}, cold", cold), _timing(f"{CATALOG}, rebuilt unchanged", again)]


def run_po(py: list[str], root: Path, env: dict, cold, repeat: int,
           chapters: int = 100) -> list[Timing]:
    """Issue 25: the cold EPUB of an mdBook of 35 messages a chapter (3,500 for the usual
    100), in its own language and translated by a PO file (the difference is what
    translating costs)."""
    from publish.bench.pobook import make_po_book

    book = make_po_book(root / "po-book", 35 * chapters)
    found = []
    for name, lang in ((PO_SOURCE, "en"), (PO_EDITION, "fr")):
        samples = []
        for _ in range(repeat):
            cold()
            shutil.rmtree(book / "build", ignore_errors=True)
            samples.append(measure([*py, "epub", "--lang", lang, "--source", str(book)], env, book))
        found.append(_timing(name, samples))
    return found


PO_SOURCE = "cold EPUB, mdBook of 35 messages a chapter (en)"
PO_EDITION = "cold EPUB, the same translated by its PO file (fr)"
STATUS = "publish status"
PDF_RUNS = 3
PANDOC_EPUB = "pandoc EPUB (en)"
PANDOC_PDF = "pandoc PDF via WeasyPrint (en)"


def _cold_pdfs(py, project: Path, env: dict, cold, pandoc, book) -> tuple[list, list]:
    """PDF_RUNS cold PDFs of ours, each followed by pandoc's (if `book`): (ours, theirs)."""
    ours, theirs = [], []
    for _ in range(PDF_RUNS):
        cold()
        ours.append(measure([*py, "pdf", "--lang", "en", "--source", str(project)], env, project))
        if book:
            theirs.append(_pandoc_run(pandoc, book, "p.pdf", ["--pdf-engine=weasyprint"], env))
    return ours, theirs


KEPUB = "KEPUB from the up-to-date EPUB (en)"
EDIT_EPUB = "rebuild after editing one chapter (EPUB, en)"
EDIT_PDF = "rebuild after editing one chapter (PDF, en)"
SERVE_IDLE = "serve: a saved edit in the preview"
SERVE_BUSY = "serve: a saved edit in the preview, a PDF building"


def _serve(py: list[str], project: Path, env: dict, chapter: Path, repeat: int) -> list[Timing]:
    """`publish serve` on the book: seconds from saving an edit to the preview page showing
    it, when the server is idle and when the PDF of the edit before is still being made
    (an author saving twice in a row)."""
    server = _Serve([*py, "serve", "--lang", "en", "--port", "0", "--source", str(project)],
                    env, project)
    idle, busy = [], []
    try:
        server.settle()
        for n in range(repeat):
            idle.append(server.shown(chapter, f"Saved while idle, edit {n}."))
            busy.append(server.shown(chapter, f"Saved again at once, edit {n}."))
            server.settle()
    finally:
        server.stop()
    mib = server.peak / 1024
    return [_timing(SERVE_IDLE, [(s, mib) for s in idle]),
            _timing(SERVE_BUSY, [(s, mib) for s in busy])]


class _Serve:
    """A `publish serve` process, its reports (on stderr) and its peak memory."""

    def __init__(self, cmd: list[str], env: dict, cwd: Path) -> None:
        import threading

        self.proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.started = self.ready = 0          # outputs begun and finished, as reported
        self.peak = 0
        self.changed = threading.Condition()
        threading.Thread(target=self._read_reports, daemon=True).start()
        threading.Thread(target=self._watch_memory, daemon=True).start()
        self.url = next((line.split(" ", 1)[1].strip() for line in self.proc.stdout
                         if line.startswith("preview: ")), "")
        if not self.url:
            raise RuntimeError("publish serve did not start")

    def _read_reports(self) -> None:
        for line in self.proc.stderr:
            with self.changed:
                self.started += ": making " in line
                self.ready += " ready (" in line and "preview ready" not in line
                self.changed.notify_all()

    def _watch_memory(self) -> None:
        while self.proc.poll() is None:
            self.peak = max(self.peak, *(_hwm(pid) for pid in _tree(self.proc.pid)))
            time.sleep(0.05)

    def settle(self, timeout: float = 900) -> None:
        """Waits until the outputs begun are done and none begins for half a second."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                seen = self.started
                self.changed.wait_for(lambda: self.ready >= self.started > 0
                                      or time.monotonic() > deadline, timeout)
                if time.monotonic() > deadline:
                    raise RuntimeError("publish serve did not finish its outputs")
                if not self.changed.wait_for(lambda: self.started > seen, 0.5):
                    return

    def get(self, path: str) -> bytes:
        import urllib.request

        with urllib.request.urlopen(self.url.rstrip("/") + path, timeout=120) as answer:
            return answer.read()

    def shown(self, chapter: Path, marker: str) -> float:
        """Seconds from saving `marker` into the chapter to the page as a browser gets it:
        the live reload's long poll answers, then the page is fetched and holds it."""
        version = json.loads(self.get("/_reload?lang=en&since=0"))["version"]
        text = chapter.read_text(encoding="utf-8")
        start = time.perf_counter()
        chapter.write_text(text.replace("\n\n", f"\n\n{marker}\n\n", 1), encoding="utf-8")
        while True:
            version = json.loads(self.get(f"/_reload?lang=en&since={version}"))["version"]
            if marker.encode() in self.get("/en/"):
                return time.perf_counter() - start

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)


def _pandoc_book(project: Path, root: Path) -> Path:
    """The English chapters as one Markdown file, the way pandoc is given a book."""
    text = "\n\n".join(p.read_text(encoding="utf-8")
                       for p in sorted((project / "source" / "en").glob("*.md")))
    book = root / "pandoc.md"
    book.write_text(text, encoding="utf-8")
    return book


def _pandoc_run(pandoc: str, book: Path, target: str, extra: list[str],
                env: dict) -> tuple[float, float]:
    """pandoc on the book, to EPUB or (through WeasyPrint, ours: first on PATH) to PDF."""
    env = {**env, "PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '')}"}
    return measure([pandoc, str(book), "-o", str(book.parent / target), "--metadata",
                    "title=Sample", *extra], env, book.parent)


def _timing(name: str, samples: list[tuple[float, float]], ours: bool = True) -> Timing:
    """The median time and the highest peak of (seconds, MiB) runs."""
    seconds = sorted(s for s, _ in samples)
    return Timing(name, seconds[len(seconds) // 2], max(p for _, p in samples), ours=ours,
                  runs=tuple(round(s, 3) for s, _ in samples))


def ratios(timings: list[Timing]) -> dict[str, float]:
    by = {t.name: t.seconds for t in timings}
    result = {}
    if PANDOC_EPUB in by:
        result["cold EPUB / pandoc EPUB"] = by["cold EPUB (en)"] / by[PANDOC_EPUB]
    if PANDOC_PDF in by:
        result["cold PDF / pandoc PDF"] = by["cold PDF (en)"] / by[PANDOC_PDF]
    if KEPUB in by:
        result["KEPUB / cold EPUB"] = by[KEPUB] / by["cold EPUB (en)"]
    result["edit one chapter / cold, EPUB"] = (by["rebuild after editing one chapter (EPUB, en)"]
                                               / by["cold EPUB (en)"])
    result["edit one chapter / cold, PDF"] = (by["rebuild after editing one chapter (PDF, en)"]
                                              / by["cold PDF (en)"])
    return result


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    met: bool | None          # None: not measured in this run (no pandoc)


def targets(timings: list[Timing]) -> list[Target]:
    """Issue 13's targets (and issue 6's for the EPUB), each against this run's figures."""
    by = {t.name: t for t in timings}
    seconds = {name: t.seconds for name, t in by.items()}
    out = []

    def ratio(name: str, ours: str, theirs: str, bound: float) -> None:
        if theirs not in seconds:
            out.append(Target(name, "pandoc not run", None))
            return
        value = seconds[ours] / seconds[theirs]
        out.append(Target(name, f"{seconds[ours]:.2f} s / {seconds[theirs]:.2f} s = {value:.3f}",
                          value <= bound))

    ratio("cold PDF at most 1/2 of pandoc + WeasyPrint", "cold PDF (en)",
          PANDOC_PDF, 1 / 2)
    ratio("PDF after editing one chapter at most 1/4 of cold", EDIT_PDF, "cold PDF (en)", 1 / 4)
    nothing = seconds["rebuild, nothing changed (EPUB+PDF, en)"]
    out.append(Target("rebuild with nothing changed under 0.25 s", f"{nothing:.2f} s", nothing < 0.25))
    ours = [t for t in timings if t.ours]
    worst = max(ours, key=lambda t: t.peak_mib)
    out.append(Target("peak memory under 400 MiB a process",
                      f"{worst.peak_mib:.0f} MiB ({worst.name})", worst.peak_mib < 400))
    for name in (SERVE_IDLE, SERVE_BUSY):
        if name in by:
            slowest = max(by[name].runs)
            out.append(Target(f"{name} under 1 s",
                              f"{by[name].seconds:.2f} s median, {slowest:.2f} s slowest",
                              slowest < 1))
    if PO_EDITION in seconds:
        added = seconds[PO_EDITION] - seconds[PO_SOURCE]
        out.append(Target("translating the book (3,500 messages at 100 chapters) adds under 1 s",
                          f"{seconds[PO_EDITION]:.2f} s - {seconds[PO_SOURCE]:.2f} s = {added:.2f} s",
                          added < 1))
    if KEPUB in seconds:
        ratio("KEPUB at most 1/4 of cold EPUB (issue 27)", KEPUB, "cold EPUB (en)", 1 / 4)
    for t in timings:
        if t.name.startswith(STATUS):
            out.append(Target(f"{t.name} under 2 s (issue 25)", f"{t.seconds:.2f} s median, "
                              f"{max(t.runs):.2f} s slowest", t.seconds < 2))
    for t in timings:
        if t.name.startswith(CATALOG):
            out.append(Target(f"{t.name} under 5 s (issue 27)", f"{t.seconds:.2f} s median, "
                              f"{max(t.runs):.2f} s slowest", t.seconds < 5))
    ratio("cold EPUB at most 1/3 of pandoc (issue 6)", "cold EPUB (en)", PANDOC_EPUB, 1 / 3)
    ratio("EPUB after editing one chapter at most 1/4 of cold (issue 6)", EDIT_EPUB,
          "cold EPUB (en)", 1 / 4)
    return out


def to_json(timings: list[Timing], chapters: int) -> str:
    return json.dumps({"chapters": chapters, "cores": os.cpu_count(),
                       "python": sys.version.split()[0],
                       "timings": [asdict(t) for t in timings], "ratios": ratios(timings),
                       "targets": [asdict(t) for t in targets(timings)]}, indent=2)
