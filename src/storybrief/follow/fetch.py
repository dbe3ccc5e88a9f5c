"""A polite, bounded HTTP fetcher for feeds, article pages and robots.txt (httpx).

One :class:`Fetcher` serves a whole poll (and, kept open, every poll of a long run: its
connections are reused).  Every request it makes is bounded and polite:

* **Identity.** A User-Agent naming storybrief and its version (:data:`USER_AGENT`).  No
  cookies are kept (a feed cannot track the user across feeds), no proxy from the environment
  is used (see :mod:`storybrief.follow.addresses`: the address check must see the real peer).
* **Conditional GET.** ``etag``/``last_modified`` from the previous fetch become
  ``If-None-Match``/``If-Modified-Since``; an unchanged feed costs one 304.
* **Per-host politeness.** At most ``per_host_connections`` requests to one host name at once,
  and request starts to one host at least ``per_host_interval`` seconds apart; a 429/503 with
  ``Retry-After`` pushes the host's next start back.
* **Time.** Connect and read timeouts, and ``total_timeout`` for one request and its response
  in all -- headers and body, however slowly they drip -- enforced on every socket read and
  write of the exchange, not only between chunks.
* **Size.** At most ``max_bytes`` on the wire *and* after decompression: the body is streamed,
  ``gzip``/``deflate`` are inflated here with a bound on the output of every step (a gzip bomb
  is refused after ``max_bytes`` of output, never expanded in memory); only those two
  encodings are asked for, and an unasked-for encoding is refused.  robots.txt is read up to
  its cap and the rest ignored (as Google does), not refused.
* **Redirects.** Followed by hand, at most ``max_redirects`` hops, http(s) only, a loop named
  as such; every hop connects through the same address check as the first request.
* **Content type.** A feed must be served as XML, JSON, text or an unlabelled type (the parser
  then judges the bytes); a page as HTML or text.  Images, media, archives and the like are
  refused before their body is read.
* **Retries.** 429 and 5xx answers and network errors (refused or reset connections,
  connect and read timeouts; not a response that ran past ``total_timeout``) are retried ``retries`` times with exponential backoff from ``backoff`` seconds;
  a ``Retry-After`` (seconds or an HTTP date) is honoured when it is at most
  ``max_retry_wait`` -- a longer one ends the fetch at once with the wait in its error, so
  the caller can come back later.  Other 4xx, refused addresses and size or type errors are
  not retried.

How the address check is wired in: httpx takes no network backend of its own, so
:class:`_Transport` builds httpx's transport and replaces its connection pool with an
equivalent httpcore pool on :class:`_GuardedBackend` (a check refuses to start if a future
httpx builds its transport differently, rather than fetch unguarded).  Name resolution is the
system resolver's (``getaddrinfo``), bounded by its own timeouts, not by ``total_timeout``.

Every failure is a :class:`FetchError` with a one-line ``reason`` ("HTTP 404 Not Found",
"refused: 10.0.0.7 is a private address; ...", "larger than 5,000,000 bytes after
decompression (a compression bomb?)"); no traceback escapes :meth:`Fetcher.get`.

Over 500 lines on purpose: the address policy, the guarded transport and the retry and size
rules each guard the same request, and a reviewer checks them against one another in one
place (a fetch that escapes one of them is a security bug, issue 16).
"""

from __future__ import annotations

import re
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from importlib import metadata
from typing import Any

import httpcore
import httpx

from storybrief.follow.addresses import AddressPolicy, BlockedAddress


def _version() -> str:
    try:
        return metadata.version("storybrief")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "0"


USER_AGENT = f"storybrief/{_version()} (feed follower; +https://pypi.org/project/storybrief/)"
"""What every request says it is; robots.txt rules for ``storybrief`` (or ``*``) apply."""
ROBOT_AGENT_TOKEN = "storybrief"

