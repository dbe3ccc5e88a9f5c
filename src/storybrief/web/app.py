"""The web app and HTTP API: ``create_app(...)`` builds a FastAPI application.

Endpoints (README, "Web app"):

``GET  /``                  the page (static/index.html, app.js, app.css; no CDN)
``POST /api/summarize``     JSON ``{"documents": [...], "max_words", "method"}`` or multipart
                            file uploads -> ``Summary.to_dict()`` plus ``markdown`` and
                            ``document_sentences`` for the page
``GET  /api/methods``       scoring methods
``GET  /api/example``       the built-in example cluster's articles as text
``GET  /api/health``        status, version, limits
``GET  /api/saved/{id}``    a saved summary (only with ``save_db``)
``GET  /docs``              Swagger UI served from the swagger-ui-bundle-v2 package when it is
                            installed, otherwise a plain self-hosted page; ``/openapi.json``

Every error is JSON ``{"error": CODE, "message": TEXT}`` (plus ``limit`` when a limit was
hit, ``details`` for field errors), never an HTML page and never a 500 for bad input.  The
server keeps no state between requests; with ``save_db`` a request may ask to be stored in
SQLite (schema below).
"""

from __future__ import annotations

import asyncio
import gc
import html
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storybrief import __version__
from storybrief.errors import StorybriefError
from storybrief.pipeline import Summarizer
from storybrief.pipeline.score import SCORERS, available_methods, resolve_method
from storybrief.pipeline.summary import Summary
from storybrief.readers import (
    ARTICLE_SUFFIXES,
    article_kind,
    decode,
    html_to_text,
    is_binary,
    markdown_article,
    suffix_list,
)
from storybrief.text.links import safe_url
from storybrief.web.security import Guard, csp_for_html

