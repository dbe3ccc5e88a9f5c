"""Each fact once (issue 17): whether two sentences state the same fact, and which to keep.

Two digest candidates from different articles often tell the same fact in other words ("Furious
7 will cross $1 billion on Friday" / "Furious 7 just grossed a billion dollars").  The
selector's rules (shared content words, dense-embedding cosine 0.7) catch the close copies;
a :class:`FactModel` adds a small learned model over eight numbers of the pair
(:func:`pair_features`: the WordLlama cosine, overlaps of their content stems, their figures),
a logistic regression learned from Multi-News *train* (``python -m storybrief.train_facts``:
sentences of different articles aligned to one sentence of the editors' summary are one fact,
aligned to two are two), shipped as ``models/facts-v1.npz``.  The first model,
:data:`HAND_LABELLED`, was fitted to 153 pairs of development sentences each labelled by
reading; ``benchmarks/fact_pairs.py`` tests both on those pairs (for the learned one a
held-out test) and compares embedding models on them (see BENCHMARKS.md).

When a chosen sentence blocks another as the same fact, the digest keeps one and cites both:
the blocked sentence's articles are listed with the kept one (``similar``, "also [n]"), and
the kept one is the better: attributed to a named source where the other is not, else the
longer (:func:`better`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

FACT_FEATURES = (
    "cosine",
    "jaccard",
    "containment_max",
    "containment_min",
    "length_ratio",
    "log_shared",
    "figure_shared",
    "figure_conflict",
)
"""What the learned same-fact model reads of a pair: the WordLlama cosine; the Jaccard overlap
of their content stems and the two containments (the share of each one's stems found in the
other, larger first); the ratio of their numbers of stems (a short sentence inside a long one
is rarely the same fact); how many stems they share (log 1 + n); whether they state a figure
in common; whether both state figures and none in common ("3 dead" / "5 dead").  Capitalised
names are left out on purpose: the training form of Multi-News is lower-cased."""

FACT_MODEL = "facts-v1"
_MODEL_DIR = Path(__file__).resolve().parents[1] / "models"


@dataclass(frozen=True)
class FactModel:
    """A logistic regression over :data:`FACT_FEATURES` (or the first four of them) and the
    probabilities at which the selector acts on it."""

    weights: np.ndarray
    bias: float
    threshold: float
    """P at which two sentences are one fact: a unit this close to a chosen one is blocked."""
    opener: float
    """P at which a sentence repeats the *opener* (issue 17, second pass).  The opener states
    the main event, and every article's lead restates it in its own words ("sentenced a
    retired Green Beret to lock-up" / "sentenced veteran Joseph Serna to spend one night in
    jail"): a lower bar against it costs little, as a second lead that adds a fact is usually
    also found in a later sentence of some article."""
    cited: float
    """P at which a blocked sentence's articles are cited with the kept one, and the better of
    the two may replace it: citing an article for a fact it does not state would be wrong, so
    citing takes more than blocking."""

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(same fact) of each row of ``features`` (the last axis: :data:`FACT_FEATURES`)."""
        x = features[..., : len(self.weights)] @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-x))


HAND_LABELLED = FactModel(
    weights=np.array([1.734, 1.584, 2.663, 1.905]),
    bias=-2.967,
    threshold=0.5,
    opener=0.35,
    cited=0.75,
)
"""The first model (issue 17): four numbers, fitted to 153 pairs of sentences from different
articles of 60 development clusters, each labelled by reading.  At p = 0.5 cross-validated
precision 0.82, recall 0.70; graders counted opener repeats at p = 0.36-0.49, hence the
opener's lower bar; citing at 0.75 had cross-validated precision about 0.9.  Kept for
comparison (``SelectionOptions(fact_model="hand-labelled")``) and for
:func:`corroborated`, whose caller has no sentence texts to read figures from."""


@lru_cache(maxsize=4)
def load_fact_model(name: str = FACT_MODEL) -> FactModel:
    """A model from ``models/NAME.npz`` (written by ``python -m storybrief.train_facts``), or
    ``"hand-labelled"``: :data:`HAND_LABELLED`."""
    if name == "hand-labelled":
        return HAND_LABELLED
    with np.load(_MODEL_DIR / f"{name}.npz") as z:
        return FactModel(
            weights=z["weights"],
            bias=float(z["bias"]),
            threshold=float(z["threshold"]),
            opener=float(z["opener"]),
            cited=float(z["cited"]),
        )


_FIGURE = re.compile(r"\d[\d,.]*\d|\d")


def figures(text: str) -> set[str]:
    """The figures a text states ("$135,000" -> "135000", "3.5"), commas dropped."""
    return {f.replace(",", "").rstrip(".") for f in _FIGURE.findall(text)}


def figure_matrix(texts: list[str]) -> sp.csr_matrix:
    """Binary units x figures matrix: which figures each text states."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, t in enumerate(texts):
        for f in figures(t):
            rows.append(i)
            cols.append(vocab.setdefault(f, len(vocab)))
    data = np.ones(len(rows))
    return sp.csr_matrix((data, (rows, cols)), shape=(len(texts), max(len(vocab), 1)))


def pair_features(
    cosine: np.ndarray,
    shared: np.ndarray,
    n_words: np.ndarray,
    n_u: float | np.ndarray,
    shared_figures: np.ndarray | float = 0.0,
    n_figures: np.ndarray | float = 0.0,
    n_figures_u: np.ndarray | float = 0.0,
) -> np.ndarray:
    """:data:`FACT_FEATURES` of sentence ``u`` against every unit (the last axis): ``cosine``
    their embedding cosines to ``u``, ``shared`` the content stems they share with ``u``,
    ``n_words`` their numbers of content stems and ``n_u`` u's; likewise the figures they
    share with ``u``, their numbers of figures and u's (left 0 where no text is known)."""
    n_words = np.maximum(n_words, 1.0)
    n_u = np.maximum(n_u, 1.0)
    union = np.maximum(n_words + n_u - shared, 1.0)
    inside = shared / n_words
    covers = shared / n_u
    both = (np.asarray(n_figures) > 0) & (np.asarray(n_figures_u) > 0)
    columns = np.broadcast_arrays(
        cosine,
        shared / union,
        np.maximum(inside, covers),
        np.minimum(inside, covers),
        np.minimum(n_words, n_u) / np.maximum(n_words, n_u),
        np.log1p(shared),
        (np.asarray(shared_figures) > 0).astype(float),
        (both & (np.asarray(shared_figures) == 0)).astype(float),
    )
    return np.stack(columns, axis=-1)


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
    (:data:`HAND_LABELLED` at its threshold) as some ``support`` unit:
    a column's or round-up's sentence that a news article reports too.  ``words`` is the
    units' binary content-stem matrix."""
    out = np.zeros(len(candidates), dtype=bool)
    c, n = np.flatnonzero(candidates), np.flatnonzero(support)
    if not len(c) or not len(n):
        return out
    cosine = embeddings[c] @ embeddings[n].T
    shared = (words[c] @ words[n].T).toarray()
    n_words = np.asarray(words.sum(axis=1)).ravel()
    p = HAND_LABELLED.probability(
        pair_features(cosine, shared, n_words[n][None, :], n_words[c][:, None])
    )
    out[c] = (p >= HAND_LABELLED.threshold).any(axis=1)
    return out
