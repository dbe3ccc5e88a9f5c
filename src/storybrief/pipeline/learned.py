"""The learned salience scorer: a LightGBM model over per-unit features, plus its length policy.

The model was trained by ``python -m storybrief.train`` on the Multi-News train split:
``models/salience-<version>.txt`` is the LightGBM model, ``.npz`` the same trees as arrays
that :class:`TreeEnsemble` evaluates with numpy (no LightGBM import at run time), and the JSON
records the training data, date, parameters, held-out scores and the length policy.  Inputs
are the columns of :data:`storybrief.pipeline.features.FEATURE_NAMES` the model was trained on
plus the cluster-relative features of :func:`derived_features` (ranks and ratios within the
cluster, which make scores comparable across clusters of any size); :data:`MODEL_FEATURES`
are those that mean the same on the truncated training form and on full web articles.

**Scores.**  The model predicts a unit's reference density (ROUGE n-grams per word); the
scorer adds ``-position_prior * log(1 + position)`` from the model's JSON, a lead prior for
the deep positions of web articles that the truncated training data never shows.

**Length policy.**  ROUGE F1 punishes summaries that are too short and too long, so the
selector fills only to ``length_fraction * max_words`` words (tuned on held-out *train*
clusters; the value is in the model's JSON).  ``max_words`` stays the hard cap.  Sentence
length bounds are readability rules (:mod:`storybrief.pipeline.readability`), not part of a
model's policy.

The model loads on first use and is cached for the process.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from storybrief.errors import StorybriefError
from storybrief.pipeline.features import FEATURE_NAMES, UnitFeatures
from storybrief.pipeline.select import SelectionOptions

MODEL_VERSION = "v2"
MODEL_NAME = f"salience-{MODEL_VERSION}"

DERIVED_NAMES = [
    "n_units",
    "cluster_words",
    "inv_position",
    "centroid_rank",
    "centroid_ratio",
    "lexrank_rank",
    "lexrank_ratio",
    "doc_centroid_rank",
    "mean_idf_rank",
    "words_ratio",
    "lead_sim",
    "sumbasic",
    "sumbasic_rank",
    "emb_centroid_rank",
    "emb_lead_rank",
    "emb_support_rank",
    "emb_doc_rank",
    "lead_sim_rank",
    "emb_centroid_doc_rank",
]


DEFAULT_POSITION_PRIOR = 0.25
"""Weight of -log(1 + position) added to the model's score (see :mod:`storybrief.train`)."""

# Features whose meaning is the same in a truncated training cluster and a full web article:
# left out are document and cluster lengths, relative positions, paragraph and document
# numbers (web articles are ten times longer than the training form's), see storybrief.train.
_NOT_TRANSFERABLE = {
    "doc_sentences",
    "position_rel",
    "n_units",
    "cluster_words",
    "paragraph",
    "doc_index",
    "n_docs",
    "words_ratio",
}


def _rank_pct(x: np.ndarray) -> np.ndarray:
    """Rank within the cluster scaled to (0, 1], 1 = largest (ties share the lower rank)."""
    n = x.size
    if n == 0:
        return x
    order = np.argsort(-x, kind="stable")
    ranks = np.empty(n)
    ranks[order] = np.arange(n)
    return 1.0 - ranks / n


def _within_doc_rank(x: np.ndarray, doc: np.ndarray) -> np.ndarray:
    """Rank of each value among the units of its own document, scaled to (0, 1]."""
    out = np.zeros_like(x, dtype=np.float64)
    for d in np.unique(doc):
        m = np.flatnonzero(doc == d)
        out[m] = _rank_pct(x[m])
    return out


def _ratio_to_max(x: np.ndarray) -> np.ndarray:
    m = float(x.max()) if x.size else 0.0
    return x / m if m > 1e-12 else np.zeros_like(x)


def derived_features(features: UnitFeatures) -> dict[str, np.ndarray]:
    """Cluster-relative features, vectorised over units (see ``DERIVED_NAMES``)."""
    n = features.values.shape[0]
    col = features.column
    matrix = features.unit_matrix
    centroid = col("centroid_sim")
    lexrank = col("lexrank")
    n_words = col("n_words")
    position = col("position")

    lead = np.flatnonzero(position == 0)
    if lead.size and n:
        lead_vec = np.asarray(matrix[lead].mean(axis=0)).ravel()
        norm = np.linalg.norm(lead_vec)
        lead_sim = matrix @ (lead_vec / norm) if norm > 0 else np.zeros(n)
    else:
        lead_sim = np.zeros(n)

    if n:
        binary = matrix.copy()
        binary.data = np.ones_like(binary.data)
        term_share = np.asarray(binary.sum(axis=0)).ravel() / n
        nnz = np.maximum(np.diff(binary.indptr), 1)
        sumbasic = np.asarray(binary @ term_share).ravel() / nnz
    else:
        sumbasic = np.zeros(0)

    return {
        "n_units": np.full(n, float(n)),
        "cluster_words": np.full(n, float(n_words.sum())),
        "inv_position": 1.0 / (1.0 + position),
        "centroid_rank": _rank_pct(centroid),
        "centroid_ratio": _ratio_to_max(centroid),
        "lexrank_rank": _rank_pct(lexrank),
        "lexrank_ratio": _ratio_to_max(lexrank),
        "doc_centroid_rank": _rank_pct(col("doc_centroid_sim")),
        "mean_idf_rank": _rank_pct(col("mean_idf")),
        "words_ratio": n_words / max(float(n_words.mean()) if n else 1.0, 1.0),
        "lead_sim": np.asarray(lead_sim, dtype=np.float64),
        "sumbasic": sumbasic,
        "sumbasic_rank": _rank_pct(sumbasic),
        "emb_centroid_rank": _rank_pct(col("emb_centroid")),
        "emb_lead_rank": _rank_pct(col("emb_lead")),
        "emb_support_rank": _rank_pct(col("emb_support")),
        "emb_doc_rank": _rank_pct(col("emb_doc")),
        "lead_sim_rank": _rank_pct(np.asarray(lead_sim, dtype=np.float64)),
        "emb_centroid_doc_rank": _within_doc_rank(col("emb_centroid"), col("doc_index")),
    }


