"""After a batch: story rows and digest versions.

Counts move by what the batch brought (:class:`Delta`), never by a pass over a long story's
articles; each story whose articles changed gets one new digest version
(:mod:`storybrief.feed.digest`), and the version before it is kept compact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storybrief.feed.articles import label
from storybrief.feed.digest import (
    DIGEST_ARTICLES,
    StoryArticle,
    changes,
    compact_summary,
    digest_inputs,
    make_digest,
)
from storybrief.feed.repository import Repository
from storybrief.feed.store import dumps
from storybrief.pipeline import Summarizer


@dataclass
class Delta:
    """What one batch changed in one story's counts."""

    articles: int = 0
    copies: int = 0
    first_seq: int = 0
    last_seq: int = 0
    first_published: str | None = None
    last_published: str | None = None

    def bump(self, seq: int, published: str | None, copy: bool) -> None:
        if copy:
            self.copies += 1
        else:
            self.articles += 1
            self.first_published = _min(self.first_published, published)
            self.last_published = _max(self.last_published, published)
        self.first_seq = seq if not self.first_seq else min(self.first_seq, seq)
        self.last_seq = max(self.last_seq, seq)


def _min(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else max(a, b)


def update_stories(
    store: Repository,
    summarizer: Summarizer,
    conn: Any,
    touched: dict[int, Delta],
    changed: set[int],
    quieted: set[int],
    now: str,
    result: Any,
    opened: dict[int, list[StoryArticle]] | None = None,
) -> None:
    """Story rows and digest versions after a batch: counts moved by the batch's deltas,
    quiet stories marked, and a new digest version for every story whose articles changed.
    ``opened``: the articles of stories this batch opened, which are all in memory (their
    digest inputs are read from it, not from the store: two queries fewer per new story)."""
    if not touched:
        return
    ids = sorted(touched)
    existing = store.stories_by_id(conn, ids)
    for sid in ids:
        delta = touched[sid]
        old = existing.get(sid)
        # counts move by what this batch brought (no pass over a long story's articles)
        values: dict[str, Any] = {
            "n_articles": (old.n_articles if old else 0) + delta.articles,
            "n_copies": (old.n_copies if old else 0) + delta.copies,
            "first_seq": old.first_seq if old else delta.first_seq,
            "last_seq": max(old.last_seq if old else 0, delta.last_seq),
            "first_published": _min(old.first_published if old else None, delta.first_published),
            "last_published": _max(old.last_published if old else None, delta.last_published),
            "updated_at": now,
        }
        version = existing[sid].digest_version if sid in existing else 0
        title = existing[sid].title if sid in existing else None
        if sid in quieted:
            values["status"] = "quiet"
        if sid in changed:
            if opened and sid in opened and sid not in existing:
                inputs = digest_inputs(opened[sid])  # the same rows digest_articles reads
            else:
                inputs = digest_articles(store, conn, sid)
            summary = make_digest(summarizer, inputs, sid)
            previous = None
            previous_ids: list[str] = []
            if version:
                previous = json.loads(store.digest_summary(conn, sid, version))
                previous_ids = previous.get("article_ids", [])
                # an earlier version keeps its text, sentences, sources and inputs; the
                # removed lines, duplicate groups and source analysis stay with the current
                store.replace_digest_summary(conn, sid, version, dumps(compact_summary(previous)))
                previous["version"] = version
            version += 1
            store.add_digest(
                conn,
                {
                    "story_id": sid,
                    "version": version,
                    "created_at": now,
                    "n_articles": values["n_articles"],
                    "article_seqs": dumps([x.seq for x in inputs]),
                    "text": summary["text"],
                    "summary": dumps(summary),
                    "changes": dumps(changes(previous, summary, previous_ids)),
                },
            )
            result.digests += 1
            first = inputs[0]
            title = first.title or first.headline or label(None, summary["text"] or first.body)
        values.update(digest_version=version, title=title)
        if sid in existing:
            store.update_story(conn, sid, values)
        else:
            values.setdefault("status", "open")
            store.add_story(conn, {"id": sid, "created_at": now, **values})


def digest_articles(store: Repository, conn: Any, sid: int) -> list[StoryArticle]:
    """The articles a digest reads (:func:`storybrief.feed.digest.digest_inputs`: the first
    report and the latest), with their kept text, in timeline order."""
    return store.first_and_latest_articles(conn, sid, latest=DIGEST_ARTICLES - 1)
