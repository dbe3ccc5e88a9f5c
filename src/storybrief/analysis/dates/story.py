"""The cluster's dates: the story date as a consensus of the documents' own dates
(:func:`story_date`) and stale documents (:func:`mark_stale`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from storybrief.analysis.dates.evidence import (
    KIND_WEIGHT,
    SAME_STORY_DAYS,
    DatedValue,
    DateEvidence,
    DocumentDate,
    date_document,
)
from storybrief.analysis.dates.parse import _month_end
from storybrief.types import Cluster

STALE_DAYS = 240
"""A document this many days before the story describes another time."""

MIN_STORY_WEIGHT = 2.0
"""Weight a group of agreeing document dates needs to date the story (see KIND_WEIGHT)."""


@dataclass
class StoryEvidence:
    """A document's date as evidence for the story's date."""

    doc: int
    evidence: DateEvidence

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, **self.evidence.to_dict()}


def date_documents(cluster: Cluster, junk: list[bool] | None = None) -> list[DocumentDate]:
    """Date every document of ``cluster`` and mark stale ones (``junk`` documents neither
    vote on the story date nor are judged stale)."""
    dates = [date_document(d.index, d.text, d.date) for d in cluster.documents]
    mark_stale(dates, junk)
    return dates


def story_date(
    dates: list[DocumentDate], skip: set[int] | None = None, min_weight: float = MIN_STORY_WEIGHT
) -> DatedValue:
    """The story's date: the consensus of the documents' own dates (see the module docs)."""
    skip = skip or set()
    votes = [v for d in dates if d.index not in skip and (v := _vote(d))]
    if not votes:
        return DatedValue()
    total = sum(v.weight for v in votes)
    day_votes = [v for v in votes if v.precision == "day"]
    best: list[_Vote] = []
    for v in day_votes:
        group = [o for o in day_votes if 0 <= (o.day - v.day).days <= SAME_STORY_DAYS]
        key = (sum(o.weight for o in group), len(group), -v.day.toordinal())
        if not best or key > (sum(o.weight for o in best), len(best), -best[0].day.toordinal()):
            best = group
    weight = sum(v.weight for v in best)
    if best and weight >= min_weight and weight > total / 2:
        ordered = sorted(o.day for o in best)
        center = ordered[(len(ordered) - 1) // 2]
        if not _contradicted(dates, skip, ordered[0], ordered[-1]):
            return DatedValue(center, "day", [StoryEvidence(v.doc, v.evidence) for v in best])
    # month precision: most of the weight on one calendar month
    by_month: dict[tuple[int, int], list[_Vote]] = {}
    for v in votes:
        by_month.setdefault((v.day.year, v.day.month), []).append(v)
    (y, mo), group = max(
        by_month.items(), key=lambda kv: (sum(o.weight for o in kv[1]), len(kv[1]), kv[0])
    )
    weight = sum(v.weight for v in group)
    if (
        weight >= min_weight
        and weight > total / 2
        and not _contradicted(dates, skip, date(y, mo, 1), _month_end(y, mo))
    ):
        return DatedValue(
            date(y, mo, 1), "month", [StoryEvidence(v.doc, v.evidence) for v in group]
        )
    return DatedValue()


@dataclass
class _Vote:
    doc: int
    day: date
    precision: str
    weight: float
    evidence: DateEvidence


def _vote(d: DocumentDate) -> _Vote | None:
    """A document's vote on the story date: its own date, else its hint."""
    for value, weight in ((d.own, d.weight), (d.hint, d.hint_weight)):
        if value.value is not None and weight > 0 and value.precision in ("day", "month"):
            return _Vote(d.index, value.value, value.precision, weight, value.evidence[0])
    return None


def _contradicted(dates: list[DocumentDate], skip: set[int], earliest: date, latest: date) -> bool:
    """Does a document report a day well after ``latest`` (its caption, tweet or text dated
    weeks later), or a year ("in 2016") two or more after it?  Then the documents' dates do
    not tell the story's date (a dated video page of an old song, a later update)."""
    limit = latest + timedelta(days=4 * SAME_STORY_DAYS)
    for d in dates:
        if d.index in skip:
            continue
        if d.reported_year is not None and d.reported_year >= latest.year + 2:
            return True
        for e in d.mentions:
            if not e.future and e.precision == "day" and e.lo > limit and e.kind != "weekday":
                return True
    return False


def _earliest_time(d: DocumentDate) -> tuple[date, str] | None:
    """The earliest the document can be from: its own time's start, or the latest date it
    reports, whichever is later; with the phrase that shows it."""
    own = d.own_interval()
    latest = d.latest_reported()
    options = []
    if own:
        ev = (
            d.own.evidence[0]
            if own[2] == "date"
            else min(d.framing, key=lambda e: (e.hi - e.lo, e.start))
        )
        options.append((own[0], ev.text))
    if latest:
        options.append((latest.lo, latest.text))
    return max(options) if options else None


def mark_stale(
    dates: list[DocumentDate], junk: list[bool] | None = None, max_days: int = STALE_DAYS
) -> None:
    """Flag documents whose own time lies far before what the other documents show."""
    junk = junk or [False] * len(dates)
    for d in dates:
        if junk[d.index]:
            continue
        own = d.own_interval()
        if own is None:
            continue
        lo, hi, source = own
        latest = d.latest_reported()
        if latest and latest.lo > hi + timedelta(days=60):
            continue  # it reports a later day than its supposed own time: that time is wrong
        others = [o for o in dates if o.index != d.index and not junk[o.index]]
        limit = hi + timedelta(days=max_days)
        story = story_date(others)
        later = [(o, t) for o in others if (t := _earliest_time(o)) and t[0] > limit]
        near = [
            o for o in others if (oi := o.own_interval()) and abs((oi[0] - lo).days) <= max_days
        ]
        if story.value is not None and story.value > limit and not near:
            ref, ref_text = story.value, f"the story date {story.shown}"
            n_ref = len({e.doc for e in story.evidence})
        elif later and not near and (len(later) >= 2 or len(others) == 1):
            ref = min(t[0] for _, t in later)
            ref_text = ", ".join(f'[{o.index + 1}] "{t[1]}"' for o, t in later[:3])
            n_ref = len(later)
        else:
            continue
        # strong: the other side is shown by two or more documents, not one
        firm_ref = n_ref >= 2
        if not (source == "framing" or d.weight >= KIND_WEIGHT["dateline"]):
            continue  # a lead or weekday date may be a past event the article opens with
        d.stale = True
        d.stale_strength = "strong" if firm_ref else "weak"
        months = max(1, round((ref - hi).days / 30.4))
        own_ev = (
            [e.text for e in d.own.evidence[:2]]
            if source == "date"
            else [e.text for e in sorted(d.framing, key=lambda e: e.hi - e.lo)[:3]]
        )
        shown = d.own.shown if source == "date" else _shown_interval(lo, hi)
        d.reasons.append(
            f"describes {shown} ({', '.join(repr(t) for t in own_ev)}), at least {months} months "
            f"before the other documents ({ref_text}); "
            + ("strong evidence" if d.stale_strength == "strong" else "weak evidence, kept")
        )


def _shown_interval(lo: date, hi: date) -> str:
    if (lo.year, lo.month) == (hi.year, hi.month):
        return lo.isoformat()[:7]
    return f"{lo.isoformat()[:7]} to {hi.isoformat()[:7]}"