def model_inputs(features: UnitFeatures, names: list[str]) -> np.ndarray:
    """The matrix (units x ``names``) a model trained on ``names`` reads."""
    derived = derived_features(features)
    n = features.values.shape[0]
    out = np.empty((n, len(names)), dtype=np.float64)
    for j, name in enumerate(names):
        if name in derived:
            out[:, j] = derived[name]
        elif name in FEATURE_NAMES:
            out[:, j] = features.column(name)
        else:
            raise StorybriefError(
                f"the salience model needs feature {name!r}, which this version lacks"
            )
    return out


def all_input_names() -> list[str]:
    return [*FEATURE_NAMES, *DERIVED_NAMES]


MODEL_FEATURES = [n for n in all_input_names() if n not in _NOT_TRANSFERABLE]
"""The inputs a model trained by ``python -m storybrief.train`` reads."""


def model_dir() -> Path:
    return Path(str(resources.files("storybrief") / "models"))


class TreeEnsemble:
    """A LightGBM binary model as flat numpy arrays, evaluated without LightGBM.

    Importing LightGBM alone takes over a second; these arrays load in milliseconds and score
    a cluster's units for all trees at once (one vectorised step per tree level).  Node ``i``
    of tree ``t`` is internal when ``feature[t, i] >= 0``: go to ``left`` when
    ``x[feature] <= threshold``, else ``right``; a leaf holds its ``value``.  The output is
    LightGBM's prediction: the sigmoid of the summed leaf values for a binary model, the sum
    itself for a ranking or regression model."""

    def __init__(self, feature, threshold, left, right, value, depth: int, sigmoid: bool = True):
        self.feature = np.asarray(feature, dtype=np.int32)
        self.threshold = np.asarray(threshold, dtype=np.float64)
        self.left = np.asarray(left, dtype=np.int32)
        self.right = np.asarray(right, dtype=np.int32)
        self.value = np.asarray(value, dtype=np.float64)
        self.depth = int(depth)
        self.sigmoid = bool(sigmoid)  # binary models: a probability; ranking models: raw score

    @classmethod
    def from_booster(cls, booster: Any, num_iteration: int | None = None) -> TreeEnsemble:
        """The first ``num_iteration`` trees of ``booster`` (all by default)."""
        dump = booster.dump_model(num_iteration=num_iteration)
        sigmoid = dump.get("objective", "binary").split()[0] == "binary"
        trees = [t["tree_structure"] for t in dump["tree_info"]]
        flat: list[list[tuple[int, float, int, int, float]]] = []
        depth = 0
        for root in trees:
            nodes: list[tuple[int, float, int, int, float]] = []

            def walk(node: dict[str, Any], level: int, nodes=nodes) -> int:
                nonlocal depth
                depth = max(depth, level)
                i = len(nodes)
                nodes.append((-1, 0.0, i, i, float(node.get("leaf_value", 0.0))))
                if "leaf_index" in node or "split_feature" not in node:
                    return i
                if node["decision_type"] != "<=":
                    raise ValueError(f"unsupported split {node['decision_type']}")
                left = walk(node["left_child"], level + 1)
                right = walk(node["right_child"], level + 1)
                nodes[i] = (int(node["split_feature"]), float(node["threshold"]), left, right, 0.0)
                return i

            walk(root, 0)
            flat.append(nodes)
        width = max(len(n) for n in flat)
        arr = np.zeros((len(flat), width, 5))
        arr[:, :, 0] = -1
        for t, nodes in enumerate(flat):
            arr[t, : len(nodes)] = nodes
        return cls(
            arr[:, :, 0], arr[:, :, 1], arr[:, :, 2], arr[:, :, 3], arr[:, :, 4], depth, sigmoid
        )

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            feature=self.feature.astype(np.int16),
            threshold=self.threshold,
            left=self.left.astype(np.int16),
            right=self.right.astype(np.int16),
            value=self.value,
            depth=np.array(self.depth),
            sigmoid=np.array(self.sigmoid),
        )

    @classmethod
    def load(cls, path: Path) -> TreeEnsemble:
        with np.load(path) as d:
            sigmoid = bool(d["sigmoid"]) if "sigmoid" in d.files else True
            return cls(
                d["feature"],
                d["threshold"],
                d["left"],
                d["right"],
                d["value"],
                int(d["depth"]),
                sigmoid,
            )

    def _flat(self) -> tuple[np.ndarray, ...]:
        """Global node arrays; a leaf is a node that sends every row to itself."""
        if getattr(self, "_flat_cache", None) is None:
            n_trees, width = self.feature.shape
            base = (np.arange(n_trees) * width)[:, None]
            leaf = self.feature < 0
            own = base + np.arange(width)[None, :]
            self._flat_cache = (
                np.where(leaf, 0, self.feature).ravel(),
                np.where(leaf, np.inf, self.threshold).ravel(),
                np.where(leaf, own, base + self.left).ravel(),
                np.where(leaf, own, base + self.right).ravel(),
                leaf.ravel(),
                self.value.ravel(),
                base.ravel(),
            )
        return self._flat_cache

    def raw_score(self, x: np.ndarray) -> np.ndarray:
        feature, threshold, left, right, leaf, value, roots = self._flat()
        if getattr(self, "_child", None) is None:
            # node i's children side by side: child[2 i + 1] on the left, child[2 i] right
            self._child = np.stack([right, left], axis=1).ravel()
        child = self._child
        n_rows, n_feat = x.shape
        n_trees = roots.size
        xflat = np.ascontiguousarray(x, dtype=np.float64).ravel()
        node = np.tile(roots, n_rows)  # row-major: row r, tree t at r * n_trees + t
        # the (row, tree) pairs still walking: their slots in ``node``, current nodes and
        # row offsets into ``xflat``, compacted as trees reach their leaves
        active = np.arange(node.size)
        cur = node
        base = np.repeat(np.arange(n_rows) * n_feat, n_trees)
        for _ in range(self.depth):
            go_left = xflat[base + feature[cur]] <= threshold[cur]
            cur = child[2 * cur + go_left]
            keep = ~leaf[cur]
            if keep.all():
                continue
            node[active] = cur
            if not keep.any():
                break
            active, cur, base = active[keep], cur[keep], base[keep]
        else:
            node[active] = cur
        return value[node].reshape(n_rows, n_trees).sum(axis=1)

    def predict(self, x: np.ndarray) -> np.ndarray:
        raw = self.raw_score(np.asarray(x, dtype=np.float64))
        return 1.0 / (1.0 + np.exp(-raw)) if self.sigmoid else raw


