"""Conflict evidence for the learned linker: what an article and an open story share, and
where they disagree, read from term ids alone.

An article's vector holds only CRC-32 ids of its heaviest terms, and a store is reloaded from
those vectors, so every feature here is computed from ids, through fixed tables built once:

* **marked terms** (:func:`marks`): years (1900-2040), other numbers of two to four digits
  ("23 pirates", "26 pirates"), month names ("last March": a date written in the text when
  there is no publication date) and place names of :data:`storybrief.text.lexicon.PLACES`.
  Two texts that both name a number, a month or a place and share none of them are likely
  two events of one kind;
* **specific terms** (:func:`specific`): terms rare in the background collection (idf at
  least :data:`SPECIFIC_IDF`, or not in it at all).  Names of people, places and
  organisations are most of them (the background text is lower-cased, so case cannot say
  which are names).  Two events of one kind share the generic words of that kind
  ("earthquake", "magnitude", "pirates") but not the names of who, where and which: the
  cosine is split into its specific and generic parts, and the share of the article's
  specific weight the story holds is a feature of its own.
"""

from __future__ import annotations

import zlib
from functools import cache

import numpy as np

from storybrief.text.lexicon import PLACES
from storybrief.text.words import MONTH_NAMES

YEAR, NUMBER, MONTH, PLACE = 1, 2, 3, 4
KINDS = {YEAR: "year", NUMBER: "number", MONTH: "month", PLACE: "place"}

SPECIFIC_IDF = 8.0
"""Terms with at least this background idf (in fewer than about 1 in 400 background
documents), or unseen there, are specific: "sukanya", "wasilla", "teixeira", not "navy"."""


def _crc(term: str) -> int:
    return zlib.crc32(term.encode("utf-8"))


@cache
def mark_table() -> dict[int, int]:
    """Term id -> kind, for every marked term."""
    table: dict[int, int] = {}
    for n in range(10, 10_000):
        table[_crc(str(n))] = YEAR if 1900 <= n <= 2040 else NUMBER
    for m in MONTH_NAMES:
        table[_crc(m)] = MONTH
    for p in PLACES:
        if " " not in p:  # a term is one word; "north carolina" is two
            table.setdefault(_crc(p), PLACE)
    return table


def marks(terms: np.ndarray) -> dict[int, int]:
    """The marked terms among a vector's term ids: ``{term id: kind}``."""
    table = mark_table()
    return {t: table[t] for t in terms.tolist() if t in table}


@cache
def _specific_ids() -> frozenset[int]:
    """Ids of background terms that are *not* specific (idf below :data:`SPECIFIC_IDF`);
    everything else, the unseen included, is."""
    from storybrief.feed.idf import idf_table

    idf, _ = idf_table()
    return frozenset(_crc(t) for t, w in idf.items() if w < SPECIFIC_IDF)


def specific(terms: np.ndarray) -> np.ndarray:
    """A boolean per term id: is it specific?"""
    common = _specific_ids()
    table = mark_table()
    # marked terms have features of their own; a number is not a name
    return np.array([t not in common and t not in table for t in terms.tolist()], dtype=bool)


CONFLICT_FEATURES = (
    "specific part of the centroid cosine",
    "generic part of the centroid cosine",
    "share of the article's specific weight the story holds",
    "share of the article's weight that is specific",
    "share of the article's 10 heaviest terms the story holds",
    "share of the best member's specific weight the article holds",
    "article names a number",
    "share of the article's numbers the story names",
    "numbers conflict",
    "share of the article's months the story names",
    "months conflict",
    "share of the article's places the story names",
    "places conflict",
)

MONOTONE = (1, 1, 1, 0, 1, 1, 0, 1, -1, 1, -1, 1, -1)
"""+1: the join probability never falls as the feature rises; -1: never rises."""


def _share_and_conflict(article: set[int], story: dict[int, int]) -> tuple[float, float]:
    if not article:
        return 0.0, 0.0
    shared = sum(1 for t in article if t in story)
    return shared / len(article), float(bool(story) and shared == 0)


class ArticleEvidence:
    """What is computed once per arriving article, for all its candidates."""

    def __init__(self, terms: np.ndarray, weights: np.ndarray):
        self.terms = terms.tolist()
        self.weights = weights.astype(np.float64)
        self.specific = specific(terms)
        w2 = self.weights * self.weights
        self.specific_mass = float(w2[self.specific].sum())
        self.heaviest = [self.terms[i] for i in np.argsort(-self.weights, kind="stable")[:10]]
        kinds = marks(terms)
        self.by_kind = {k: {t for t, kk in kinds.items() if kk == k} for k in KINDS}
        self.specific_ids = {
            t for t, s in zip(self.terms, self.specific.tolist(), strict=True) if s
        }

    def row(
        self,
        centroid: list[float],
        norm: float,
        story_marks: dict[int, int],
        best_member: tuple[np.ndarray, np.ndarray] | None,
    ) -> tuple[float, ...]:
        """``centroid``: the story's summed weight for each of the article's terms (0 where
        it has none), ``norm`` the centroid's length; ``story_marks``: marked term ids the
        story's articles name, with counts; ``best_member``: the terms and weights of the
        story's member most similar to the article."""
        c = np.asarray(centroid, dtype=np.float64)
        parts = self.weights * c / norm if norm > 0 else np.zeros_like(c)
        spec_cos = float(parts[self.specific].sum())
        gen_cos = float(parts[~self.specific].sum())
        held = c > 0
        w2 = self.weights * self.weights
        held_specific = (
            float(w2[self.specific & held].sum()) / self.specific_mass
            if self.specific_mass > 0
            else 0.0
        )
        total = float(w2.sum())
        present = set(np.asarray(self.terms)[held].tolist()) if len(self.terms) else set()
        top = (
            sum(1 for t in self.heaviest if t in present) / len(self.heaviest)
            if self.heaviest
            else 0.0
        )
        member = 0.0
        if best_member is not None:
            m_terms, m_weights = best_member
            m_spec = specific(m_terms)
            m2 = m_weights.astype(np.float64) ** 2
            mass = float(m2[m_spec].sum())
            if mass > 0:
                mine = self.specific_ids
                inside = np.array([t in mine for t in m_terms.tolist()], dtype=bool)
                member = float(m2[m_spec & inside].sum()) / mass
        numbers = self.by_kind[NUMBER]
        story_by = {k: {} for k in KINDS}
        for t, n in story_marks.items():
            story_by[mark_table()[t]][t] = n
        n_share, n_conf = _share_and_conflict(numbers, story_by[NUMBER])
        m_share, m_conf = _share_and_conflict(self.by_kind[MONTH], story_by[MONTH])
        p_share, p_conf = _share_and_conflict(self.by_kind[PLACE], story_by[PLACE])
        return (
            spec_cos,
            gen_cos,
            held_specific,
            self.specific_mass / total if total > 0 else 0.0,
            top,
            member,
            float(bool(numbers)),
            n_share,
            n_conf,
            m_share,
            m_conf,
            p_share,
            p_conf,
        )
