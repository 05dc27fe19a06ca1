"""A function run in a fresh Python process, for work whose memory the calling process
should not keep (fontTools making a font instance, pikepdf assembling a long PDF).

A plain interpreter is started, not multiprocessing's spawn: spawn runs again the main
script of a caller without a `__main__` guard. The function (importable by name) and
its arguments are pickled on the child's stdin; an `Apart` is then sent more, as it runs.
"""
from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable

_CHILD = "import pickle, sys; function, args = pickle.load(sys.stdin.buffer); function(*args)"
_SENT_TO = """import pickle, sys
def messages():
    while True:
        try:
            yield pickle.load(sys.stdin.buffer)
        except EOFError:
            return
function, args = pickle.load(sys.stdin.buffer)
function(*args, messages())
"""


class ApartError(RuntimeError):
    """The function failed in its process; the message is the last line it wrote to stderr."""


def run_apart(function: Callable[..., object], *args) -> None:
    """Runs `function(*args)` in a fresh Python process and waits for it; raises ApartError
    if it fails."""
    done = subprocess.run([sys.executable, "-c", _CHILD], input=pickle.dumps((function, args)),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if done.returncode != 0:
        raise ApartError(_last_line(done.stderr))


class Apart:
    """`function(*args, messages)` running in a fresh Python process, where `messages`
    iterates over what `send` sends it (picklable objects) until `wait` or `kill`."""

    def __init__(self, function: Callable[..., object], *args) -> None:
        self._errors = tempfile.TemporaryFile()     # not a pipe: it cannot fill and block
        self._proc = subprocess.Popen([sys.executable, "-c", _SENT_TO], stdin=subprocess.PIPE,
                                      stdout=subprocess.DEVNULL, stderr=self._errors)
        self.send((function, args))

    def send(self, message) -> None:
        """Sends `message`; raises ApartError if the process has ended (with its error)."""
        if self._proc.returncode is not None:
            raise ApartError("the process has ended")
        try:
            pickle.dump(message, self._proc.stdin)
            self._proc.stdin.flush()
        except BrokenPipeError:
            self.wait()
            raise ApartError("the process ended early") from None

    def wait(self) -> None:
        """Tells the process nothing more comes and waits for it; raises ApartError if it
        failed."""
        self._end(kill=False)

    def kill(self) -> None:
        """Ends the process, whatever it was doing."""
        self._end(kill=True)

    def _end(self, kill: bool) -> None:
        if not self._errors.closed:
            if kill:
                self._proc.kill()
            try:
                self._proc.stdin.close()
            except BrokenPipeError:
                pass
            self._proc.wait()
            self._errors.seek(0)
            self._failure = _last_line(self._errors.read()) if self._proc.returncode else None
            self._errors.close()
        if self._failure is not None and not kill:
            raise ApartError(self._failure)


def _last_line(stderr: bytes) -> str:
    return (stderr.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
