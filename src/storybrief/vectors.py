"""TF-IDF sentence vectors shared by duplicate grouping, scoring and selection.

A small purpose-built vectoriser instead of scikit-learn's ``TfidfVectorizer``: clusters are
tiny (tens to a few thousand sentences) and the fixed cost of the general tool dominated the
whole pipeline's time.  Terms are the prefix stems of content words (see
:func:`storybrief.text.stem`); weights are sublinear tf times smoothed idf over the given
texts; rows are L2-normalised so a dot product is a cosine.

Everything after tokenisation is vectorised: term ids come from one dictionary pass over the
flat token list, term counts from one ``np.unique`` over (row, term) keys, and the matrix is
assembled directly in CSR form (sorted column indices).  Memory is linear in the number of
tokens; nothing here is quadratic in the number of sentences except :func:`cosine_graph`,
whose output is the (thresholded) similarity graph itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np
import scipy.sparse as sp

from storybrief.text import _WORD_RE, STOP_WORDS, content_stems

DENSE_GROUP_CELLS = 4_000_000
"""Largest groups x vocabulary array (32 MB) that :meth:`TfidfSpace.group_centroid_similarity`
builds densely."""

STEM_LENGTH = 6
"""Characters of a lower-cased word kept as its stem (the contract of :func:`text.stem`)."""


def fast_content_stems(text: str) -> list[str]:
    """Same tokens as :func:`storybrief.text.content_stems`, lower-casing the text once
    instead of every word.  Text whose lower-casing is not a one-to-one character map
    (``İ`` -> ``i̇``, context-dependent final sigma) takes the word-by-word path."""
    low = text.lower()
    if len(low) != len(text) or ("Σ" in text):
        return content_stems(text)
    stop = STOP_WORDS
    return [w[:STEM_LENGTH] for w in _WORD_RE.findall(low) if w not in stop]


def _csr(data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, shape) -> sp.csr_matrix:
    """A CSR matrix from canonical arrays (sorted, no duplicates) without re-checking them."""
    m = sp.csr_matrix((data, indices, indptr), shape=shape, copy=False)
    m.has_sorted_indices = True
    m.has_canonical_format = True
    return m


class TfidfSpace:
    """TF-IDF vectors of a list of texts, plus the vocabulary and idf they were built with."""

    def __init__(self, texts: Sequence[str]):
        n = len(texts)
        rows = [fast_content_stems(t) for t in texts]
        lengths = np.fromiter(map(len, rows), dtype=np.int64, count=n)
        vocab: dict[str, int] = {}
        setdefault = vocab.setdefault
        n_tokens = int(lengths.sum())
        # term id of every token, in first-occurrence order (same ids as a row-by-row pass)
        term = np.fromiter(
            (setdefault(tok, len(vocab)) for tok in chain.from_iterable(rows)),
            dtype=np.int64,
            count=n_tokens,
        )
        v = max(len(vocab), 1)
        row_of = np.repeat(np.arange(n, dtype=np.int64), lengths)
        keys, counts = np.unique(row_of * v + term, return_counts=True)
        indices = keys % v
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // v, minlength=n), out=indptr[1:])
        tf = _csr(counts.astype(np.float64), indices, indptr, (n, v))

        df = np.bincount(indices, minlength=v).astype(np.float64)
        self.vocab = vocab
        self.idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        idf_of = self.idf[indices]
        weighted = (1.0 + np.log(tf.data)) * idf_of
        row_nnz = np.diff(indptr)
        sq = np.zeros(n)
        nonempty = row_nnz > 0
        if n_tokens:
            sq[nonempty] = np.add.reduceat(weighted * weighted, indptr[:-1][nonempty])
        norms = np.sqrt(sq)
        norms[norms == 0] = 1.0
        self.matrix: sp.csr_matrix = _csr(
            weighted * np.repeat(1.0 / norms, row_nnz), indices, indptr, (n, v)
        )
        tf.data = 1.0 + np.log(tf.data)
        self.tf = tf
        self._row_idf_sum = np.zeros(n)
        if n_tokens:
            self._row_idf_sum[nonempty] = np.add.reduceat(idf_of, indptr[:-1][nonempty])

    def mean_idf(self) -> np.ndarray:
        """Mean idf of each row's terms: high for unusual wording, low for typical wording."""
        nnz = np.diff(self.tf.indptr)
        return np.divide(self._row_idf_sum, np.maximum(nnz, 1))

    def centroid(self, rows: np.ndarray | None = None) -> np.ndarray:
        """L2-normalised mean vector of the given rows (all rows by default)."""
        m = self.matrix if rows is None else self.matrix[rows]
        c = np.asarray(m.mean(axis=0)).ravel()
        norm = np.linalg.norm(c)
        return c / norm if norm > 0 else c

    def group_centroid_similarity(self, groups: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Cosine of each row ``rows[i]`` to the centroid of its own group, where ``groups[j]``
        is the group (e.g. the document) of sentence row ``j``.

        A mean and a sum point the same way, so each group is summed once and only its norm
        is needed.  Up to ``DENSE_GROUP_CELLS`` groups x terms the sums are one dense
        ``bincount``; beyond, they stay sparse (memory linear in the matrix)."""
        m = self.matrix
        n, v = m.shape
        if len(rows) == 0 or n == 0:
            return np.zeros(len(rows))
        groups = np.asarray(groups, dtype=np.int64)
        n_groups = int(groups.max()) + 1
        row_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(m.indptr))
        group_of = groups[row_of]
        if n_groups * v <= DENSE_GROUP_CELLS:
            sums = np.bincount(
                group_of * v + m.indices, weights=m.data, minlength=n_groups * v
            ).reshape(n_groups, v)
            norms = np.sqrt(np.einsum("ij,ij->i", sums, sums))
            dots = np.bincount(row_of, weights=m.data * sums[group_of, m.indices], minlength=n)
        else:
            member = sp.csr_matrix((np.ones(n), (groups, np.arange(n))), shape=(n_groups, n))
            sums = (member @ m).tocsr()
            norms = np.sqrt(np.asarray(sums.multiply(sums).sum(axis=1)).ravel())
            dots = np.asarray(m.multiply(sums[groups]).sum(axis=1)).ravel()
        dots, norms = dots[rows], norms[groups[rows]]
        out = np.zeros(len(rows))
        ok = norms > 0
        out[ok] = dots[ok] / norms[ok]
        return out


def cosine_graph(matrix: sp.csr_matrix, threshold: float) -> sp.csr_matrix:
    """Sparse cosine-similarity matrix with entries below ``threshold`` (and the diagonal)
    removed.  Rows of ``matrix`` must be L2-normalised."""
    n = matrix.shape[0]
    sim = (matrix @ matrix.T).tocsr()
    row_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(sim.indptr))
    keep = (sim.data >= threshold) & (sim.indices != row_of)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(row_of[keep], minlength=n), out=indptr[1:])
    return sp.csr_matrix((sim.data[keep], sim.indices[keep], indptr), shape=sim.shape)
