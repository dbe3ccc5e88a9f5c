"""Reading a summarize request's multipart or url-encoded form: uploaded files to articles
(``.txt``, ``.md``, ``.html``), plain fields, and the checks that keep a cut-off upload or a
flood of parts from passing as a request."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from storybrief.readers import (
    ARTICLE_SUFFIXES,
    ArticleUnreadable,
    article_kind,
    bytes_to_article,
    suffix_list,
)
from storybrief.web.errors import ApiError, describe, validation_details
from storybrief.web.limits import Limits, too_many_documents
from storybrief.web.models import SummarizeRequest


def clean_strings(doc: dict[str, Any]) -> dict[str, Any]:
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


def read_upload(data: bytes, filename: str, index: int) -> dict[str, Any]:
    kind = article_kind(filename)
    where = f"file {index + 1} ({filename})"
    if kind is None:
        raise ApiError(
            415,
            "unsupported_file_type",
            f"{where}: only {suffix_list(ARTICLE_SUFFIXES)} files are accepted",
        )
    try:  # the input layer's one bytes-to-article path (storybrief.readers.articles)
        doc = bytes_to_article(data, filename, kind, where, [].append)
    except ArticleUnreadable as err:
        if err.reason == "binary":
            raise ApiError(
                422, "binary_file", f"{where} looks like a binary file, not text"
            ) from None
        if err.reason == "no_html_text":
            raise ApiError(422, "no_text", str(err)) from None
        doc = {"name": filename, "text": ""}  # empty: the summarizer reports it, as before
    return clean_strings(doc)


def check_multipart(body: bytes, content_type: str) -> None:
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


async def parse_form(
    request: Request, limits: Limits
) -> tuple[SummarizeRequest, list[dict[str, Any]]]:
    """A multipart or url-encoded summarize request: the validated options and the articles."""
    ctype = request.headers.get("content-type", "")
    if ctype.split(";")[0].strip().lower() == "multipart/form-data":
        check_multipart(await request.body(), ctype)
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
                    raise too_many_documents(len(docs) + 1, limits.max_documents)
                if isinstance(value, UploadFile):
                    raw = await value.read(limits.max_body_bytes + 1)
                    docs.append(read_upload(raw, value.filename or "upload", len(docs)))
                elif value.strip():
                    docs.append(clean_strings({"text": value}))
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
        details = validation_details(err)
        raise ApiError(422, "invalid_request", describe(details), details=details) from None
    return req, docs
