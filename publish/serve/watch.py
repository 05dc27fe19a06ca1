"""Watching a project's sources and layouts for changes, in a thread, with watchfiles."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger("publish")

READY_TICK_MS = 200      # watchfiles reports an idle tick this often: how we know it is watching


class Watcher(threading.Thread):
    """Calls `on_change(paths)` with each batch of changed files under `roots` until stopped.

    Files under any of `ignore` (the output folder, should it lie inside a watched one)
    are left out. `ready` is set once the operating system's watch is in place.
    """

    def __init__(self, roots: Iterable[Path], on_change: Callable[[set[Path]], None],
                 *, ignore: Iterable[Path] = ()) -> None:
        super().__init__(name="publish-watch", daemon=True)
        self.roots = tuple(Path(r) for r in roots if Path(r).is_dir())
        self.ignore = tuple(Path(p).resolve() for p in ignore)
        self.on_change = on_change
        self.ready = threading.Event()
        self._stop_event = threading.Event()

    def run(self) -> None:
        from watchfiles import watch

        if not self.roots:
            self.ready.set()
            return
        try:
            for changes in watch(*self.roots, stop_event=self._stop_event, debounce=1200, step=80,
                                 rust_timeout=READY_TICK_MS, yield_on_timeout=True,
                                 raise_interrupt=False):
                self.ready.set()
                paths = {Path(p) for _, p in changes if not self._ignored(Path(p))}
                if paths and not self._stop_event.is_set():
                    self._call(paths)
        finally:
            self.ready.set()

    def _ignored(self, path: Path) -> bool:
        resolved = path.resolve()
        return any(resolved.is_relative_to(p) for p in self.ignore)

    def _call(self, paths: set[Path]) -> None:
        try:
            self.on_change(paths)
        except Exception:  # noqa: BLE001 - the watcher outlives any one rebuild
            log.exception("rebuild failed")

    def stop(self, timeout: float = 5.0) -> None:
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout)
