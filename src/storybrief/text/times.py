"""Stored times: the ISO 8601 stamps the feed and the follower write, read back.

Metadata dates of articles ("Nov. 3, 2015", ISO or not) are the source analysis's
(:func:`storybrief.analysis.dates.parse.parse_published`); this reads only the stamps
storybrief writes itself, or a caller gives as ISO.
"""

from __future__ import annotations

from datetime import UTC, datetime


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 date or time (``Z`` for UTC allowed) as an aware datetime, UTC when it
    gives no offset; None when ``value`` is empty or not ISO 8601."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
