"""Source analysis: which articles to trust, who said what, where the sources disagree.

Runs on a prepared :class:`~storybrief.types.Cluster` (cleaned, segmented, grouped), so it
shares the pipeline's work and adds only linear, regex-based passes:

* :mod:`~storybrief.analysis.relevance` -- junk and off-topic documents;
* :mod:`~storybrief.analysis.dates` -- a date per document and stale documents;
* :mod:`~storybrief.analysis.quotes` -- direct quotations with speaker and role, merged
  across sources;
* :mod:`~storybrief.analysis.disagree` -- figures and names stated differently.

:func:`analyze_cluster` returns an :class:`Analysis`.  The analysis never imports the
pipeline: the pipeline runs it (every :meth:`storybrief.Summarizer.summarize` call, which uses
the verdicts to keep junk and stale documents out of the summary, see
:mod:`storybrief.pipeline.trust`), and ``storybrief.analyze(documents)`` is assembled there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from storybrief.analysis.dates import DocumentDate, cluster_date, date_documents
from storybrief.analysis.disagree import Disagreement, find_disagreements
from storybrief.analysis.quotes import MergedQuote, cluster_quotes, cluster_texts
from storybrief.analysis.relevance import DocumentQuality, assess_documents
from storybrief.types import Cluster


@dataclass
class SourceVerdict:
    """What the analysis says about one input document."""

    index: int
    relevance: float
    junk: bool
    stale: bool
    date: str | None
    reasons: list[str] = field(default_factory=list)
    quality: DocumentQuality | None = None
    dating: DocumentDate | None = None

    @property
    def shown_date(self) -> str | None:
        """The date at the precision it is known: "2015", "2013-02" or "2015-10-30"."""
        if not self.date:
            return None
        precision = self.dating.precision if self.dating else "day"
        return {"year": self.date[:4], "month": self.date[:7]}.get(precision or "day", self.date)

    @property
    def flagged(self) -> bool:
        return self.junk or self.stale

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "relevance": round(float(self.relevance), 4),
            "junk": self.junk,
            "stale": self.stale,
            "date": self.date,
            "reasons": list(self.reasons),
        }


@dataclass
class Analysis:
    """Source analysis of one cluster: ``sources``, ``quotes``, ``disagreements``."""

    sources: list[SourceVerdict]
    quotes: list[MergedQuote]
    disagreements: list[Disagreement]
    cluster_date: str | None = None
    cluster: Cluster | None = None

    @property
    def junk(self) -> list[int]:
        return [s.index for s in self.sources if s.junk]

    @property
    def stale(self) -> list[int]:
        return [s.index for s in self.sources if s.stale]

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster_date": self.cluster_date,
            "sources": [s.to_dict() for s in self.sources],
            "quotes": [q.to_dict() for q in self.quotes],
            "disagreements": [d.to_dict() for d in self.disagreements],
        }

    def markdown_lines(self, max_disagreements: int = 5) -> list[str]:
        """The short "Source analysis" section of the Markdown output."""
        if not self.sources:
            return []
        when = f" (story dated about {self.cluster_date[:7]})" if self.cluster_date else ""
        lines = ["", f"**Source analysis**{when}", ""]
        for s in self.sources:
            flags = [f for f, on in (("junk", s.junk), ("stale", s.stale)) if on]
            date = s.shown_date or "no date found"
            head = f"- [{s.index + 1}] {date}, relevance {s.relevance:.2f}"
            if flags:
                reasons = [r.removeprefix("stale: ") for r in s.reasons]
                head += f" — **{'/'.join(flags)}**, not used: " + "; ".join(reasons)
            lines.append(head)
        if self.disagreements:
            lines += ["", "Sources disagree on:"]
            for d in self.disagreements[:max_disagreements]:
                vals = " vs ".join(
                    f"{v} {''.join(f'[{i + 1}]' for i in src)}" for v, src in d.values
                )
                lines.append(f"- {d.about}: {vals}")
        return lines

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def analyze_cluster(cluster: Cluster) -> Analysis:
    """Analyse a prepared cluster (see :meth:`storybrief.Summarizer.prepare`)."""
    quality = assess_documents(cluster)
    dating = date_documents(cluster)
    texts = cluster_texts(cluster)
    quotes = cluster_quotes(cluster, texts)
    disagreements = find_disagreements(cluster, quotes)
    sources = []
    for q, d in zip(quality, dating, strict=True):
        sources.append(
            SourceVerdict(
                index=q.index,
                relevance=q.relevance,
                junk=q.junk,
                stale=d.stale,
                date=d.iso,
                reasons=[*q.reasons, *(f"stale: {r}" for r in d.reasons)],
                quality=q,
                dating=d,
            )
        )
    current = [d for d in dating if not d.stale]
    center = cluster_date([d for d in current if d.precision == "day"] or current)
    return Analysis(
        sources,
        quotes,
        disagreements,
        cluster_date=center.isoformat() if center else None,
        cluster=cluster,
    )


__all__ = ["Analysis", "SourceVerdict", "analyze_cluster"]
