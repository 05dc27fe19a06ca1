"""`publish bench`: times our builds (and pandoc's, when found) on a generated N-chapter book."""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

HELP = "benchmark: build a generated N-chapter book and report time and peak memory"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--chapters", type=int, default=100, help="chapters per language (default 100)")
    parser.add_argument("--json", type=Path, default=Path("build/bench.json"), metavar="FILE",
                        help="where to write the results (default: build/bench.json)")
    parser.add_argument("--pandoc", metavar="PATH", default=shutil.which("pandoc"),
                        help="pandoc to compare with (default: pandoc on PATH, if any)")
    parser.add_argument("--jobs", type=int, default=None, help="processes for the `all` run")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of each short scenario; the median is reported (default 5)")
    parser.add_argument("--only", choices=("status", "catalog", "epub", "all-catalog", "parts"),
                        default=None,
                        help="run one scenario alone: status (`publish status`, issue 25), "
                             "catalog (`publish catalog` over 500 synthetic editions, issue 27), "
                             "epub (the cold EPUB in turn with pandoc's, issue 28), "
                             "all-catalog or parts (`publish all --catalog` and the long PDF "
                             "on the pool and on a LocalCluster, issue 28)")
    parser.add_argument("--books", type=int, default=40,
                        help="books in the --only all-catalog scenario (default 40)")


def run(args: argparse.Namespace) -> int:
    from publish.bench.run import ratios, run_benchmark, targets, to_json
    from publish.errors import PublishError

    if args.chapters < 1:
        raise PublishError("--chapters must be at least 1", key="--chapters")
    if args.repeat < 1:
        raise PublishError("--repeat must be at least 1", key="--repeat")
    if args.only == "status":
        return _status_only(args)
    if args.only == "catalog":
        return _catalog_only(args)
    if args.only == "epub":
        return _epub_only(args)
    if args.only in ("all-catalog", "parts"):
        return _executor_only(args)
    timings = run_benchmark(args.chapters, args.pandoc, args.jobs, args.repeat)
    width = max(len(t.name) for t in timings)
    print(f"{'scenario'.ljust(width)}  seconds  peak MiB  runs")
    for t in timings:
        print(f"{t.name.ljust(width)}  {t.seconds:7.2f}  {t.peak_mib:8.0f}  {len(t.runs)}")
    for name, value in ratios(timings).items():
        print(f"{name}: {value:.2f}")
    print()
    goals = targets(timings)
    width = max(len(t.name) for t in goals)
    print(f"{'target'.ljust(width)}  met?  measured")
    for t in goals:
        verdict = "-" if t.met is None else "yes" if t.met else "no"
        print(f"{t.name.ljust(width)}  {verdict.ljust(4)}  {t.measured}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(to_json(timings, args.chapters), encoding="utf-8")
    print(f"written {args.json}")
    return 0


def _status_only(args: argparse.Namespace) -> int:
    """`--only status`: `publish status` on the translated book, its runs and its target."""
    import tempfile

    from publish.bench.run import run_status

    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        return _timed_only(args, [run_status(Path(tmp) / "translated", args.chapters,
                                             args.repeat)], 2)


def _catalog_only(args: argparse.Namespace) -> int:
    """`--only catalog`: `publish catalog` over 500 synthetic editions, cold and rebuilt."""
    import tempfile

    from publish.bench.run import run_catalog

    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        return _timed_only(args, run_catalog(Path(tmp) / "catalog", args.repeat), 5)


def _timed_only(args: argparse.Namespace, timings, limit: float) -> int:
    """One scenario's timings, each with its runs and whether it is under `limit` seconds
    (its target), and the JSON report."""
    import json
    from dataclasses import asdict

    for timing in timings:
        print(f"{timing.name}: {timing.seconds:.2f} s median of {len(timing.runs)} runs "
              f"({', '.join(f'{r:.2f}' for r in timing.runs)}), peak {timing.peak_mib:.0f} MiB; "
              f"target under {limit:g} s: {'met' if timing.seconds < limit else 'not met'}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"chapters": args.chapters, "limit": limit,
                                     "timings": [asdict(t) for t in timings]}, indent=2),
                         encoding="utf-8")
    return 0


def _epub_only(args: argparse.Namespace) -> int:
    """`--only epub`: the cold EPUB and pandoc's, `--repeat` times in turn, and their ratio."""
    import json
    import tempfile
    from dataclasses import asdict

    from publish.bench.epub import cold_epub, report

    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        ours, theirs = cold_epub(Path(tmp), args.chapters, args.pandoc, args.repeat)
    for line in report(ours, theirs):
        print(line)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"chapters": args.chapters, "ours": asdict(ours),
                                     "pandoc": asdict(theirs) if theirs else None}, indent=2),
                         encoding="utf-8")
    return 0


def _executor_only(args: argparse.Namespace) -> int:
    """`--only all-catalog` / `--only parts`: the executor's figures (publish/bench/cluster.py)."""
    import json
    import tempfile

    from publish.bench import cluster

    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        if args.only == "all-catalog":
            timings, ratios = cluster.catalog(Path(tmp), args.books, args.chapters)
            found = {"timings": [vars(t) for t in timings], "ratios": ratios}
            for t in timings:
                print(f"{t.name}: {t.seconds:.2f} s, peak {t.peak_mib:.0f} MiB a process")
            for name, value in ratios.items():
                print(f"{name}: {value:.2f}")
        else:
            found = cluster.long_pdf(Path(tmp), args.chapters)
            for name, value in found.items():
                print(f"{name}: {value}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(found, indent=1, default=str), encoding="utf-8")
    print(f"written {args.json}")
    return 0
