"""TF-IDF sentence vectors shared by duplicate grouping, scoring and selection.

A small purpose-built vectoriser instead of scikit-learn's ``TfidfVectorizer``: clusters are
tiny (tens to a few thousand sentences) and the fixed cost of the general tool dominated the
whole pipeline's time.  Terms are the prefix stems of content words (see
:func:`storybrief.text.words.stem`); weights are sublinear tf times smoothed idf over the given
texts; rows are L2-normalised so a dot product is a cosine.

Tokens come from one lower-casing and one regex pass per sentence; term ids from one
dictionary pass over the flat token list; term counts from one ``np.unique`` over (row, term)
keys, put back in each row's first-occurrence order so that every array -- and every score
computed from it -- is bit for bit what a row-by-row pass gives.  Memory is linear in the
number of tokens; nothing here is quadratic in the number of sentences except
:func:`cosine_graph`, whose output is the (thresholded) similarity graph itself (the pipeline
caps the sentences it scores, ``pipeline.MAX_CLUSTER_SENTENCES``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain

import numpy as np
import scipy.sparse as sp

from storybrief.text.words import _WORD_RE, STOP_WORDS, lowers_one_to_one, stem, words

GROUP_BLOCK_CELLS = 1_000_000
"""Groups x vocabulary cells (8 MB) summed at once by
:meth:`TfidfSpace.group_centroid_similarity`."""

SIMILARITY_BLOCK_ROWS = 512
"""Rows of the sentence-similarity product computed at once by :func:`cosine_graph`."""

STEM_LENGTH = 6
"""Characters of a lower-cased word kept as its stem (the contract of :func:`text.stem`)."""


BLAS_THREADED_FROM = 8192
"""Vector length from which a BLAS library may split a dot product across threads (OpenBLAS
does above 10,000): the result then depends on the machine's thread count, and the threads'
start-up costs ~1 ms a call on a busy machine."""


@contextmanager
def one_blas_thread(size: int) -> Iterator[None]:
    """Run the block on one BLAS thread when vectors of ``size`` could be split: the same
    bits on every machine (and what shorter vectors get anyway), and no thread start-up."""
    if size < BLAS_THREADED_FROM:
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


_CONTROLLER = None


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """Run the block on one BLAS thread.  A cluster's dense products are small (hundreds of
    sentences x 256), and on a busy machine waking OpenBLAS's threads costs ~1 ms a product,
    more than the product itself; batch runs parallelise over processes instead.  The
    controller is built once (``threadpool_limits`` would inspect the loaded libraries on
    every call)."""
    global _CONTROLLER
    if _CONTROLLER is None:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER = ThreadpoolController()
    with _CONTROLLER.limit(limits=1, user_api="blas"):
        yield


def fast_content_stems(text: str) -> list[str]:
    """Same tokens as :func:`storybrief.text.words.content_stems`, lower-casing the text once
    instead of every word.  Text whose lower-casing is not a one-to-one character map
    (``İ`` -> ``i̇``, context-dependent final sigma) takes the word-by-word path."""
    return content_stems_and_count(text)[0]


def content_stems_and_count(text: str) -> tuple[list[str], int]:
    """:func:`fast_content_stems` of ``text`` and its number of word tokens, stop words
    included (so its stop-word ratio is ``(count - len(stems)) / count``)."""
    low = text.lower()
    if not lowers_one_to_one(text, low):
        toks = words(text)
        return [stem(w) for w in toks if w.lower() not in STOP_WORDS], len(toks)
    stop = STOP_WORDS
    toks = _WORD_RE.findall(low)
    return [w[:STEM_LENGTH] for w in toks if w not in stop], len(toks)


class TfidfSpace:
    """TF-IDF vectors of a list of texts, plus the vocabulary and idf they were built with."""

    def __init__(self, texts: Sequence[str], rows: list[list[str]] | None = None):
        """``rows``: the content stems of each text (:func:`fast_content_stems`), when the
        caller has them already."""
        n = len(texts)
        # each text's content stems, in order, and word tokens (reused by the analysis)
        self.token_counts: list[int] | None = None
        if rows is None:
            pairs = [content_stems_and_count(t) for t in texts]
            rows = [stems for stems, _ in pairs]
            self.token_counts = [count for _, count in pairs]
        self.rows = rows
        lengths = np.fromiter(map(len, rows), dtype=np.int64, count=n)
        n_tokens = int(lengths.sum())
        # term id of every token, in first-occurrence order (same ids as a row-by-row pass):
        # dict.fromkeys keeps first occurrences in order, and a C-level map looks the ids up
        tokens = list(chain.from_iterable(rows))
        vocab: dict[str, int] = {tok: i for i, tok in enumerate(dict.fromkeys(tokens))}
        term = np.fromiter(map(vocab.__getitem__, tokens), dtype=np.int64, count=n_tokens)
        v = max(len(vocab), 1)
        row_of = np.repeat(np.arange(n, dtype=np.int64), lengths)
        keys, first, counts = np.unique(row_of * v + term, return_index=True, return_counts=True)
        sorted_terms = keys % v  # each row's terms by id (np.unique sorts the keys)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // v, minlength=n), out=indptr[1:])
        log_tf = 1.0 + np.log(counts.astype(np.float64))
        # ``tf`` keeps each row's terms in order of first occurrence, as a row-by-row
        # dictionary pass stores them; ``matrix`` is built with the arithmetic and entry order
        # of ``diags(1 / norms) @ tf.multiply(idf)`` (which sorts each row, then lists it in
        # reverse), without the sparse machinery.  Every array is bit for bit the same as
        # those operations give, and so is every score computed from them (a tree model's
        # threshold can flip on the last bit).
        first_order = np.argsort(first, kind="stable")
        self.tf = sp.csr_matrix(
            (log_tf[first_order], sorted_terms[first_order], indptr), shape=(n, v)
        )

        df = np.bincount(sorted_terms, minlength=v).astype(np.float64)
        self.vocab = vocab
        self.idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        weighted = log_tf * self.idf[sorted_terms]
        row_nnz = np.diff(indptr)
        nonempty = np.flatnonzero(row_nnz)
        sq = np.zeros(n)
        if len(nonempty):
            sq[nonempty] = np.add.reduceat(weighted * weighted, indptr[nonempty])
        norms = np.sqrt(sq)
        norms[norms == 0] = 1.0
        row_start = np.repeat(indptr[:-1], row_nnz)
        row_end = np.repeat(indptr[1:], row_nnz)
        reverse = row_start + row_end - 1 - np.arange(len(sorted_terms))
        self.matrix: sp.csr_matrix = sp.csr_matrix(
            (np.repeat(1.0 / norms, row_nnz) * weighted[reverse], sorted_terms[reverse], indptr),
            shape=(n, v),
        )

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
        with one_blas_thread(c.size):
            norm = np.linalg.norm(c)
        return c / norm if norm > 0 else c

    def group_centroid_similarity(self, groups: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Cosine of each row ``rows[i]`` to the centroid (:meth:`centroid`) of its own group,
        where ``groups[j]`` is the group (e.g. the document) of sentence row ``j``.

        The arithmetic of :meth:`centroid` and of a sparse row times dense centroid, step for
        step (each sum taken in the same order, so the result is the same to the last bit),
        with every group's sum in one ``bincount``; groups are done ``GROUP_BLOCK_CELLS`` cells
        (groups x vocabulary) at a time, so memory stays bounded for thousands of documents."""
        m = self.matrix
        n, v = m.shape
        out = np.zeros(len(rows))
        if len(rows) == 0 or n == 0:
            return out
        groups = np.asarray(groups, dtype=np.int64)
        rows = np.asarray(rows, dtype=np.int64)
        n_groups = int(groups.max()) + 1
        row_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(m.indptr))
        group_of = groups[row_of]
        # centroid(): (rows * (1 / count)).sum(axis=0), accumulated row by row
        scaled = m.data * (1.0 / np.maximum(np.bincount(groups, minlength=n_groups), 1))[group_of]
        # the wanted rows' entries, in stored order
        starts, ends = m.indptr[rows], m.indptr[rows + 1]
        lengths = ends - starts
        entry = np.repeat(ends - np.cumsum(lengths), lengths) + np.arange(int(lengths.sum()))
        entry_row = np.repeat(np.arange(len(rows)), lengths)
        entry_group = groups[rows][entry_row]
        block = max(1, GROUP_BLOCK_CELLS // max(v, 1))
        for g0 in range(0, n_groups, block):
            g1 = min(n_groups, g0 + block)
            here = (group_of >= g0) & (group_of < g1)
            sums = np.bincount(
                (group_of[here] - g0) * v + m.indices[here],
                weights=scaled[here],
                minlength=(g1 - g0) * v,
            ).reshape(g1 - g0, v)
            with one_blas_thread(v):
                for k in range(g1 - g0):
                    norm = np.linalg.norm(sums[k])
                    if norm > 0:
                        sums[k] = sums[k] / norm
            mine = (entry_group >= g0) & (entry_group < g1)
            e = entry[mine]
            products = m.data[e] * sums[entry_group[mine] - g0, m.indices[e]]
            out += np.bincount(entry_row[mine], weights=products, minlength=len(rows))
        return out


def fast_matvec(matrix: sp.csr_matrix) -> Callable[[np.ndarray], np.ndarray]:
    """``matrix @ x`` for a CSR matrix multiplied many times (a power iteration): scipy's
    own kernel without its per-call dispatch (~5 µs, more than the product itself on
    cluster-sized graphs).  Falls back to ``matrix.dot`` if the kernel is not available or
    does not agree with it on a probe."""
    try:
        from scipy.sparse._sparsetools import csr_matvec
    except ImportError:  # pragma: no cover - scipy internals moved
        return matrix.dot
    rows, cols = matrix.shape
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data

    def matvec(x: np.ndarray) -> np.ndarray:
        y = np.zeros(rows, dtype=np.result_type(data, x))
        csr_matvec(rows, cols, indptr, indices, data, x, y)
        return y

    probe = np.linspace(0.5, 1.5, cols)
    try:
        ok = np.array_equal(matvec(probe), matrix.dot(probe))
    except Exception:  # pragma: no cover - scipy internals changed
        ok = False
    return matvec if ok else matrix.dot


def cosine_graph(
    matrix: sp.csr_matrix, threshold: float, block_rows: int = SIMILARITY_BLOCK_ROWS
) -> sp.csr_matrix:
    """Sparse cosine-similarity matrix with entries below ``threshold`` (and the diagonal)
    removed.  Rows of ``matrix`` must be L2-normalised.

    Computed ``block_rows`` rows at a time and thresholded as it goes, so memory follows the
    kept graph, not every pair of sentences sharing a word (the full product of a
    5,000-sentence cluster holds millions of entries).  A sparse product computes each row
    on its own, so the blocks are exactly the rows of the one-shot product."""
    n = matrix.shape[0]
    transposed = matrix.T.tocsr()
    data, indices, counts = [], [], []
    for lo in range(0, max(n, 1), max(1, block_rows)):
        hi = min(n, lo + block_rows)
        rows = matrix if (lo, hi) == (0, n) else matrix[lo:hi]
        sim = (rows @ transposed).tocsr() if hi > lo else sp.csr_matrix((0, n))
        row_of = np.repeat(np.arange(lo, hi, dtype=np.int64), np.diff(sim.indptr))
        keep = (sim.data >= threshold) & (sim.indices != row_of)
        data.append(sim.data[keep])
        indices.append(sim.indices[keep])
        counts.append(np.bincount(row_of[keep] - lo, minlength=hi - lo))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.concatenate(counts), out=indptr[1:])
    return sp.csr_matrix((np.concatenate(data), np.concatenate(indices), indptr), shape=(n, n))
