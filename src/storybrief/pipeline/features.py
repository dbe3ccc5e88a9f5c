"""Per-unit features: the numbers every scorer (hand-written or learned) reads.

Built once per cluster, vectorised over units.  Each feature travels across news sources:
position, support across documents after duplicate grouping, centrality, length, quote and
number cues.  ``FEATURE_NAMES`` fixes the column order that a learned model is trained on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from storybrief.pipeline.dedup import unit_rows
from storybrief.text.embeddings import embed
from storybrief.text.lexicon import PRONOUN_ATTRIBUTION as _PRONOUN_ATTRIBUTION
from storybrief.text.vectors import TfidfSpace, cosine_graph, fast_matvec, single_blas_thread
from storybrief.types import Cluster

LEXRANK_THRESHOLD = 0.1
LEXRANK_DAMPING = 0.85

# What opens a sentence that leans on the one before it: pronouns and demonstratives
# ("He", "These"), connectives ("However", "As a result", "For her part") and back-references
# ("The latter", "The same").  An alternation for a "(?:...)" group; a few alternatives hold
# a pattern ("in a related \w+": any noun).
_DANGLING_OPENERS = (
    r"he|she|it|they|them|his|her|its|their|this|that|these|those|there|but|and|"
    r"however|also|additionally|meanwhile|still|yet|so|then|moreover|furthermore|instead|"
    r"similarly|likewise|thus|therefore|besides|otherwise|such|both|another|the latter|"
    r"the former|in a related \w+|in addition|as a result|at the same time|on the other hand|"
    r"hence|plus|indeed|in fact|after all|what's more|what’s more|as such|even so|nonetheless|"
    r"nevertheless|accordingly|consequently|regardless|in turn|by contrast|in contrast|"
    r"in response|to that end|for (?:his|her|their|its) part|not only that|on top of that|"
    r"the same|the latter's"
)
_PRONOUN_START = re.compile(rf"^[\"'“‘(]?(?:{_DANGLING_OPENERS})\b", re.IGNORECASE)
_QUOTE = re.compile(r"[\"“”]")
_NUMBER = re.compile(r"\d")

FEATURE_NAMES = [
    "position",
    "position_rel",
    "is_first",
    "doc_sentences",
    "support_docs",
    "support_frac",
    "n_docs",
    "centroid_sim",
    "doc_centroid_sim",
    "lexrank",
    "n_words",
    "mean_idf",
    "has_quote",
    "has_number",
    "pronoun_start",
    "is_question",
    "paragraph",
    "doc_index",
    # dense sentence embeddings (storybrief.text.embeddings), every document weighted equally
    "emb_centroid",
    "emb_doc",
    "emb_lead",
    "emb_lead_other",
    "emb_support",
    "emb_support_mean",
    "doc_relevance",
]

LEAD_POSITIONS = 3
"""Sentences at these first positions of an article are its lead (for the lead features, and
an opener the selection may start with is one of them)."""


def scale01(x: np.ndarray) -> np.ndarray:
    """Scale to [0, 1] (constant input gives all ones)."""
    if x.size == 0:
        return x
    lo, hi = float(x.min()), float(x.max())
    return np.ones_like(x) if hi - lo < 1e-12 else (x - lo) / (hi - lo)


MAX_COMPARED = 2000
"""Units each unit is compared with for the cross-document embedding features (the earliest
ones): bounds the cost on clusters of thousands of sentences."""


def starts_with_dangling_reference(text: str) -> bool:
    """Sentence opens with a pronoun or connective that needs a preceding sentence."""
    return bool(_PRONOUN_START.match(text) or _PRONOUN_ATTRIBUTION.search(text))


def lexrank_scores(matrix: sp.csr_matrix, threshold: float = LEXRANK_THRESHOLD) -> np.ndarray:
    """Continuous LexRank (Erkan & Radev 2004): stationary distribution of the random walk
    over the cosine graph, with damping.  Sparse power iteration, linear in graph edges."""
    n = matrix.shape[0]
    if n == 0:
        return np.zeros(0)
    graph = cosine_graph(matrix, threshold)
    out_weight = np.asarray(graph.sum(axis=1)).ravel()
    dangling = out_weight == 0
    out_weight[dangling] = 1.0
    # row-normalise in place of a diagonal matrix product (same values, less overhead)
    row_of = np.repeat(np.arange(n), np.diff(graph.indptr))
    graph.data = graph.data * (1.0 / out_weight)[row_of]
    transition = graph.T.tocsr()
    any_dangling = bool(dangling.any())
    base = (1 - LEXRANK_DAMPING) / n
    matvec = fast_matvec(transition)
    p = np.full(n, 1.0 / n)
    for _ in range(100):
        # new = base + damping * (transition @ p + leak), in place (same arithmetic)
        new = matvec(p)
        if any_dangling:
            new += p[dangling].sum() / n
        new *= LEXRANK_DAMPING
        new += base
        if np.abs(new - p).sum() < 1e-6:
            p = new
            break
        p = new
    return p * n  # mean 1, comparable across cluster sizes


@dataclass
class UnitFeatures:
    """Feature matrix (units x FEATURE_NAMES) plus the vectors selection needs."""

    values: np.ndarray
    unit_matrix: sp.csr_matrix  # L2-normalised TF-IDF row of each unit's representative
    embeddings: np.ndarray | None = None  # L2-normalised dense embedding of each unit

    def column(self, name: str) -> np.ndarray:
        return self.values[:, FEATURE_NAMES.index(name)]


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


def embedding_features(
    embeddings: np.ndarray, rep_doc: np.ndarray, position: np.ndarray, n_docs: int
) -> dict[str, np.ndarray]:
    """Similarities of each unit's embedding to the cluster's documents, leads and other
    documents' sentences.  Each document counts once, whatever its length, so one huge page
    does not define what the cluster is about."""
    e = embeddings.astype(np.float32, copy=False)
    docs = np.unique(rep_doc)
    doc_means = np.zeros((n_docs, e.shape[1]), dtype=np.float32)
    for d in docs:
        doc_means[d] = _unit(e[rep_doc == d].mean(axis=0))
    centroid = _unit(doc_means[docs].mean(axis=0))
    lead = position < LEAD_POSITIONS
    lead_mean = _unit(e[lead].mean(axis=0)) if lead.any() else centroid
    # document relevance: its mean to the mean of the other documents
    total = doc_means[docs].sum(axis=0)
    relevance = np.ones(n_docs, dtype=np.float32)
    if len(docs) > 1:
        for d in docs:
            relevance[d] = float(doc_means[d] @ _unit(total - doc_means[d]))
    # cross-document support: the most similar sentence (and lead sentence) of another document
    compared = np.argsort(position, kind="stable")[:MAX_COMPARED]
    sims = e @ e[compared].T
    other = rep_doc[:, None] != rep_doc[compared][None, :]
    masked = np.where(other, sims, -1.0)
    support = masked.max(axis=1, initial=-1.0)
    support[support < -0.5] = 0.0
    counts = other.sum(axis=1)
    support_mean = np.where(counts > 0, (sims * other).sum(axis=1) / np.maximum(counts, 1), 0.0)
    lead_other = np.where(other & lead[compared][None, :], sims, -1.0).max(axis=1, initial=-1.0)
    lead_other[lead_other < -0.5] = 0.0
    return {
        "emb_centroid": e @ centroid,
        "emb_doc": np.einsum("ij,ij->i", e, doc_means[rep_doc]),
        "emb_lead": e @ lead_mean,
        "emb_lead_other": lead_other,
        "emb_support": support,
        "emb_support_mean": support_mean,
        "doc_relevance": relevance[rep_doc],
    }


def compute_features(cluster: Cluster, space: TfidfSpace) -> UnitFeatures:
    sents = cluster.sentences
    units = cluster.units
    n_units = len(units)
    n_docs = max(len(cluster.documents), 1)
    rows = unit_rows(units)
    unit_matrix = space.matrix[rows] if n_units else space.matrix[:0]

    doc_of = np.fromiter((s.doc for s in sents), dtype=np.int64, count=len(sents))
    pos_of = np.fromiter((s.position for s in sents), dtype=np.int64, count=len(sents))
    doc_len = np.bincount(doc_of, minlength=n_docs) if len(sents) else np.zeros(n_docs, int)

    values = np.zeros((n_units, len(FEATURE_NAMES)), dtype=np.float64)
    if n_units == 0:
        return UnitFeatures(values, unit_matrix)

    # position: the earliest appearance of the unit in any document
    first_member = np.array([min(u.members, key=lambda m: (pos_of[m], doc_of[m])) for u in units])
    position = pos_of[first_member].astype(np.float64)
    dl = doc_len[doc_of[first_member]].astype(np.float64)
    support = np.array([len({sents[m].doc for m in u.members}) for u in units], dtype=np.float64)

    centroid = space.centroid()
    centroid_sim = unit_matrix @ centroid
    # similarity to the centroid of the representative's own document (sparse centroids:
    # memory linear in the matrix, not documents x vocabulary)
    rep_doc = doc_of[rows]
    doc_sim = space.group_centroid_similarity(doc_of, rows)

    texts = [sents[r].text for r in rows]
    n_words = np.array([len(t.split()) for t in texts], dtype=np.float64)
    mean_idf = space.mean_idf()[rows]

    cols = {
        "position": position,
        "position_rel": position / np.maximum(dl, 1.0),
        "is_first": (position == 0).astype(np.float64),
        "doc_sentences": dl,
        "support_docs": support,
        "support_frac": support / n_docs,
        "n_docs": np.full(n_units, float(n_docs)),
        "centroid_sim": centroid_sim,
        "doc_centroid_sim": doc_sim,
        "lexrank": lexrank_scores(unit_matrix),
        "n_words": n_words,
        "mean_idf": mean_idf,
        "has_quote": np.array([bool(_QUOTE.search(t)) for t in texts], dtype=np.float64),
        "has_number": np.array([bool(_NUMBER.search(t)) for t in texts], dtype=np.float64),
        "pronoun_start": np.array(
            [starts_with_dangling_reference(t) for t in texts], dtype=np.float64
        ),
        "is_question": np.array(
            [t.rstrip("\"'”’ ").endswith("?") for t in texts], dtype=np.float64
        ),
        "paragraph": np.array([sents[r].paragraph for r in rows], dtype=np.float64),
        "doc_index": rep_doc.astype(np.float64),
    }
    embeddings = embed(texts)
    with single_blas_thread():
        cols.update(embedding_features(embeddings, rep_doc, position, n_docs))
    for j, name in enumerate(FEATURE_NAMES):
        values[:, j] = cols[name]
    return UnitFeatures(values, unit_matrix, embeddings)
