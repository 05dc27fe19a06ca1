"""The one executor of a build's parallel work: editions and PDF parts run as plain jobs, on
a local process pool (concurrent.futures), in this process, or on a Dask cluster.

A job is a module-level function with picklable arguments and result (bytes and facts,
never a file written): the building process writes what comes back. `run()` yields each
job's result, or the exception that stopped it, as it finishes. Inside a job, the current
executor is this process (a job never starts a pool of its own), so a job's bytes are the
same wherever it ran (docs/executor.md).
"""
from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from publish.errors import ClusterError

log = logging.getLogger("publish")

Call = tuple[Callable, tuple]
CONNECT_SECONDS = 5          # an unreachable scheduler is an error within 10 s, not a hang


@dataclass(frozen=True)
class Said:
    """A job's result, and the warnings said while it ran (shown by the building process)."""

    value: object
    warnings: tuple[str, ...]


def _job(fn: Callable, args: tuple) -> Said:
    """A job in a worker (a pool's process, a Dask worker): run with this process as its
    executor, its warnings kept for the building process to show."""
    from publish import enginelog

    said: list[str] = []
    enginelog.relay(said.append)
    _inside.active = True
    try:
        return Said(fn(*args), tuple(said))
    finally:
        _inside.active = False


def _told(outcome: object) -> object:
    """A job's outcome in the building process: its warnings logged, its value returned."""
    if isinstance(outcome, Said):
        for message in outcome.warnings:
            log.warning("%s", message)
        return outcome.value
    return outcome


class Outcomes:
    """(number, outcome) of each job as it finishes; `close()` gives up the rest; `take()`
    withdraws the last job no worker has begun, for the caller to run itself."""

    def __init__(self, outcomes: Iterator[tuple[int, object]], stop: Callable[[], None],
                 take: Callable[[], int | None] = lambda: None) -> None:
        self.outcomes, self.stop, self.done, self.take = outcomes, stop, False, take

    def __iter__(self) -> Outcomes:
        return self

    def __next__(self) -> tuple[int, object]:
        try:
            return next(self.outcomes)
        except StopIteration:
            self.done = True
            raise

    def close(self) -> None:
        if not self.done:
            self.stop()                 # the workers ended first: closing waits for them
            self.outcomes.close()


class Inline:
    """Every job in this process, one after another (`--jobs 1`, and inside a job)."""

    workers = 1

    def run(self, calls: Iterable[Call], fresh: bool = False) -> Outcomes:
        """Each call, run as the outcomes are read."""
        return Outcomes(self._outcomes(list(calls)), lambda: None)

    @staticmethod
    def _outcomes(calls: list[Call]) -> Iterator[tuple[int, object]]:
        for n, (fn, args) in enumerate(calls):
            try:
                yield n, fn(*args)
            except Exception as exc:  # noqa: BLE001 - the caller decides what it becomes
                yield n, exc

    def close(self) -> None:
        pass


