"""Stored ISO 8601 stamps read back (storybrief.text.times), as the feed and follower use them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from storybrief.text.times import parse_iso


def test_zulu_and_naive_stamps_are_utc() -> None:
    assert parse_iso("2026-12-07T10:00:00Z") == datetime(2026, 12, 7, 10, tzinfo=UTC)
    assert parse_iso("2026-12-07T10:00:00") == datetime(2026, 12, 7, 10, tzinfo=UTC)
    assert parse_iso("2026-12-07") == datetime(2026, 12, 7, tzinfo=UTC)


def test_an_offset_is_kept() -> None:
    when = parse_iso("2026-12-07T12:00:00+02:00")
    assert when is not None and when.utcoffset() == timedelta(hours=2)
    assert when == datetime(2026, 12, 7, 10, tzinfo=UTC)
    assert when.tzinfo == timezone(timedelta(hours=2))


def test_empty_or_not_iso_is_none() -> None:
    assert parse_iso(None) is None
    assert parse_iso("") is None
    assert parse_iso("Nov. 3, 2015") is None
