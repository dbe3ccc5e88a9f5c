"""Stage 5, select: choose units under the length budget, with explicit redundancy control.

Greedy maximal marginal relevance (Carbonell & Goldstein 1998) under a knapsack budget:
at each step take the unit maximising ``lambda * salience - (1 - lambda) * max cosine to the
units already chosen`` among those that still fit.  A unit whose cosine to a chosen one reaches
``redundancy`` is never taken (no fact stated twice).  The budget is enforced here and only
here: the summary never exceeds ``max_words`` whitespace words nor ``max_sentences`` sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storybrief.pipeline.features import UnitFeatures

MIN_SENTENCE_WORDS = 6
MAX_SENTENCE_WORDS = 70


@dataclass(frozen=True)
class SelectionOptions:
    max_words: int = 150
    max_sentences: int | None = None
    mmr_lambda: float = 0.7
    redundancy: float = 0.5
    # Salience multiplier for a sentence opening with a pronoun or connective ("He said",
    # "But ...") whose antecedent would be missing; such sentences are kept only when better
    # ones are not available.
    dangling_penalty: float = 0.6
    question_penalty: float = 0.5
    # Length policy: stop filling at this many words (a method's tuned target below the cap,
    # since ROUGE F1 punishes long summaries too); ``max_words`` stays the hard cap.
    target_words: int | None = None
    # Sentences outside [min_sentence_words, max_sentence_words] only fill in (see select).
    min_sentence_words: int = MIN_SENTENCE_WORDS
    max_sentence_words: int = MAX_SENTENCE_WORDS


def _normalise(scores: np.ndarray) -> np.ndarray:
    lo, hi = float(scores.min()), float(scores.max())
    if hi - lo < 1e-12:
        return np.ones_like(scores)
    return (scores - lo) / (hi - lo)


def select(
    features: UnitFeatures,
    scores: np.ndarray,
    options: SelectionOptions,
    allowed: np.ndarray | None = None,
) -> list[int]:
    """Indices of the chosen units, in the order they were chosen.  ``allowed`` (a boolean
    mask over units) restricts the choice, e.g. to units of trusted documents."""
    n = len(scores)
    if n == 0 or options.max_words < 1:
        return []
    lengths = features.column("n_words").astype(int)
    rel = _normalise(np.asarray(scores, dtype=np.float64))
    rel = np.where(features.column("pronoun_start") > 0, rel * options.dangling_penalty, rel)
    rel = np.where(features.column("is_question") > 0, rel * options.question_penalty, rel)

    # Sentences of ordinary length are preferred; fragments and run-ons only fill in when
    # nothing else fits (e.g. a 10-word budget).
    ordinary = (lengths >= options.min_sentence_words) & (lengths <= options.max_sentence_words)
    rel = np.where(ordinary, rel, rel - 1.0)

    matrix = features.unit_matrix
    max_sim = np.zeros(n)
    available = np.ones(n, dtype=bool) if allowed is None else np.asarray(allowed, bool).copy()
    chosen: list[int] = []
    budget = options.max_words
    if options.target_words is not None:
        budget = max(1, min(budget, options.target_words))
    limit = options.max_sentences if options.max_sentences is not None else n
    lam = options.mmr_lambda
    while len(chosen) < limit:
        fits = available & (lengths <= budget) & (max_sim < options.redundancy)
        if not fits.any():
            break
        gain = np.where(fits, lam * rel - (1.0 - lam) * max_sim, -np.inf)
        best = int(np.argmax(gain))  # argmax takes the first maximum: deterministic
        chosen.append(best)
        available[best] = False
        budget -= int(lengths[best])
        sims = (matrix @ matrix[best].T).toarray().ravel()
        np.maximum(max_sim, sims, out=max_sim)
    return chosen
