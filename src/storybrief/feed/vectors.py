"""Article vectors for story clustering: TF-IDF over words with background weights.

Terms are the words of :func:`storybrief.feed.terms.terms` (title and full text: the lines
the cleaner drops as captions or subheads name people and places too), identified by their
CRC-32 so a vector is two small arrays; weights are sublinear term frequency times the
background idf of :mod:`storybrief.feed.idf`.  Only an article's
:data:`MAX_TERMS` heaviest terms are kept: they carry its story (names, places, the event's
words), the tail is noise, and it bounds memory per article.  Weights are rounded to float32
once, so a vector read back from the store is bit for bit the one computed at arrival -- a
restarted ingest continues from exactly the state a clean run would have.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np

from storybrief.feed.idf import idf_table
from storybrief.feed.terms import terms as text_terms

MAX_TERMS = 100
"""Terms kept per article vector."""

MAX_DF_SHARE = 0.1
"""Terms found in more than this share of the background documents ("people", "year", "new")
are left out: they say nothing about which story an article tells (on the development
streams B-cubed F1 moves by at most 0.001 without them), and they would make every open story a
candidate for every article."""


@dataclass(frozen=True)
class Vector:
    """A sparse unit vector: term ids ascending, float32 weights."""

    terms: np.ndarray  # uint32, ascending
    weights: np.ndarray  # float32, L2 norm 1 (or all zero)

    def to_bytes(self) -> bytes:
        return self.terms.astype("<u4").tobytes() + self.weights.astype("<f4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Vector:
        n = len(data) // 8
        terms = np.frombuffer(data, dtype="<u4", count=n).astype(np.uint32)
        weights = np.frombuffer(data, dtype="<f4", count=n, offset=4 * n).astype(np.float32)
        return cls(terms, weights)

    def dot(self, other: Vector) -> float:
        common, i, j = np.intersect1d(self.terms, other.terms, True, True)
        if not len(common):
            return 0.0
        return float(np.dot(self.weights[i].astype(np.float64), other.weights[j]))

    def __len__(self) -> int:
        return len(self.terms)


def _idf_floor() -> float:
    """The idf of a term in :data:`MAX_DF_SHARE` of the background documents."""
    from storybrief.feed.idf import n_documents

    n = n_documents()
    return math.log((1.0 + n) / (1.0 + MAX_DF_SHARE * n)) + 1.0


def term_id(term: str) -> int:
    return zlib.crc32(term.encode("utf-8"))


def article_vector(text: str, max_terms: int = MAX_TERMS) -> Vector:
    """The vector of an article's text (the caller puts the title first)."""
    idf, unseen = idf_table()
    floor = _idf_floor()
    counts = Counter(text_terms(text))
    if not counts:
        return Vector(np.zeros(0, np.uint32), np.zeros(0, np.float32))
    log = math.log
    scored = []
    for term, c in counts.items():
        weight = idf.get(term, unseen)
        if weight >= floor:
            scored.append(((1.0 + log(c)) * weight, term))
    if len(scored) > max_terms:  # only the heaviest need an id (ties at the cut kept)
        scored.sort(key=lambda x: -x[0])
        cut = scored[max_terms - 1][0]
        scored = [x for x in scored if x[0] >= cut]
    ids: dict[int, float] = {}
    for w, term in scored:
        tid = term_id(term)
        ids[tid] = ids.get(tid, 0.0) + w  # a CRC collision merges two terms (rare, harmless)
    items = sorted(ids.items(), key=lambda kv: (-kv[1], kv[0]))[:max_terms]
    return unit_vector(items)


def unit_vector(items: list[tuple[int, float]]) -> Vector:
    """The vector of (term id, weight) pairs, sorted by term id and scaled to unit length."""
    items = sorted(items)
    terms = np.array([t for t, _ in items], dtype=np.uint32)
    weights = np.array([w for _, w in items], dtype=np.float64)
    norm = float(np.sqrt(np.dot(weights, weights)))
    if norm > 0:
        weights /= norm
    return Vector(terms, weights.astype(np.float32))
