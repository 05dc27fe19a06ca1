"""A function run in a fresh Python process, for work whose memory the calling process
should not keep (fontTools making a font instance, pikepdf assembling a long PDF).

A plain interpreter is started, not multiprocessing's spawn: spawn runs again the main
script of a caller without a `__main__` guard. The function (importable by name) and
its arguments are pickled on the child's stdin.
"""
from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable

_CHILD = "import pickle, sys; function, args = pickle.load(sys.stdin.buffer); function(*args)"


class ApartError(RuntimeError):
    """The function failed in its process; the message is the last line it wrote to stderr."""


def run_apart(function: Callable[..., object], *args) -> None:
    """Runs `function(*args)` in a fresh Python process and waits for it; raises ApartError
    if it fails."""
    done = subprocess.run([sys.executable, "-c", _CHILD], input=pickle.dumps((function, args)),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if done.returncode != 0:
        raise ApartError(_last_line(done.stderr))


def _last_line(stderr: bytes) -> str:
    return (stderr.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
