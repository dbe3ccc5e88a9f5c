"""Dense sentence embeddings from WordLlama's static token vectors (shipped in its wheel).

WordLlama (``pip install wordllama``) carries 256-dimensional token embeddings distilled from
a large language model's embedding table (16 MB, in the package's ``weights/`` folder); a
sentence is the average of its tokens' vectors.  No weights are downloaded: the model is
loaded from the installed package folder with downloads disabled, once per process, and
embedding is a table look-up plus a mean (about 40,000 sentences a second on one core).

WordLlama's tokenizer (a byte-pair model that marks each space with "▁" and never merges
across one) tokenizes every whitespace-separated piece of a text on its own, so storybrief
tokenizes each distinct piece once and caches its token ids (``_PIECE_CACHE``): a cluster's
sentences share most of their words, and byte-pair tokenizing is the expensive part.  For
text with single spaces the vectors are ``WordLlama.embed``'s (``tests/test_embeddings.py``
checks it); a run of spaces, tabs or newlines counts as one space here.

TF-IDF sees only shared words; these vectors also match "Kremlin" with "Moscow" and "died"
with "was killed", which helps wherever two texts tell the same event in other words
(salience, off-topic documents, story clustering).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

DIM = 256
"""Width of every embedding."""

MAX_CHARS = 2_000
"""Characters of a text that are embedded (a sentence; longer texts are cut, which also
bounds the tokenizer's work)."""

PIECE_CACHE_SIZE = 200_000
"""Distinct whitespace-separated pieces whose token ids are kept (about 20 MB at most)."""

SUM_CACHE_SIZE = 30_000
"""Pieces of two or more tokens whose summed token vector is kept (1 KB each, 30 MB at
most): summing a piece's token rows is the costly part of pooling once tokens are cached."""

_LOCK = threading.Lock()
_CACHE_LOCK = threading.Lock()
_MODEL = None
_PIECE_CACHE: dict[str, np.ndarray] = {}
_SUM_ROWS: dict[str, int] = {}  # piece -> its row of _SUM_POOL
_SUM_POOL: np.ndarray | None = None


def _model():
    """The WordLlama model, loaded from its package folder without network access."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                # a cluster's new words are a few hundred short pieces: tokenizing them on a
                # thread pool costs more CPU than it saves (~20% more CPU per piece)
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                import wordllama
                from wordllama import WordLlama

                folder = os.path.dirname(wordllama.__file__)
                model = WordLlama.load(cache_dir=folder, disable_download=True, dim=DIM)
                model.tokenizer.no_padding()  # pieces are pooled here, not padded batches
                _MODEL = model
    return _MODEL


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised embeddings (``len(texts)`` x :data:`DIM`, float32) of ``texts``.  An empty
    or wordless text gets the zero vector (cosine 0 to everything)."""
    n = len(texts)
    out = np.zeros((n, DIM), dtype=np.float32)
    if n == 0:
        return out
    items = [t[:MAX_CHARS] if isinstance(t, str) else "" for t in texts]
    keep = [i for i, t in enumerate(items) if t.strip()]
    if not keep:
        return out
    vectors = _mean_token_vectors([items[i] for i in keep])
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    vectors[(norms <= 0).ravel()] = 0.0
    out[keep] = vectors
    return out


def _piece_ids(pieces: list[str]) -> list[np.ndarray]:
    """Token ids of each (distinct) whitespace-free piece, tokenized once per process (bounded
    cache, shared by the web server's worker threads, hence the lock)."""
    model = _model()
    with _CACHE_LOCK:
        found = list(map(_PIECE_CACHE.get, pieces))
        missing = [p for p, ids in zip(pieces, found, strict=True) if ids is None]
        if not missing:
            return found  # type: ignore[return-value]
        if len(_PIECE_CACHE) + len(missing) > PIECE_CACHE_SIZE:
            _PIECE_CACHE.clear()  # (the ids already found stay valid)
        fresh = {
            piece: np.asarray(ids, dtype=np.int64)
            for piece, ids in zip(missing, _encode(model.tokenizer, missing), strict=True)
        }
        _PIECE_CACHE.update(fresh)
        return [fresh[p] if ids is None else ids for p, ids in zip(pieces, found, strict=True)]


def _encode(tokenizer, pieces: list[str]) -> list[list[int]]:
    """Token ids of whitespace-free pieces, as ``tokenizer.encode(piece,
    add_special_tokens=False)`` gives them.  WordLlama's tokenizer has no pre-tokenizer, and
    its normalizer only prepends "▁" (and turns spaces, which a piece has none of, into "▁"),
    so a piece's ids are its byte-pair model's tokens of "▁" + piece: about 4x cheaper than
    a full ``encode`` (same ids on all 160,000 distinct words of Multi-News validation).
    Pieces holding a special token's text ("<s>"), or a tokenizer of another shape, go
    through ``encode_batch``."""
    shaped = (
        tokenizer.pre_tokenizer is None
        and tokenizer.truncation is None
        and repr(tokenizer.normalizer) == _NORMALIZER
    )
    if not shaped:
        return [e.ids for e in tokenizer.encode_batch(pieces, add_special_tokens=False)]
    special = [t.content for t in tokenizer.get_added_tokens_decoder().values()]
    out: list[list[int] | None] = [None] * len(pieces)
    slow = []
    tokenize = tokenizer.model.tokenize
    for i, piece in enumerate(pieces):
        if any(s in piece for s in special):
            slow.append(i)
        else:
            out[i] = [t.id for t in tokenize("▁" + piece)]
    if slow:
        batch = tokenizer.encode_batch([pieces[i] for i in slow], add_special_tokens=False)
        for i, enc in zip(slow, batch, strict=True):
            out[i] = enc.ids
    return out  # type: ignore[return-value]


_NORMALIZER = (
    'Sequence(normalizers=[Prepend(prepend="▁"), Replace(pattern=String(" "), content="▁")])'
)


def _summed(table: np.ndarray, ids: list[np.ndarray], which: list[int], counts) -> np.ndarray:
    """Token-vector sums of the pieces ``which`` (each of two or more tokens)."""
    flat = np.clip(np.concatenate([ids[i] for i in which]), 0, table.shape[0] - 1)
    starts = np.concatenate([[0], np.cumsum(counts[which])[:-1]])
    return np.add.reduceat(table[flat], starts, axis=0)


def _piece_sums(
    pieces: list[str], ids: list[np.ndarray], counts: np.ndarray, table: np.ndarray
) -> np.ndarray:
    """The sum of each piece's token vectors.  A one-token piece is its table row; a longer
    one is summed once per process into a row of ``_SUM_POOL`` (``np.add.reduceat``: the
    same arithmetic for a piece whatever else is in the batch, so a cached sum and a fresh
    one are the same bits)."""
    global _SUM_POOL
    out = np.zeros((len(pieces), table.shape[1]), dtype=np.float32)
    single = np.flatnonzero(counts == 1)
    if len(single):
        first = np.fromiter((ids[i][0] for i in single), dtype=np.int64, count=len(single))
        out[single] = table[np.clip(first, 0, table.shape[0] - 1)]
    multi = np.flatnonzero(counts > 1)
    which = multi.tolist()
    if len(which) > SUM_CACHE_SIZE:  # a huge cluster: summed without the cache
        out[multi] = _summed(table, ids, which, counts)
        return out
    if not which:
        return out
    with _CACHE_LOCK:
        if _SUM_POOL is None or _SUM_POOL.shape[1] != table.shape[1]:
            # pages are only touched as rows are filled: memory grows with the cache
            _SUM_POOL = np.zeros((SUM_CACHE_SIZE, table.shape[1]), dtype=np.float32)
            _SUM_ROWS.clear()
        if len(_SUM_ROWS) + len(which) > SUM_CACHE_SIZE:
            _SUM_ROWS.clear()  # before the look-up, so that every piece needed stays in
        missing = [i for i in which if pieces[i] not in _SUM_ROWS]
        if missing:
            base = len(_SUM_ROWS)
            _SUM_POOL[base : base + len(missing)] = _summed(table, ids, missing, counts)
            for k, i in enumerate(missing):
                _SUM_ROWS[pieces[i]] = base + k
        rows = np.fromiter((_SUM_ROWS[pieces[i]] for i in which), dtype=np.int64, count=len(which))
        out[multi] = _SUM_POOL[rows]
    return out


def _incidence(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """The count of each (row, column) pair as a CSR matrix in canonical form (columns sorted
    in each row, repeats summed): what ``csr_matrix((ones, (rows, cols)))`` builds through a
    COO matrix, so products with it add the same terms in the same order, but one
    ``np.unique`` instead of scipy's conversion and duplicate summing."""
    width = max(shape[1], 1)
    keys, counts = np.unique(rows * width + cols, return_counts=True)
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys // width, minlength=shape[0]), out=indptr[1:])
    return sp.csr_matrix((counts.astype(np.float32), keys % width, indptr), shape=shape)


def _mean_token_vectors(texts: list[str]) -> np.ndarray:
    """The mean of each text's token vectors (WordLlama's average pooling)."""
    model = _model()
    table = model.embedding
    split = [t.split() for t in texts]
    # each distinct piece's column, in order of first occurrence, in one pass
    index: dict[str, int] = {}
    number = index.setdefault
    cols = np.array([number(p, len(index)) for words in split for p in words], dtype=np.int64)
    pieces = list(index)
    ids = _piece_ids(pieces)
    counts = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
    piece_sums = _piece_sums(pieces, ids, counts, table)
    # each text: the sum over its pieces (a sparse incidence product), divided by its tokens
    rows = np.repeat(np.arange(len(texts)), [len(w) for w in split])
    incidence = _incidence(rows, cols, (len(texts), len(pieces)))
    sums = np.asarray(incidence @ piece_sums, dtype=np.float32)
    n_tokens = np.asarray(incidence @ counts.astype(np.float32)).ravel()
    return sums / np.maximum(n_tokens, 1.0)[:, None]


def mean_embedding(vectors: np.ndarray) -> np.ndarray:
    """The L2-normalised mean of some normalised embeddings (zero when there are none)."""
    if vectors.shape[0] == 0:
        return np.zeros(DIM, dtype=np.float32)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else mean.astype(np.float32)
