"""Reading the store: stories with their digests, sources, timelines, versions, assignments.

:class:`storybrief.feed.Feed` exposes these as methods; the web app and the CLI read through
it.  Readers never take the writers' lock.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from storybrief.feed.digest import StoryArticle, timeline
from storybrief.feed.store import Store, StoreError

TIMELINE_IN_LIST = 25
"""Timeline entries of each story in a listing (the first report, the latest development and
the newest); one story's own view has them all."""


@dataclass
class Story:
    """One story as stored.  ``summary`` is the current digest in the summarizer's JSON form
    (``Summary.to_dict()``, plus ``article_ids``: document index -> article id)."""

    id: int
    status: str
    title: str | None
    articles: list[str]
    n_articles: int
    n_copies: int
    sources: list[dict[str, Any]]
    first_published: str | None
    last_published: str | None
    created: str
    updated: str
    digest_version: int
    summary: dict[str, Any] | None
    copies: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] | None = None
    timeline_omitted: int = 0  # entries a listing left out of a long timeline
    versions: list[dict[str, Any]] | None = None
    assignments: list[dict[str, Any]] | None = None

    @property
    def text(self) -> str:
        return self.summary["text"] if self.summary else ""

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("timeline", "versions", "assignments"):
            if out[key] is None:
                del out[key]
        return out


class StoryNotFound(StoreError, KeyError):
    """No story with that id (exit code 3)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "story not found"


def story_articles(store: Store, conn: Any, sid: int) -> list[StoryArticle]:
    """The story's articles in arrival order, with their copies (without their text)."""
    from sqlalchemy import select

    t = store.t
    a, c = t["articles"], t["copies"]
    rows = conn.execute(
        select(
            a.c.seq,
            a.c.id,
            a.c.title,
            a.c.headline,
            a.c.url,
            a.c.source,
            a.c.date,
            a.c.published,
            a.c.clock,
            a.c.similarity,
        )
        .where(a.c.story_id == sid)
        .order_by(a.c.seq)
    ).all()
    copies: dict[int, list[dict[str, Any]]] = {}
    seqs = [r.seq for r in rows]
    for i in range(0, len(seqs), 500):
        for r in conn.execute(
            select(c.c.article_seq, c.c.id, c.c.source, c.c.url, c.c.similarity)
            .where(c.c.article_seq.in_(seqs[i : i + 500]))
            .order_by(c.c.seq)
        ):
            copies.setdefault(r.article_seq, []).append(
                {"id": r.id, "source": r.source, "url": r.url, "similarity": r.similarity}
            )
    out = [
        StoryArticle(
            seq=r.seq,
            id=r.id,
            title=r.title,
            headline=r.headline,
            url=r.url,
            source=r.source,
            date=r.date,
            time_key=r.published or r.clock or "",
            body="",
            similarity=r.similarity,
            copies=copies.get(r.seq, []),
        )
        for r in rows
    ]
    return out


def list_stories(
    store: Store,
    limit: int | None = None,
    offset: int = 0,
    status: str | None = None,
    with_timeline: bool = False,
) -> list[Story]:
    """Stories, the ones that grew last first (a new story has just grown; then the
    larger first), with their current digests; ``with_timeline`` adds each timeline."""
    from sqlalchemy import select

    t = store.t
    s, d = t["stories"], t["digests"]
    query = (
        select(s, d.c.summary)
        .outerjoin(d, (d.c.story_id == s.c.id) & (d.c.version == s.c.digest_version))
        .order_by(s.c.last_seq.desc(), s.c.n_articles.desc(), s.c.id.desc())
        .offset(offset)
    )
    if status:
        query = query.where(s.c.status == status)
    if limit is not None:
        query = query.limit(limit)
    with store.read() as conn:
        rows = conn.execute(query).all()
        ids = [r.id for r in rows]
        members = _members(store, conn, ids)
        out = [_story(r, members.get(r.id, ([], []))) for r in rows]
        if with_timeline:
            for story in out:
                story.timeline = timeline(story_articles(store, conn, story.id), story.summary)
    return out


def _trim(entries: list[dict[str, Any]], keep: int) -> tuple[list[dict[str, Any]], int]:
    """At most ``keep`` entries: the first report, the latest development and the newest."""
    if len(entries) <= keep:
        return entries, 0
    chosen = {0, len(entries) - 1}
    chosen |= {k for k, e in enumerate(entries) if e["latest_development"]}
    k = len(entries) - 1
    while len(chosen) < keep:
        k -= 1
        chosen.add(k)
    kept = [entries[i] for i in sorted(chosen)]
    return kept, len(entries) - len(kept)


def version(store: Store) -> int:
    """A number that grows with every commit to the store (to notice changes cheaply)."""
    from sqlalchemy import select

    m = store.t["meta"]
    with store.read() as conn:
        value = conn.execute(select(m.c.value).where(m.c.key == "commits")).scalar_one_or_none()
    return int(value or 0)


