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

from storybrief.analysis.dates import DatedValue, DocumentDate, date_documents, story_date
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
    reasons: list[str] = field(default_factory=list)
    quality: DocumentQuality | None = None
    dating: DocumentDate | None = None
    stale_strength: str | None = None  # "strong" (left out) or "weak" (marked, kept)

    @property
    def date(self) -> str | None:
        """The document's own date at the precision it is known ("2015-11-03", "2015-11")."""
        return self.dating.iso if self.dating else None

    @property
    def excluded(self) -> bool:
        """Left out of the summary: junk, or stale on strong evidence."""
        return self.junk or (self.stale and self.stale_strength == "strong")

    @property
    def flagged(self) -> bool:
        """Marked in the output: junk or stale (strong or weak)."""
        return self.junk or self.stale

    def to_dict(self) -> dict[str, Any]:
        own = self.dating.own if self.dating else DatedValue()
        return {
            "index": self.index,
            "relevance": round(float(self.relevance), 4),
            "junk": self.junk,
            "stale": self.stale,
            "stale_evidence": self.stale_strength,
            "excluded": self.excluded,
            "date": own.to_dict(),
            "reasons": list(self.reasons),
        }


@dataclass
class Analysis:
    """Source analysis of one cluster: ``sources``, ``quotes``, ``disagreements``.

    The verdicts on the sources (junk, dates, stale) are computed at once: the summary needs
    them to choose its sentences.  Quotes and disagreements are only shown, so they are
    computed on first use (a plain-text summary, a batch run or an evaluation never asks,
    and they are two thirds of the analysis's time)."""

    sources: list[SourceVerdict]
    story: DatedValue = field(default_factory=DatedValue)
    cluster: Cluster | None = None
    _quotes: list[MergedQuote] | None = field(default=None, repr=False)
    _disagreements: list[Disagreement] | None = field(default=None, repr=False)

    @property
    def quotes(self) -> list[MergedQuote]:
        if self._quotes is None:
            self._quotes = (
                cluster_quotes(self.cluster, cluster_texts(self.cluster)) if self.cluster else []
            )
        return self._quotes

    @property
    def disagreements(self) -> list[Disagreement]:
        if self._disagreements is None:
            self._disagreements = find_disagreements(self.cluster) if self.cluster else []
        return self._disagreements

    @property
    def cluster_date(self) -> str | None:
        """The story's date at its precision ("2015-11-03", "2015-11"), None when unknown."""
        return self.story.shown

    @property
    def junk(self) -> list[int]:
        return [s.index for s in self.sources if s.junk]

    @property
    def stale(self) -> list[int]:
        return [s.index for s in self.sources if s.stale]

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster_date": self.story.to_dict(),
            "sources": [s.to_dict() for s in self.sources],
            "quotes": [q.to_dict() for q in self.quotes],
            "disagreements": [d.to_dict() for d in self.disagreements],
        }

    def markdown_lines(self, max_disagreements: int = 5) -> list[str]:
        """The short "Source analysis" section of the Markdown output."""
        if not self.sources:
            return []
        story = self.story
        when = (
            f" (story dated {story.shown}, from {_story_evidence(story)})"
            if story.shown
            else " (story date unknown)"
        )
        lines = ["", f"**Source analysis**{when}", ""]
        for s in self.sources:
            date = s.date or "no date found"
            head = f"- [{s.index + 1}] {date}, relevance {s.relevance:.2f}"
            reasons = [r.removeprefix("stale: ") for r in s.reasons]
            if s.excluded:
                flags = "/".join(f for f, on in (("junk", s.junk), ("stale", s.stale)) if on)
                head += f" — **{flags}**, not used: " + "; ".join(reasons)
            elif s.stale:
                head += " — possibly stale, still used: " + "; ".join(reasons)
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


def _story_evidence(story: DatedValue) -> str:
    parts = [f'[{e.doc + 1}] "{e.evidence.text}"' for e in story.evidence[:3]]
    return ", ".join(parts)


def analyze_cluster(cluster: Cluster) -> Analysis:
    """Analyse a prepared cluster (see :meth:`storybrief.Summarizer.prepare`)."""
    quality = assess_documents(cluster)
    dating = date_documents(cluster, junk=[q.junk for q in quality])
    sources = []
    for q, d in zip(quality, dating, strict=True):
        sources.append(
            SourceVerdict(
                index=q.index,
                relevance=q.relevance,
                junk=q.junk,
                stale=d.stale,
                reasons=[*q.reasons, *(f"stale: {r}" for r in d.reasons)],
                quality=q,
                dating=d,
                stale_strength=d.stale_strength,
            )
        )
    skip = {d.index for d in dating if d.stale} | {q.index for q in quality if q.junk}
    return Analysis(sources, story=story_date(dating, skip), cluster=cluster)


__all__ = ["Analysis", "SourceVerdict", "analyze_cluster"]
