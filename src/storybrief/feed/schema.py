"""The feed store's tables, in one place (SQLAlchemy Core; created when absent).

All are prefixed ``feed_``:

``feed_meta``      ``key``/``value``: schema version, the clustering settings the store was
                   made with, the arrival counter, the stream clock, a commit counter
``feed_articles``  one row per article, in arrival order (``seq``): its text as received,
                   the kept text digests are made from, its vector, its story and why
                   (``decision``, ``similarity``, ``runner_up``, ``runner_up_similarity``),
                   or ``junk`` with the reasons
``feed_copies``    syndicated or rewritten copies: another source of a stored article
``feed_keys``      every identity key (``id:``, ``url:``, ``hash:``) -> the row it names;
                   the primary key that makes ingest idempotent
``feed_stories``   one row per story: open or quiet, counts, first/last publication time,
                   title, the current digest version
``feed_digests``   every digest version of every story: the summary in the summarizer's JSON
                   form, the articles it was made from, and what changed since the previous
``feed_subscriptions`` one row per followed feed (``feed follow``): its fetch state
                   (:class:`storybrief.follow.FeedState`: validators, last success and error,
                   error count, items seen, recent item ids); added in place to older stores

Changes are additive: a new table or index is created in place in an existing store
(``create_all`` skips what exists) and the schema version stays; renaming or retyping a
column would need a new :data:`SCHEMA_VERSION` and a migration.  Every query on these tables
is in :mod:`storybrief.feed.repository`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class Tables:
    """The feed's tables (``sqlalchemy.Table`` each) and the metadata that creates them."""

    metadata: Any
    meta: Any
    articles: Any
    copies: Any
    keys: Any
    stories: Any
    digests: Any
    subscriptions: Any


def tables() -> Tables:
    # SQLAlchemy is imported here, not at module level: `storybrief --help` stays fast
    from sqlalchemy import (
        Boolean,
        Column,
        Float,
        Index,
        Integer,
        LargeBinary,
        MetaData,
        String,
        Table,
        Text,
    )

    md = MetaData()
    meta = Table(
        "feed_meta",
        md,
        Column("key", String(64), primary_key=True),
        Column("value", Text, nullable=False),
    )
    articles = Table(
        "feed_articles",
        md,
        Column("seq", Integer, primary_key=True, autoincrement=False),
        Column("id", Text, nullable=False, unique=True),
        Column("url", Text),
        Column("title", Text),
        Column("source", Text),
        Column("date", Text),  # as given
        Column("published", String(32)),  # parsed, ISO 8601 UTC
        Column("clock", String(32)),  # the stream's clock at arrival (latest time seen)
        Column("time_key", String(32), nullable=False),  # published, else clock: timeline order
        Column("arrived_at", String(32), nullable=False),  # wall time, UTC
        Column("text", Text, nullable=False),
        Column("body", Text, nullable=False),  # kept sentences, for digests
        Column("headline", Text),
        Column("content_hash", String(40), nullable=False),
        Column("story_id", Integer, index=True),
        Column("decision", String(8), nullable=False),  # new | joined | junk
        Column("similarity", Float),
        Column("runner_up", Integer),
        Column("runner_up_similarity", Float),
        Column("junk", Boolean, nullable=False),
        Column("junk_reasons", Text),  # JSON list
        Column("vector", LargeBinary),
        Column("extra", Text),  # JSON object of the input's other keys
        Index("ix_feed_articles_story_time", "story_id", "time_key", "seq"),
    )
    copies = Table(
        "feed_copies",
        md,
        Column("seq", Integer, primary_key=True, autoincrement=False),
        Column("id", Text, nullable=False, unique=True),
        Column("article_seq", Integer, nullable=False, index=True),
        Column("url", Text),
        Column("title", Text),
        Column("source", Text),
        Column("date", Text),
        Column("published", String(32)),
        Column("arrived_at", String(32), nullable=False),
        Column("content_hash", String(40), nullable=False),
        Column("similarity", Float, nullable=False),  # 1.0: the same text
        Column("text", Text, nullable=False),
    )
    keys = Table(
        "feed_keys",
        md,
        Column("key", Text, primary_key=True),
        Column("seq", Integer, nullable=False),
    )
    stories = Table(
        "feed_stories",
        md,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("status", String(8), nullable=False),  # open | quiet
        Column("title", Text),
        Column("first_seq", Integer, nullable=False),
        Column("last_seq", Integer, nullable=False, index=True),
        Column("n_articles", Integer, nullable=False),
        Column("n_copies", Integer, nullable=False),
        Column("first_published", String(32)),
        Column("last_published", String(32)),
        Column("created_at", String(32), nullable=False),
        Column("updated_at", String(32), nullable=False),
        Column("digest_version", Integer, nullable=False),
    )
    digests = Table(
        "feed_digests",
        md,
        Column("story_id", Integer, primary_key=True, autoincrement=False),
        Column("version", Integer, primary_key=True, autoincrement=False),
        Column("created_at", String(32), nullable=False),
        Column("n_articles", Integer, nullable=False),
        Column("article_seqs", Text, nullable=False),  # JSON list: the digest's inputs
        Column("text", Text, nullable=False),
        Column("summary", Text, nullable=False),  # JSON: Summary.to_dict()
        Column("changes", Text, nullable=False),  # JSON: what changed since the last version
    )
    # additive (issue 19): create_all adds it to a store made before it, schema stays "1"
    subscriptions = Table(
        "feed_subscriptions",
        md,
        Column("url", Text, primary_key=True),
        Column("name", Text),  # the subscription list's name for it (OPML title)
        Column("title", Text),  # the feed's own title as last read
        Column("etag", Text),
        Column("last_modified", Text),
        Column("last_attempt", String(32)),
        Column("last_success", String(32)),
        Column("last_error", Text),
        Column("error_count", Integer, nullable=False),
        Column("items_seen", Integer, nullable=False),
        Column("seen_ids", Text, nullable=False),  # JSON list, newest first
        Column("retry_after", String(32)),
        Column("updated_at", String(32), nullable=False),
    )
    return Tables(md, meta, articles, copies, keys, stories, digests, subscriptions)
