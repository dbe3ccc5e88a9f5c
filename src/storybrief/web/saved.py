"""Saved summaries (``storybrief serve --save-db``): requests that ask ``"save": true`` are
stored with their articles, and ``GET /api/saved/{id}`` returns them.

Through SQLAlchemy, as the feed's store, so ``--save-db`` takes a SQLite file (created with
the schema below if absent; the schema README documents) or a database URL:
``sqlite:///PATH`` or ``postgresql://USER@HOST/DB`` (PostgreSQL needs the ``postgres``
extra, psycopg 3).  The tables:

``summaries``  id (64-bit, ascending), created_at (UTC, ISO 8601), method (resolved), max_words,
               n_documents, summary (the text alone), markdown, result_json (the API response)
``documents``  summary_id -> summaries.id (ON DELETE CASCADE), idx (0-based position in the
               request), title, url, date, name (uploaded file name), text (as received)
"""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    Table,
    Text,
    create_engine,
    event,
    select,
)

from storybrief.web.errors import ApiError
from storybrief.web.limits import SQLITE_MAX_ID

# BIGINT on PostgreSQL (BIGSERIAL ids); on SQLite an INTEGER PRIMARY KEY is the rowid, 64-bit
_ID = BigInteger().with_variant(Integer, "sqlite")


def _tables() -> tuple[MetaData, Table, Table]:
    md = MetaData()
    summaries = Table(
        "summaries",
        md,
        Column("id", _ID, primary_key=True, autoincrement=True),
        Column("created_at", Text, nullable=False),
        Column("method", Text, nullable=False),
        Column("max_words", Integer, nullable=False),
        Column("n_documents", Integer, nullable=False),
        Column("summary", Text, nullable=False),
        Column("markdown", Text, nullable=False),
        Column("result_json", Text, nullable=False),
        sqlite_autoincrement=True,  # ids are never reused
    )
    documents = Table(
        "documents",
        md,
        Column(
            "summary_id",
            _ID,
            ForeignKey("summaries.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        Column("idx", Integer, primary_key=True, autoincrement=False),
        Column("title", Text),
        Column("url", Text),
        Column("date", Text),
        Column("name", Text),
        Column("text", Text, nullable=False),
    )
    return md, summaries, documents


def saved_url(db: str | os.PathLike[str]) -> str:
    """A SQLAlchemy URL for ``--save-db``: a URL as given (``postgresql://`` uses psycopg 3),
    else a SQLite file path."""
    text = os.fspath(db)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    scheme, rest = text.split("://", 1)
    if scheme.lower() in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + rest
    if scheme.lower().startswith(("postgresql+", "sqlite")):
        return text
    raise ValueError(
        f"unsupported database {scheme}:// (use a file path, sqlite:///PATH or "
        "postgresql://USER@HOST/DB)"
    )


class SavedSummaries:
    """The saved-summaries database; tables are created if absent."""

    def __init__(self, db: str | os.PathLike[str]):
        self.url = saved_url(db)
        self.metadata, self.summaries, self.documents = _tables()
        if self.url.startswith("sqlite"):
            self.engine = create_engine(self.url, connect_args={"timeout": 10})

            @event.listens_for(self.engine, "connect")
            def _foreign_keys(dbapi_connection: Any, _: Any) -> None:
                dbapi_connection.execute("PRAGMA foreign_keys = ON")

        else:
            self.engine = create_engine(self.url, pool_pre_ping=True, pool_size=2, max_overflow=2)
        self.metadata.create_all(self.engine, checkfirst=True)

    def save(self, request: Any, docs: list[dict[str, Any]], out: dict[str, Any]) -> int:
        """Store one request (its options, articles and the API's answer ``out``); its id."""
        with self.engine.begin() as conn:
            result = conn.execute(
                self.summaries.insert().values(
                    created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    method=out["method"],
                    max_words=out["max_words"],
                    n_documents=len(docs),
                    summary=out["text"],
                    markdown=out["markdown"],
                    result_json=json.dumps(out, ensure_ascii=False),
                )
            )
            sid = int(result.inserted_primary_key[0])
            conn.execute(
                self.documents.insert(),
                [
                    {
                        "summary_id": sid,
                        "idx": i,
                        "title": d.get("title"),
                        "url": d.get("url"),
                        "date": d.get("date"),
                        "name": d.get("name"),
                        "text": d["text"],
                    }
                    for i, d in enumerate(docs)
                ],
            )
        return sid

    def load(self, summary_id: int) -> str | None:
        """The stored API answer of ``summary_id`` as JSON text, or ``None``."""
        with self.engine.connect() as conn:
            query = select(self.summaries.c.result_json).where(self.summaries.c.id == summary_id)
            return conn.execute(query).scalar_one_or_none()

    def close(self) -> None:
        self.engine.dispose()


def saved_router(store: SavedSummaries | None) -> APIRouter:
    """``GET /api/saved/{id}``; without a database it answers 404 ``save_disabled``."""
    router = APIRouter()

    @router.get(
        "/api/saved/{summary_id}", summary="A saved summary (server started with --save-db)"
    )
    async def saved(summary_id: int) -> JSONResponse:  # the name is the OpenAPI operation id
        if store is None:
            raise ApiError(404, "save_disabled", "saving is off: start with --save-db PATH")
        if not 1 <= summary_id <= SQLITE_MAX_ID:  # ids are 64-bit: larger ones are unknown
            raise ApiError(404, "not_found", f"no saved summary with id {summary_id}")
        found = await asyncio.to_thread(store.load, summary_id)
        if found is None:
            raise ApiError(404, "not_found", f"no saved summary with id {summary_id}")
        return JSONResponse(json.loads(found))

    return router
