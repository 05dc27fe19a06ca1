"""The executor's figures (issue 28): a catalog built serially, on the local pool and on a
LocalCluster; the long book's PDF in parts on the pool and on the cluster (same bytes);
and a projection, labelled as one, of the PDF's critical path on more workers."""
from __future__ import annotations

import os
import pickle
import shutil
import sys
import time
from pathlib import Path

from publish.bench.run import Timing, _fresh_font_cache, _timing, measure
from publish.bench.samplebook import make_sample_book

CATALOG_MODES = (("serial (--jobs 1)", ("--jobs", "1")), ("local pool", ()),
                 ("LocalCluster, 2 workers", ("--cluster", "local")))
LINK_BYTES_PER_S = 125e6          # the projection's network: 1 Gbit/s, stated, not measured


def catalog(root: Path, books: int, chapters: int) -> tuple[list[Timing], dict[str, float]]:
    """`books` sample books of `chapters` chapters in English and French, EPUB and PDF, in
    one catalog, built cold three ways; then once more with nothing changed."""
    folders = [make_sample_book(root / f"book-{n:03}", chapters, langs=("en", "fr"))
               for n in range(books)]
    listing = root / "catalog.toml"
    listing.write_text('formats = ["epub", "pdf"]\n\n[[project]]\npath = "book-*"\n',
                       encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    py = [sys.executable, "-m", "publish", "all", "--catalog", str(listing)]
    timings = []
    for name, extra in CATALOG_MODES:
        for folder in folders:
            shutil.rmtree(folder / "build", ignore_errors=True)
        env["PUBLISH_CACHE"] = str(_fresh_font_cache(root))
        timings.append(_timing(f"catalog {books}x2 EPUB+PDF, {name}",
                               [measure([*py, *extra], env, root)]))
    timings.append(_timing(f"catalog {books}x2, nothing changed", [measure(py, env, root)]))
    by = [t.seconds for t in timings]
    return timings, {"catalog serial / local pool": by[0] / by[1],
                     "catalog serial / LocalCluster": by[0] / by[2],
                     "catalog LocalCluster / local pool": by[2] / by[1]}


def long_pdf(root: Path, chapters: int) -> dict:
    """The sample's English PDF in parts, in this process: laid out serially (each part
    timed), on a local pool of 2 and on a LocalCluster of 2 workers; bytes compared; the
    projection for 4, 8 and 32 workers, and for 2 beside the measured figure."""
    from publish import config as config_mod, executor
    from publish.build import load_book
    from publish.writers.pdf import parts, writer

    book = load_book(config_mod.load(make_sample_book(root / "long", chapters, langs=("en",))),
                     "en")
    count = max(2, writer.auto_parts(book))
    laid: list[tuple[float, int, int]] = []      # per part: seconds, bytes sent, bytes back
    real = parts.lay_out_part

    def timed(slim, html):              # CPU seconds: what a worker of its own would take
        start = time.process_time()
        made = real(slim, html)
        laid.append((time.process_time() - start, len(pickle.dumps((slim, html))), len(made.pdf)))
        return made

    runs = {}
    for name, where, jobs in (("serial", None, 1), ("local pool, 2", None, 2),
                              ("LocalCluster, 2", "local", 2)):
        out = root / name.replace(" ", "-").replace(",", "")
        out.mkdir()
        with executor.using(where, jobs) as chosen:
            if where:                            # the workers' imports, before the clock
                list(chosen.run([(__import__, ("publish.writers.pdf.engine",))] * 2))
            parts.lay_out_part = timed if jobs == 1 else real
            start, cpu = time.perf_counter(), time.process_time()
            try:
                writer.write_pdf(book, out / "sample-en.pdf", count)
            finally:
                parts.lay_out_part = real
            runs[name] = (time.perf_counter() - start, (out / "sample-en.pdf").read_bytes(),
                          time.process_time() - cpu)
    return _projection(runs, laid, count)


def _projection(runs: dict, laid: list, count: int) -> dict:
    """The critical path on W workers, in CPU seconds (the machine measured on may be
    shared): the parts handed out in book order to the first free worker (their layout's
    CPU time, plus their bytes over the stated link), then this process's own work (front
    matter, contents, folios, assembly: the serial run's CPU beyond its parts')."""
    serial = runs["serial"][2]                   # CPU seconds of the serial run
    own = serial - sum(s for s, _, _ in laid)

    def path(workers: int) -> float:
        free = [0.0] * workers
        for seconds, sent, back in laid:
            free[free.index(min(free))] += seconds + (sent + back) / LINK_BYTES_PER_S
        return own + max(free)

    same = len({data for _, data, _ in runs.values()}) == 1
    return {"parts": count, "serial CPU s": round(serial, 2),
            "per part CPU s": [round(s, 2) for s, _, _ in laid],
            "this process s (front, contents, folios, assembly)": round(own, 2),
            "bytes sent per part (median)": sorted(b for _, b, _ in laid)[len(laid) // 2],
            "bytes back per part (median)": sorted(b for _, _, b in laid)[len(laid) // 2],
            "measured wall s": {name: round(s, 2) for name, (s, _, _) in runs.items()},
            "load average (1 min) after": round(os.getloadavg()[0], 1),
            "same bytes on pool, cluster and in one process": same,
            "PROJECTION s (not measured)": {w: round(path(w), 2) for w in (2, 4, 8, 32)}}