class Local:
    """A concurrent.futures process pool of `workers` processes. Forked (they start at once,
    WeasyPrint imported) from a process running no other thread; spawned otherwise (a fork
    would copy locks other threads hold), or when `fresh`: then each job has a process of
    its own, which holds one book and none of the last one's heap."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

    def run(self, calls: Iterable[Call], fresh: bool = False) -> Outcomes:
        """Submits every call now; yields (its number, its outcome) as each finishes."""
        calls = list(calls)
        first = _Pool(calls, range(len(calls)), self.workers, fresh)
        return Outcomes(self._outcomes(calls, first, fresh), first.stop, first.take)

    @staticmethod
    def _outcomes(calls: list[Call], first: _Pool, fresh: bool):
        from concurrent.futures.process import BrokenProcessPool

        lost = []
        for n, outcome in first.outcomes():
            if isinstance(outcome, BrokenProcessPool) and len(calls) > 1:
                lost.append(n)          # a worker died: each job it took with it, once more alone
            else:
                yield n, outcome
        for n in lost:
            yield from _Pool(calls, [n], 1, fresh).outcomes()

    def close(self) -> None:
        pass


class _Pool:
    """One concurrent.futures pool, its jobs submitted at once."""

    def __init__(self, calls: list[Call], numbers, workers: int, fresh: bool) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        numbers = list(numbers)
        fork = not fresh and threading.active_count() == 1 \
            and "fork" in multiprocessing.get_all_start_methods()
        options = {"mp_context": multiprocessing.get_context("fork" if fork else "spawn")}
        if not fork:
            options["max_tasks_per_child"] = 1 if fresh else None
        self.pool = ProcessPoolExecutor(max_workers=max(1, min(workers, len(numbers))), **options)
        self.futures = {self.pool.submit(_job, *calls[n]): n for n in numbers}

    def take(self) -> int | None:
        """The number of the last job still waiting for a worker, withdrawn (None when every
        job has begun): the building process runs it itself (the workers take jobs in order,
        so both ends meet, however busy the machine)."""
        for future, n in reversed(self.futures.items()):
            if not future.cancel():
                return None
            del self.futures[future]
            return n
        return None

    def outcomes(self) -> Iterator[tuple[int, object]]:
        from concurrent.futures import as_completed

        try:
            for future in as_completed(list(self.futures)):
                try:
                    yield self.futures[future], _told(future.result())
                except Exception as exc:  # noqa: BLE001 - a job's error, or its worker's death
                    yield self.futures[future], exc
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def stop(self) -> None:
        """Given up (an error, Ctrl-C): the jobs not begun cancelled, the workers ended."""
        for process in list((getattr(self.pool, "_processes", None) or {}).values()):
            process.kill()
        self.pool.shutdown(wait=True, cancel_futures=True)


class Dask:
    """Jobs submitted to a Dask cluster through `client` (and the LocalCluster it owns, if
    any). A worker that dies has its job retried as the scheduler's policy says
    (distributed.scheduler.allowed-failures); then the job's outcome is KilledWorker."""

    def __init__(self, client, cluster=None) -> None:
        self.client, self.cluster = client, cluster
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))

    def run(self, calls: Iterable[Call], fresh: bool = False) -> Outcomes:
        """Submits every call now; yields (its number, its outcome) as each finishes."""
        calls = list(calls)
        futures = {self.client.submit(_job, fn, args, pure=False): n
                   for n, (fn, args) in enumerate(calls)}
        return Outcomes(self._outcomes(calls, futures),
                        lambda: self.client.cancel([f for f in futures if not f.done()]))

    def _outcomes(self, calls: list[Call], futures: dict):
        """As each job finishes. A job that ran where a worker died (KilledWorker: it may
        only have shared the worker with the job that killed it) is run once more, alone,
        after the others, as the local pool does: its own fault shows then."""
        lost = []
        for n, outcome in self._finished(futures):
            if type(outcome).__name__ == "KilledWorker" and len(calls) > 1:
                lost.append(n)
            else:
                yield n, outcome
        for n in lost:
            fn, args = calls[n]
            yield from self._finished({self.client.submit(_job, fn, args, pure=False): n})

    def _finished(self, futures: dict):
        from distributed import as_completed

        if not futures:
            return
        try:
            for future in as_completed(list(futures)):
                try:
                    yield futures[future], _told(future.result())
                except Exception as exc:  # noqa: BLE001 - a job's error, or KilledWorker
                    yield futures[future], exc
        finally:
            self.client.cancel([f for f in futures if not f.done()])

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class _Inside(threading.local):
    active = False


_inside = _Inside()
_chosen: list = []


def current(jobs: int | None = None):
    """The executor jobs go to now: this process inside a job, else the one `using` chose,
    else a local pool of `jobs` processes (default: one per core; 1: this process)."""
    if _inside.active:
        return Inline()
    if _chosen:
        return _chosen[-1]
    return Inline() if jobs == 1 else Local(jobs or cores())


@contextlib.contextmanager
def using(cluster: str | None = None, jobs: int | None = None):
    """For the block, jobs go to `cluster` (an address, a scheduler file, "local"; None:
    DASK_SCHEDULER_ADDRESS if set), else to a local pool of `jobs` processes (1: this one)."""
    cluster = cluster or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
    if cluster:
        chosen = connect(cluster)
    else:
        chosen = Inline() if jobs == 1 else Local(jobs or cores())
    _chosen.append(chosen)
    try:
        yield chosen
    finally:
        _chosen.remove(chosen)
        chosen.close()


def connect(cluster: str) -> Dask:
    """A Dask executor for `cluster`: "local" (a LocalCluster on loopback, two workers of one
    thread, no dashboard), a scheduler file (.json) or an address (tcp://HOST:PORT)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'publish[cluster]'") from None
    owned = client = None
    try:
        if cluster == "local":
            owned = LocalCluster(n_workers=min(2, cores()), threads_per_worker=1, processes=True,
                                 host="127.0.0.1", dashboard_address=None)
            client = Client(owned, timeout=CONNECT_SECONDS)
        elif cluster.endswith(".json") or os.path.isfile(cluster):
            client = Client(scheduler_file=cluster, timeout=CONNECT_SECONDS)
        else:
            client = Client(cluster, timeout=CONNECT_SECONDS)
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as exc:
        for opened in (client, owned):
            if opened is not None:
                opened.close()
        raise ClusterError(f"cannot reach the Dask scheduler {cluster}: "
                           f"{' '.join(str(exc).split()) or type(exc).__name__}") from None
    executor = Dask(client, owned)
    try:
        _same_version(client, cluster)
    except BaseException:
        executor.close()
        raise
    return executor


def version() -> str:
    """The publish version of this process (asked of every worker by _same_version)."""
    from publish import __version__

    return __version__


def _same_version(client, cluster: str) -> None:
    """Refuses a cluster whose workers run another version of publish (or none at all)."""
    try:
        theirs = client.run(version)
    except Exception as exc:  # noqa: BLE001 - a worker that cannot import publish
        raise ClusterError(f"the workers of {cluster} cannot run publish "
                           f"{version()}: {' '.join(str(exc).split())}") from None
    other = sorted({v for v in theirs.values() if v != version()})
    if other:
        raise ClusterError(f"the workers of {cluster} run publish {', '.join(other)}; "
                           f"this is publish {version()}: install the same version on both")


def cores() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1
