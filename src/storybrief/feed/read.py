"""Reading the store: stories with their digests, sources, timelines, versions, assignments.

:class:`storybrief.feed.Feed` exposes these as methods; the web app and the CLI read through
it.  Readers never take the writers' lock.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from storybrief.feed.digest import timeline
from storybrief.feed.repository import Repository
from storybrief.feed.store import StoreError

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


def list_stories(
    store: Repository,
    limit: int | None = None,
    offset: int = 0,
    status: str | None = None,
    with_timeline: bool = False,
) -> list[Story]:
    """Stories, the ones that grew last first (a new story has just grown; then the
    larger first), with their current digests; ``with_timeline`` adds each timeline,
    trimmed to :data:`TIMELINE_IN_LIST` entries (:func:`trim_timeline`)."""
    with store.read() as conn:
        rows = store.story_rows(conn, limit, offset, status)
        members = store.members(conn, [r.id for r in rows])
        out = [_story(r, members.get(r.id, ([], []))) for r in rows]
        if with_timeline:
            for story in out:
                entries = timeline(store.story_articles(conn, story.id), story.summary)
                story.timeline, story.timeline_omitted = trim_timeline(entries, TIMELINE_IN_LIST)
    return out


def trim_timeline(entries: list[dict[str, Any]], keep: int) -> tuple[list[dict[str, Any]], int]:
    """At most ``keep`` entries -- the first report, the latest development and the newest
    -- and how many were left out."""
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


def version(store: Repository) -> int:
    """A number that grows with every commit to the store (to notice changes cheaply)."""
    with store.read() as conn:
        return int(store.meta_value(conn, "commits") or 0)


def count_stories(store: Repository, status: str | None = None) -> int:
    with store.read() as conn:
        return store.count_stories(conn, status)


def get_story(store: Repository, story_id: int, detail: bool = True) -> Story:
    """One story with its timeline, digest versions and assignments; raises
    :class:`StoryNotFound` for an unknown id."""
    with store.read() as conn:
        row = store.story_row(conn, int(story_id))
        if row is None:
            raise StoryNotFound(f"no story {story_id} in {store.display}")
        story = _story(row, store.members(conn, [row.id]).get(row.id, ([], [])))
        if detail:
            story.timeline = timeline(store.story_articles(conn, row.id), story.summary)
            story.versions = [
                {
                    "version": v.version,
                    "created_at": v.created_at,
                    "n_articles": v.n_articles,
                    "changes": json.loads(v.changes),
                }
                for v in store.digest_versions(conn, row.id)
            ]
            story.assignments = [
                {
                    "id": r.id,
                    "decision": r.decision,
                    "similarity": r.similarity,
                    "runner_up": r.runner_up,
                    "runner_up_similarity": r.runner_up_similarity,
                }
                for r in store.decisions(conn, row.id)
            ]
    return story


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


def counts(store: Repository) -> dict[str, int]:
    """Articles, copies, junk pages, stories and open stories in the store."""
    with store.read() as conn:
        meta = store.get_meta(conn)
        rows = store.counts(conn)
    return {
        "articles": rows["articles"] - rows["junk"],
        "junk": rows["junk"],
        "copies": rows["copies"],
        "stories": rows["stories"],
        "open_stories": rows["open"],
        "commits": int(meta.get("commits", "0")),
    }


def assignments(store: Repository) -> dict[str, int | None]:
    """Every stored input id -> its story (copies: the story of the article they copy;
    junk: None), for evaluation and tests."""
    with store.read() as conn:
        return store.assignments(conn)
