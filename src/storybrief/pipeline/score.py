"""Stage 4, score: salience of each unit of content, by a method chosen with ``--method``.

Every scorer maps :class:`UnitFeatures` to one float per unit (higher = more salient); the
selector turns scores into a budgeted, non-redundant summary, so a new method (such as the
learned one) only has to implement :meth:`Scorer.score`.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from storybrief.errors import OptionError
from storybrief.pipeline.features import UnitFeatures, scale01
from storybrief.pipeline.learned import LearnedScorer


class Scorer(Protocol):
    name: str
    description: str

    def score(self, features: UnitFeatures) -> np.ndarray: ...


class LeadScorer:
    name = "lead"
    description = "round-robin lead: first sentences of every article, then second, ..."

    def score(self, features: UnitFeatures) -> np.ndarray:
        # position first; among equal positions, units carried by more articles first.
        pos = features.column("position")
        support = features.column("support_docs")
        return -pos + 0.01 * support / (1.0 + support.max(initial=0))


class LexRankScorer:
    name = "lexrank"
    description = "continuous LexRank centrality over the TF-IDF cosine graph"

    def score(self, features: UnitFeatures) -> np.ndarray:
        return features.column("lexrank")


class CentroidScorer:
    name = "centroid"
    description = "cosine similarity to the cluster's TF-IDF centroid (Radev et al. 2004)"

    def score(self, features: UnitFeatures) -> np.ndarray:
        return features.column("centroid_sim")


class HybridScorer:
    """Hand-weighted blend of centrality, position and cross-document support.

    Weights were set on a sample of the Multi-News *train* split (see BENCHMARKS.md); the
    learned scorer (``learned.py``) supersedes this as the default.
    """

    name = "hybrid"
    description = "blend of centroid similarity, LexRank, lead position and source support"

    def __init__(self, w_centroid=0.45, w_lexrank=0.15, w_position=0.3, w_support=0.1):
        self.weights = (w_centroid, w_lexrank, w_position, w_support)

    def score(self, features: UnitFeatures) -> np.ndarray:
        wc, wl, wp, ws = self.weights
        pos = features.column("position")
        return (
            wc * scale01(features.column("centroid_sim"))
            + wl * scale01(features.column("lexrank"))
            + wp / np.sqrt(1.0 + pos)
            + ws * features.column("support_frac")
        )


SCORERS: dict[str, type] = {
    "learned": LearnedScorer,
    "lead": LeadScorer,
    "lexrank": LexRankScorer,
    "centroid": CentroidScorer,
    "hybrid": HybridScorer,
}
DEFAULT_METHOD = "learned"


def available_methods() -> list[str]:
    return ["default", *SCORERS]


def resolve_method(method: str) -> str:
    name = DEFAULT_METHOD if method in ("default", "", None) else method
    if name not in SCORERS:
        raise OptionError(
            f"unknown method {method!r}; choose one of: {', '.join(available_methods())}"
        )
    return name


def get_scorer(method: str) -> Scorer:
    return SCORERS[resolve_method(method)]()
