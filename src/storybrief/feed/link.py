"""The learned join-or-open scorer: features of an (article, open story) pair and a tree
ensemble over them, evaluated with numpy.

The ensemble is trained by ``python -m storybrief.feed.train_link`` (LightGBM, at training
time only) on streams built from the Multi-News *train* clusters and shipped as
``models/feed-link-v2.npz``: flat node arrays, so that scoring needs nothing but numpy.

Features (:data:`FEATURES`) come from what the clusterer holds for every open story -- the
centroid, the latest members' vectors, the years its articles name, its size and its times,
and the conflict evidence of :mod:`storybrief.feed.link_features` (numbers, months, places,
specific terms: :data:`CONFLICT_FEATURES`) --
so a store reloaded from its rows scores exactly as the run that wrote it.  Years are read
from the vector itself: a year written in the text ("in 2008") is a term, and its CRC-32 id
is looked up in :data:`YEAR_IDS`.
"""

from __future__ import annotations

import zlib
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from storybrief.feed.link_features import CONFLICT_FEATURES

BASE_FEATURES = (
    "centroid cosine",
    "best member cosine",
    "mean member cosine",
    "below the best candidate",
    "above the next candidate",
    "rank",
    "log story size",
    "article names a year",
    "share of the article's years the story names",
    "years conflict",
    "days since the story's latest article",
    "story span in days",
    "log arrivals since the story's latest article",
)

FEATURES = BASE_FEATURES + CONFLICT_FEATURES

NO_TIME = -1.0
"""A time feature's value when the article or the story has no publication date."""

YEAR_IDS: dict[int, int] = {zlib.crc32(str(y).encode()): y for y in range(1900, 2041)}

MODEL_NAME = "feed-link-v2.npz"


def article_years(terms: np.ndarray) -> frozenset[int]:
    """The years (1900-2040) among an article vector's terms."""
    ids = YEAR_IDS
    return frozenset(ids[t] for t in terms.tolist() if t in ids)


class TreeModel:
    """A LightGBM binary ensemble as flat arrays; :meth:`score` gives probabilities."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        self.feature = arrays["feature"]  # -1 at a leaf
        self.threshold = arrays["threshold"]
        self.left = arrays["left"]  # absolute node indices
        self.right = arrays["right"]
        self.value = arrays["value"]  # leaf outputs
        self.roots = arrays["roots"]
        self.depth = int(arrays["depth"])
        self.decision = float(arrays["decision"])  # probability from which an article joins
        self.base = float(arrays["base"]) if "base" in arrays else 0.0
        # centroid cosine below which it never joins (chosen with ``decision``)
        self.floor = float(arrays["floor"]) if "floor" in arrays else 0.15

    def score(self, x: np.ndarray) -> np.ndarray:
        """Probability that each row's story is the article's story."""
        n = x.shape[0]
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            feat = self.feature[node]
            inner = feat >= 0
            if not inner.any():
                break
            go_left = x[rows, np.maximum(feat, 0)] <= self.threshold[node]
            node = np.where(inner, np.where(go_left, self.left[node], self.right[node]), node)
        raw = self.value[node].sum(axis=1) + self.base
        return 1.0 / (1.0 + np.exp(-raw))

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            feature=self.feature,
            threshold=self.threshold,
            left=self.left,
            right=self.right,
            value=self.value,
            roots=self.roots,
            depth=np.array(self.depth),
            decision=np.array(self.decision),
            base=np.array(self.base),
            floor=np.array(self.floor),
        )


@cache
def load_model(name: str = MODEL_NAME) -> TreeModel:
    path = Path(str(resources.files("storybrief") / "models")) / name
    with np.load(path) as d:
        return TreeModel({k: d[k] for k in d.files})
