"""Running the app under uvicorn with the API's JSON error shape down to the HTTP parser.

uvicorn answers a request its HTTP parser rejects (an unreadable ``Content-Length``, a
malformed request line) itself, with a plain-text 400, before the app sees it.
:class:`JsonErrorProtocol` is uvicorn's h11 protocol with that answer in the API's shape,
``{"error": "bad_request", "message": ...}`` (README, "Errors and limits").
"""

from __future__ import annotations

import json
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


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


def server_config(app: Any, host: str, port: int, log_level: str = "info") -> Any:
    """A ``uvicorn.Config`` for the app with :class:`JsonErrorProtocol`."""
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level=log_level, http=JsonErrorProtocol)


def run(app: Any, host: str, port: int, log_level: str = "info") -> None:
    """Serve ``app`` until interrupted (``storybrief serve``)."""
    import uvicorn

    uvicorn.Server(server_config(app, host, port, log_level)).run()
