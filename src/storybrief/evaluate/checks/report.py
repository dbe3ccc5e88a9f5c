"""Many summaries' checks summed: :class:`ChecksReport` and :func:`aggregate`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from storybrief.evaluate.checks.rules import EDITOR_KINDS, JUNK_KINDS, KINDS
from storybrief.evaluate.checks.summary import SummaryChecks


@dataclass
class ChecksReport:
    """The checks summed over many summaries (one method, many clusters)."""

    summaries: int = 0
    nonempty: int = 0
    sentences: int = 0
    junk_summaries: int = 0
    dangling_sentences: int = 0
    dangling_summaries: int = 0
    repeat_summaries: int = 0
    unintroduced_summaries: int = 0
    lead_openings: int = 0
    citations: int = 0
    citations_verified: int = 0
    counts: Counter = field(default_factory=Counter)  # findings per kind
    junk_summaries_no_glued: int = 0  # the baseline definition (before "glued")
    editor: Counter = field(default_factory=Counter)  # defects per grader kind, summed
    paraphrased: int = 0  # sentences cited to an article that holds them reworded (no defect)

    def add(self, checks: SummaryChecks) -> None:
        self.summaries += 1
        self.sentences += len(checks.sentences)
        if checks.sentences:
            self.nonempty += 1
        kinds = {f.kind for f in checks.findings}
        self.junk_summaries += checks.junk
        self.junk_summaries_no_glued += bool(kinds & (set(JUNK_KINDS) - {"glued"}))
        self.dangling_sentences += checks.dangling
        self.dangling_summaries += checks.dangling > 0
        self.repeat_summaries += checks.has_repeat
        self.unintroduced_summaries += "unintroduced" in kinds
        self.lead_openings += bool(checks.lead_opening)
        self.citations += checks.citations
        self.citations_verified += checks.citations_verified
        self.editor.update(checks.editor_counts())
        self.paraphrased += checks.paraphrased()
        # a sentence flagged twice for one kind counts once
        for kind in KINDS:
            self.counts[kind] += (
                len(checks.flagged(kind)) if kind != "unverified" else len(checks.of_kind(kind))
            )

    @staticmethod
    def _share(n: int, d: int) -> float:
        return 100.0 * n / d if d else float("nan")

    @property
    def junk_share(self) -> float:
        """% of summaries with any furniture, fragment, glued, over-long or dateline sentence."""
        return self._share(self.junk_summaries, self.summaries)

    @property
    def dangling_share(self) -> float:
        """% of sentences with a dangling opener."""
        return self._share(self.dangling_sentences, self.sentences)

    @property
    def dangling_summary_share(self) -> float:
        return self._share(self.dangling_summaries, self.summaries)

    @property
    def repeat_share(self) -> float:
        """% of summaries where one sentence repeats another."""
        return self._share(self.repeat_summaries, self.summaries)

    @property
    def lead_share(self) -> float:
        """% of non-empty summaries opening with one of an article's first sentences."""
        return self._share(self.lead_openings, self.nonempty)

    @property
    def citation_share(self) -> float:
        """% of citations whose sentence occurs in the cited document."""
        return self._share(self.citations_verified, self.citations)

    def per_digest(self) -> dict[str, float]:
        """Mean defects per summary in the graders' kinds (:data:`EDITOR_KINDS`)."""
        n = self.summaries
        return {k: round(self.editor.get(k, 0) / n, 3) if n else 0.0 for k in EDITOR_KINDS}

    def to_dict(self) -> dict[str, Any]:
        def r(x: float) -> float | None:
            return None if x != x else round(x, 1)

        return {
            "summaries": self.summaries,
            "sentences": self.sentences,
            "junk_summaries_pct": r(self.junk_share),
            "junk_summaries_no_glued_pct": r(
                self._share(self.junk_summaries_no_glued, self.summaries)
            ),
            "dangling_sentences_pct": r(self.dangling_share),
            "dangling_summaries_pct": r(self.dangling_summary_share),
            "repeat_summaries_pct": r(self.repeat_share),
            "unintroduced_summaries_pct": r(
                self._share(self.unintroduced_summaries, self.summaries)
            ),
            "lead_opening_pct": r(self.lead_share),
            "citations": self.citations,
            "citations_verified_pct": r(self.citation_share),
            "counts": {k: self.counts.get(k, 0) for k in KINDS},
            "per_digest": self.per_digest(),
            "paraphrased_per_digest": round(self.paraphrased / self.summaries, 3)
            if self.summaries
            else 0.0,
        }


def aggregate(checks: Iterable[SummaryChecks]) -> ChecksReport:
    """Sum the checks of many summaries."""
    report = ChecksReport()
    for c in checks:
        report.add(c)
    return report
