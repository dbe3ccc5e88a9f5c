"""TF-IDF sentence vectors shared by duplicate grouping, scoring and selection.

A small purpose-built vectoriser instead of scikit-learn's ``TfidfVectorizer``: clusters are
tiny (tens to a few thousand sentences) and the fixed cost of the general tool dominated the
whole pipeline's time.  Terms are the prefix stems of content words (see
:func:`storybrief.text.stem`); weights are sublinear tf times smoothed idf over the given
texts; rows are L2-normalised so a dot product is a cosine.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from storybrief.text import content_stems


class TfidfSpace:
    """TF-IDF vectors of a list of texts, plus the vocabulary and idf they were built with."""

    def __init__(self, texts: Sequence[str]):
        vocab: dict[str, int] = {}
        indptr = [0]
        indices: list[int] = []
        counts: list[float] = []
        for text in texts:
            row: dict[int, int] = {}
            for tok in content_stems(text):
                j = vocab.setdefault(tok, len(vocab))
                row[j] = row.get(j, 0) + 1
            indices.extend(row.keys())
            counts.extend(row.values())
            indptr.append(len(indices))
        n, v = len(texts), max(len(vocab), 1)
        tf = sp.csr_matrix(
            (np.asarray(counts, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
            shape=(n, v),
        )
        df = np.bincount(tf.indices, minlength=v).astype(np.float64)
        self.vocab = vocab
        self.idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        tf.data = 1.0 + np.log(tf.data)
        weighted = tf.multiply(self.idf).tocsr()
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        self.matrix: sp.csr_matrix = sp.diags(1.0 / norms) @ weighted
        self.tf = tf

    def mean_idf(self) -> np.ndarray:
        """Mean idf of each row's terms: high for unusual wording, low for typical wording."""
        nnz = np.diff(self.tf.indptr)
        sums = np.asarray(
            sp.csr_matrix(
                (self.idf[self.tf.indices], self.tf.indices, self.tf.indptr), shape=self.tf.shape
            ).sum(axis=1)
        ).ravel()
        return np.divide(sums, np.maximum(nnz, 1))

    def centroid(self, rows: np.ndarray | None = None) -> np.ndarray:
        """L2-normalised mean vector of the given rows (all rows by default)."""
        m = self.matrix if rows is None else self.matrix[rows]
        c = np.asarray(m.mean(axis=0)).ravel()
        norm = np.linalg.norm(c)
        return c / norm if norm > 0 else c


def cosine_graph(matrix: sp.csr_matrix, threshold: float) -> sp.csr_matrix:
    """Sparse cosine-similarity matrix with entries below ``threshold`` (and the diagonal)
    removed.  Rows of ``matrix`` must be L2-normalised."""
    sim = (matrix @ matrix.T).tocsr()
    sim.setdiag(0.0)
    sim.data[sim.data < threshold] = 0.0
    sim.eliminate_zeros()
    return sim
