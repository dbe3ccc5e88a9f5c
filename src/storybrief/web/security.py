"""What guards the app against the browser and the network (README, "Security").

The server has no authentication and is meant for loopback; what reaches it may still come
from a hostile page in the user's own browser (DNS rebinding, cross-site form posts) or from
an article written by a stranger.  :class:`Guard` is a pure ASGI middleware that, for every
request:

- refuses a ``Host`` header that is not an allowed name (400 ``host_not_allowed``), so a
  rebound DNS name cannot read the API;
- refuses writes (POST, PUT, PATCH, DELETE) whose ``Origin`` is another origin, ``null``, or
  whose ``Sec-Fetch-Site`` says another site (403 ``cross_origin``); a write without
  ``Origin`` is a non-browser client (curl, scripts) and is let through;
- adds a Content-Security-Policy without inline script and the usual headers to every
  response, and makes a redirect's ``Location`` relative so it never echoes the ``Host``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# The pages load their own script and style files and nothing else; no inline script, no
# framing.  /docs (Swagger UI) adds the hash of its one inline script (see csp_for_html).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def host_name(value: str) -> str:
    """The name in a ``Host`` header: lower case, without port, brackets or a final dot."""
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:8000
        return value[1:].partition("]")[0]
    if value.count(":") == 1:
        value = value.partition(":")[0]
    return value.rstrip(".")


def allowed_host_names(bound_host: str | None, extra: Iterable[str] = ()) -> frozenset[str]:
    """Loopback names, the address the server is bound to, and ``extra`` (``--allowed-host``)."""
    names = {*LOOPBACK_HOSTS, *(host_name(h) for h in extra if h.strip())}
    if bound_host and bound_host not in ("0.0.0.0", "::"):
        names.add(host_name(bound_host if ":" not in bound_host else f"[{bound_host}]"))
    return frozenset(names)


def csp_for_html(page: str) -> str:
    """:data:`CSP` for one page the server builds itself (``/docs``): its inline scripts
    allowed by hash, never by ``'unsafe-inline'``; inline styles allowed (Swagger UI and the
    plain docs page use them; a style cannot run script)."""
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
        for s in scripts
    )
    return CSP.replace("script-src 'self'", "script-src 'self'" + hashes).replace(
        "style-src 'self'", "style-src 'self' 'unsafe-inline'"
    )


def _json(status: int, code: str, message: str) -> tuple[dict, bytes]:
    body = json.dumps({"error": code, "message": message}).encode("utf-8")
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode("ascii")),
        ],
    }
    return start, body


class Guard:
    """Host and Origin checks and security headers (module docstring).  ``allowed_hosts``
    ``None`` skips the Host check (an app used in-process, e.g. by a test client, is not
    reachable by DNS name); ``"*"`` in it allows every name."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] | None = None):
        self.app = app
        self.hosts = None if allowed_hosts is None else frozenset(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"location"]
                names = {k.lower() for k, _ in out}
                for k, v in message.get("headers", []):
                    if k.lower() == b"location":
                        out.append((k, _relative(v)))
                if b"content-security-policy" not in names:
                    out.append((b"content-security-policy", CSP.encode()))
                out += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": out}
            await send(message)

        refusal = self._refusal(scope, headers, host)
        if refusal is not None:
            start, body = _json(*refusal)
            await send_secured(start)
            await send_secured({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send_secured)

    def _refusal(
        self, scope: Scope, headers: dict[str, str], host: str
    ) -> tuple[int, str, str] | None:
        hosts = sum(1 for k, _ in scope["headers"] if k.lower() == b"host")
        if self.hosts is not None and hosts > 1:  # which one would the app believe?
            return (400, "host_not_allowed", "more than one Host header")
        if self.hosts is not None and "*" not in self.hosts and host_name(host) not in self.hosts:
            return (
                400,
                "host_not_allowed",
                "this server does not answer to that Host name (storybrief serve "
                "--allowed-host NAME adds one)",
            )
        if scope["method"] not in WRITE_METHODS:
            return None
        origin = headers.get("origin")
        site = headers.get("sec-fetch-site", "same-origin")
        # same origin: the Origin's host and port are the Host header's (the scheme is not
        # compared: behind a TLS proxy the page is https and the request to us is http)
        foreign = origin is not None and _netloc(origin) != host.strip().lower()
        if foreign or site not in ("same-origin", "none"):
            return (
                403,
                "cross_origin",
                "writes are accepted only from this server's own pages or from clients "
                "that send no Origin header",
            )
        return None


def _netloc(origin: str) -> str | None:
    try:
        parts = urlsplit(origin.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None  # "null", or not an origin at all
    return parts.netloc.lower()


def _relative(location: bytes) -> bytes:
    """A redirect target as path and query only: an absolute one was built from the
    request's ``Host`` header."""
    parts = urlsplit(location.decode("latin-1"))
    path = parts.path or "/"
    if path.startswith("//"):  # //evil.example would be another host
        path = "/" + path.lstrip("/")
    return (path + (f"?{parts.query}" if parts.query else "")).encode("latin-1")
