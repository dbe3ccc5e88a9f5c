"""The stories page and its HTTP API, for a server started with ``storybrief serve --db DB``.

``GET /stories``              the page (static/stories.html, stories.js, stories.css): stories
                              that grew last first, each with its digest, sources, timeline and
                              last update; it polls the API and updates without a reload
``GET /api/stories``          the stories, with digests and timelines (``limit``, ``offset``,
                              ``status``; ``since=VERSION`` answers ``changed: false`` and no
                              stories when nothing was committed since that store version)
``GET /stories.atom``, ``/stories.json``  the stories as Atom and JSON Feed
                              (:mod:`storybrief.web.syndication`)
``GET /api/stories/{id}``     one story: digest, sources, copies, timeline, digest versions
                              with what changed, and every assignment with its similarities

The store is read through :class:`storybrief.feed.Feed`; ingest processes write it at the same
time (``storybrief feed ingest --db DB``).  Errors use the app's JSON shape (``not_found``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from storybrief.feed import Feed, StoryNotFound
from storybrief.web.app import ApiError, ErrorOut

STATIC = Path(__file__).parent / "static"


class SourceOut(BaseModel):
    source: str = Field(description="Outlet (the article's source, else its url's host).")
    articles: int = Field(description="Articles and copies of the story from this source.")


class TimelineEntry(BaseModel):
    id: str
    seq: int = Field(description="Arrival number in the store.")
    title: str | None
    source: str | None
    url: str | None
    date: str | None = Field(description="Publication date as given.")
    time: str | None = Field(
        description="Publication time (UTC), else the stream clock at arrival."
    )
    similarity: float | None = Field(
        description="Cosine to the story when it joined (null: it opened the story)."
    )
    copies: list[dict[str, Any]] = Field(
        description="Syndicated or rewritten copies: other sources."
    )
    first_report: bool
    latest_development: bool = Field(
        description="The newest article the digest cites for a sentence no earlier article carries."
    )


class StoryOut(BaseModel):
    id: int
    status: str = Field(description="open, or quiet (no article for the quiet-story time).")
    title: str | None
    articles: list[str] = Field(description="Article ids in arrival order (copies not included).")
    n_articles: int
    n_copies: int
    sources: list[SourceOut]
    first_published: str | None
    last_published: str | None
    created: str = Field(description="When the story was opened (UTC).")
    updated: str = Field(description="When its articles or copies last changed (UTC).")
    digest_version: int
    summary: dict[str, Any] | None = Field(
        description="The current digest in the summarizer's JSON form (Summary.to_dict()), "
        "plus article_ids: document index -> article id."
    )
    copies: list[dict[str, Any]]
    timeline: list[TimelineEntry] | None = None
    timeline_omitted: int = Field(
        0, description="Entries left out of a long timeline in a listing."
    )


class StoryDetailOut(StoryOut):
    versions: list[dict[str, Any]] = Field(
        description="Every digest version: version, created_at, n_articles, changes "
        "(added/dropped articles and sentences)."
    )
    assignments: list[dict[str, Any]] = Field(
        description="Per article in arrival order: decision (new/joined), similarity, runner_up, "
        "runner_up_similarity."
    )


class StoryListOut(BaseModel):
    version: int = Field(description="Store version: grows with every committed ingest batch.")
    changed: bool = Field(description="False when `since` equals the current version.")
    total: int = Field(description="Stories in the store (with the status filter).")
    stories: list[StoryOut]


def stories_router(db: str | os.PathLike[str]) -> APIRouter:
    """Routes reading the feed store ``db`` (created empty if absent)."""
    feed = Feed(db)
    router = APIRouter()

    @router.get("/stories", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "stories.html", media_type="text/html")

    @router.get(
        "/api/stories",
        summary="Live stories, the ones that grew last first",
        response_model=StoryListOut,
        response_model_exclude_none=False,
        responses={422: {"model": ErrorOut, "description": "Invalid parameter"}},
    )
    def list_stories(
        limit: int = Query(50, ge=1, le=500, description="Stories to return."),
        offset: int = Query(0, ge=0),
        status: str | None = Query(None, pattern="^(open|quiet)$"),
        since: int | None = Query(None, ge=0, description="Store version the caller has."),
    ) -> dict[str, Any]:
        version = feed.version()
        if since is not None and since == version:
            return {"version": version, "changed": False, "total": 0, "stories": []}
        found = feed.stories(limit=limit, offset=offset, status=status, with_timeline=True)
        return {
            "version": version,
            "changed": True,
            "total": feed.count_stories(status),
            "stories": [s.to_dict() for s in found],
        }

    @router.get(
        "/api/stories/{story_id}",
        summary="One story with its timeline, digest versions and assignments",
        response_model=StoryDetailOut,
        responses={404: {"model": ErrorOut, "description": "No story with this id"}},
    )
    def get_story(story_id: int) -> dict[str, Any]:
        try:
            return feed.story(story_id).to_dict()
        except StoryNotFound:
            raise ApiError(404, "not_found", f"no story with id {story_id}") from None

    return router


def add_stories(app: FastAPI, db: str | os.PathLike[str]) -> None:
    """Add the stories page and API, and their Atom and JSON feeds, for the store ``db`` to
    ``app``."""
    from storybrief.web.syndication import syndication_router

    app.include_router(stories_router(db))
    app.include_router(syndication_router(db))
    app.state.feed_db = os.fspath(db)
