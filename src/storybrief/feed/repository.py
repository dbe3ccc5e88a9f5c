"""The feed's storage: connections, transactions and every query on the feed's tables.

:class:`Repository` is the one place that speaks SQL (SQLAlchemy Core on the tables of
:mod:`storybrief.feed.schema`): :class:`storybrief.feed.Feed` and the modules beside it decide
what to store and read, and call its small, named methods inside a transaction they open with
:meth:`Repository.write` or :meth:`Repository.read`.  A new SQL backend is a change here (its
URL in :func:`storybrief.feed.store.database_url`, its connection settings in
:meth:`Repository._engine`, the writers' lock in :meth:`Repository.write`); a new query is a
method here.  The module is longer than most because that is the point: one home for SQL
(``tests/test_feed_storage.py`` keeps it so).

**Writers take a lock** for each batch -- ``BEGIN IMMEDIATE`` on SQLite, a transaction-level
advisory lock on PostgreSQL -- so batches from several processes commit one after another:
arrival order is commit order, each batch sees everything committed before it, and the
unique keys are checked under the lock, so no article is lost or stored twice.  A batch is
one transaction: a process killed at any moment leaves the store as it was after its last
whole batch.  Readers (the web server, ``feed stories``) never block writers (SQLite runs in
WAL mode).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from storybrief.errors import OptionError
from storybrief.feed.digest import StoryArticle
from storybrief.feed.schema import SCHEMA_VERSION, tables
from storybrief.feed.store import StoreError, database_url, reason

LOCK_KEY = 0x5707B21EF
"""PostgreSQL advisory lock id of feed writers (any 64-bit number unique to this use)."""

CHUNK = 500
"""Values in one ``IN (...)`` list (SQLite allows 999 parameters in older builds)."""


SHOWN = ("seq", "id", "title", "headline", "url", "source", "date")
"""The columns of an article that its story shows (a timeline entry, a digest's source)."""


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


class Repository:
    """Connections to one feed store, and its queries; :meth:`write` is a locked transaction.

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
        self.t = tables()
        self.writer = self._engine(immediate=True)
        self.reader = self._engine(immediate=False) if self.kind == "sqlite" else self.writer
        if create:
            self._create()
        else:
            self._check()

    # -- connections and transactions ----------------------------------------------------
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
        try:
            with self.write() as conn:
                self.t.metadata.create_all(conn, checkfirst=True)
                found = self.meta_value(conn, "schema")
                if found is None:
                    self.set_meta(conn, {"schema": SCHEMA_VERSION}, {})
                elif found != SCHEMA_VERSION:
                    raise StoreError(
                        f"the store uses feed schema {found}; this storybrief reads schema "
                        f"{SCHEMA_VERSION}"
                    )
        except StoreError:
            raise
        except Exception as err:
            raise StoreError(f"cannot open the feed store {self.display}: {reason(err)}") from None

    def _check(self) -> None:
        """Without writing: the database holds a feed store of this schema."""
        from sqlalchemy import inspect

        try:
            with self.reader.connect() as conn:
                names = set(inspect(conn).get_table_names())
                missing = sorted(set(self.t.metadata.tables) - names)
                if missing:
                    raise StoreError(
                        f"{self.display}: not a feed store (no {', '.join(missing[:3])} "
                        "table); feed ingest creates one"
                    )
                found = self.meta_value(conn, "schema")
        except StoreError:
            raise
        except Exception as err:
            raise StoreError(f"cannot open the feed store {self.display}: {reason(err)}") from None
        if found != SCHEMA_VERSION:
            raise StoreError(
                f"the store uses feed schema {found}; this storybrief reads schema {SCHEMA_VERSION}"
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

    # -- meta ----------------------------------------------------------------------------
    def get_meta(self, conn: Any) -> dict[str, str]:
        from sqlalchemy import select

        m = self.t.meta
        return dict(conn.execute(select(m.c.key, m.c.value)).all())

    def meta_value(self, conn: Any, key: str) -> str | None:
        from sqlalchemy import select

        m = self.t.meta
        return conn.execute(select(m.c.value).where(m.c.key == key)).scalar_one_or_none()

    def set_meta(self, conn: Any, values: dict[str, str], known: dict[str, str]) -> None:
        """Store ``values``; ``known`` (the meta as last read, updated here) says which keys
        exist and which values are unchanged (not written again)."""
        m = self.t.meta
        for key, value in values.items():
            if key in known:
                if known[key] != value:
                    conn.execute(m.update().where(m.c.key == key).values(value=value))
            else:
                conn.execute(m.insert(), [{"key": key, "value": value}])
            known[key] = value

    # -- ingest: keys, articles, copies ----------------------------------------------------
    def known_keys(self, conn: Any, keys: Iterable[str]) -> dict[str, int]:
        """Of ``keys`` (identity keys), those stored -> the row (``seq``) each names."""
        from sqlalchemy import select

        k = self.t.keys
        out: dict[str, int] = {}
        for chunk in _chunks(sorted(set(keys))):
            query = select(k.c.key, k.c.seq).where(k.c.key.in_(chunk))
            out.update(dict(conn.execute(query).all()))
        return out

    def open_story_articles(self, conn: Any) -> Iterator[tuple[int, int, bytes, str, str]]:
        """``(story, seq, vector, published, arrived_at)`` of every article of an open story,
        in arrival order: what the clustering state is rebuilt from."""
        from sqlalchemy import select

        a, s = self.t.articles, self.t.stories
        rows = conn.execute(
            select(a.c.story_id, a.c.seq, a.c.vector, a.c.published, a.c.arrived_at)
            .join(s, s.c.id == a.c.story_id)
            .where(s.c.status == "open")
            .order_by(a.c.seq)
        )
        for row in rows:
            yield tuple(row)

    def add_articles(self, conn: Any, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(self.t.articles.insert(), rows)

    def add_copies(self, conn: Any, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(self.t.copies.insert(), rows)

    def add_keys(self, conn: Any, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(self.t.keys.insert(), rows)

    def copied_article(self, conn: Any, seq: int) -> int | None:
        """The article a stored copy (row ``seq``) copies; None when ``seq`` is no copy."""
        from sqlalchemy import select

        c = self.t.copies
        return conn.execute(select(c.c.article_seq).where(c.c.seq == seq)).scalar_one_or_none()

    def story_of_article(self, conn: Any, seq: int) -> int | None:
        from sqlalchemy import select

        a = self.t.articles
        return conn.execute(select(a.c.story_id).where(a.c.seq == seq)).scalar_one_or_none()

    def article_id(self, conn: Any, seq: int) -> str | None:
        from sqlalchemy import select

        a = self.t.articles
        return conn.execute(select(a.c.id).where(a.c.seq == seq)).scalar_one_or_none()

    # -- stories and digests (written after each batch) ------------------------------------
    def mark_quiet(self, conn: Any, story_ids: Sequence[int]) -> None:
        s = self.t.stories
        for chunk in _chunks(list(story_ids)):
            conn.execute(s.update().where(s.c.id.in_(chunk)).values(status="quiet"))

    def stories_by_id(self, conn: Any, story_ids: Sequence[int]) -> dict[int, Any]:
        """The stored rows of those of ``story_ids`` that exist, by id."""
        from sqlalchemy import select

        s = self.t.stories
        return {r.id: r for r in conn.execute(select(s).where(s.c.id.in_(list(story_ids))))}

    def add_story(self, conn: Any, row: dict[str, Any]) -> None:
        conn.execute(self.t.stories.insert(), [row])

    def update_story(self, conn: Any, story_id: int, values: dict[str, Any]) -> None:
        s = self.t.stories
        conn.execute(s.update().where(s.c.id == story_id).values(**values))

    def digest_summary(self, conn: Any, story_id: int, version: int) -> str:
        """The stored summary (JSON) of one digest version."""
        from sqlalchemy import select

        d = self.t.digests
        query = select(d.c.summary).where(d.c.story_id == story_id, d.c.version == version)
        return conn.execute(query).scalar_one()

    def replace_digest_summary(self, conn: Any, story_id: int, version: int, summary: str) -> None:
        d = self.t.digests
        conn.execute(
            d.update()
            .where(d.c.story_id == story_id, d.c.version == version)
            .values(summary=summary)
        )

    def add_digest(self, conn: Any, row: dict[str, Any]) -> None:
        conn.execute(self.t.digests.insert(), [row])

    def first_and_latest_articles(
        self, conn: Any, story_id: int, latest: int
    ) -> list[StoryArticle]:
        """A story's first article and its ``latest`` newest, by publication time (else
        arrival), with their kept text, in that order; two indexed reads however long the
        story (:func:`storybrief.feed.digest.digest_inputs` chooses the same ones)."""
        from sqlalchemy import select

        a = self.t.articles
        key = a.c.time_key
        shown = [a.c[name] for name in SHOWN]
        base = select(*shown, key, a.c.body, a.c.similarity).where(a.c.story_id == story_id)
        rows = {r.seq: r for r in conn.execute(base.order_by(key, a.c.seq).limit(1))}
        newest = base.order_by(key.desc(), a.c.seq.desc()).limit(latest)
        rows.update({r.seq: r for r in conn.execute(newest)})
        ordered = sorted(rows.values(), key=lambda r: (r.time_key, r.seq))
        return [StoryArticle.from_row(r._mapping, copies=[]) for r in ordered]

    # -- reading stories -------------------------------------------------------------------
    def _with_digest(self) -> Any:
        """Story rows with the summary of their current digest (None before the first)."""
        from sqlalchemy import select

        s, d = self.t.stories, self.t.digests
        return select(s, d.c.summary).outerjoin(
            d, (d.c.story_id == s.c.id) & (d.c.version == s.c.digest_version)
        )

    def story_rows(
        self, conn: Any, limit: int | None, offset: int, status: str | None
    ) -> list[Any]:
        """Story rows with their current digest's summary, the ones that grew last first
        (a new story has just grown; then the larger first)."""
        s = self.t.stories
        query = (
            self._with_digest()
            .order_by(s.c.last_seq.desc(), s.c.n_articles.desc(), s.c.id.desc())
            .offset(offset)
        )
        if status:
            query = query.where(s.c.status == status)
        if limit is not None:
            query = query.limit(limit)
        return list(conn.execute(query).all())

    def story_row(self, conn: Any, story_id: int) -> Any | None:
        s = self.t.stories
        return conn.execute(self._with_digest().where(s.c.id == story_id)).first()

    def count_stories(self, conn: Any, status: str | None = None) -> int:
        from sqlalchemy import func, select

        s = self.t.stories
        query = select(func.count()).select_from(s)
        if status:
            query = query.where(s.c.status == status)
        return int(conn.execute(query).scalar_one())

    def members(self, conn: Any, story_ids: Sequence[int]) -> dict[int, tuple[list, list]]:
        """Per story: its articles ``(id, source)`` and its copies (``id``, ``copy_of``,
        ``source``, ``similarity``), in arrival order."""
        from sqlalchemy import select

        a, c = self.t.articles, self.t.copies
        out: dict[int, tuple[list, list]] = {}
        for chunk in _chunks(list(story_ids)):
            for r in conn.execute(
                select(a.c.story_id, a.c.id, a.c.source)
                .where(a.c.story_id.in_(chunk))
                .order_by(a.c.seq)
            ):
                out.setdefault(r.story_id, ([], []))[0].append((r.id, r.source))
            for r in conn.execute(
                select(a.c.story_id, c.c.id, c.c.source, a.c.id.label("copy_of"), c.c.similarity)
                .select_from(c.join(a, a.c.seq == c.c.article_seq))
                .where(a.c.story_id.in_(chunk))
                .order_by(c.c.seq)
            ):
                out.setdefault(r.story_id, ([], []))[1].append(
                    {
                        "id": r.id,
                        "copy_of": r.copy_of,
                        "source": r.source,
                        "similarity": r.similarity,
                    }
                )
        return out

    def story_articles(self, conn: Any, story_id: int) -> list[StoryArticle]:
        """The story's articles in arrival order, with their copies (without their text)."""
        from sqlalchemy import select

        a, c = self.t.articles, self.t.copies
        shown = [a.c[name] for name in SHOWN]
        rows = conn.execute(
            select(*shown, a.c.published, a.c.clock, a.c.similarity)
            .where(a.c.story_id == story_id)
            .order_by(a.c.seq)
        ).all()
        copies: dict[int, list[dict[str, Any]]] = {}
        for chunk in _chunks([r.seq for r in rows]):
            for r in conn.execute(
                select(c.c.article_seq, c.c.id, c.c.source, c.c.url, c.c.similarity)
                .where(c.c.article_seq.in_(chunk))
                .order_by(c.c.seq)
            ):
                copies.setdefault(r.article_seq, []).append(
                    {"id": r.id, "source": r.source, "url": r.url, "similarity": r.similarity}
                )
        return [
            StoryArticle.from_row(
                r._mapping,
                time_key=r.published or r.clock or "",
                body="",
                copies=copies.get(r.seq, []),
            )
            for r in rows
        ]

    def digest_versions(self, conn: Any, story_id: int) -> list[Any]:
        """``version``, ``created_at``, ``n_articles`` and ``changes`` (JSON) of every digest
        version of a story, oldest first."""
        from sqlalchemy import select

        d = self.t.digests
        return list(
            conn.execute(
                select(d.c.version, d.c.created_at, d.c.n_articles, d.c.changes)
                .where(d.c.story_id == story_id)
                .order_by(d.c.version)
            )
        )

    def decisions(self, conn: Any, story_id: int) -> list[Any]:
        """Why each article of a story joined it (``id``, ``decision``, ``similarity``,
        ``runner_up``, ``runner_up_similarity``), in arrival order."""
        from sqlalchemy import select

        a = self.t.articles
        return list(
            conn.execute(
                select(
                    a.c.id,
                    a.c.decision,
                    a.c.similarity,
                    a.c.runner_up,
                    a.c.runner_up_similarity,
                )
                .where(a.c.story_id == story_id)
                .order_by(a.c.seq)
            )
        )

    def digest_texts(self, conn: Any, status: str | None) -> dict[int, list[tuple[int, str, str]]]:
        """Per story with a digest (of ``status``, when given): ``(version, created_at,
        text)`` of its digest versions, newest first."""
        from sqlalchemy import select

        s, d = self.t.stories, self.t.digests
        query = select(s.c.id).where(s.c.digest_version > 0)
        if status:
            query = query.where(s.c.status == status)
        ids = list(conn.execute(query).scalars())
        out: dict[int, list[tuple[int, str, str]]] = {}
        for chunk in _chunks(ids):
            for r in conn.execute(
                select(d.c.story_id, d.c.version, d.c.created_at, d.c.text)
                .where(d.c.story_id.in_(chunk))
                .order_by(d.c.story_id, d.c.version.desc())
            ):
                out.setdefault(r.story_id, []).append((r.version, r.created_at, r.text))
        return out

    def counts(self, conn: Any) -> dict[str, int]:
        """Rows: ``articles`` (junk included), ``junk``, ``copies``, ``stories``, ``open``."""
        from sqlalchemy import func, select

        a, c, s = self.t.articles, self.t.copies, self.t.stories

        def count(table: Any, *where: Any) -> int:
            return int(
                conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
            )

        return {
            "articles": count(a),
            "junk": count(a, a.c.junk),
            "copies": count(c),
            "stories": count(s),
            "open": count(s, s.c.status == "open"),
        }

    def assignments(self, conn: Any) -> dict[str, int | None]:
        """Every stored input id -> its story (copies: the story of the article they copy;
        junk: None)."""
        from sqlalchemy import select

        a, c = self.t.articles, self.t.copies
        out = {r.id: r.story_id for r in conn.execute(select(a.c.id, a.c.story_id))}
        for r in conn.execute(
            select(c.c.id, a.c.story_id).select_from(c.join(a, a.c.seq == c.c.article_seq))
        ):
            out[r.id] = r.story_id
        return out

    # -- followed feeds (feed follow) ------------------------------------------------------
    def subscriptions(self, conn: Any) -> list[dict[str, Any]]:
        """Every followed feed's row, in URL order."""
        from sqlalchemy import select

        t = self.t.subscriptions
        return [dict(r) for r in conn.execute(select(t).order_by(t.c.url)).mappings()]

    def known_subscriptions(self, conn: Any, urls: Sequence[str]) -> set[str]:
        from sqlalchemy import select

        t = self.t.subscriptions
        known: set[str] = set()
        for chunk in _chunks(list(urls)):
            known.update(conn.execute(select(t.c.url).where(t.c.url.in_(chunk))).scalars())
        return known

    def update_subscription(self, conn: Any, url: str, values: dict[str, Any]) -> None:
        t = self.t.subscriptions
        conn.execute(t.update().where(t.c.url == url).values(**values))

    def add_subscriptions(self, conn: Any, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(self.t.subscriptions.insert(), rows)