REDIRECTS = {301, 302, 303, 307, 308}
FEED, PAGE, ROBOTS = "feed", "page", "robots"
_REFUSED_MAJOR = {"image", "audio", "video", "font", "model", "multipart"}
_REFUSED_TYPES = {
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/x-gzip",
    "application/x-tar",
    "application/x-7z-compressed",
    "application/vnd.rar",
    "application/x-bzip2",
    "application/x-xz",
    "application/wasm",
    "application/x-shockwave-flash",
    "application/msword",
    "application/javascript",
    "text/javascript",
    "text/css",
}
_PAGE_TYPES = {"text/html", "application/xhtml+xml", "text/plain", "application/octet-stream"}
_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)


@dataclass(frozen=True)
class FetchLimits:
    """Every bound of a fetch (seconds, bytes, counts).  The defaults suit a feed reader
    polling every 15 minutes; tests and benchmarks shorten the waits."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_feed_bytes: int = 10_000_000
    max_page_bytes: int = 5_000_000
    max_robots_bytes: int = 500_000
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0
    max_retry_wait: float = 30.0
    per_host_connections: int = 2
    per_host_interval: float = 1.0
    workers: int = 8

    def cap(self, kind: str) -> int:
        return {
            FEED: self.max_feed_bytes,
            PAGE: self.max_page_bytes,
            ROBOTS: self.max_robots_bytes,
        }[kind]


@dataclass
class FetchResult:
    """A response that came back: 2xx with its body, or 304 (no body)."""

    url: str  # after redirects
    status: int
    body: bytes
    content_type: str | None  # "text/html", lower case, no parameters; None when not given
    charset: str | None  # the header's charset parameter, as given
    etag: str | None = None
    last_modified: str | None = None
    requests: int = 1  # HTTP requests this fetch made (redirects and retries included)
    truncated: bool = False  # robots.txt only: the body was cut at its cap


class FetchError(Exception):
    """A fetch that failed; ``reason`` is one line for the user.  ``kind`` says what failed
    (``status``, ``network``, ``timeout``, ``blocked``, ``size``, ``type``, ``redirect``,
    ``encoding``, ``url``), ``status`` the HTTP status where there was one, ``retry_after``
    the wait a server asked for (seconds)."""

    def __init__(
        self,
        reason: str,
        kind: str,
        status: int | None = None,
        retryable: bool = False,
        retry_after: float | None = None,
    ):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after
        self.requests = 0
        self.attempts = 0


def _one_line(text: object, limit: int = 300) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 3] + "..."


# -- the transport: address check at connect time, one deadline for the whole exchange -------
_local = threading.local()


def _bounded(timeout: float | None) -> float | None:
    """The socket timeout for one read/write: the given one, shortened to what is left of the
    exchange's deadline (set by :meth:`Fetcher._exchange` in this thread)."""
    deadline = getattr(_local, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the total time limit was reached")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout))
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself, keeps the addresses the policy allows, and connects to those
    literal addresses (so what was checked is what is connected to)."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self.policy.allowed(host, port)  # BlockedAddress passes through
        except (OSError, UnicodeError) as err:
            raise httpcore.ConnectError(f"cannot resolve {host}: {err}") from None
        last: Exception | None = None
        for ip in addresses[:3]:
            try:
                stream = super().connect_tcp(
                    str(ip), port, _bounded(timeout), local_address, socket_options
                )
                return _DeadlineStream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                last = err
        assert last is not None
        raise last


class _Transport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on :class:`_GuardedBackend`.  httpx takes no
    network backend of its own, so the pool it built is replaced by an equivalent one."""

    def __init__(self, policy: AddressPolicy, connections: int):
        super().__init__(trust_env=False)
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("this httpx version builds its transport differently")
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=connections,
            max_keepalive_connections=connections,
            keepalive_expiry=30.0,
            network_backend=_GuardedBackend(policy),
        )


# -- per-host politeness -------------------------------------------------------------------
class _HostGate:
    def __init__(self, connections: int, interval: float):
        self._slots = threading.BoundedSemaphore(max(1, connections))
        self._lock = threading.Lock()
        self._interval = interval
        self._next = 0.0

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next)
                self._next = start + self._interval
            if start > now:
                time.sleep(start - now)
            yield

    @property
    def next_start(self) -> float:
        """The monotonic time from which the next request may start."""
        with self._lock:
            return self._next

    def defer(self, seconds: float) -> None:
        with self._lock:
            self._next = max(self._next, time.monotonic() + seconds)


# -- bodies ------------------------------------------------------------------------------------
class _TooLarge(Exception):
    pass


class _Inflater:
    """gzip (several members too) or deflate (zlib-wrapped or raw), never producing more than
    the room it is given."""

    def __init__(self, encoding: str):
        self._gzip = encoding in ("gzip", "x-gzip")
        self._wbits = 16 + zlib.MAX_WBITS if self._gzip else zlib.MAX_WBITS
        self._z = zlib.decompressobj(self._wbits)
        self._first = True

    def feed(self, data: bytes, room: int) -> bytes:
        out = bytearray()
        while data:
            try:
                # max_length room+1 (>= 1: 0 would mean unlimited): one byte over is enough
                chunk = self._z.decompress(data, room - len(out) + 1)
            except zlib.error:
                if not self._gzip and self._first:  # raw deflate, as some servers send
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._first = False
                    continue
                raise FetchError(
                    "the body is not the gzip/deflate data it is labelled", "encoding"
                ) from None
            self._first = False
            out += chunk
            if len(out) > room:
                raise _TooLarge
            if self._gzip and self._z.eof and self._z.unused_data:
                data = self._z.unused_data  # the next gzip member
                self._z = zlib.decompressobj(self._wbits)
            else:
                data = b""
        return bytes(out)


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    main = value.split(";", 1)[0].strip().lower() or None
    m = _CHARSET.search(value)
    return main, m.group(1) if m else None


def type_problem(kind: str, ctype: str | None) -> str | None:
    """Why a response of this content type is not what a ``kind`` fetch wants, or None."""
    if ctype is None or kind == ROBOTS:
        return None
    major = ctype.split("/", 1)[0]
    if kind == FEED:
        if major in _REFUSED_MAJOR or ctype in _REFUSED_TYPES:
            return f"not a feed: served as {ctype}"
        return None
    if ctype in _PAGE_TYPES:
        return None
    return f"not a web page: served as {ctype}"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def host_of(url: str | None) -> str:
    """The host a request to ``url`` goes to, lower case ("" when there is none): the key of
    the per-host limits."""
    if not url:
        return ""
    try:
        return (httpx.URL(url).host or "").lower()
    except (httpx.InvalidURL, TypeError):
        return ""


@dataclass
class _Tally:
    requests: int = 0


@dataclass
class Fetcher:
    """Fetches feeds, pages and robots.txt within :class:`FetchLimits`.  ``policy`` decides
    which addresses an untrusted fetch may reach (``trusted=True`` fetches -- for a
    subscription on the user's own network -- may reach any).  Thread-safe; use it as a
    context manager or call :meth:`close`."""

    limits: FetchLimits = field(default_factory=FetchLimits)
    policy: AddressPolicy = field(default_factory=AddressPolicy)
    user_agent: str = USER_AGENT
    requests: int = 0  # HTTP requests made so far, all fetches together

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: dict[bool, httpx.Client] = {}
        self._gates: dict[str, _HostGate] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def trusts(self, url: str) -> bool:
        """True for a subscription on a non-public address: its fetches may reach any
        address.  Decided on the subscription's own address, never on a link's."""
        try:
            u = httpx.URL(url)
        except (httpx.InvalidURL, TypeError):
            return False
        if not u.host:
            return False
        return self.policy.is_non_public_host(u.host, u.port or 80)

    def next_start(self, url: str) -> float:
        """The monotonic time from which a request to ``url``'s host may start (a scheduler
        dispatches work for hosts that are ready instead of queueing behind a busy one)."""
        host = host_of(url)
        with self._lock:
            gate = self._gates.get(host)
        return gate.next_start if gate is not None else 0.0

    # -- the one public call ---------------------------------------------------------------
    def get(
        self,
        url: str,
        kind: str,
        *,
        trusted: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """GET ``url`` as a ``kind`` (:data:`FEED`, :data:`PAGE` or :data:`ROBOTS`) fetch,
        with retries; raises :class:`FetchError`."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if kind == FEED:
            headers["Accept"] = (
                "application/rss+xml, application/atom+xml, application/feed+json, "
                "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
            )
        elif kind == PAGE:
            headers["Accept"] = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8"
        tally = _Tally()
        attempt = 0
        while True:
            attempt += 1
            try:
                result = self._attempt(url, kind, trusted, headers, tally)
                result.requests = tally.requests
                return result
            except FetchError as err:
                wait = self._retry_wait(err, attempt)
                if wait is None:
                    err.requests, err.attempts = tally.requests, attempt
                    if attempt > 1 and err.retryable:
                        err.reason = f"{err.reason} (after {attempt} attempts)"
                        err.args = (err.reason,)
                    raise
                time.sleep(wait)

    def _retry_wait(self, err: FetchError, attempt: int) -> float | None:
        """Seconds to wait before the next attempt, or None for no further attempt."""
        if not err.retryable or attempt > self.limits.retries:
            return None
        if err.retry_after is not None:
            if err.retry_after > self.limits.max_retry_wait:
                err.reason = f"{err.reason}; the server asks to retry after {err.retry_after:.0f} s"
                err.args = (err.reason,)
                return None
            return err.retry_after
        return min(self.limits.backoff * 2 ** (attempt - 1), self.limits.max_retry_wait)

    # -- internals ----------------------------------------------------------------------------
    def _client(self, trusted: bool) -> httpx.Client:
        with self._lock:
            client = self._clients.get(trusted)
            if client is None:
                lim = self.limits
                policy = self.policy.trusting() if trusted else self.policy
                client = httpx.Client(
                    transport=_Transport(policy, max(4, 2 * lim.workers)),
                    timeout=httpx.Timeout(
                        lim.total_timeout,
                        connect=lim.connect_timeout,
                        read=lim.read_timeout,
                        write=lim.read_timeout,
                    ),
                    follow_redirects=False,
                    trust_env=False,
                    cookies=CookieJar(DefaultCookiePolicy(allowed_domains=[])),
                    headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
                )
                self._clients[trusted] = client
            return client

    def _gate(self, host: str) -> _HostGate:
        host = host.lower().strip("[]")
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = _HostGate(self.limits.per_host_connections, self.limits.per_host_interval)
                self._gates[host] = gate
            return gate

    def _attempt(
        self, url: str, kind: str, trusted: bool, headers: dict[str, str], tally: _Tally
    ) -> FetchResult:
        """One attempt: the request and its redirects, within one total deadline."""
        client = self._client(trusted)
        chain = [url]
        deadline = time.monotonic() + self.limits.total_timeout
        while True:
            try:
                target = httpx.URL(url)
            except (httpx.InvalidURL, TypeError) as err:
                raise FetchError(f"not a valid address: {_one_line(err)}", "url") from None
            if target.scheme not in ("http", "https") or not target.host:
                raise FetchError(f"not an http(s) address: {_one_line(url, 120)}", "url")
            gate = self._gate(target.host)
            with gate.slot():
                with self._lock:
                    self.requests += 1
                tally.requests += 1
                response = self._exchange(client, target, kind, headers, deadline, gate)
            if isinstance(response, FetchResult):
                return response
            nxt = response
            if nxt in chain:
                loop = " -> ".join([*chain[chain.index(nxt) :], nxt])
                raise FetchError(f"redirect loop: {_one_line(loop)}", "redirect")
            chain.append(nxt)
            if len(chain) > self.limits.max_redirects + 1:
                raise FetchError(f"more than {self.limits.max_redirects} redirects", "redirect")
            url = nxt

    def _exchange(
        self,
        client: httpx.Client,
        target: httpx.URL,
        kind: str,
        headers: dict[str, str],
        deadline: float,
        gate: _HostGate,
    ) -> FetchResult | str:
        """One request: a result, or the address a redirect points to."""
        _local.deadline = deadline
        try:
            with client.stream("GET", target, headers=headers) as resp:
                return self._response(resp, target, kind, gate)
        except BlockedAddress as err:
            raise FetchError(err.reason, "blocked") from None
        except httpx.TimeoutException as err:
            if time.monotonic() >= deadline:  # a server this slow is not asked again at once
                what = f"took longer than {self.limits.total_timeout:g} s in all"
                raise FetchError(what, "timeout") from None
            what = "timed out"
            if isinstance(err, httpx.ConnectTimeout):
                what = "timed out connecting"
            elif isinstance(err, httpx.ReadTimeout):
                what = f"no data for {self.limits.read_timeout:g} s"
            raise FetchError(what, "timeout", retryable=True) from None
        except (httpx.NetworkError, httpx.RemoteProtocolError) as err:
            raise FetchError(
                f"network error: {_one_line(err) or type(err).__name__}", "network", retryable=True
            ) from None
        except (httpx.HTTPError, httpx.InvalidURL) as err:
            raise FetchError(f"request failed: {_one_line(err)}", "url") from None
        finally:
            _local.deadline = None

    def _response(
        self, resp: httpx.Response, target: httpx.URL, kind: str, gate: _HostGate
    ) -> FetchResult | str:
        status = resp.status_code
        if status in REDIRECTS:
            location = resp.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location", "redirect", status)
            try:
                return str(target.join(location.strip()))
            except (httpx.InvalidURL, TypeError):
                raise FetchError(
                    f"redirect to an invalid address: {_one_line(location, 120)}", "redirect"
                ) from None
        if status == 304:
            return FetchResult(str(target), 304, b"", None, None, *self._validators(resp))
        if status == 429 or status >= 500:
            wait = _retry_after(resp.headers.get("retry-after"))
            if wait is not None:
                gate.defer(min(wait, self.limits.max_retry_wait))
            raise FetchError(
                f"HTTP {status} {resp.reason_phrase}".strip(), "status", status, True, wait
            )
        if not 200 <= status < 300:
            raise FetchError(f"HTTP {status} {resp.reason_phrase}".strip(), "status", status)
        ctype, charset = _content_type(resp.headers.get("content-type"))
        problem = type_problem(kind, ctype)
        if problem:
            raise FetchError(problem, "type", status)
        body, truncated = self._body(resp, self.limits.cap(kind), kind == ROBOTS)
        return FetchResult(
            str(target), status, body, ctype, charset, *self._validators(resp), truncated=truncated
        )

    @staticmethod
    def _validators(resp: httpx.Response) -> tuple[str | None, str | None]:
        """ETag and Last-Modified as sent back (dropped when odd: over-long or with control
        characters, which a header echoed to the server must not carry)."""
        out = []
        for name in ("etag", "last-modified"):
            value = (resp.headers.get(name) or "").strip()
            ok = 0 < len(value) <= 500 and value.isascii() and value.isprintable()
            out.append(value if ok else None)
        return out[0], out[1]

    @staticmethod
    def _body(resp: httpx.Response, cap: int, truncate: bool) -> tuple[bytes, bool]:
        """The decoded body, at most ``cap`` bytes on the wire and after decompression."""
        encoding = resp.headers.get("content-encoding", "identity").strip().lower()
        if encoding in ("", "identity"):
            inflater = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            inflater = _Inflater(encoding)
        else:
            raise FetchError(f"unsupported content encoding {_one_line(encoding, 40)}", "encoding")
        length = resp.headers.get("content-length", "")
        if not truncate and length.isdigit() and int(length) > cap:
            raise FetchError(f"larger than {cap:,} bytes (Content-Length {int(length):,})", "size")
        out = bytearray()
        wire = 0
        for chunk in resp.iter_raw(chunk_size=65_536):
            wire += len(chunk)
            if wire > cap and not truncate:
                raise FetchError(f"larger than {cap:,} bytes", "size")
            room = cap - len(out)
            try:
                data = inflater.feed(chunk, room) if inflater else chunk
            except _TooLarge:
                if truncate:
                    return bytes(out), True  # the inflater's partial output is dropped
                raise FetchError(
                    f"larger than {cap:,} bytes after decompression (a compression bomb?)",
                    "size",
                ) from None
            if len(data) > room:
                if truncate:
                    out += data[:room]
                    return bytes(out), True
                raise FetchError(f"larger than {cap:,} bytes", "size")
            out += data
        return bytes(out), False
