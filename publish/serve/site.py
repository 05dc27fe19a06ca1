"""What `publish serve` serves: each language's last good book, outputs and error, rebuilt on change.

One Site is shared by the HTTP threads (readers), the watcher thread, which makes the
previews, and the outputs thread, which makes the EPUB and PDF behind them (so that a
save shows in the preview at once, even while the last save's PDF is still being made).
Each language's state is a frozen Edition, replaced whole under a lock; every visible
change bumps a version the preview pages wait on.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from publish.config import Config
from publish.serve.covers import CoverArt
from publish.errors import PublishError
from publish.model import Book

Report = Callable[[str], None]


@dataclass(frozen=True)
class Edition:
    """One language as served: the last book that built, what was written, what went wrong."""

    lang: str
    book: Book | None = None                    # the last good book (kept while an edit is broken)
    error: str = ""                             # one line; "" when the last rebuild went well
    files: tuple[tuple[str, Path], ...] = ()    # (format, path) this server wrote
    art: CoverArt | None = None
    version: int = 0


class Site:
    """Every language's Edition, the versions pages wait on, and the rebuilds that move them."""

    def __init__(self, config: Config, out: Path, *, langs: Iterable[str] | None = None,
                 strict: bool = False, report: Report | None = None,
                 reload: Callable[[], Config] | None = None) -> None:
        from publish import config as config_mod

        self.config, self.out, self.strict = config, Path(out), strict
        self._only = tuple(langs) if langs else ()
        self._report = report or (lambda message: None)
        self._reload = reload or (lambda: config_mod.load(config.path.parent, strict=strict))
        self._cond = threading.Condition()
        self._build_lock = threading.Lock()
        self._pending: set[str] = set()          # languages whose outputs are to be made again
        self._outputs_thread: threading.Thread | None = None
        self._counter = 0
        self._closed = False
        self._editions: dict[str, Edition] = {lang: Edition(lang) for lang in self._languages(config)}

    # ---- reading (any thread) ----

    @property
    def langs(self) -> tuple[str, ...]:
        with self._cond:
            return tuple(self._editions)

    def edition(self, lang: str) -> Edition | None:
        with self._cond:
            return self._editions.get(lang)

    def editions(self) -> tuple[Edition, ...]:
        with self._cond:
            return tuple(self._editions.values())

    def version(self, lang: str = "") -> int:
        """A language's version, or the site's ("") which moves with every change."""
        with self._cond:
            return self._version(lang)

    def _version(self, lang: str) -> int:
        if not lang:
            return self._counter
        edition = self._editions.get(lang)
        return edition.version if edition else self._counter

    def wait(self, lang: str, since: int, timeout: float) -> int:
        """Blocks until the version differs from `since` (or timeout, or close); returns it."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._closed and self._version(lang) == since:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            return self._version(lang)

    def close(self) -> None:
        """Wakes every waiting request and the outputs thread: the server is stopping."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._outputs_thread is not None:
            self._outputs_thread.join(60)

    def settle(self, timeout: float = 600.0) -> bool:
        """Waits until every output asked for has been made; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while (self._pending or self._making) and not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    # ---- building (start-up, then the watcher thread) ----

    def build(self, langs: Iterable[str] | None = None) -> None:
        """Previews first (fast), then the EPUB and PDF of each language that loaded."""
        with self._build_lock:
            chosen = None if langs is None else set(langs)
            wanted = [lang for lang in self.langs if chosen is None or lang in chosen]
            books = {lang: self._preview(lang) for lang in wanted}
            for lang, book in books.items():
                if book is not None:
                    self._outputs(lang, book)

    def changed(self, paths: set[Path]) -> None:
        """Rebuilds what `paths` (changed files) affect: the previews now, the outputs in the
        outputs thread; never raises."""
        try:
            config = self._reload()
        except PublishError as exc:
            self._fail(self.langs, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the server
            self._fail(self.langs, _describe(exc))
            return
        added = self._use_config(config)
        langs = set(affected_languages(paths, config, self.langs)) | added
        with self._build_lock:
            loaded = [lang for lang in self.langs if lang in langs and self._preview(lang)]
        self._outputs_later(loaded)

    def _outputs_later(self, langs: list[str]) -> None:
        """Has the outputs thread make these languages' outputs (again) from their latest
        previews; saves that come while it works are gathered into its next round."""
        with self._cond:
            self._pending.update(langs)
            if self._outputs_thread is None and not self._closed:
                self._outputs_thread = threading.Thread(target=self._make_outputs,
                                                        name="publish-outputs", daemon=True)
                self._outputs_thread.start()
            self._cond.notify_all()

    _making = False

    def _make_outputs(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                langs, self._pending = sorted(self._pending), set()
                self._making = True
            try:
                for lang in langs:
                    edition = self.edition(lang)
                    if edition is not None and edition.book is not None and not edition.error:
                        self._outputs(lang, edition.book)
            finally:
                with self._cond:
                    self._making = False
                    self._cond.notify_all()

    def _use_config(self, config: Config) -> set[str]:
        """Takes a reloaded config; returns the languages it adds."""
        langs = self._languages(config)
        with self._cond:
            self.config = config
            added = {lang for lang in langs if lang not in self._editions}
            self._editions = {lang: self._editions.get(lang) or Edition(lang) for lang in langs}
            self._bump_all()
        return added

    def _languages(self, config: Config) -> tuple[str, ...]:
        return tuple(lang for lang in config.languages if not self._only or lang in self._only)

    def _preview(self, lang: str) -> Book | None:
        from publish.build import load_book
        from publish.cache import BuildCache

        start = time.perf_counter()
        try:
            book = load_book(self.config, lang, strict=self.strict, memo=BuildCache(self.out))
        except Exception as exc:  # noqa: BLE001 - PublishError or a bug: shown, never fatal
            self._fail((lang,), _describe(exc))
            return None
        self._update(lang, book=book, error="")
        self._report(f"{lang}: preview ready ({time.perf_counter() - start:.1f} s)")
        return book

    def _outputs(self, lang: str, book: Book) -> None:
        """The EPUB and PDF through the build (and its cache: up-to-date files are kept)."""
        from publish import writers
        from publish.build import build
        from publish.serve.covers import cover_art

        start = time.perf_counter()
        self._report(f"{lang}: making the EPUB and PDF…")
        try:
            files = tuple((r.fmt, r.path) for r in build(self.config, writers.names(), (lang,),
                                                         self.out, strict=self.strict,
                                                         books={lang: book}))
            art = cover_art(book)
        except Exception as exc:  # noqa: BLE001
            self._fail((lang,), _describe(exc))
            return
        self._update(lang, files=files, art=art)
        names = ", ".join(path.name for _, path in files)
        self._report(f"{lang}: {names} ready ({time.perf_counter() - start:.1f} s)")

    def _fail(self, langs: Iterable[str], message: str) -> None:
        for lang in langs:
            self._update(lang, error=message)
        self._report(f"error: {message}")

    def _update(self, lang: str, **changes) -> None:
        with self._cond:
            if lang not in self._editions:
                return
            self._counter += 1
            self._editions[lang] = replace(self._editions[lang], version=self._counter, **changes)
            self._cond.notify_all()

    def _bump_all(self) -> None:
        self._counter += 1
        self._cond.notify_all()


def affected_languages(paths: Iterable[Path], config: Config, langs: tuple[str, ...]) -> tuple[str, ...]:
    """The languages a set of changed files touches: `source/<lang>/…` and `layouts/<lang>/…`
    touch one language; anything else (book.toml, images, shared layouts) touches all."""
    from publish.languages import available

    codes = set(available(config.root))
    found: set[str] = set()
    for path in paths:
        folder = _first_folder(Path(path), (config.source_dir, config.root / "layouts"))
        if folder in langs:
            found.add(folder)
        elif folder not in codes:      # a language we do not build changes nothing
            return langs
    return tuple(lang for lang in langs if lang in found)


def _first_folder(path: Path, bases: tuple[Path, ...]) -> str | None:
    """The first folder of `path` below one of `bases` (None for a file right in a base)."""
    for base in bases:
        try:
            parts = path.resolve().relative_to(base.resolve()).parts
        except ValueError:
            continue
        return parts[0] if len(parts) > 1 else None
    return None


def _describe(exc: BaseException) -> str:
    """One line for the page and the terminal: our errors as they print, others with their type."""
    if isinstance(exc, PublishError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}".splitlines()[0]
