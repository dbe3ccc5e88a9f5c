"""Story digests, what changed between versions, and story timelines.

A digest is the summarizer's output (:class:`storybrief.pipeline.Summarizer`) on the story's
articles, one document each (a syndicated copy is not a document of its own: it is a source
of the article it copies).  It is recomputed only when the story's articles change, once per
committed batch however many of its articles the batch brought -- that is what keeps
digests current at feed speed without summarizing every story after every article.

Bounds, so a long-running story costs the same as a short one: a digest reads the story's
first report and its :data:`DIGEST_ARTICLES` - 1 latest articles (by publication time, else
arrival), and each article's first :data:`DIGEST_SENTENCES` kept sentences (news puts what
matters first; the summarizer's own position feature weighs them most).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from storybrief.feed.chronicle import order_by_development
from storybrief.pipeline import Summarizer

DIGEST_ARTICLES = 12
"""Articles a digest reads: the first report and the latest ones."""

DIGEST_SENTENCES = 12
"""Kept sentences of each article stored for digests (BENCHMARKS.md, "Live stories": the
summaries of the first 12 sentences score the same ROUGE as of whole articles, in half the
time)."""


@dataclass
class StoryArticle:
    """What a digest and a timeline need of one article of a story."""

    seq: int
    id: str
    title: str | None
    headline: str | None
    url: str | None
    source: str | None
    date: str | None
    time_key: str  # publication time, else the stream clock at arrival ("" when none)
    body: str
    similarity: float | None
    copies: list[dict[str, Any]]

    @classmethod
    def from_row(cls, row: Mapping[str, Any], **given: Any) -> StoryArticle:
        """The article of a row that holds its fields under their names (the row's other
        columns are ignored); ``given`` are the fields it does not hold as such."""
        held = (f.name for f in fields(cls) if f.name not in given)
        return cls(**{name: row[name] for name in held}, **given)


def digest_inputs(
    articles: Sequence[StoryArticle], limit: int = DIGEST_ARTICLES
) -> list[StoryArticle]:
    """The articles a digest reads, in timeline order: the first report and the latest."""
    ordered = sorted(articles, key=lambda a: (a.time_key, a.seq))
    if len(ordered) <= limit:
        return ordered
    return [ordered[0], *ordered[-(limit - 1) :]]


def documents(articles: Sequence[StoryArticle]) -> list[dict[str, Any]]:
    return [
        {
            "text": a.body,
            "title": a.title or a.headline,
            "url": a.url,
            "date": a.date,
            "name": a.source,
        }
        for a in articles
    ]


def make_digest(summarizer: Summarizer, articles: Sequence[StoryArticle], story_id: int) -> dict:
    """The digest of a story as ``Summary.to_dict()``, plus ``article_ids`` (document index ->
    article id)."""
    inputs = digest_inputs(articles)
    summary = summarizer.summarize(documents(inputs), id=str(story_id))
    # a developing story reads in the order things happened (feed/chronicle.py)
    out = order_by_development(summary.to_dict(), [a.time_key for a in inputs])
    out["article_ids"] = [a.id for a in inputs]
    return out


def compact_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """What an earlier digest version keeps: its text, sentences with their sources, the
    documents they cite and the articles it read (``"compact": true``)."""
    keep = ("id", "method", "max_words", "max_sentences", "n_words", "text", "article_ids")
    out = {k: summary[k] for k in keep if k in summary}
    out["sentences"] = [
        {"text": s["text"], "sources": s["sources"]} for s in summary.get("sentences", [])
    ]
    out["documents"] = [
        {k: d.get(k) for k in ("index", "label", "url", "date", "name")}
        for d in summary.get("documents", [])
    ]
    out["compact"] = True
    return out


def changes(previous: dict | None, current: dict, previous_ids: Sequence[str]) -> dict[str, Any]:
    """What a new digest version changed: articles in and out of its inputs, sentences added
    and dropped (by text)."""
    ids = current.get("article_ids", [])
    old_sentences = [s["text"] for s in previous["sentences"]] if previous else []
    new_sentences = [s["text"] for s in current["sentences"]]
    return {
        "previous_version": None if previous is None else previous.get("version"),
        "added_articles": [i for i in ids if i not in set(previous_ids)],
        "dropped_articles": [i for i in previous_ids if i not in set(ids)],
        "added_sentences": [s for s in new_sentences if s not in set(old_sentences)],
        "dropped_sentences": [s for s in old_sentences if s not in set(new_sentences)],
    }


def timeline(articles: Sequence[StoryArticle], summary: dict | None) -> list[dict[str, Any]]:
    """The story's articles by time, the first report and the latest development marked.

    The *latest development* is the newest article that the current digest cites for a
    sentence no earlier article carries -- the newest news in the digest; when the digest cites
    none alone, the newest article."""
    ordered = sorted(articles, key=lambda a: (a.time_key, a.seq))
    position = {a.id: k for k, a in enumerate(ordered)}
    latest: int | None = None
    if summary:
        ids = summary.get("article_ids", [])
        for s in summary.get("sentences", []):
            carriers = [position[ids[d]] for d in s.get("sources", []) if ids[d] in position]
            if carriers:
                first = min(carriers)  # the earliest article that carries this sentence
                latest = first if latest is None else max(latest, first)
    if latest is None and ordered:
        latest = len(ordered) - 1
    out = []
    for k, a in enumerate(ordered):
        out.append(
            {
                "id": a.id,
                "seq": a.seq,
                "title": a.title or a.headline,
                "source": a.source,
                "url": a.url,
                "date": a.date,
                "time": a.time_key or None,
                "similarity": None if a.similarity is None else round(a.similarity, 4),
                "copies": a.copies,
                "first_report": k == 0,
                "latest_development": k == latest,
            }
        )
    return out
