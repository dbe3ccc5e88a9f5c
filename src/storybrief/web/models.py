"""The summarize request as validated models (also the OpenAPI schema of the JSON body) and
the schema of its multipart form."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr


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


MULTIPART_SCHEMA = {
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
