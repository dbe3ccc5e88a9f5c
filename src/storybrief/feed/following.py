"""Fetch state of followed feeds in the feed store (``storybrief feed follow``).

One ``feed_subscriptions`` row per feed URL holds its :class:`~storybrief.follow.FeedState`
(validators, last attempt, success and error, error count, items seen, recent item ids) and
the name the subscription list gives it.  ``feed follow`` stores a poll's articles first
(:meth:`storybrief.feed.Feed.add`, idempotent by article id) and then the whole poll's state
in one write transaction of its own: a run killed between the two fetches the same items
again next time and the store drops them as already stored -- nothing lost, nothing twice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from storybrief.feed.repository import Repository
from storybrief.feed.store import StoreError, dumps, reason
from storybrief.follow import FeedState

_STATE_COLUMNS = (
    "title",
    "etag",
    "last_modified",
    "last_attempt",
    "last_success",
    "last_error",
    "error_count",
    "items_seen",
    "retry_after",
)


def load_states(store: Repository) -> dict[str, FeedState]:
    """Every stored feed's state, by URL."""
    return {row["url"]: FeedState.from_dict(row) for row in subscription_rows(store)}


def subscription_rows(store: Repository) -> list[dict[str, Any]]:
    """The stored feeds as plain dicts (``url``, ``name`` and the state's fields; ``seen_ids``
    a list), in URL order."""
    try:
        with store.read() as conn:
            rows = store.subscriptions(conn)
    except Exception as err:
        raise StoreError(f"{store.display}: {reason(err)}") from None
    out = []
    for item in rows:
        item["seen_ids"] = json.loads(item["seen_ids"] or "[]")
        out.append(item)
    return out


def save_states(
    store: Repository,
    states: Mapping[str, FeedState],
    names: Mapping[str, str | None] | None = None,
) -> None:
    """Store ``states`` (URL -> state) in one write transaction: rows are updated in place or
    added; feeds not in ``states`` are left as they are.  ``names``: the subscription list's
    name of each URL (kept when not given)."""
    if not states:
        return
    names = names or {}
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        with store.write() as conn:
            urls = sorted(states)
            known = store.known_subscriptions(conn, urls)
            inserts = []
            for url in urls:
                state = states[url]
                values: dict[str, Any] = {c: getattr(state, c) for c in _STATE_COLUMNS}
                values["seen_ids"] = dumps(list(state.seen_ids))
                values["updated_at"] = now
                if names.get(url) is not None:
                    values["name"] = names[url]
                if url in known:
                    store.update_subscription(conn, url, values)
                else:
                    inserts.append({"url": url, "name": names.get(url), **values})
            store.add_subscriptions(conn, inserts)
    except StoreError:
        raise
    except Exception as err:
        if type(err).__module__.startswith("sqlalchemy"):
            raise StoreError(f"{store.display}: {reason(err)}") from None
        raise
