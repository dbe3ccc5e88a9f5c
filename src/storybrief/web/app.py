"""The web app and HTTP API: ``create_app(...)`` assembles a FastAPI application.

Endpoints (README, "Web app"):

``GET  /``                  the page (static/index.html, app.js, app.css, and links.js and
                            base.css shared with the stories page; no CDN)
``POST /api/summarize``     JSON ``{"documents": [...], "max_words", "method"}`` or multipart
                            file uploads -> ``Summary.to_dict()`` plus ``markdown``,
                            ``document_sentences`` and ``document_links`` for the page
``GET  /api/methods``       scoring methods
``GET  /api/example``       the built-in example cluster's articles as text
``GET  /api/health``        status, version, limits
``GET  /api/saved/{id}``    a saved summary (only with ``save_db``)
``GET  /docs``              Swagger UI served from the swagger-ui-bundle-v2 package when it is
                            installed, otherwise a plain self-hosted page; ``/openapi.json``

Where each part lives: :mod:`~storybrief.web.errors` (the one JSON error shape),
:mod:`~storybrief.web.limits` (limits, body limit, worker threads),
:mod:`~storybrief.web.uploads` (forms and uploaded files), :mod:`~storybrief.web.summarize`
(summarize, methods, example, health), :mod:`~storybrief.web.saved` (saved summaries, SQLite
or PostgreSQL), :mod:`~storybrief.web.docs`, :mod:`~storybrief.web.stories` (live stories),
:mod:`~storybrief.web.security` (hosts, origins, headers) and :mod:`~storybrief.web.server`
(uvicorn with timeouts and a connection cap).

Every error is JSON ``{"error": CODE, "message": TEXT}`` (plus ``limit`` when a limit was
hit, ``details`` for field errors), never an HTML page and never a 500 for bad input.  The
server keeps no state between requests; with ``save_db`` a request may ask to be stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from storybrief import __version__
from storybrief.pipeline import Summarizer
from storybrief.web.docs import add_docs
from storybrief.web.docs import swagger_dir as _swagger_dir
from storybrief.web.errors import ApiError, add_error_handlers
from storybrief.web.limits import SQLITE_MAX_ID, BodyLimit, Limits, Runner
from storybrief.web.saved import SavedSummaries, saved_router
from storybrief.web.security import Guard
from storybrief.web.summarize import example_documents as _example_documents
from storybrief.web.summarize import info_router, summarize_router, web_result

STATIC = Path(__file__).parent / "static"

__all__ = [
    "SQLITE_MAX_ID",
    "Summarizer",
    "ApiError",
    "Limits",
    "_example_documents",
    "_swagger_dir",
    "create_app",
    "web_result",
]


def create_app(
    limits: Limits | None = None,
    save_db: str | Path | None = None,
    feed_db: str | Path | None = None,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """Build the app.  ``limits`` bound each request; ``save_db`` (a SQLite file, created with
    its tables if absent, or a ``sqlite:///`` / ``postgresql://`` URL) lets a request ask
    ``"save": true``; ``feed_db`` (a feed store, see :mod:`storybrief.web.stories`) adds the
    stories page and API.  ``allowed_hosts``: the ``Host`` names answered (``storybrief
    serve`` passes loopback names, the bound address and ``--allowed-host``); ``None``
    answers every name, for an app used in-process.  Origin checks and security headers
    apply always (:mod:`storybrief.web.security`)."""
    limits = limits or Limits()
    saved = SavedSummaries(save_db) if save_db else None
    runner = Runner(limits.workers, limits.queue)

    @asynccontextmanager
    async def lifespan(_: FastAPI):  # type: ignore[no-untyped-def]
        yield
        runner.shutdown()
        if saved is not None:
            saved.close()

    app = FastAPI(
        title="storybrief",
        version=__version__,
        description="Extractive multi-document news summaries with citations.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    add_error_handlers(app)
    app.include_router(info_router(limits, saved))
    app.include_router(saved_router(saved))
    # Summarizer is read from this module when the app is built: tests give their own
    app.include_router(summarize_router(limits, runner, saved, Summarizer))
    add_docs(app, _swagger_dir())

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
