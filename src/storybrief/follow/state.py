"""What is kept between polls of a feed, and what one poll of it came to.

:class:`FeedState` is one row a store persists per subscription (``to_dict`` / ``from_dict``
give plain values: strings, ints, a list of strings).  Times are ISO 8601 UTC strings
(``2026-11-02T06:40:00Z``).  :class:`FeedOutcome` is the poll's report on one feed, with a
one-line reason a command prints or logs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

MAX_SEEN_IDS = 1_000
"""Ids of a feed's recent items kept in its state (its current items first): an item seen
before is not fetched again.  One that fell out of this window and comes back is fetched
again and is then the same article to the store (same id)."""


@dataclass(frozen=True)
class FeedState:
    """A subscription's fetch state.

    ``title`` is the feed's own title as last read; ``etag``/``last_modified`` the validators
    the next request sends (kept from the last fetch that took every item of the feed);
    ``last_attempt``/``last_success`` when it was last polled and last polled without error;
    ``last_error`` the reason of the latest failure (kept after a later success, as history)
    and ``error_count`` the failures since the last success; ``items_seen`` the items taken
    from the feed so far (each once); ``seen_ids`` the ids of recent items, newest first;
    ``retry_after`` a time before which the feed is not polled (the server asked for it)."""

    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_attempt: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    error_count: int = 0
    items_seen: int = 0
    seen_ids: tuple[str, ...] = ()
    retry_after: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["seen_ids"] = list(self.seen_ids)
        return out

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> FeedState:
        """From a stored row (unknown keys ignored; ``seen_ids`` any sequence of strings)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in row.items() if k in known}
        values["seen_ids"] = tuple(str(x) for x in (values.get("seen_ids") or ()))
        for key in ("error_count", "items_seen"):
            values[key] = int(values.get(key) or 0)
        return cls(**values)


OK, NOT_MODIFIED, FAILED, WAITING = "ok", "not-modified", "failed", "waiting"


@dataclass
class FeedOutcome:
    """One feed's poll: ``status`` is ``ok`` (fetched and read, maybe with a ``problem``),
    ``not-modified`` (a 304), ``failed`` (nothing read; the state kept its validators and
    counted the error) or ``waiting`` (not polled: the server asked to wait).  ``notes``
    has one line per item whose text did not come from its page, or that gave no article."""

    url: str
    status: str
    reason: str
    http_status: int | None = None
    requests: int = 0  # the feed's request and its pages' (robots.txt not counted)
    new_items: int = 0
    articles: int = 0
    problem: str | None = None
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.url}: {self.reason}"
