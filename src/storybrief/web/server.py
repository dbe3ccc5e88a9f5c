"""Running the app under uvicorn: the API's JSON errors down to the HTTP parser, and limits on
slow or many clients (README, "Errors and limits" and "Security").

uvicorn answers a request its HTTP parser rejects (an unreadable ``Content-Length``, a
malformed request line) itself, with a plain-text 400, before the app sees it.
:class:`JsonErrorProtocol` is uvicorn's h11 protocol with that answer in the API's shape,
``{"error": "bad_request", "message": ...}``.

uvicorn has settings for the idle time between requests (``timeout_keep_alive``), for the
size of an unfinished request head (``h11_max_incomplete_event_size``) and for concurrency
(``limit_concurrency``), and they are used; it has no time limit for reading a request's
head or body, and answers its concurrency limit in plain text only once a request's head has
arrived.  :func:`guarded_protocol` adds those: a client that has not sent its whole head
within ``header_timeout_s`` gets 408 and is closed, one that has not sent its whole body
within ``body_timeout_s`` of its head is closed, and a connection beyond ``max_connections``
is answered 503 in JSON and closed at once.  The size of bodies is bounded while they are
read by the app's :class:`storybrief.web.limits.BodyLimit`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import socket
from dataclasses import dataclass
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_HEAD_BYTES = 16 * 1024  # request line and headers (h11's own default, made explicit)


@dataclass(frozen=True)
class ServerLimits:
    """Per-connection limits; every one but ``keep_alive_s`` is the ``storybrief serve``
    option of the same name."""

    header_timeout_s: float = 10.0
    body_timeout_s: float = 60.0
    keep_alive_s: float = 5.0
    max_connections: int = 100


def _raw_json(status: int, reason: str, code: str, message: str) -> bytes:
    body = json.dumps({"error": code, "message": message}).encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n"
        "x-content-type-options: nosniff\r\n\r\n"
    )
    return head.encode("ascii") + body


class JsonErrorProtocol(H11Protocol):
    """uvicorn's h11 protocol; a request h11 cannot parse gets a JSON 400."""

    def send_400_response(self, msg: str) -> None:
        body = json.dumps(
            {"error": "bad_request", "message": f"malformed HTTP request: {msg}"}
        ).encode("utf-8")
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode("ascii")),
            (b"connection", b"close"),
        ]
        try:
            self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers)))
            self.transport.write(self.conn.send(h11.Data(data=body)))
            self.transport.write(self.conn.send(h11.EndOfMessage()))
        except h11.LocalProtocolError:  # the connection is past the point of an answer
            pass
        self.transport.close()


class GuardedProtocol(JsonErrorProtocol):
    """:class:`JsonErrorProtocol` with head and body timeouts and a connection cap (module
    docstring); the limits are class attributes set by :func:`guarded_protocol`."""

    limits = ServerLimits()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        # counted before this one joins: the cap is the number of connections served
        refuse = len(self.connections) >= self.limits.max_connections
        super().connection_made(transport)
        self._phase = ""
        self._timer: asyncio.TimerHandle | None = None
        if refuse:
            transport.write(
                _raw_json(
                    503,
                    "Service Unavailable",
                    "server_busy",
                    f"the server has {self.limits.max_connections} connections open "
                    "(server option --max-connections); try again shortly",
                )
            )
            transport.close()
            return
        self._track()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._track()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._cancel()
        self._phase = "idle"  # uvicorn's keep-alive timeout covers the wait for the next one

    def _cancel(self) -> None:
        if getattr(self, "_timer", None) is not None:
            self._timer.cancel()  # type: ignore[union-attr]
            self._timer = None

    def _track(self) -> None:
        """Start the timer of the phase the client is in: sending a head, or a body."""
        state = self.conn.their_state
        if state is h11.IDLE:
            phase = "idle" if self._phase == "idle" and not self.conn.trailing_data[0] else "head"
        elif state is h11.SEND_BODY:
            phase = "body"
        else:
            phase = "done"
        if phase == self._phase:
            return
        self._phase = phase
        self._cancel()
        if phase == "head":
            self._timer = self.loop.call_later(self.limits.header_timeout_s, self._head_too_slow)
        elif phase == "body":
            self._timer = self.loop.call_later(self.limits.body_timeout_s, self._body_too_slow)

    def _head_too_slow(self) -> None:
        self._timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        if self.conn.our_state is h11.IDLE:  # nothing sent on this request yet
            self.transport.write(
                _raw_json(
                    408,
                    "Request Timeout",
                    "request_timeout",
                    f"the request's headers did not arrive within {self.limits.header_timeout_s:g}"
                    " s (server option --header-timeout)",
                )
            )
        self.transport.close()

    def _body_too_slow(self) -> None:
        # the app may be waiting on the body: closing tells it the client is gone
        self._timer = None
        if not self.transport.is_closing() and self.conn.their_state is h11.SEND_BODY:
            self.logger.warning("request body not received within %gs", self.limits.body_timeout_s)
            self.transport.close()


def guarded_protocol(limits: ServerLimits) -> type[GuardedProtocol]:
    """A :class:`GuardedProtocol` class with these limits (uvicorn builds one per connection)."""
    return type("GuardedProtocol", (GuardedProtocol,), {"limits": limits})


def server_config(
    app: Any,
    host: str,
    port: int,
    log_level: str = "info",
    limits: ServerLimits | None = None,
) -> Any:
    """A ``uvicorn.Config`` for the app with :class:`GuardedProtocol` and ``limits``."""
    import uvicorn

    limits = limits or ServerLimits()
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        http=guarded_protocol(limits),
        timeout_keep_alive=max(1, round(limits.keep_alive_s)),
        # uvicorn's own cap counts requests in flight too; the protocol refuses connections
        # beyond max_connections first, in JSON
        limit_concurrency=limits.max_connections + 1,
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``; raises ``OSError`` (port taken, no such
    address) before anything is printed or started."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6 and host == "::":
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind((host, port))
        sock.listen(2048)
        sock.set_inheritable(True)
    except OSError:
        sock.close()
        raise
    return sock


def run(config: Any, sock: socket.socket | None = None) -> None:
    """Serve under ``config`` (a :func:`server_config`) until interrupted (``storybrief
    serve``), on ``sock`` if given."""
    import uvicorn

    uvicorn.Server(config).run(sockets=[sock] if sock is not None else None)
