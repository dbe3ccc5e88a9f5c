"""Limits on requests: :class:`Limits` (every one a ``storybrief serve`` option), the body limit
counted while a body is read (:class:`BodyLimit`), and the bounded worker threads that compute
summaries with a time limit (:class:`Runner`)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storybrief.web.errors import ApiError, error_response

SQLITE_MAX_ID = 2**63 - 1  # ids are 64-bit signed integers (SQLite, PostgreSQL BIGINT)


@dataclass(frozen=True)
class Limits:
    """Per-request limits; every one is the ``storybrief serve`` option of the same name."""

    max_body_bytes: int = 10_000_000
    max_documents: int = 100
    max_document_chars: int = 200_000
    max_words: int = 2_000
    timeout_s: float = 30.0
    workers: int = 2
    queue: int = 16
    # request bodies being read at once, all together: a flood of unfinished large bodies is
    # refused (503) instead of growing the server's memory (issue 16)
    max_pending_body_bytes: int = 40_000_000


def too_many_documents(n: int, limit: int) -> ApiError:
    return ApiError(
        413,
        "too_many_documents",
        f"{n} documents given; the limit is {limit} per request (server option --max-documents)",
        limit=limit,
    )


class BodyLimit:
    """Each body is counted while it is read: one over ``max_bytes`` gets 413, and once all
    bodies being read at the same time hold ``max_pending`` bytes, the one that would pass it
    gets 503.  Memory for bodies is so bounded by ``max_pending``, however many clients send
    large bodies slowly."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_pending: int | None = None):
        self.app, self.max_bytes = app, max_bytes
        self.max_pending = max_pending if max_pending is not None else 4 * max_bytes
        self.pending = 0  # bytes held by bodies being read (one event loop: no lock needed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        too_big = error_response(
            413,
            "body_too_large",
            f"request body is larger than the limit of {self.max_bytes:,} bytes "
            "(server option --max-body-bytes)",
            limit=self.max_bytes,
        )
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await error_response(400, "bad_request", "invalid Content-Length header")(
                        scope, receive, send
                    )
                    return
                if declared > self.max_bytes:
                    await too_big(scope, receive, send)
                    return
        # Read the whole body (it is at most max_bytes), then replay it to the app.
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                self.pending += len(chunk)
                if size > self.max_bytes:
                    await too_big(scope, receive, send)
                    return
                if self.pending > self.max_pending:
                    await error_response(
                        503,
                        "server_busy",
                        "the server is reading too many large request bodies at once; "
                        "try again shortly",
                        limit=self.max_pending,
                        **{"Retry-After": "2"},
                    )(scope, receive, send)
                    return
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
            body = b"".join(chunks)
            del chunks
        finally:
            self.pending -= size
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class Runner:
    """At most ``workers`` summaries run at once, at most ``queue`` more wait; beyond that a
    request is refused (503).  A request that passes ``timeout_s`` gets 504; its thread cannot
    be killed, so its slot stays taken until it ends, which keeps overload bounded."""

    def __init__(self, workers: int, queue: int):
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="storybrief")
        self.slots = threading.BoundedSemaphore(workers + queue)
        self.lock = threading.Lock()
        self.in_flight = 0

    def submit(self, fn: Callable[[], Any]) -> Future[Any] | None:
        if not self.slots.acquire(blocking=False):
            return None
        with self.lock:
            self.in_flight += 1
        try:
            fut = self.pool.submit(fn)
        except RuntimeError:  # pool shut down
            self._done(None)
            return None
        fut.add_done_callback(self._done)
        return fut

    def _done(self, _: Any) -> None:
        with self.lock:
            self.in_flight -= 1
            idle = self.in_flight == 0
        self.slots.release()
        if idle:  # nothing running: soon hand freed memory back to the OS
            timer = threading.Timer(0.5, self._release_if_idle)
            timer.daemon = True
            timer.start()

    def _release_if_idle(self) -> None:
        with self.lock:
            if self.in_flight:
                return
        _release_memory()

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def _load_malloc_trim() -> Callable[[int], int] | None:
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim  # glibc only
    except (OSError, AttributeError):
        return None


_malloc_trim = _load_malloc_trim()
_release_lock = threading.Lock()


def _release_memory() -> None:
    """Collect garbage and return free heap pages to the OS, so the server's RSS comes back
    down after a burst of large requests (runs half a second after the last one ends)."""
    if not _release_lock.acquire(blocking=False):
        return
    try:
        gc.collect()
        if _malloc_trim is not None:
            _malloc_trim(0)
    finally:
        _release_lock.release()
    if _malloc_trim is not None:
        _malloc_trim(0)
