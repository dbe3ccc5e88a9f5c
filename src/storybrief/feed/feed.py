"""The live feed: articles in, stories with current digests out.

>>> feed = Feed("stories.sqlite")
>>> feed.add([{"id": "a1", "text": "...", "date": "2026-03-02T08:00:00Z"}, ...])
>>> for story in feed.stories():
...     print(story.id, story.title, story.text)

:meth:`Feed.add` works in batches of ``batch_size`` articles.  Per batch: the articles are
normalised and those already stored dropped (no lock); the rest are cleaned, judged and
turned into vectors (:mod:`~storybrief.feed.prepare`, :mod:`~storybrief.feed.vectors`; no
lock); then, in one locked transaction (:meth:`Repository.write
<storybrief.feed.repository.Repository.write>`), the clustering state is brought up to date
with what other writers committed, each article is checked again against the stored keys,
assigned (:mod:`~storybrief.feed.cluster`) and stored, stories that went quiet are marked,
and the digest of every story whose articles changed is recomputed once
(:mod:`~storybrief.feed.digest`).  :class:`Feed` decides; every read and write of the store
is a named method of :class:`~storybrief.feed.repository.Repository`.

Over 500 lines because :class:`Feed` is the one object a caller holds: the settings a store
keeps and checks, the batch steps above and the read methods that hand over to
:mod:`~storybrief.feed.read` are the steps of one store's life; the decisions themselves are
in :mod:`~storybrief.feed.cluster` and the SQL in the repository.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from typing import Any

from storybrief.errors import OptionError
from storybrief.feed import read
from storybrief.feed.articles import Article, normalize
from storybrief.feed.cluster import (
    NO_MEMBER_RULE,
    ClusterSettings,
    Decision,
    OnlineClusterer,
    clock_date,
)
from storybrief.feed.digest import DIGEST_SENTENCES, StoryArticle
from storybrief.feed.prepare import Prepared, prepare
from storybrief.feed.read import Story, StoryNotFound
from storybrief.feed.repository import Repository
from storybrief.feed.results import AddResult, ArticleOutcome
from storybrief.feed.store import StoreError, dumps, reason
from storybrief.feed.update import Delta, update_stories
from storybrief.feed.vectors import MAX_TERMS, Vector, article_vector
from storybrief.pipeline import Summarizer

BATCH_SIZE = 1000
"""Articles committed per transaction (and digests recomputed at most once per batch: larger
batches recompute fewer digests, and a followed source commits whenever it runs dry)."""


@dataclass(frozen=True)
class FeedSettings:
    """How a store clusters and summarizes; fixed when the store is created (a store whose
    articles were assigned one way cannot continue another way)."""

    threshold: float = ClusterSettings.threshold
    copy_threshold: float = ClusterSettings.copy_threshold
    quiet_days: float = ClusterSettings.quiet_days
    quiet_articles: int = ClusterSettings.quiet_articles
    max_open: int = ClusterSettings.max_open
    linker: str = ClusterSettings.linker
    # the member rule (feed.cluster, "join or open"); a store made before it is placed without
    member_rule: bool = True
    max_terms: int = MAX_TERMS
    method: str = "default"
    digest_words: int = 150

    def __post_init__(self) -> None:
        if self.linker not in ("rule", "learned"):
            raise OptionError(f"linker must be 'rule' or 'learned', not {self.linker!r}")

    def cluster_settings(self) -> ClusterSettings:
        return ClusterSettings(
            self.threshold,
            self.copy_threshold,
            self.quiet_days,
            self.quiet_articles,
            self.max_open,
            self.linker,
            member_size=ClusterSettings.member_size if self.member_rule else NO_MEMBER_RULE,
        )


def _stored(settings: str) -> dict[str, Any]:
    """A store's settings as written, with what a store made before a setting existed was
    placed by: the rule linker, without the member rule."""
    return {"linker": "rule", "member_rule": False, **json.loads(settings)}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _arrival(stamp: str | None) -> datetime | None:
    """An ``arrived_at`` stamp as a naive UTC datetime."""
    if not stamp:
        return None
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).replace(tzinfo=None)


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


class Feed:
    """A live feed stored in ``db``: a SQLite file path (created if absent) or a database URL
    (``sqlite:///PATH``, ``postgresql://USER@HOST/DB``; PostgreSQL needs the ``postgres``
    extra).  ``settings`` (a :class:`FeedSettings`, or some of its fields as a dict) apply
    when the store is new; an existing store keeps its own, and asking for different ones is
    an error.  ``read_only=True`` (``feed stories``, ``feed show``) never creates or changes a
    store: a missing file or a database without the feed's tables is a
    :class:`~storybrief.feed.store.StoreError` (exit 3).  ``store`` is its
    :class:`~storybrief.feed.repository.Repository`: every read and write goes through it."""

    def __init__(
        self,
        db: str | os.PathLike[str],
        settings: FeedSettings | Mapping[str, Any] | None = None,
        batch_size: int = BATCH_SIZE,
        read_only: bool = False,
    ):
        if batch_size < 1:
            raise OptionError(f"batch size must be at least 1 (got {batch_size})")
        self.store = Repository(db, create=not read_only)
        self.batch_size = batch_size
        self.settings = self._settings(settings)
        self.summarizer = Summarizer(
            method=self.settings.method, max_words=self.settings.digest_words
        )
        self.clusterer: OnlineClusterer | None = None
        self._commits: str | None = None

    # -- settings ------------------------------------------------------------------------
    def _settings(self, wanted: FeedSettings | Mapping[str, Any] | None) -> FeedSettings:
        """The store's settings; ``wanted`` (all settings, or some as a mapping) must agree
        with a store that has them, and are the settings of a new one."""
        names = {f.name for f in fields(FeedSettings)}
        asked = asdict(wanted) if isinstance(wanted, FeedSettings) else dict(wanted or {})
        unknown = sorted(set(asked) - names)
        if unknown:
            raise OptionError(f"unknown feed setting(s): {', '.join(unknown)}")
        if self.store.read_only:
            with self.store.read() as conn:
                stored = self.store.get_meta(conn).get("settings")
            return FeedSettings(**_stored(stored)) if stored else FeedSettings(**asked)
        with self.store.write() as conn:
            meta = self.store.get_meta(conn)
            if "settings" in meta:
                # a store made before the learned linker existed was placed by the rule
                stored = FeedSettings(**_stored(meta["settings"]))
                diff = [
                    f"{k} {getattr(stored, k)} (asked {v})"
                    for k, v in asked.items()
                    if getattr(stored, k) != v
                ]
                if diff:
                    raise OptionError(
                        f"{self.store.display} was created with other settings: "
                        f"{', '.join(diff)}; use a new store to change them"
                    )
                return stored
            settings = FeedSettings(**asked)
            self.store.set_meta(conn, {"settings": dumps(asdict(settings))}, meta)
            return settings

    # -- writing -------------------------------------------------------------------------
    def add(
        self,
        articles: Iterable[Any],
        on_batch: Callable[[AddResult], None] | None = None,
        outcomes: bool = True,
        warn: Callable[[str], None] | None = None,
    ) -> AddResult:
        """Ingest ``articles`` (dicts ``{"id", "text" | "html", "title", "url", "date",
        "source"}``, strings or :class:`Article`) in arrival order.  Every ``batch_size``
        articles are committed before more are read (and on
        :data:`storybrief.feed.sources.FLUSH`); ``on_batch`` gets the running totals after each
        commit.  An item without text raises :class:`~storybrief.errors.InputFormatError`, and
        an interrupt stops the reading: the articles read before either are committed first.
        ``outcomes=False`` keeps only the counts (memory stays flat on an endless stream);
        ``warn`` gets a line for each article whose date is out of range (read as no date)."""
        from storybrief.feed.sources import FLUSH

        total = AddResult()
        batch: list[Article] = []

        def commit() -> None:
            nonlocal batch
            pending, batch = batch, []
            total.merge(self._commit(pending), outcomes)
            if on_batch:
                on_batch(total)

        try:
            for k, item in enumerate(articles, 1):
                if item is FLUSH:
                    if batch:
                        commit()
                    continue
                batch.append(normalize(item, where=f"article {k}", warn=warn))
                if len(batch) >= self.batch_size:
                    commit()
        except BaseException:
            if batch:  # what was read before the error or interrupt is kept
                commit()
            raise
        if batch:
            commit()
        return total

    def _commit(self, batch: list[Article]) -> AddResult:
        result = AddResult(read=len(batch), batches=1)
        known = self._known_keys([k for a in batch for k in a.keys])
        work: list[tuple[Article, Prepared, Vector]] = []
        for a in batch:
            if any(k in known for k in a.keys[:-1]):  # same id or url: already stored
                continue
            text = f"{a.title}\n{a.text}" if a.title else a.text
            work.append(
                (a, prepare(a.text, a.title), article_vector(text, self.settings.max_terms))
            )
        stored = {a.id for a, _, _ in work}
        for a in batch:
            if a.id not in stored:
                result.duplicates += 1
                result.outcomes.append(ArticleOutcome(a.id, "duplicate"))
        if not work:  # nothing new: the store is not touched at all
            if self.clusterer is not None:
                result.open_stories = self.clusterer.open_stories
            else:
                result.open_stories = self.counts()["open_stories"]
            return result
        try:
            with self.store.write() as conn:
                self._write(conn, work, result)
        except BaseException as err:
            self.clusterer = None  # the transaction rolled back: reload before the next one
            if type(err).__module__.startswith("sqlalchemy"):
                raise StoreError(f"{self.store.display}: {reason(err)}") from None
            raise
        result.open_stories = self.clusterer.open_stories if self.clusterer else 0
        return result

    def _known_keys(self, keys: list[str], conn: Any = None) -> dict[str, int]:
        """Of ``keys``, those stored -> their row; in ``conn``, else in a read of its own."""
        if conn is not None:
            return self.store.known_keys(conn, keys)
        with self.store.read() as c:
            return self.store.known_keys(c, keys)

    def _sync(self, conn: Any, meta: dict[str, str]) -> None:
        """Rebuild the clustering state from the store unless it is this process's own last
        commit (another writer committed since, or nothing is loaded yet)."""
        if self.clusterer is not None and meta.get("commits", "0") == self._commits:
            return
        clusterer = OnlineClusterer(self.settings.cluster_settings())
        clusterer.clock_seq = int(meta.get("last_seq", "0"))
        clock = meta.get("clock")
        clusterer.clock_time = datetime.fromisoformat(clock) if clock else None
        rows = self.store.open_story_articles(conn)
        clusterer.load(
            (
                sid,
                seq,
                Vector.from_bytes(vec),
                clock_date(datetime.fromisoformat(p) if p else None, _arrival(arrived)),
            )
            for sid, seq, vec, p, arrived in rows
        )
        clusterer.drain_quieted()
        self.clusterer = clusterer

    def _write(
        self, conn: Any, work: list[tuple[Article, Prepared, Vector]], result: AddResult
    ) -> None:
        store = self.store
        meta = store.get_meta(conn)
        self._sync(conn, meta)
        clusterer = self.clusterer
        assert clusterer is not None
        clusterer.refresh()  # every batch starts from a fresh snapshot, restarted or not
        known = self._known_keys([k for a, _, _ in work for k in a.keys], conn)
        last_seq = int(meta.get("last_seq", "0"))
        last_story = int(meta.get("last_story", "0"))
        now = _now()
        arrived = _arrival(now)
        article_rows: list[dict[str, Any]] = []
        copy_rows: list[dict[str, Any]] = []
        key_rows: list[dict[str, Any]] = []
        story_of: dict[int, int | None] = {}  # seq -> story, for rows of this batch
        changed: set[int] = set()  # stories whose articles changed (digest recomputed)
        touched: dict[int, Delta] = {}  # stories whose counts changed, and by how much
        opened: dict[int, list[StoryArticle]] = {}  # stories this batch opened: their articles
        id_of: dict[int, str] = {}
        for a, prep, vec in work:
            if any(k in known for k in a.keys[:-1]):
                result.duplicates += 1
                result.outcomes.append(ArticleOutcome(a.id, "duplicate"))
                continue
            last_seq += 1
            seq = last_seq
            when = clock_date(a.published, arrived)  # None: this date does not move the clock
            clusterer.advance(seq, when)
            same = known.get(a.keys[-1])  # the same content already stored
            decision: Decision | None = None
            if same is None and not prep.junk:
                decision = clusterer.decide(vec, a.published)
            copy_seq = same if same is not None else (decision.copy_of if decision else None)
            if copy_seq is not None:
                target = self._article_of(conn, copy_seq, copy_rows)
                sid = (
                    story_of[target] if target in story_of else store.story_of_article(conn, target)
                )
                similarity = 1.0 if same is not None else float(decision.copy_similarity or 0.0)
                copy_rows.append(self._copy_row(a, seq, target, similarity, now))
                copy_of = id_of.get(target) or store.article_id(conn, target)
                if sid is not None:
                    touched.setdefault(sid, Delta()).bump(seq, None, copy=True)
                    result.copies += 1
                    result.outcomes.append(
                        ArticleOutcome(a.id, "copy", sid, similarity=similarity, copy_of=copy_of)
                    )
                else:  # a copy of a junk page is junk too
                    result.junk += 1
                    result.outcomes.append(
                        ArticleOutcome(
                            a.id,
                            "junk",
                            copy_of=copy_of,
                            reasons=[f"a copy of junk page {copy_of}"],
                        )
                    )
            elif prep.junk:
                article_rows.append(self._article_row(a, prep, vec, seq, now, None, "junk", None))
                story_of[seq] = None
                result.junk += 1
                result.outcomes.append(ArticleOutcome(a.id, "junk", reasons=list(prep.reasons)))
            else:
                assert decision is not None
                if decision.new:
                    last_story += 1
                    sid = last_story
                    result.new_stories += 1
                else:
                    assert decision.story is not None
                    sid = decision.story
                clusterer.add(sid, seq, vec, when)
                row = self._article_row(
                    a, prep, vec, seq, now, sid, "new" if decision.new else "joined", decision
                )
                article_rows.append(row)
                if decision.new or sid in opened:
                    # what a digest reads of the row, as update.digest_articles reads it back
                    opened.setdefault(sid, []).append(StoryArticle.from_row(row, copies=[]))
                story_of[seq] = sid
                changed.add(sid)
                touched.setdefault(sid, Delta()).bump(seq, _iso(when), copy=False)
                result.added += 1
                result.outcomes.append(
                    ArticleOutcome(
                        a.id,
                        "added",
                        sid,
                        decision.new,
                        decision.similarity,
                        decision.runner_up,
                        decision.runner_up_similarity,
                    )
                )
            id_of[seq] = a.id
            for k in a.keys:
                if k not in known:
                    known[k] = seq
                    key_rows.append({"key": k, "seq": seq})
        store.add_articles(conn, article_rows)
        store.add_copies(conn, copy_rows)
        store.add_keys(conn, key_rows)
        quieted = clusterer.drain_quieted()
        store.mark_quiet(conn, quieted)
        update_stories(
            self.store, self.summarizer, conn, touched, changed, set(quieted), now, result, opened
        )
        if not (article_rows or copy_rows):  # all stored by another writer meanwhile
            self._commits = meta.get("commits", "0")
            return
        clock = _iso(clusterer.clock_time)
        commits = str(int(meta.get("commits", "0")) + 1)
        values = {"last_seq": str(last_seq), "last_story": str(last_story), "commits": commits}
        if clock:
            values["clock"] = clock
        store.set_meta(conn, values, meta)
        self._commits = commits

    def _article_row(
        self,
        a: Article,
        prep: Prepared,
        vec: Vector,
        seq: int,
        now: str,
        story: int | None,
        decision: str,
        d: Decision | None,
    ) -> dict[str, Any]:
        clock = self.clusterer.clock_time if self.clusterer else None
        return {
            "seq": seq,
            "id": a.id,
            "url": a.url,
            "title": a.title,
            "source": a.source,
            "date": a.date,
            "published": _iso(a.published),
            "clock": _iso(clock),
            "time_key": _iso(a.published) or _iso(clock) or "",
            "arrived_at": now,
            "text": a.text,
            "body": "\n".join(prep.sentences[:DIGEST_SENTENCES]),
            "headline": prep.headline,
            "content_hash": a.content_hash,
            "story_id": story,
            "decision": decision,
            "similarity": d.similarity if d else None,
            "runner_up": d.runner_up if d else None,
            "runner_up_similarity": d.runner_up_similarity if d else None,
            "junk": prep.junk,
            "junk_reasons": dumps(prep.reasons) if prep.reasons else None,
            "vector": vec.to_bytes(),
            "extra": dumps(a.extra) if a.extra else None,
        }

    def _copy_row(self, a: Article, seq: int, target: int, similarity: float, now: str) -> dict:
        return {
            "seq": seq,
            "id": a.id,
            "article_seq": target,
            "url": a.url,
            "title": a.title,
            "source": a.source,
            "date": a.date,
            "published": _iso(a.published),
            "arrived_at": now,
            "content_hash": a.content_hash,
            "similarity": round(similarity, 6),
            "text": a.text,
        }

    def _article_of(self, conn: Any, seq: int, pending_copies: list[dict]) -> int:
        """The article a stored row stands for: itself, or the article a copy copies."""
        for row in pending_copies:
            if row["seq"] == seq:
                return int(row["article_seq"])
        target = self.store.copied_article(conn, seq)
        return int(target) if target is not None else seq

    # -- stories and digests ---------------------------------------------------------------
    # -- reading (storybrief.feed.read) ------------------------------------------------------
    def stories(
        self,
        limit: int | None = None,
        offset: int = 0,
        status: str | None = None,
        with_timeline: bool = False,
    ) -> list[Story]:
        """Stories, the ones that grew last first (then the larger first), with their current
        digests; ``with_timeline`` adds each timeline (first report, latest development and
        the newest entries)."""
        return read.list_stories(self.store, limit, offset, status, with_timeline)

    def story(self, story_id: int, detail: bool = True) -> Story:
        """One story with its timeline, digest versions and assignments; raises
        :class:`StoryNotFound` for an unknown id."""
        return read.get_story(self.store, story_id, detail)

    def version(self) -> int:
        """A number that grows with every commit to the store (to notice changes cheaply)."""
        return read.version(self.store)

    def count_stories(self, status: str | None = None) -> int:
        return read.count_stories(self.store, status)

    def counts(self) -> dict[str, int]:
        """Articles, copies, junk pages, stories and open stories in the store."""
        return read.counts(self.store)

    def assignments(self) -> dict[str, int | None]:
        """Every stored input id -> its story (copies: the story of the article they copy;
        junk: None), for evaluation and tests."""
        return read.assignments(self.store)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Feed:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()


__all__ = [
    "AddResult",
    "ArticleOutcome",
    "Feed",
    "FeedSettings",
    "Story",
    "StoryNotFound",
]
