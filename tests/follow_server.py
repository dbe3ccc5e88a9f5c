"""A real HTTP server on a loopback address for the follow tests (no internet, no mocks).

``Site(host)`` serves what a test registers: static bodies with ETag / Last-Modified (a
matching conditional request gets a 304), or a handler function that writes the response
itself (faults: slow bodies, endless streams, resets).  Every request is recorded with its
headers and arrival time; ``/robots.txt`` is a 404 unless a test serves one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    handler: Handler | None = None


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    started: float
    ended: float = 0.0


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up mid-body (the point of several tests) is not an error


class Site:
    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()
        site = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site._serve(self)

        self.server = _Server((host, 0), _Handler)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"

    def serve(self, path: str, body: bytes | str = b"", status: int = 200, **kw: Any) -> str:
        """Serve ``body`` at ``path``; ``content_type``, ``etag``, ``last_modified`` and other
        ``headers`` may be given.  Returns the URL."""
        headers = dict(kw.pop("headers", {}))
        if "content_type" in kw:
            headers["Content-Type"] = kw.pop("content_type")
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, status, headers, **kw)
        return self.url(path)

    def handle(self, path: str, handler: Handler) -> str:
        self.routes[path] = Route(handler=handler)
        return self.url(path)

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for h in self.hits if h.path == path)

    def paths(self) -> list[str]:
        with self._lock:
            return [h.path for h in self.hits]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _serve(self, req: BaseHTTPRequestHandler) -> None:
        hit = Hit(req.path, {k.lower(): v for k, v in req.headers.items()}, time.monotonic())
        with self._lock:
            self.hits.append(hit)
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            route = self.routes.get(req.path)
            if route is None:
                send(req, 404, b"not found", {"Content-Type": "text/plain"})
            elif route.handler is not None:
                route.handler(req)
            else:
                self._static(req, route, hit)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            req.close_connection = True
        finally:
            with self._lock:
                self.active -= 1
                hit.ended = time.monotonic()

    @staticmethod
    def _static(req: BaseHTTPRequestHandler, route: Route, hit: Hit) -> None:
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        inm, ims = hit.headers.get("if-none-match"), hit.headers.get("if-modified-since")
        if route.status == 200 and (
            (route.etag and inm == route.etag)
            or (not inm and route.last_modified and ims == route.last_modified)
        ):
            send(
                req, 304, b"", {k: v for k, v in headers.items() if k in ("ETag", "Last-Modified")}
            )
            return
        send(req, route.status, route.body, headers)


def send(
    req: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None
) -> None:
    req.send_response(status)
    for key, value in (headers or {}).items():
        req.send_header(key, value)
    if status != 304:
        req.send_header("Content-Length", str(len(body)))
    req.end_headers()
    if status != 304:
        req.wfile.write(body)


def stream(
    req: BaseHTTPRequestHandler,
    chunks: Any,
    headers: dict[str, str] | None = None,
    delay: float = 0.0,
) -> None:
    """A close-delimited body (no Content-Length) written chunk by chunk from an iterable,
    ``delay`` seconds apart: the client must count what it reads."""
    req.send_response(200)
    for key, value in (headers or {}).items():
        req.send_header(key, value)
    req.send_header("Connection", "close")
    req.end_headers()
    req.close_connection = True
    for chunk in chunks:
        req.wfile.write(chunk)
        req.wfile.flush()
        if delay:
            time.sleep(delay)
