"""Writing files safely: a temporary file beside the target, renamed over it only when complete.

Every file publish writes (outputs, the build cache, font instances, fetched images) goes through here."""
from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

from publish.errors import OutputError

_TICKETS = itertools.count()        # temporary names unique in this process (threads too)
# Created, written and closed without a second open or a chmod by path: a catalog writes
# thousands of small files, and each extra system call showed (issue 27).
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | \
    getattr(os, "O_CLOEXEC", 0)


def _temporary(target: Path) -> tuple[int, str]:
    """A new file beside `target` (its folder made if missing), open for writing: (fd, name)."""
    for attempt in range(100):
        name = os.path.join(target.parent, f".{target.name}.{os.getpid()}-{next(_TICKETS)}.part")
        try:
            return os.open(name, _FLAGS, 0o600), name
        except FileExistsError:
            continue              # a stale file of a killed process with our pid: next ticket
        except FileNotFoundError:
            if attempt:
                raise
            target.parent.mkdir(parents=True, exist_ok=True)
    raise FileExistsError(target)


def _open(target: Path) -> tuple[int, str]:
    try:
        fd, name = _temporary(target)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o644)          # as any output, whatever the umask
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=target) from None
    return fd, name


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path in the target's folder; renamed to `target` if the block succeeds.

    A crash, an error or Ctrl-C leaves the previous output untouched and no partial file;
    two builds writing the same target each rename a whole file, so neither sees a torn one.
    """
    fd, tmp_name = _open(target)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(target: Path, data: bytes) -> None:
    """Writes `data` to `target` whole, or not at all (an OutputError naming it)."""
    fd, tmp = _open(target)
    try:
        try:
            with open(fd, "wb", closefd=True) as out:
                out.write(data)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=target) from None
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def link_atomic(target: Path, source: Path) -> None:
    """`target` becomes a hard link to `source` (no second copy on disk, no new file to
    allocate), or a copy of it where the file system cannot link (another device, no
    links): either way whole or not at all. For files of ours only, which every writer
    replaces rather than changes in place: never a user's source file."""
    tmp = _linked(target, source)
    if tmp is None:
        return write_atomic(target, _read(source))
    try:
        os.replace(tmp, target)
    finally:
        if os.path.lexists(tmp):      # target was already this very file: rename() keeps both
            os.unlink(tmp)


def _linked(target: Path, source: Path) -> str | None:
    """A new hard link to `source` beside `target` (its folder made if missing), or None."""
    for attempt in range(100):
        tmp = os.path.join(target.parent, f".{target.name}.{os.getpid()}-{next(_TICKETS)}.part")
        try:
            os.link(source, tmp)
            return tmp
        except FileExistsError:
            continue
        except FileNotFoundError:
            if attempt or not source.is_file() or target.parent.is_dir():
                return None
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                return None                 # write_atomic names the problem
        except OSError:
            return None                     # another device, or no hard links here
    return None


def _read(source: Path) -> bytes:
    try:
        return source.read_bytes()
    except OSError as exc:
        raise OutputError(f"cannot read: {exc.strerror or exc}", path=source) from None
