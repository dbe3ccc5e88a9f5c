"""The summarizer's routes: ``POST /api/summarize`` (JSON or a form), ``GET /api/methods``,
``GET /api/example`` and ``GET /api/health``.  Summaries run on the app's
:class:`~storybrief.web.limits.Runner` within its time limit; a request may ask to be saved
(:mod:`storybrief.web.saved`)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from storybrief import __version__
from storybrief.errors import StorybriefError
from storybrief.pipeline import Summarizer
from storybrief.pipeline.score import SCORERS, available_methods, resolve_method
from storybrief.pipeline.summary import Summary
from storybrief.text.links import safe_url
from storybrief.web.errors import (
    ERRORS,
    ApiError,
    ErrorOut,
    describe,
    error_response,
    validation_details,
)
from storybrief.web.limits import Limits, Runner, too_many_documents
from storybrief.web.models import MULTIPART_SCHEMA, SummarizeRequest
from storybrief.web.saved import SavedSummaries
from storybrief.web.uploads import clean_strings, parse_form


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


def example_documents() -> list[dict[str, Any]]:
    """The built-in example cluster's articles (the package's ``data/example`` folder)."""
    from storybrief.readers import read_clusters

    folder = resources.files("storybrief") / "data" / "example"
    cluster = next(iter(read_clusters(str(folder), "folder")))
    return [dict(d) for d in cluster.documents]


def info_router(limits: Limits, saved: SavedSummaries | None) -> APIRouter:
    """``GET /api/health``, ``/api/methods`` and ``/api/example``."""
    router = APIRouter()

    @router.get("/api/health", summary="Status, version and request limits")
    async def health() -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "save": saved is not None,
            "limits": asdict(limits),
        }

    @router.get("/api/methods", summary="Scoring methods")
    async def methods() -> dict[str, Any]:
        default = resolve_method("default")
        return {
            "default": default,
            "methods": [
                {"name": name, "description": cls.description, "default": name == default}
                for name, cls in SCORERS.items()
            ],
        }

    @router.get("/api/example", summary="The built-in example cluster's articles, as text")
    async def example() -> dict[str, Any]:
        return {"id": "example", "documents": await asyncio.to_thread(example_documents)}

    return router


def summarize_router(
    limits: Limits,
    runner: Runner,
    saved: SavedSummaries | None,
    summarizer: type[Summarizer] = Summarizer,
) -> APIRouter:
    """``POST /api/summarize``, bounded by ``limits``, computed by ``summarizer`` on
    ``runner``, saving to ``saved`` when a request asks and it is given."""
    router = APIRouter()

    async def parse(request: Request) -> tuple[SummarizeRequest, list[dict[str, Any]]]:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
            return await parse_form(request, limits)
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
            raise too_many_documents(len(data["documents"]), limits.max_documents)
        try:
            req = SummarizeRequest.model_validate(data)
        except ValidationError as err:
            details = validation_details(err)
            raise ApiError(422, "invalid_request", describe(details), details=details) from None
        docs = [
            {"text": d} if isinstance(d, str) else d.model_dump(exclude_none=True)
            for d in req.documents
        ]
        return req, [clean_strings(d) for d in docs]

    @router.post(
        "/api/summarize",
        summary="Summarize a cluster of articles",
        responses={
            200: {"description": "Summary.to_dict() plus markdown and document_sentences"},
            **{code: {"model": ErrorOut, "description": d} for code, d in ERRORS.items()},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": SummarizeRequest.model_json_schema()},
                    "multipart/form-data": {"schema": MULTIPART_SCHEMA},
                },
            }
        },
    )
    async def summarize(request: Request) -> JSONResponse:
        req, docs = await parse(request)
        if not docs:
            raise ApiError(422, "no_documents", "no documents given: send at least one article")
        if len(docs) > limits.max_documents:
            raise too_many_documents(len(docs), limits.max_documents)
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
        if req.save and saved is None:
            raise ApiError(
                409,
                "save_disabled",
                "saving was requested but the server was started without --save-db PATH",
            )

        def work() -> dict[str, Any]:
            summary = summarizer(
                method=req.method, max_words=req.max_words, max_sentences=req.max_sentences
            ).summarize(docs)
            if not summary.sentences:
                message = summary.warnings[-1] if summary.warnings else "nothing to summarize"
                if summary.empty_reason == "budget":
                    raise ApiError(422, "budget_too_small", message, limit=req.max_words)
                raise ApiError(422, "nothing_to_summarize", message)
            out = web_result(summary)
            if req.save and saved is not None:
                out["saved"] = {"id": saved.save(req, docs, out)}
            return out

        fut = runner.submit(work)
        if fut is None:
            return error_response(
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

    return router
