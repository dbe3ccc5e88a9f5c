"""The stories page and its HTTP API, for a server started with ``storybrief serve --db DB``.

``GET /stories``              the page (static/stories.html, stories.js, stories.css; links.js
                              and base.css shared with the summarize page): stories that grew
                              last first, each with its digest, sources, timeline and
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

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from storybrief.feed import Feed, StoryNotFound
from storybrief.text.links import safe_url
from storybrief.web.errors import ApiError, ErrorOut
from storybrief.web.limits import SQLITE_MAX_ID

STATIC = Path(__file__).parent / "static"
# the page's polling interval (?interval=, milliseconds): stories.js clamps it the same way
POLL_MS_DEFAULT, POLL_MS_MIN, POLL_MS_MAX = 3000, 2000, 3_600_000


def poll_interval(value: str | None) -> int:
    """``?interval=`` as milliseconds within the bounds; a non-number is the default."""
    try:
        ms = float(value) if value is not None else POLL_MS_DEFAULT
    except ValueError:
        return POLL_MS_DEFAULT
    if ms != ms:  # NaN
        return POLL_MS_DEFAULT
    return int(min(max(ms, POLL_MS_MIN), POLL_MS_MAX))


def _with_links(story: dict[str, Any]) -> dict[str, Any]:
    """Each timeline entry's ``link``: its url if that is safe to link to (http or https,
    :func:`storybrief.text.links.safe_url`), else null; ``url`` stays as text."""
    for entry in story.get("timeline") or []:
        entry["link"] = safe_url(entry.get("url"))
    return story


class SourceOut(BaseModel):
    source: str = Field(description="Outlet (the article's source, else its url's host).")
    articles: int = Field(description="Articles and copies of the story from this source.")


class TimelineEntry(BaseModel):
    id: str
    seq: int = Field(description="Arrival number in the store.")
    title: str | None
    source: str | None
    url: str | None = Field(description="The article's url as given: text, never a link.")
    link: str | None = Field(
        None, description="The url when it is an http(s) URL a page may link to, else null."
    )
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
    def page(request: Request) -> Response:
        asked = request.query_params.get("interval")
        if asked is not None and asked != str(poll_interval(asked)):
            # a bounded interval in the address, so no tab polls 100 times a second
            return RedirectResponse(f"/stories?interval={poll_interval(asked)}", 307)
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
        offset: int = Query(0, ge=0, le=SQLITE_MAX_ID),
        status: str | None = Query(None, pattern="^(open|quiet)$"),
        since: int | None = Query(
            None, ge=0, le=SQLITE_MAX_ID, description="Store version the caller has."
        ),
    ) -> dict[str, Any]:
        version = feed.version()
        if since is not None and since == version:
            return {"version": version, "changed": False, "total": 0, "stories": []}
        found = feed.stories(limit=limit, offset=offset, status=status, with_timeline=True)
        return {
            "version": version,
            "changed": True,
            "total": feed.count_stories(status),
            "stories": [_with_links(s.to_dict()) for s in found],
        }

    @router.get(
        "/api/stories/{story_id}",
        summary="One story with its timeline, digest versions and assignments",
        response_model=StoryDetailOut,
        responses={404: {"model": ErrorOut, "description": "No story with this id"}},
    )
    def get_story(story_id: int) -> dict[str, Any]:
        if not 1 <= story_id <= SQLITE_MAX_ID:  # SQLite ids are 64-bit: others are unknown
            raise ApiError(404, "not_found", f"no story with id {story_id}")
        try:
            return _with_links(feed.story(story_id).to_dict())
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