def count_stories(store: Store, status: str | None = None) -> int:
    from sqlalchemy import func, select

    s = store.t["stories"]
    query = select(func.count()).select_from(s)
    if status:
        query = query.where(s.c.status == status)
    with store.read() as conn:
        return int(conn.execute(query).scalar_one())


def get_story(store: Store, story_id: int, detail: bool = True) -> Story:
    """One story with its timeline, digest versions and assignments; raises
    :class:`StoryNotFound` for an unknown id."""
    from sqlalchemy import select

    t = store.t
    s, d, a = t["stories"], t["digests"], t["articles"]
    with store.read() as conn:
        row = conn.execute(
            select(s, d.c.summary)
            .outerjoin(d, (d.c.story_id == s.c.id) & (d.c.version == s.c.digest_version))
            .where(s.c.id == int(story_id))
        ).first()
        if row is None:
            raise StoryNotFound(f"no story {story_id} in {store.display}")
        story = _story(row, _members(store, conn, [row.id]).get(row.id, ([], [])))
        if detail:
            articles = story_articles(store, conn, row.id)
            story.timeline = timeline(articles, story.summary)
            story.versions = [
                {
                    "version": v.version,
                    "created_at": v.created_at,
                    "n_articles": v.n_articles,
                    "changes": json.loads(v.changes),
                }
                for v in conn.execute(
                    select(d.c.version, d.c.created_at, d.c.n_articles, d.c.changes)
                    .where(d.c.story_id == row.id)
                    .order_by(d.c.version)
                )
            ]
            story.assignments = [
                {
                    "id": r.id,
                    "decision": r.decision,
                    "similarity": r.similarity,
                    "runner_up": r.runner_up,
                    "runner_up_similarity": r.runner_up_similarity,
                }
                for r in conn.execute(
                    select(
                        a.c.id,
                        a.c.decision,
                        a.c.similarity,
                        a.c.runner_up,
                        a.c.runner_up_similarity,
                    )
                    .where(a.c.story_id == row.id)
                    .order_by(a.c.seq)
                )
            ]
    return story


def _members(store: Store, conn: Any, ids: list[int]) -> dict[int, tuple[list, list]]:
    """Per story: its articles ``(id, source)`` and copies, in arrival order."""
    from sqlalchemy import select

    t = store.t
    a, c = t["articles"], t["copies"]
    out: dict[int, tuple[list, list]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
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


def _story(row: Any, members: tuple[list, list]) -> Story:
    articles, copies = members
    count: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for k, (_, source) in enumerate(articles):
        name = source or "unknown source"
        count[name] += 1
        first_seen.setdefault(name, k)
    for k, cp in enumerate(copies):
        name = cp["source"] or "unknown source"
        count[name] += 1
        first_seen.setdefault(name, len(articles) + k)
    sources = [
        {"source": name, "articles": n}
        for name, n in sorted(count.items(), key=lambda kv: (-kv[1], first_seen[kv[0]]))
    ]
    return Story(
        id=row.id,
        status=row.status,
        title=row.title,
        articles=[i for i, _ in articles],
        n_articles=row.n_articles,
        n_copies=row.n_copies,
        sources=sources,
        first_published=row.first_published,
        last_published=row.last_published,
        created=row.created_at,
        updated=row.updated_at,
        digest_version=row.digest_version,
        summary=json.loads(row.summary) if row.summary else None,
        copies=copies,
    )


def counts(store: Store) -> dict[str, int]:
    """Articles, copies, junk pages, stories and open stories in the store."""
    from sqlalchemy import func, select

    t = store.t
    with store.read() as conn:
        meta = store.get_meta(conn)
        n_articles = conn.execute(select(func.count()).select_from(t["articles"])).scalar_one()
        n_junk = conn.execute(
            select(func.count()).select_from(t["articles"]).where(t["articles"].c.junk)
        ).scalar_one()
        n_copies = conn.execute(select(func.count()).select_from(t["copies"])).scalar_one()
        n_stories = conn.execute(select(func.count()).select_from(t["stories"])).scalar_one()
        n_open = conn.execute(
            select(func.count()).select_from(t["stories"]).where(t["stories"].c.status == "open")
        ).scalar_one()
    return {
        "articles": int(n_articles) - int(n_junk),
        "junk": int(n_junk),
        "copies": int(n_copies),
        "stories": int(n_stories),
        "open_stories": int(n_open),
        "commits": int(meta.get("commits", "0")),
    }


def assignments(store: Store) -> dict[str, int | None]:
    """Every stored input id -> its story (copies: the story of the article they copy;
    junk: None), for evaluation and tests."""
    from sqlalchemy import select

    t = store.t
    a, c = t["articles"], t["copies"]
    with store.read() as conn:
        out = {r.id: r.story_id for r in conn.execute(select(a.c.id, a.c.story_id))}
        for r in conn.execute(
            select(c.c.id, a.c.story_id).select_from(c.join(a, a.c.seq == c.c.article_seq))
        ):
            out[r.id] = r.story_id
    return out
