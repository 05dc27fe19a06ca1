"""The HTTP side of `publish serve`: a threading server over routes.respond, plus its watcher."""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from publish.serve import routes
from publish.config import Config
from publish.errors import OutputError
from publish.serve.site import Report, Site
from publish.serve.watch import Watcher

log = logging.getLogger("publish")
WILDCARD_HOSTS = ("", "0.0.0.0", "::")


class _Handler(BaseHTTPRequestHandler):
    server_version = "publish"
    sys_version = ""
    protocol_version = "HTTP/1.0"      # one request per connection: simple, and nothing lingers

    def do_GET(self) -> None:  # noqa: N802 - the http.server naming
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        server: PreviewServer = self.server  # type: ignore[assignment]
        try:
            response = routes.respond(server.site, self.path, self.headers.get("Host", ""))
        except Exception:  # noqa: BLE001 - a bug answers 500 and is logged; the server goes on
            log.exception("serving %s", self.path)
            response = routes.Response(500, routes.TEXT, b"internal error\n")
        try:
            handle = response.file.open("rb") if response.file is not None else None
        except OSError:
            response, handle = routes.not_found(), None
        with handle or contextlib.nullcontext():
            length = _length(handle) if handle else len(response.body)
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(length))
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in response.headers:
                self.send_header(name, value)
            self.end_headers()
            if head:
                return
            if handle is not None:
                shutil.copyfileobj(handle, self.wfile, 64 * 1024)
            else:
                self.wfile.write(response.body)

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True     # the browser went away mid-answer (a reload)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        self.server.log_request_line(format % args)  # type: ignore[attr-defined]


def _length(handle) -> int:
    return os.fstat(handle.fileno()).st_size


class PreviewServer(ThreadingHTTPServer):
    """Serves one Site; `start()` runs it in a thread (tests), `serve_forever()` in the caller's."""

    daemon_threads = True

    def __init__(self, site: Site, address: tuple[str, int],
                 log: Callable[[str], None] | None = None) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        self.site = site
        self.log_request_line = log or (lambda line: None)
        self._thread: threading.Thread | None = None
        self._watcher: Watcher | None = None
        self._stopped = False

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        """The address to open on this machine (127.0.0.1 when listening on every interface)."""
        host = self.server_address[0]
        host = "127.0.0.1" if host in WILDCARD_HOSTS else host
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}/"

    def watch(self, timeout: float = 10.0) -> Watcher:
        """Starts rebuilding on changes to the project's source/ and layouts/; returns once watching."""
        config = self.site.config
        self._watcher = Watcher((config.source_dir, config.root / "layouts"), self.site.changed,
                                ignore=(self.site.out,))
        self._watcher.start()
        self._watcher.ready.wait(timeout)
        return self._watcher

    def start(self, *, watch: bool = True) -> PreviewServer:
        """Serves in a background thread (and watches); `stop()` ends both."""
        self._thread = threading.Thread(target=self.serve_forever, name="publish-serve", daemon=True)
        self._thread.start()
        if watch:
            self.watch()
        return self

    def stop(self) -> None:
        """Stops watching and serving, wakes waiting pages, closes the socket; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        if self._watcher is not None:
            self._watcher.stop()
        self.site.close()
        if self._thread is not None:
            self.shutdown()
            self._thread.join(5)
        self.server_close()

    def __enter__(self) -> PreviewServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def make_server(config: Config, out: Path, host: str = "127.0.0.1", port: int = 8000, *,
                langs: tuple[str, ...] | None = None, strict: bool = False,
                report: Report | None = None, log: Callable[[str], None] | None = None,
                reload: Callable[[], Config] | None = None) -> PreviewServer:
    """Binds `host:port` (0: any free port), then builds every language's preview and outputs.

    A build error does not stop it: the preview shows the error until a change fixes it.
    """
    site = Site(config, out, langs=langs, strict=strict, report=report, reload=reload)
    try:
        server = PreviewServer(site, (host, port), log=log)
    except OSError as exc:
        raise OutputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", key="--port") from None
    try:
        site.build()
    except BaseException:
        server.server_close()
        raise
    return server
