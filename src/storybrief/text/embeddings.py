"""Dense sentence embeddings from WordLlama's static token vectors (shipped in its wheel).

WordLlama (``pip install wordllama``) carries 256-dimensional token embeddings distilled from
a large language model's embedding table (16 MB, in the package's ``weights/`` folder); a
sentence is the average of its tokens' vectors.  No weights are downloaded: the model is
loaded from the installed package folder with downloads disabled, once per process, and
embedding is a table look-up plus a mean (about 40,000 sentences a second on one core).

TF-IDF sees only shared words; these vectors also match "Kremlin" with "Moscow" and "died"
with "was killed", which helps wherever two texts tell the same event in other words
(salience, off-topic documents, story clustering).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np

DIM = 256
"""Width of every embedding."""

MAX_CHARS = 2_000
"""Characters of a text that are embedded (a sentence; longer texts are cut, which also
bounds the tokenizer's work)."""

_LOCK = threading.Lock()
_MODEL = None


def _model():
    """The WordLlama model, loaded from its package folder without network access."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                import wordllama
                from wordllama import WordLlama

                folder = os.path.dirname(wordllama.__file__)
                _MODEL = WordLlama.load(cache_dir=folder, disable_download=True, dim=DIM)
    return _MODEL


def embed(texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
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
    vectors = _model().embed([items[i] for i in keep], norm=False, batch_size=batch_size)
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    vectors[(norms <= 0).ravel()] = 0.0
    out[keep] = vectors
    return out


def mean_embedding(vectors: np.ndarray) -> np.ndarray:
    """The L2-normalised mean of some normalised embeddings (zero when there are none)."""
    if vectors.shape[0] == 0:
        return np.zeros(DIM, dtype=np.float32)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else mean.astype(np.float32)
