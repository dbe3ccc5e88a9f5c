"""The stories as feeds a reader subscribes to, for ``storybrief serve --db DB``.

``GET /stories.atom``  Atom 1.0: one entry per story with a digest, its current digest with
                       ``[n]`` citations linking to the source articles (http(s) only);
                       ``updated`` moves when the digest text changes
``GET /stories.json``  the same as JSON Feed 1.1

Both take ``status`` (``open`` or ``quiet``), ``since`` (a duration back from now, ``24h``,
``7d``, or an ISO 8601 date or time: only stories whose digest was written since) and
``limit`` (1-500, default 50; the newest digests first).  Rendering is
:mod:`storybrief.feed.syndicate`; a bad parameter is a 422 in the app's JSON error shape.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from storybrief.errors import OptionError
from storybrief.feed import Feed
from storybrief.feed.syndicate import (
    MAX_ENTRIES,
    parse_since,
    render_atom,
    render_json_feed,
    syndicated_stories,
)
from storybrief.web.errors import ApiError, ErrorOut

ATOM_TYPE = "application/atom+xml; charset=utf-8"
JSON_FEED_TYPE = "application/feed+json; charset=utf-8"
_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "Invalid parameter"}
}


def syndication_router(db: str | os.PathLike[str]) -> APIRouter:
    """``/stories.atom`` and ``/stories.json`` reading the feed store ``db``."""
    feed = Feed(db)
    router = APIRouter()

    def entries(status: str | None, since: str | None, limit: int) -> list:
        when: datetime | None = None
        if since:
            try:
                when = parse_since(since, option="since")
            except OptionError as err:
                raise ApiError(422, "invalid_request", str(err)) from None
        return syndicated_stories(feed.store, status=status, since=when, limit=limit)

    def urls(request: Request) -> tuple[str, str]:
        return str(request.url), str(request.base_url).rstrip("/") + "/stories"

    status_q = Query(None, pattern="^(open|quiet)$", description="open or quiet")
    since_q = Query(None, max_length=64, description="24h, 7d, or an ISO 8601 date or time")
    limit_q = Query(50, ge=1, le=MAX_ENTRIES, description="Stories, the newest digests first.")

    def feed_route(render: Callable[..., str], media_type: str) -> Callable[..., Response]:
        def route(
            request: Request,
            status: str | None = status_q,
            since: str | None = since_q,
            limit: int = limit_q,
        ) -> Response:
            feed_url, page_url = urls(request)
            body = render(entries(status, since, limit), feed_url=feed_url, page_url=page_url)
            return Response(body, media_type=media_type)

        return route

    feeds = (
        ("/stories.atom", "atom", "an Atom feed (one entry", render_atom, ATOM_TYPE),
        (
            "/stories.json",
            "json_feed",
            "a JSON Feed 1.1 (one item",
            render_json_feed,
            JSON_FEED_TYPE,
        ),
    )
    for path, name, kind, render, media_type in feeds:
        router.add_api_route(
            path,
            feed_route(render, media_type),
            methods=["GET"],
            name=name,  # the OpenAPI operation ids of the functions these routes once were
            summary=f"The stories as {kind} per story, its current digest)",
            response_class=Response,
            responses={200: {"content": {media_type.split(";")[0]: {}}}, **_ERRORS},
        )

    return router
