"""What the libraries log (WeasyPrint, fontTools, Pillow, Python's warnings): our warnings.

A library's log record never reaches the terminal as it is (Python prints a WARNING of a
logger with no handler raw on stderr). `route()` puts one handler on the root logger, in
this process: what a library that makes the book says becomes the finding "engine"
(policy.py), one warning naming the file and line where they can be found (a layout's
stylesheet, an image), once however often the library repeats it, and none where it
repeats one of ours (a character no font has: checks.py has named its file and line);
any other logger's lines are kept off the terminal. `relay()` sends a worker process's
warnings to the process that shows them.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

OURS = "publish"
# The libraries that make the books: what they say is about the book, and shown. Any other
# logger's lines (a test's mail server, asyncio) are not the book's, and not shown either:
# with a handler on the root logger, Python's last resort never prints them raw.
BOOK_LIBRARIES = {"weasyprint", "fontTools", "PIL", "pikepdf", "pypdf", "pydyf", "tinycss2",
                  "cssselect2", "html5lib", "ebooklib", "markdown", "pymdownx", "pyphen",
                  "lxml", "nh3", "pygments", "babel", "icu", "uharfbuzz"}
# Messages that repeat a warning of ours (the first words of the library's message).
REPEATS_OURS = (".notdef glyph rendered",)       # checks.py's font coverage, with file and line
# A file the confined fetcher refused (fetcher.py has said so): WeasyPrint's "Failed to load
# image at '…': refused: …" repeats it.
_REFUSED = re.compile(r": refused: \S+$")
_SNIPPET = re.compile(r"`([^`\n]{3,200})`")
_AT = re.compile(r",? at \d+:\d+")
_FILE_URL = re.compile(r"""(?: at)? ?['"]?(file://[^\s'"]+)['"]?""")
# Python warnings meant for a program's authors, not for a book's.
_NOT_FOR_BOOKS = ("DeprecationWarning", "PendingDeprecationWarning", "FutureWarning")
_PY_WARNING = re.compile(r"^(?P<file>.+?):\d+: (?P<category>\w+): (?P<text>.*)$")

_layouts: list[Path] = []


def route(*, fresh: bool = False) -> None:
    """From now on every library's warning in this process is one of ours (idempotent;
    `fresh`: messages said before may be said again, as for a new command)."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, _Route)), None)
    if handler is None:
        root.addHandler(_Route())
    elif fresh:
        handler.seen.clear()
    logging.captureWarnings(True)
    weasyprint = logging.getLogger("weasyprint")
    weasyprint.propagate = True
    weasyprint.setLevel(logging.WARNING)    # its progress lines are not shown


def look_in(folders: Iterable[Path]) -> None:
    """The layout folders of the book being laid out: a library's message quoting a
    stylesheet's text is given the file and line that hold it."""
    _layouts[:] = [Path(f) for f in folders]


def relay(send: Callable[[str], None]) -> None:
    """In a worker process: each of our warnings (and so each library's) is passed to
    `send` as its one line, for the process that shows them."""
    log = logging.getLogger(OURS)
    log.handlers[:] = [_Relay(send)]
    log.propagate = False
    log.setLevel(logging.WARNING)
    route()


class _Relay(logging.Handler):
    def __init__(self, send: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self.send = send

    def emit(self, record: logging.LogRecord) -> None:
        self.send(record.getMessage())


class _Route(logging.Handler):
    """Turns a library's record into the finding "engine", once per message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == OURS or record.name.startswith(OURS + "."):
            return                      # ours: shown by our own handler (or a caller's)
        library, text = _said(record)
        if library not in BOOK_LIBRARIES or text.startswith(REPEATS_OURS + _NOT_FOR_BOOKS) \
                or _REFUSED.search(text):
            return
        path, line, text = _where(text)
        message = f"{library}: {text}"
        if (key := f"{path}:{line}:{message}") in self.seen:
            return
        self.seen.add(key)
        from publish import policy

        policy.mend("engine", message, path=path, line=line)


def _said(record: logging.LogRecord) -> tuple[str, str]:
    """The library that logged `record` and what it said, on one line."""
    text = record.getMessage()
    library = record.name.split(".")[0]
    if record.name == "py.warnings":     # "file.py:12: Category: text\n  source line"
        m = _PY_WARNING.match(text.splitlines()[0] if text else "")
        if m:
            parts = Path(m.group("file")).parts
            library = parts[parts.index("site-packages") + 1] if "site-packages" in parts \
                else "python"
            text = f"{m.group('category')}: {m.group('text')}"
    return library, " ".join(text.split())


def _where(text: str) -> tuple[Path | None, int | None, str]:
    """The file (and line) a message is about, if it can be told, and the message without
    the library's own way of saying where."""
    url = _FILE_URL.search(text)
    if url:
        path = Path(unquote(urlparse(url.group(1)).path))
        return path, None, (text[:url.start()] + text[url.end():]).strip()
    snippet = _SNIPPET.search(text)
    if snippet:
        for path, line in _holding(snippet.group(1)):
            return path, line, _AT.sub("", text)
    return None, None, text


def _holding(snippet: str):
    """(file, line) of each layout file that holds `snippet`, the project's own first."""
    for folder in _layouts:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".css", ".html", ".xhtml") or not path.is_file():
                continue
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for number, line in enumerate(lines, 1):
                if snippet in line:
                    yield path, number
