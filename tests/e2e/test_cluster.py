"""The same jobs on a Dask cluster (issue 28): same bytes as the local pool, a dead worker's
job retried or reported with the others written, an unreachable scheduler or another
version refused in one line. Loopback only; every process started here is stopped here.
"""
from __future__ import annotations

import operator
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publish import executor
from publish.cli import main
from conftest import FIXTURES
from test_all_catalog import make_catalog, make_project

distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed")
pytestmark = pytest.mark.slow            # starts Dask workers, which import the pipeline


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two one-thread workers on loopback; a worker that dies once is its
    job's end (allowed-failures 1, so that the test is quick)."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                         host="127.0.0.1", dashboard_address=None)
    try:
        yield local.scheduler_address
    finally:
        local.close()


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def test_the_catalog_on_the_cluster_is_the_local_pools_bytes(tmp_path, capsys, cluster):
    catalog = make_catalog(tmp_path)
    code, _, err = run(capsys, "all", "--catalog", str(catalog), "--jobs", "2",
                       "--out", str(tmp_path / "pool"))
    assert code == 4, err
    code, out, err = run(capsys, "all", "--catalog", str(catalog), "--cluster", cluster,
                         "--out", str(tmp_path / "dask"))
    assert code == 4 and "REFUSED" in out, err
    pool, dask = outputs(tmp_path / "pool"), outputs(tmp_path / "dask")
    assert len(pool) == 4 and pool == dask


def test_a_pdf_in_parts_on_the_cluster_is_the_local_pools_bytes(tmp_path, cluster):
    from publish import config as config_mod
    from publish.build import load_book
    from publish.writers.pdf import parts as layout_parts, writer as pdf

    book = load_book(config_mod.load(FIXTURES / "multi"), "en")
    files = []
    for name, where in (("pool", None), ("dask", cluster)):
        (tmp_path / name).mkdir()
        with executor.using(where, 2):
            pdf.write_pdf(book, tmp_path / name / "multi-en.pdf", 2)
        assert layout_parts.LAID_OUT[:3] == ["front", "part 1", "part 2"]  # in parts, not one pass
        files.append((tmp_path / name / "multi-en.pdf").read_bytes())
    assert files[0] == files[1]


def test_a_worker_killed_mid_job_is_that_jobs_failure_the_others_come_back(tmp_path, cluster):
    """A job that kills its worker (SIGABRT, as a crash would): retried on a fresh worker by
    the scheduler's policy, then reported (KilledWorker); an edition's bytes and the other
    jobs come back, on the cluster and on the local pool alike."""
    from publish import config as config_mod
    from publish.build import load_book
    from publish.jobs import make_output

    book = load_book(config_mod.load(make_project(tmp_path / "p", "p", ("en",))), "en")
    calls = [(operator.add, (1, 2)), (os.abort, ()), (make_output, (book, "epub", "p-en.epub")),
             (operator.mul, (2, 3))]
    for where in (cluster, None):
        with executor.using(where, 2) as chosen:
            got = dict(chosen.run(calls))
        assert (got[0], got[3]) == (3, 6)
        assert type(got[1]).__name__ in ("KilledWorker", "BrokenProcessPool")
        assert got[2].data[:2] == b"PK" and got[2].pages is None


def test_the_dead_workers_output_is_one_line(tmp_path):
    from publish.build import Job
    from publish.jobs import _died

    error = _died(Job("en", "epub", tmp_path / "p-en.epub", "k"),
                  type("KilledWorker", (Exception,), {})("gone"))
    assert str(error).endswith("p-en.epub: the process writing it died (KilledWorker)")


def test_another_version_on_the_workers_is_refused_naming_both(cluster, monkeypatch):
    import publish

    theirs = executor.version()
    monkeypatch.setattr(publish, "__version__", "0.0.1")
    with pytest.raises(executor.ClusterError) as caught:
        executor.connect(cluster)
    assert str(caught.value) == (f"the workers of {cluster} run publish {theirs}; "
                                 "this is publish 0.0.1: install the same version on both")


def test_an_unreachable_scheduler_is_one_line_within_10_s(tmp_path, capsys):
    import socket

    with socket.socket() as sock:                 # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    make_project(tmp_path / "p", "p", ("en",))
    start = time.monotonic()
    code, out, err = run(capsys, "all", str(tmp_path / "p"), "--cluster", f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - start < 10
    assert code == executor.ClusterError.code and err.count("\n") == 1
    assert err.startswith(f"error: cannot reach the Dask scheduler tcp://127.0.0.1:{port}: ")


def test_dask_scheduler_address_from_the_environment(tmp_path, capsys, cluster, monkeypatch):
    seen = []
    real = executor.connect
    monkeypatch.setattr(executor, "connect", lambda where: seen.append(where) or real(where))
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster)
    make_project(tmp_path / "p", "p", ("en", "fr"))
    code, _, err = run(capsys, "all", str(tmp_path / "p"), "--format", "epub")
    assert code == 0 and seen == [cluster], err
    assert (tmp_path / "p/build/p-fr.epub").is_file()


def _start(args: list[str], log: Path) -> subprocess.Popen:
    return subprocess.Popen([str(Path(sys.executable).parent / "dask"), *args],
                            stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def test_a_scheduler_and_two_workers_started_apart(tmp_path, capsys):
    """`dask scheduler` and two `dask worker` processes on loopback, found through their
    scheduler file: the catalog builds there as it does here. All stopped at the end."""
    if shutil.which("dask", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("no dask command in this environment")
    file = tmp_path / "scheduler.json"
    started = [_start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                       "--scheduler-file", str(file)], tmp_path / "scheduler.log")]
    try:
        deadline = time.monotonic() + 60
        while not file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        for n in (1, 2):
            started.append(_start(["worker", "--scheduler-file", str(file), "--nthreads", "1",
                                   "--host", "127.0.0.1", "--no-dashboard", "--death-timeout",
                                   "60"], tmp_path / f"worker-{n}.log"))
        with distributed.Client(scheduler_file=str(file), timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        catalog = make_catalog(tmp_path / "books")
        code, out, err = run(capsys, "all", "--catalog", str(catalog), "--cluster", str(file),
                             "--out", str(tmp_path / "out"))
        assert code == 4 and out.count("REFUSED") == 1, err
        assert len(outputs(tmp_path / "out")) == 4
    finally:
        for process in reversed(started):
            os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(started):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
