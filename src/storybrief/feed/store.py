"""The feed's store: SQLite (one file, the default) or PostgreSQL, through SQLAlchemy Core.

Tables (all prefixed ``feed_``; created when absent):

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

**Writers take a lock** for each batch -- ``BEGIN IMMEDIATE`` on SQLite, a transaction-level
advisory lock on PostgreSQL -- so batches from several processes commit one after another:
arrival order is commit order, each batch sees everything committed before it, and the
unique keys are checked under the lock, so no article is lost or stored twice.  A batch is
one transaction: a process killed at any moment leaves the store as it was after its last
whole batch.  Readers (the web server, ``feed stories``) never block writers (SQLite runs in
WAL mode).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storybrief.errors import OptionError, StorybriefError

SCHEMA_VERSION = "1"
LOCK_KEY = 0x5707B21EF
"""PostgreSQL advisory lock id of feed writers (any 64-bit number unique to this use)."""


class StoreError(StorybriefError):
    """The store cannot be opened, read or written (exit code 3)."""

    exit_code = 3


def _tables() -> Any:
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
    t = {}
    t["meta"] = Table(
        "feed_meta",
        md,
        Column("key", String(64), primary_key=True),
        Column("value", Text, nullable=False),
    )
    t["articles"] = Table(
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
    t["copies"] = Table(
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
    t["keys"] = Table(
        "feed_keys",
        md,
        Column("key", Text, primary_key=True),
        Column("seq", Integer, nullable=False),
    )
    t["stories"] = Table(
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
    t["digests"] = Table(
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
    t["subscriptions"] = Table(
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
    return md, t


def database_url(db: str | os.PathLike[str], must_exist: bool = False) -> str:
    """A SQLAlchemy URL for ``db``: a URL as given (``postgresql://`` uses psycopg 3), else a
    SQLite file path (``must_exist``: a missing file is an error, not a new store)."""
    text = os.fspath(db)
    if "://" not in text:
        path = Path(text).expanduser()
        if path.is_dir():
            raise StoreError(f"--db {text}: is a folder; give a database file")
        if must_exist and not path.exists():
            raise StoreError(f"--db {text}: no such feed store (feed ingest creates one)")
        if not path.parent.exists():
            raise StoreError(f"--db {text}: folder {path.parent} does not exist")
        return f"sqlite:///{path.resolve()}"
    scheme = text.split("://", 1)[0].lower()
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if scheme.startswith(("postgresql+", "sqlite")):
        return text
    raise OptionError(
        f"--db {text}: unsupported database (use a file path, sqlite:///PATH or "
        "postgresql://USER@HOST/DB)"
    )


class Store:
    """Connections to one feed store; :meth:`write` is a locked transaction.

    ``create=False`` (the read-only commands) never creates or changes anything: a missing
    SQLite file, or a database without the feed's tables (the web server's save database,
    say), is a :class:`StoreError` and the database is left as it was."""

    def __init__(self, db: str | os.PathLike[str], create: bool = True):
        self.url = database_url(db, must_exist=not create)
        self.read_only = not create
        self.kind = "postgresql" if self.url.startswith("postgresql") else "sqlite"
        if self.kind == "postgresql":
            try:
                import psycopg  # noqa: F401
            except ImportError:
                raise OptionError(
                    'PostgreSQL needs the psycopg driver: pip install "storybrief[postgres]"'
                ) from None
        try:
            import sqlalchemy  # noqa: F401
        except ImportError:  # pragma: no cover - a core dependency
            raise OptionError("the feed needs SQLAlchemy: pip install sqlalchemy") from None
        self.metadata, self.t = _tables()
        self.writer = self._engine(immediate=True)
        self.reader = self._engine(immediate=False) if self.kind == "sqlite" else self.writer
        if create:
            self._create()
        else:
            self._check()

    def _engine(self, immediate: bool) -> Any:
        from sqlalchemy import create_engine, event

        if self.kind == "postgresql":
            return create_engine(self.url, pool_pre_ping=True, pool_size=2, max_overflow=2)
        engine = create_engine(self.url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _: Any) -> None:
            # transactions are begun below, so BEGIN IMMEDIATE takes the write lock up front
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            if not self.read_only:  # switching to WAL changes the file: not for a reader
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")  # WAL: safe against process crashes
            cursor.execute("PRAGMA busy_timeout=60000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    def _create(self) -> None:
        from sqlalchemy import select

        meta = self.t["meta"]
        try:
            with self.write() as conn:
                self.metadata.create_all(conn, checkfirst=True)
                row = conn.execute(
                    select(meta.c.value).where(meta.c.key == "schema")
                ).scalar_one_or_none()
                if row is None:
                    conn.execute(meta.insert(), [{"key": "schema", "value": SCHEMA_VERSION}])
                elif row != SCHEMA_VERSION:
                    raise StoreError(
                        f"the store uses feed schema {row}; this storybrief reads schema "
                        f"{SCHEMA_VERSION}"
                    )
        except StoreError:
            raise
        except Exception as err:
            raise StoreError(f"cannot open the feed store {self.display}: {_reason(err)}") from None

    def _check(self) -> None:
        """Without writing: the database holds a feed store of this schema."""
        from sqlalchemy import inspect, select

        meta = self.t["meta"]
        try:
            with self.reader.connect() as conn:
                names = set(inspect(conn).get_table_names())
                missing = sorted(set(self.metadata.tables) - names)
                if missing:
                    raise StoreError(
                        f"{self.display}: not a feed store (no {', '.join(missing[:3])} "
                        "table); feed ingest creates one"
                    )
                row = conn.execute(
                    select(meta.c.value).where(meta.c.key == "schema")
                ).scalar_one_or_none()
        except StoreError:
            raise
        except Exception as err:
            raise StoreError(f"cannot open the feed store {self.display}: {_reason(err)}") from None
        if row != SCHEMA_VERSION:
            raise StoreError(
                f"the store uses feed schema {row}; this storybrief reads schema {SCHEMA_VERSION}"
            )

    @property
    def display(self) -> str:
        """The store's location without a password."""
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[Any]:
        """A write transaction holding the feed's writer lock."""
        from sqlalchemy import text

        with self.writer.begin() as conn:
            if self.kind == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
            yield conn

    @contextmanager
    def read(self) -> Iterator[Any]:
        with self.reader.connect() as conn:
            yield conn

    # -- meta ----------------------------------------------------------------------------
    def get_meta(self, conn: Any) -> dict[str, str]:
        from sqlalchemy import select

        m = self.t["meta"]
        return dict(conn.execute(select(m.c.key, m.c.value)).all())

    def set_meta(self, conn: Any, values: dict[str, str], known: dict[str, str]) -> None:
        m = self.t["meta"]
        for key, value in values.items():
            if key in known:
                if known[key] != value:
                    conn.execute(m.update().where(m.c.key == key).values(value=value))
            else:
                conn.execute(m.insert(), [{"key": key, "value": value}])
            known[key] = value

    def close(self) -> None:
        if self.kind == "sqlite" and not self.read_only:
            # fold the write-ahead log back into the file, so a closed store is one file
            try:
                with self.writer.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except Exception:  # another process still has it open: it will checkpoint
                pass
        self.writer.dispose()
        if self.reader is not self.writer:
            self.reader.dispose()


def _reason(err: Exception) -> str:
    """One line from a driver error (SQLAlchemy wraps it with SQL and a link)."""
    orig = getattr(err, "orig", None)
    text = str(orig if orig is not None else err).strip().splitlines()
    return text[0] if text else type(err).__name__


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