@lru_cache(maxsize=4)
def load_model(name: str = MODEL_NAME) -> tuple[TreeEnsemble, dict[str, Any]]:
    """(tree ensemble, metadata) of a shipped model, loaded once per process."""
    path = model_dir() / f"{name}.npz"
    meta_path = model_dir() / f"{name}.json"
    if not path.is_file() or not meta_path.is_file():
        raise StorybriefError(
            f"the learned model {name} is missing from {model_dir()} (reinstall storybrief, "
            "or run python -m storybrief.train); --method hybrid works without it"
        )
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return TreeEnsemble.load(path), meta


class LearnedScorer:
    """LightGBM salience trained on Multi-News with ROUGE-derived labels (see module doc)."""

    name = "learned"
    description = (
        "LightGBM salience trained on Multi-News (ROUGE-oracle labels), with a tuned length policy"
    )

    def __init__(self, booster: Any = None, meta: dict[str, Any] | None = None):
        self._booster = booster
        self._meta = meta

    def _model(self) -> tuple[Any, dict[str, Any]]:
        if self._booster is None or self._meta is None:
            self._booster, self._meta = load_model()
        return self._booster, self._meta

    def score(self, features: UnitFeatures) -> np.ndarray:
        booster, meta = self._model()
        if features.values.shape[0] == 0:
            return np.zeros(0)
        x = model_inputs(features, meta["features"])
        scores = np.asarray(booster.predict(x), dtype=np.float64)
        prior = float(meta.get("position_prior", 0.0))
        if prior:
            scores = scores - prior * np.log1p(features.column("position"))
        return scores

    def selection_options(self, options: SelectionOptions) -> SelectionOptions:
        """Apply the model's length policy (and tuned selection settings, if any)."""
        _, meta = self._model()
        policy = meta.get("selection", {})
        fraction = float(policy.get("length_fraction", 1.0))
        target = max(1, int(round(fraction * options.max_words)))
        changes: dict[str, Any] = {"target_words": min(target, options.max_words)}
        # (sentence length bounds are readability rules now, not part of a model's policy)
        for key in ("mmr_lambda", "redundancy"):
            # only where the caller kept the library default
            if key in policy and getattr(options, key) == getattr(SelectionOptions, key):
                changes[key] = float(policy[key])
        return replace(options, **changes)
