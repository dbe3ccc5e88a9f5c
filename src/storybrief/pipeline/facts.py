"""Each fact once (issue 17): whether two sentences state the same fact, and which to keep.

Two digest candidates from different articles often tell the same fact in other words ("Furious
7 will cross $1 billion on Friday" / "Furious 7 just grossed a billion dollars").  The
selector's rules (shared content words, dense-embedding cosine 0.7) catch the close copies;
:func:`same_fact_probability` adds a small learned model over four numbers of the pair -- the
WordLlama cosine, the Jaccard overlap of their content stems and the two containments (the
share of each one's stems found in the other) -- a logistic regression fitted to 153 pairs of
sentences from different articles of 60 development clusters (``validation_raw`` outside the
blind-graded round-3 clusters), each labelled by reading ("would an editor call the second a
repeat of the first?").  ``benchmarks/fact_pairs.py`` rebuilds the pairs, refits the model and
reports how the embedding models compare on them (see BENCHMARKS.md, "Editor-grade digests").

When a chosen sentence blocks another as the same fact, the digest keeps one and cites both:
the blocked sentence's articles are listed with the kept one (``similar``, "also [n]"), and
the kept one is the better: attributed to a named source where the other is not, else the
longer (:func:`better`).
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp

SAME_FACT_WEIGHTS = np.array([1.734, 1.584, 2.663, 1.905])
"""Logistic weights of (cosine, Jaccard, larger containment, smaller containment)."""
SAME_FACT_BIAS = -2.967
SAME_FACT_THRESHOLD = 0.5
"""Probability at which two sentences are one fact (cross-validated on the labelled pairs:
precision 0.82, recall 0.70 alone; with the selector's older rules, recall 0.64 -> 0.73 at
the same precision, 0.79).  Blocking a different but related fact costs a little coverage;
citing an article for a fact it does not state would be wrong, so citing takes more:"""
SAME_FACT_OPENER = 0.35
"""Probability at which a sentence repeats the *opener* (issue 17, second pass).  The opener
states the main event, and every article's lead restates it in its own words ("sentenced a
retired Green Beret to lock-up" / "sentenced veteran Joseph Serna to spend one night in
jail"): graders of development digests counted such pairs as repeats at p = 0.36-0.49, below
the general threshold.  Against the opener a lower bar costs little: a second lead that adds
a fact is usually also found in a later sentence of some article."""
SAME_FACT_CITED = 0.75
"""Probability at which a blocked sentence's articles are cited with the kept one, and the
better of the two may replace it (cross-validated precision about 0.9)."""


def same_fact_probability(
    cosine: np.ndarray, shared: np.ndarray, n_words: np.ndarray, n_u: float
) -> np.ndarray:
    """P(same fact) of one sentence ``u`` against every unit: ``cosine`` their embedding
    cosines to ``u``, ``shared`` the content stems they share with ``u``, ``n_words`` their
    numbers of content stems and ``n_u`` u's."""
    union = np.maximum(n_words + n_u - shared, 1.0)
    inside = shared / np.maximum(n_words, 1.0)
    covers = shared / np.maximum(n_u, 1.0)
    x = (
        SAME_FACT_WEIGHTS[0] * cosine
        + SAME_FACT_WEIGHTS[1] * (shared / union)
        + SAME_FACT_WEIGHTS[2] * np.maximum(inside, covers)
        + SAME_FACT_WEIGHTS[3] * np.minimum(inside, covers)
        + SAME_FACT_BIAS
    )
    return 1.0 / (1.0 + np.exp(-x))


_ATTRIBUTED = re.compile(
    r"\b(?:said|says|told|according to|announced|confirmed|reported|wrote|testified|"
    r"stated|added|explained|tweeted)\b"
)


def attributed(text: str) -> bool:
    """The sentence names where its claim comes from (a speech verb or "according to")."""
    return _ATTRIBUTED.search(text) is not None


def better(a_text: str, b_text: str) -> bool:
    """Whether ``b`` is the better of two sentences stating one fact: attributed where ``a``
    is not, or as well attributed and longer."""
    att_a, att_b = attributed(a_text), attributed(b_text)
    if att_a != att_b:
        return att_b
    return len(b_text.split()) > len(a_text.split())


def corroborated(
    embeddings: np.ndarray, words: sp.csr_matrix, candidates: np.ndarray, support: np.ndarray
) -> np.ndarray:
    """For each unit, whether it is a ``candidates`` unit that states the same fact
    (:func:`same_fact_probability` >= :data:`SAME_FACT_THRESHOLD`) as some ``support`` unit:
    a column's or round-up's sentence that a news article reports too.  ``words`` is the
    units' binary content-stem matrix."""
    out = np.zeros(len(candidates), dtype=bool)
    c, n = np.flatnonzero(candidates), np.flatnonzero(support)
    if not len(c) or not len(n):
        return out
    cosine = embeddings[c] @ embeddings[n].T
    shared = (words[c] @ words[n].T).toarray()
    n_words = np.asarray(words.sum(axis=1)).ravel()
    p = same_fact_probability(cosine, shared, n_words[n][None, :], n_words[c][:, None])
    out[c] = (p >= SAME_FACT_THRESHOLD).any(axis=1)
    return out