STATIC = Path(__file__).parent / "static"
SQLITE_MAX_ID = 2**63 - 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS summaries (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at   TEXT    NOT NULL,  -- UTC, ISO 8601
    method       TEXT    NOT NULL,  -- resolved scoring method
    max_words    INTEGER NOT NULL,
    n_documents  INTEGER NOT NULL,
    summary      TEXT    NOT NULL,  -- the summary text alone
    markdown     TEXT    NOT NULL,  -- Summary.to_markdown()
    result_json  TEXT    NOT NULL   -- the full API response (Summary.to_dict() and additions)
);
CREATE TABLE IF NOT EXISTS documents (
    summary_id   INTEGER NOT NULL REFERENCES summaries(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,  -- 0-based position in the request
    title        TEXT,
    url          TEXT,
    date         TEXT,
    name         TEXT,              -- uploaded file name
    text         TEXT    NOT NULL,  -- the article text as received (HTML already extracted)
    PRIMARY KEY (summary_id, idx)
);
"""


@dataclass(frozen=True)
class Limits:
    """Per-request limits; every one is a ``storybrief serve`` option."""

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


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, limit: Any = None, details: Any = None
    ):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.limit, self.details = limit, details


def one_line(text: str, limit: int = 500) -> str:
    """``text`` as one printable line: messages quote the client's own field names, file
    names and values, which may hold newlines or control characters."""
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error(
    status: int, code: str, message: str, limit: Any = None, details: Any = None, **headers: str
) -> JSONResponse:
    body: dict[str, Any] = {"error": code, "message": one_line(message)}
    if limit is not None:
        body["limit"] = limit
    if details is not None:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers or None)


# -- request models (also the OpenAPI schema) ---------------------------------------------
# Strict types: JSON ``true`` is not a budget of 1 word, nor ``"yes"`` a yes (issue 12).
class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: StrictStr
    title: StrictStr | None = None
    url: StrictStr | None = None
    date: StrictStr | None = None
    name: StrictStr | None = None


class SummarizeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[StrictStr | DocumentIn] = Field(
        description="Articles about one story: plain strings or {text, title, url, date}."
    )
    max_words: StrictInt = Field(150, ge=1, description="Length budget in words (never exceeded).")
    max_sentences: StrictInt | None = Field(None, ge=1)
    method: StrictStr = Field("default", description="Scoring method, see GET /api/methods.")
    save: StrictBool = Field(
        False, description="Store request and result (server needs --save-db)."
    )


class ErrorOut(BaseModel):
    error: str = Field(description="Machine-readable code, e.g. too_many_documents.")
    message: str = Field(description="One line for a person; names the limit that was hit.")
    limit: float | int | None = Field(None, description="Value of the limit that was hit.")
    details: list[dict[str, str]] | None = Field(None, description="Invalid fields.")


_ERRORS = {
    400: "Unreadable Content-Length or multipart body; a Host name the server does not answer",
    403: "A write from another origin (Origin or Sec-Fetch-Site)",
    409: "save requested but the server has no --save-db",
    413: "Body, number of documents or a document over its limit",
    415: "Not JSON or a form; an uploaded file of another type",
    422: "Invalid request, nothing to summarize, or no sentence fits max_words",
    503: "Server busy (all workers and queue slots taken)",
    504: "Summary took longer than the time limit",
}


# -- body size limit: pure ASGI so an oversized body is refused before it is parsed ----------
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
        too_big = _error(
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
                    await _error(400, "bad_request", "invalid Content-Length header")(
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
                    await _error(
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


# -- running summaries: bounded worker threads with a per-request time limit ---------------
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


# -- helpers -------------------------------------------------------------------------------
def web_result(summary: Summary) -> dict[str, Any]:
    """``Summary.to_dict()`` plus what the page needs: ``markdown``, per document the
    sentences that were kept (``document_sentences[doc] = [{sentence, paragraph, text}]``)
    and the link its url may become (``document_links[doc]``, null unless http(s))."""
    out = summary.to_dict()
    out["markdown"] = summary.to_markdown()
    # per document, its url if a page may link to it (http or https), else null; the url
    # itself stays text (README, "Security")
    out["document_links"] = [safe_url(d.get("url")) for d in out.get("documents", [])]
    per_doc: list[list[dict[str, Any]]] = [[] for _ in summary.cluster.documents]
    for s in summary.cluster.sentences:
        per_doc[s.doc].append({"sentence": s.position, "paragraph": s.paragraph, "text": s.text})
    out["document_sentences"] = per_doc
    return out


def _validation_details(err: ValidationError | RequestValidationError) -> list[dict[str, str]]:
    details = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
        details.append(
            {"field": one_line(loc, 100), "message": one_line(str(e.get("msg", "invalid value")))}
        )
    return details


def _describe(details: list[dict[str, str]]) -> str:
    shown = "; ".join(f"{d['field'] or 'body'}: {d['message']}" for d in details[:3])
    more = f" (and {len(details) - 3} more)" if len(details) > 3 else ""
    return f"invalid request: {shown}{more}"


def _clean_strings(doc: dict[str, Any]) -> dict[str, Any]:
    """Lone surrogates (legal in JSON, not in UTF-8) become U+FFFD so output always encodes;
    NUL characters are dropped (the pipeline treats text holding them as unreadable)."""
    return {
        k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace").replace("\x00", "")
        if isinstance(v, str)
        else v
        for k, v in doc.items()
    }


def _int_field(value: Any, name: str) -> Any:
    if value is None or value == "":
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise ApiError(422, "invalid_request", f"{name} must be a whole number") from None


_TRUE = ("1", "true", "on", "yes")
_FALSE = ("", "0", "false", "off", "no")


def _bool_field(value: Any, name: str = "save") -> bool:
    """A form's yes/no field (an HTML checkbox sends "on"); anything else is an error, not a
    silent no."""
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ApiError(422, "invalid_request", f"{name} must be true or false, not {value!r}")


def _read_upload(data: bytes, filename: str, index: int) -> dict[str, Any]:
    kind = article_kind(filename)
    where = f"file {index + 1} ({filename})"
    if kind is None:
        raise ApiError(
            415,
            "unsupported_file_type",
            f"{where}: only {suffix_list(ARTICLE_SUFFIXES)} files are accepted",
        )
    if is_binary(data):
        raise ApiError(422, "binary_file", f"{where} looks like a binary file, not text")
    warnings: list[str] = []
    text = decode(data, where, warnings.append)
    doc: dict[str, Any] = {"name": filename}
    if kind == "html":
        text, meta = html_to_text(text)
        if not text.strip():
            raise ApiError(422, "no_text", f"{where}: no article text found in the HTML")
        doc.update({k: v for k, v in meta.items() if v})
    elif kind == "markdown":
        text, title = markdown_article(text)
        if title:
            doc["title"] = title
    doc["text"] = text
    return _clean_strings(doc)


def _check_multipart(body: bytes, content_type: str) -> None:
    """A multipart body must name its boundary and end with the closing one; python-multipart
    accepts a cut-off body and returns the parts it saw, which would hide a truncated upload
    behind a 422 (issue 12)."""
    params = dict(p.strip().partition("=")[::2] for p in content_type.split(";")[1:] if "=" in p)
    boundary = params.get("boundary", "").strip().strip('"')
    if not boundary:
        raise ApiError(400, "bad_multipart", "multipart body without a boundary parameter")
    closing = b"--" + boundary.encode("latin-1", "replace") + b"--"
    if closing not in body[-(len(closing) + 4096) :]:
        raise ApiError(
            400,
            "bad_multipart",
            "the multipart body is cut off (no closing boundary): the upload was incomplete",
        )


def _save(db: Path, request: SummarizeRequest, docs: list[dict[str, Any]], out: dict) -> int:
    con = sqlite3.connect(db, timeout=10)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        with con:
            cur = con.execute(
                "INSERT INTO summaries (created_at, method, max_words, n_documents, summary, "
                "markdown, result_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    out["method"],
                    out["max_words"],
                    len(docs),
                    out["text"],
                    out["markdown"],
                    json.dumps(out, ensure_ascii=False),
                ),
            )
            sid = int(cur.lastrowid or 0)
            con.executemany(
                "INSERT INTO documents (summary_id, idx, title, url, date, name, text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (sid, i, d.get("title"), d.get("url"), d.get("date"), d.get("name"), d["text"])
                    for i, d in enumerate(docs)
                ],
            )
        return sid
    finally:
        con.close()


def init_db(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.executescript(SCHEMA)
    finally:
        con.close()


def _example_documents() -> list[dict[str, Any]]:
    from storybrief.cli import example_path
    from storybrief.readers import read_clusters

    cluster = next(iter(read_clusters(str(example_path()), "folder")))
    return [dict(d) for d in cluster.documents]


def _swagger_dir() -> Path | None:
    try:
        import swagger_ui_bundle  # swagger-ui-bundle-v2 (Swagger UI 5, OpenAPI 3.1)
    except ImportError:
        return None
    path = Path(swagger_ui_bundle.swagger_ui_path)
    return path if (path / "swagger-ui-bundle.js").is_file() else None


def _plain_docs(spec: dict[str, Any]) -> str:
    """A self-hosted API reference page for when no Swagger UI bundle is installed."""
    rows = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            rows.append(
                f"<tr><td><code>{html.escape(method.upper())}</code></td>"
                f"<td><code>{html.escape(path)}</code></td>"
                f"<td>{html.escape(op.get('summary', ''))}</td></tr>"
            )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>storybrief API</title><style>body{font:16px/1.5 system-ui,sans-serif;"
        "margin:2rem auto;max-width:60rem;padding:0 1rem}td{padding:.25rem .75rem;"
        "border-bottom:1px solid #ddd}</style></head><body><h1>storybrief API</h1>"
        "<p>The full OpenAPI description is at <a href='/openapi.json'>/openapi.json</a>. "
        "Install <code>swagger-ui-bundle-v2</code> for interactive docs.</p>"
        f"<table>{''.join(rows)}</table></body></html>"
    )


_MULTIPART_SCHEMA = {
    "type": "object",
    "properties": {
        "documents": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": "Article files (.txt, .md, .html; HTML is reduced to its main text) "
            "or plain-text fields, in order; 'files' is accepted as the field name too.",
        },
        "max_words": {"type": "integer", "default": 150},
        "max_sentences": {"type": "integer"},
        "method": {"type": "string", "default": "default"},
        "save": {"type": "boolean", "default": False},
    },
    "required": ["documents"],
}


# -- the app -------------------------------------------------------------------------------
def create_app(
    limits: Limits | None = None,
    save_db: str | Path | None = None,
    feed_db: str | Path | None = None,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """Build the app.  ``limits`` bound each request; ``save_db`` (a SQLite file, created with
    the schema above if absent) lets a request ask ``"save": true``; ``feed_db`` (a feed
    store, see :mod:`storybrief.web.stories`) adds the stories page and API.
    ``allowed_hosts``: the ``Host`` names answered (``storybrief serve`` passes loopback
    names, the bound address and ``--allowed-host``); ``None`` answers every name, for an
    app used in-process.  Origin checks and security headers apply always
    (:mod:`storybrief.web.security`)."""
    limits = limits or Limits()
    db = Path(save_db) if save_db else None
    if db is not None:
        init_db(db)
    runner = Runner(limits.workers, limits.queue)

    @asynccontextmanager
    async def lifespan(_: FastAPI):  # type: ignore[no-untyped-def]
        yield
        runner.shutdown()

    app = FastAPI(
        title="storybrief",
        version=__version__,
        description="Extractive multi-document news summaries with citations.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.limits = limits
    app.state.runner = runner
    app.state.save_db = db

    # Errors: one JSON shape for everything.
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, err: ApiError) -> JSONResponse:
        return _error(err.status, err.code, err.message, err.limit, err.details)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, err: RequestValidationError) -> JSONResponse:
        details = _validation_details(err)
        return _error(422, "invalid_request", _describe(details), details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, err: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
        return _error(err.status_code, codes.get(err.status_code, "http_error"), str(err.detail))

    @app.exception_handler(Exception)
    async def _internal_error(_: Request, err: Exception) -> JSONResponse:
        return _error(500, "internal_error", f"internal error: {type(err).__name__}")

    # -- API -------------------------------------------------------------------------------
    @app.get("/api/health", summary="Status, version and request limits")
    async def health() -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "save": db is not None,
            "limits": asdict(limits),
        }

    @app.get("/api/methods", summary="Scoring methods")
    async def methods() -> dict[str, Any]:
        default = resolve_method("default")
        return {
            "default": default,
            "methods": [
                {"name": name, "description": cls.description, "default": name == default}
                for name, cls in SCORERS.items()
            ],
        }

    @app.get("/api/example", summary="The built-in example cluster's articles, as text")
    async def example() -> dict[str, Any]:
        return {"id": "example", "documents": await asyncio.to_thread(_example_documents)}

    @app.get("/api/saved/{summary_id}", summary="A saved summary (server started with --save-db)")
    async def saved(summary_id: int) -> JSONResponse:
        if db is None:
            raise ApiError(404, "save_disabled", "saving is off: start with --save-db PATH")
        if not 1 <= summary_id <= SQLITE_MAX_ID:  # SQLite ids are 64-bit: larger ones are unknown
            raise ApiError(404, "not_found", f"no saved summary with id {summary_id}")

        def load() -> str | None:
            con = sqlite3.connect(db, timeout=10)
            try:
                row = con.execute(
                    "SELECT result_json FROM summaries WHERE id = ?", (summary_id,)
                ).fetchone()
            finally:
                con.close()
            return row[0] if row else None

        found = await asyncio.to_thread(load)
        if found is None:
            raise ApiError(404, "not_found", f"no saved summary with id {summary_id}")
        return JSONResponse(json.loads(found))

    async def parse(request: Request) -> tuple[SummarizeRequest, list[dict[str, Any]]]:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
            return await parse_multipart(request)
        # No Content-Type is not JSON: a cross-site fetch(..., {mode: "no-cors"}) sends none
        if ctype != "application/json" and not ctype.endswith("+json"):
            raise ApiError(
                415,
                "unsupported_media_type",
                "send Content-Type: application/json, multipart/form-data or a url-encoded "
                f"form, not {ctype or 'no Content-Type'!r}",
            )
        raw = await request.body()
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as err:  # JSONDecodeError, UnicodeDecodeError
            raise ApiError(422, "invalid_json", f"request body is not valid JSON: {err}") from None
        if not isinstance(data, dict):
            raise ApiError(
                422,
                "invalid_request",
                'the body must be a JSON object like {"documents": ["article text", ...]}',
            )
        if isinstance(data.get("documents"), list) and len(data["documents"]) > (
            limits.max_documents
        ):
            raise too_many(len(data["documents"]))
        try:
            req = SummarizeRequest.model_validate(data)
        except ValidationError as err:
            details = _validation_details(err)
            raise ApiError(422, "invalid_request", _describe(details), details=details) from None
        docs = [
            {"text": d} if isinstance(d, str) else d.model_dump(exclude_none=True)
            for d in req.documents
        ]
        return req, [_clean_strings(d) for d in docs]

    def too_many(n: int) -> ApiError:
        return ApiError(
            413,
            "too_many_documents",
            f"{n} documents given; the limit is {limits.max_documents} per request "
            "(server option --max-documents)",
            limit=limits.max_documents,
        )

    async def parse_multipart(request: Request) -> tuple[SummarizeRequest, list[dict[str, Any]]]:
        ctype = request.headers.get("content-type", "")
        if ctype.split(";")[0].strip().lower() == "multipart/form-data":
            _check_multipart(await request.body(), ctype)
        try:
            form = await request.form(
                max_files=limits.max_documents + 1, max_fields=limits.max_documents + 16
            )
        except StarletteHTTPException as err:
            raise ApiError(
                413 if "many" in str(err.detail).lower() else 400,
                "too_many_documents" if "many" in str(err.detail).lower() else "bad_multipart",
                f"could not read the form: {err.detail} (limit {limits.max_documents} "
                "documents, server option --max-documents)",
                limit=limits.max_documents,
            ) from None
        except Exception as err:  # malformed multipart body
            raise ApiError(400, "bad_multipart", f"could not read the form: {err}") from None
        try:
            docs: list[dict[str, Any]] = []
            fields: dict[str, Any] = {}
            for key, value in form.multi_items():
                if key in ("documents", "files", "file", "text"):
                    if len(docs) >= limits.max_documents:
                        raise too_many(len(docs) + 1)
                    if isinstance(value, UploadFile):
                        raw = await value.read(limits.max_body_bytes + 1)
                        docs.append(_read_upload(raw, value.filename or "upload", len(docs)))
                    elif value.strip():
                        docs.append(_clean_strings({"text": value}))
                elif key in ("max_words", "max_sentences", "method", "save"):
                    fields[key] = value
                else:
                    raise ApiError(422, "invalid_request", f"unknown form field {key!r}")
        finally:
            await form.close()
        for key in ("max_words", "max_sentences", "method", "save"):
            if isinstance(fields.get(key), UploadFile):
                raise ApiError(422, "invalid_request", f"{key} must be a plain form field")
        data: dict[str, Any] = {"documents": [{"text": "-"}]}  # validated separately
        if (w := _int_field(fields.get("max_words"), "max_words")) is not None:
            data["max_words"] = w
        if (s := _int_field(fields.get("max_sentences"), "max_sentences")) is not None:
            data["max_sentences"] = s
        if fields.get("method"):
            data["method"] = str(fields["method"])
        data["save"] = _bool_field(fields.get("save", ""))
        try:
            req = SummarizeRequest.model_validate(data)
        except ValidationError as err:
            details = _validation_details(err)
            raise ApiError(422, "invalid_request", _describe(details), details=details) from None
        return req, docs

    @app.post(
        "/api/summarize",
        summary="Summarize a cluster of articles",
        responses={
            200: {"description": "Summary.to_dict() plus markdown and document_sentences"},
            **{code: {"model": ErrorOut, "description": d} for code, d in _ERRORS.items()},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": SummarizeRequest.model_json_schema()},
                    "multipart/form-data": {"schema": _MULTIPART_SCHEMA},
                },
            }
        },
    )
    async def summarize(request: Request) -> JSONResponse:
        req, docs = await parse(request)
        if not docs:
            raise ApiError(422, "no_documents", "no documents given: send at least one article")
        if len(docs) > limits.max_documents:
            raise too_many(len(docs))
        for i, d in enumerate(docs):
            if len(d["text"]) > limits.max_document_chars:
                raise ApiError(
                    413,
                    "document_too_long",
                    f"document {i + 1} has {len(d['text']):,} characters; the limit is "
                    f"{limits.max_document_chars:,} per document (server option "
                    "--max-document-chars)",
                    limit=limits.max_document_chars,
                )
        if req.max_words > limits.max_words:
            raise ApiError(
                422,
                "max_words_too_large",
                f"max_words is {req.max_words}; the limit is {limits.max_words} "
                "(server option --max-words)",
                limit=limits.max_words,
            )
        if req.method not in available_methods():
            raise ApiError(
                422,
                "unknown_method",
                f"unknown method {req.method!r}; choose one of: {', '.join(available_methods())}",
            )
        if req.save and db is None:
            raise ApiError(
                409,
                "save_disabled",
                "saving was requested but the server was started without --save-db PATH",
            )

        def work() -> dict[str, Any]:
            summary = Summarizer(
                method=req.method, max_words=req.max_words, max_sentences=req.max_sentences
            ).summarize(docs)
            if not summary.sentences:
                message = summary.warnings[-1] if summary.warnings else "nothing to summarize"
                if summary.empty_reason == "budget":
                    raise ApiError(422, "budget_too_small", message, limit=req.max_words)
                raise ApiError(422, "nothing_to_summarize", message)
            out = web_result(summary)
            if req.save and db is not None:
                out["saved"] = {"id": _save(db, req, docs, out)}
            return out

        fut = runner.submit(work)
        if fut is None:
            return _error(
                503,
                "server_busy",
                f"the server is busy ({limits.workers} summaries running, {limits.queue} "
                "waiting); try again shortly",
                limit=limits.workers + limits.queue,
                **{"Retry-After": "2"},
            )
        try:
            out = await asyncio.wait_for(asyncio.wrap_future(fut), timeout=limits.timeout_s)
        except TimeoutError:
            fut.cancel()  # only stops it if it has not started; its slot frees when it ends
            raise ApiError(
                504,
                "timeout",
                f"summarizing took longer than the limit of {limits.timeout_s:g} s "
                "(server option --timeout); send fewer or shorter articles",
                limit=limits.timeout_s,
            ) from None
        except ApiError:
            raise
        except StorybriefError as err:
            raise ApiError(422, "invalid_input", str(err)) from None
        return JSONResponse(out)

    # -- docs ------------------------------------------------------------------------------
    swagger = _swagger_dir()
    if swagger is not None:
        app.mount("/docs/assets", StaticFiles(directory=swagger), name="swagger")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        if swagger is None:
            page = _plain_docs(app.openapi())
            return HTMLResponse(page, headers={"Content-Security-Policy": csp_for_html(page)})
        from fastapi.openapi.docs import get_swagger_ui_html

        ui = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="storybrief API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},  # no badge from validator.swagger.io
        )
        ui.headers["Content-Security-Policy"] = csp_for_html(bytes(ui.body).decode())
        return ui

    # -- the page --------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204)

    if feed_db is not None:  # live stories (issue 11): /stories, /api/stories
        from storybrief.web.stories import add_stories

        add_stories(app, feed_db)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(
        BodyLimit, max_bytes=limits.max_body_bytes, max_pending=limits.max_pending_body_bytes
    )
    app.add_middleware(Guard, allowed_hosts=allowed_hosts)  # outermost: before anything reads
    return app
