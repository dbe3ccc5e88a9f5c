"""The API's one error shape, ``{"error": CODE, "message": TEXT}`` plus ``limit`` or
``details`` (README, "Errors and limits"), and the handlers that give it to every error."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException


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


def error_response(
    status: int, code: str, message: str, limit: Any = None, details: Any = None, **headers: str
) -> JSONResponse:
    body: dict[str, Any] = {"error": code, "message": one_line(message)}
    if limit is not None:
        body["limit"] = limit
    if details is not None:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers or None)


class ErrorOut(BaseModel):
    error: str = Field(description="Machine-readable code, e.g. too_many_documents.")
    message: str = Field(description="One line for a person; names the limit that was hit.")
    limit: float | int | None = Field(None, description="Value of the limit that was hit.")
    details: list[dict[str, str]] | None = Field(None, description="Invalid fields.")


ERRORS = {
    400: "Unreadable Content-Length or multipart body; a Host name the server does not answer",
    403: "A write from another origin (Origin or Sec-Fetch-Site)",
    409: "save requested but the server has no --save-db",
    413: "Body, number of documents or a document over its limit",
    415: "Not JSON or a form; an uploaded file of another type",
    422: "Invalid request, nothing to summarize, or no sentence fits max_words",
    503: "Server busy (all workers and queue slots taken)",
    504: "Summary took longer than the time limit",
}


def validation_details(err: ValidationError | RequestValidationError) -> list[dict[str, str]]:
    details = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
        details.append(
            {"field": one_line(loc, 100), "message": one_line(str(e.get("msg", "invalid value")))}
        )
    return details


def describe(details: list[dict[str, str]]) -> str:
    shown = "; ".join(f"{d['field'] or 'body'}: {d['message']}" for d in details[:3])
    more = f" (and {len(details) - 3} more)" if len(details) > 3 else ""
    return f"invalid request: {shown}{more}"


def add_error_handlers(app: FastAPI) -> None:
    """Every error of ``app`` as JSON in the one shape, never an HTML page or a traceback."""

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, err: ApiError) -> JSONResponse:
        return error_response(err.status, err.code, err.message, err.limit, err.details)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, err: RequestValidationError) -> JSONResponse:
        details = validation_details(err)
        return error_response(422, "invalid_request", describe(details), details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, err: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
        return error_response(
            err.status_code, codes.get(err.status_code, "http_error"), str(err.detail)
        )

    @app.exception_handler(Exception)
    async def _internal_error(_: Request, err: Exception) -> JSONResponse:
        return error_response(500, "internal_error", f"internal error: {type(err).__name__}")
