"""Train the same-fact model (:mod:`storybrief.pipeline.facts`):
``python -m storybrief.train_facts``.

1. **Weak labels from Multi-News train.**  Each of the first ``--clusters`` clusters goes
   through the pipeline's own preparation (:meth:`storybrief.pipeline.Summarizer.prepare`:
   units, content stems, WordLlama embeddings).  Every unit is aligned to its best sentence
   of the editors' summary by the share of its content stems
   (:func:`storybrief.text.words.content_stems`, as the pipeline's) found there.  An
   alignment is *strong* when at least :data:`MIN_SHARED` tokens and :data:`MIN_SHARE` of the
   unit's are in the reference sentence and the runner-up sentence holds at most
   :data:`MAX_RUNNER_UP` of what the best holds (the unit tells one summary sentence's fact,
   not the story's).  Two strongly aligned units of *different* articles (no member of one
   in the other's article) make a pair: the same fact when aligned to one summary sentence,
   different facts when to two.  Pairs with WordLlama cosine under :data:`MIN_COSINE` and no
   figure in common are left out: the selector's decisions lie above it.
2. **Fit** an L2-regularised logistic regression (Newton's method, numpy) over
   :data:`~storybrief.pipeline.facts.FACT_FEATURES`; the last ``--holdout`` clusters are
   held out.  The three probabilities the selector acts at are chosen on the *training*
   pairs (:func:`choose_thresholds`): where this model is as precise as the hand-labelled
   model at its bars.
3. **Report** AUC, precision and recall on the held-out train clusters, for this model and
   the hand-labelled one (:data:`~storybrief.pipeline.facts.HAND_LABELLED`), and **write**
   ``facts-v1.npz`` and ``facts-v1.json`` (data, labels, thresholds, held-out scores,
   command, seed) to ``--out``.  ``benchmarks/fact_pairs.py`` tests both on the 153
   hand-labelled validation pairs, which are never used here.

Deterministic: clusters in file order, pairs in unit order, no sampling.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from storybrief.evaluate.rouge import references_of, sentences_of
from storybrief.pipeline.facts import (
    FACT_FEATURES,
    FACT_MODEL,
    HAND_LABELLED,
    figure_matrix,
    pair_features,
)
from storybrief.text.words import content_stems
from storybrief.train import (
    SEED,
    map_clusters,
    read_train,
    trainer_arguments,
    utc_stamp,
    worker_tools,
    write_meta,
)

MIN_SHARED = 4
MIN_SHARE = 0.4
MAX_RUNNER_UP = 0.75
MIN_COSINE = 0.3
L2 = 1.0


def _content(text: str) -> set[str]:
    return set(content_stems(text))


def align(unit_tokens: set[str], references: list[set[str]]) -> int:
    """The summary sentence a unit strongly aligns to, or -1."""
    if len(unit_tokens) < MIN_SHARED or not references:
        return -1
    held = np.array([len(unit_tokens & r) for r in references], dtype=float)
    order = np.argsort(-held, kind="stable")
    best = held[order[0]]
    runner_up = held[order[1]] if len(order) > 1 else 0.0
    if best < MIN_SHARED or best / len(unit_tokens) < MIN_SHARE:
        return -1
    if runner_up > MAX_RUNNER_UP * best:
        return -1
    return int(order[0])


def pairs_of(cluster: Any) -> dict[str, np.ndarray] | None:
    """The weakly labelled pairs of one cluster: features and labels (1 = same fact)."""
    summarizer, _ = worker_tools()
    refs = references_of(cluster.extra.get("summary"))
    if not refs:
        return None
    ref_sets = [_content(s) for s in sentences_of(refs[0])]
    prepared, features = summarizer.prepare(cluster.documents, id=cluster.id)
    units = prepared.units
    if len(units) < 2 or features.embeddings is None:
        return None
    texts = [prepared.unit_text(u) for u in units]
    aligned = np.array([align(_content(t), ref_sets) for t in texts])
    keep = np.flatnonzero(aligned >= 0)
    if len(keep) < 2:
        return None
    docs = [set(prepared.unit_sources(units[i])) for i in keep]
    words = features.unit_matrix[keep].copy()
    words.data[:] = 1.0
    figs = figure_matrix([texts[i] for i in keep])
    n_words = np.asarray(words.sum(axis=1)).ravel()
    n_figs = np.asarray(figs.sum(axis=1)).ravel()
    cosine = features.embeddings[keep] @ features.embeddings[keep].T
    shared = (words @ words.T).toarray()
    shared_figs = (figs @ figs.T).toarray()
    rows, labels = [], []
    for a in range(len(keep)):
        for b in range(a + 1, len(keep)):
            if docs[a] & docs[b]:
                continue
            if cosine[a, b] < MIN_COSINE and shared_figs[a, b] == 0:
                continue
            rows.append(
                pair_features(
                    cosine[a, b],
                    shared[a, b],
                    n_words[b],
                    n_words[a],
                    shared_figs[a, b],
                    n_figs[b],
                    n_figs[a],
                )
            )
            labels.append(int(aligned[keep[a]] == aligned[keep[b]]))
    if not rows:
        return None
    return {"x": np.array(rows), "y": np.array(labels)}


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression (bias not penalised), by
    Newton's method: deterministic, numpy only."""
    z = np.column_stack([x, np.ones(len(x))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w[:-1], float(w[-1])


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve (ties count half)."""
    from scipy.stats import rankdata

    r = rankdata(score)
    pos = y == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((r[pos].sum() - n_pos * (n_pos + 1) / 2) / max(n_pos * n_neg, 1))


def precision_recall(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, float]:
    hit = p >= threshold
    tp = float((hit & (y == 1)).sum())
    precision = tp / max(float(hit.sum()), 1.0)
    recall = tp / max(float((y == 1).sum()), 1.0)
    f = 2 * precision * recall / max(precision + recall, 1e-12)
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f, 3)}


def choose_thresholds(y: np.ndarray, x: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """The selector's three probabilities for this model, chosen on the training pairs: each
    the lowest (on a 0.01 grid) at which this model is as precise on them as the
    hand-labelled model is at its own bar.  The bars keep their meaning -- how sure a
    blocking, an opener repeat, a citation must be -- and a better ranking shows as recall."""
    old = HAND_LABELLED.probability(x)
    grid = np.round(np.arange(0.05, 0.991, 0.01), 2)
    out = {}
    for name in ("threshold", "opener", "cited"):
        target = precision_recall(y, old, getattr(HAND_LABELLED, name))["precision"]
        out[name] = next(
            (float(t) for t in grid if precision_recall(y, p, t)["precision"] >= target),
            float(grid[-1]),
        )
        out[f"{name}_train_precision"] = target
    return out


def extract(clusters: Iterable[Any], workers: int) -> list[dict[str, np.ndarray]]:
    return [g for g in map_clusters(pairs_of, clusters, workers, 8) if g is not None]


def main(argv: Sequence[str] | None = None) -> None:
    ap = trainer_arguments("python -m storybrief.train_facts", __doc__, 20000, 2000, 2)
    args = ap.parse_args(argv)

    train = extract(read_train(args.data, 0, args.clusters - args.holdout), args.workers)
    held = extract(read_train(args.data, args.clusters - args.holdout, args.clusters), args.workers)
    x, y = np.vstack([g["x"] for g in train]), np.concatenate([g["y"] for g in train])
    hx, hy = np.vstack([g["x"] for g in held]), np.concatenate([g["y"] for g in held])
    weights, bias = fit_logistic(x, y)
    chosen = choose_thresholds(y, x, 1.0 / (1.0 + np.exp(-(x @ weights + bias))))
    thresholds = {k: chosen[k] for k in ("threshold", "opener", "cited")}
    p_held = 1.0 / (1.0 + np.exp(-(hx @ weights + bias)))
    p_old = HAND_LABELLED.probability(hx)
    report = {
        "learned": {
            "auc": round(auc(hy, p_held), 4),
            **{k: precision_recall(hy, p_held, t) for k, t in thresholds.items()},
        },
        "hand-labelled": {
            "auc": round(auc(hy, p_old), 4),
            **{k: precision_recall(hy, p_old, getattr(HAND_LABELLED, k)) for k in thresholds},
        },
    }
    print(json.dumps(report), file=sys.stderr)
    meta = {
        "name": FACT_MODEL,
        "features": list(FACT_FEATURES),
        "weights": [round(float(w), 4) for w in weights],
        "bias": round(bias, 4),
        **thresholds,
        "hand_labelled_train_precision": {
            k: chosen[f"{k}_train_precision"] for k in ("threshold", "opener", "cited")
        },
        "created": utc_stamp(),
        "training_data": {
            "file": Path(args.data).name,
            "clusters_read": args.clusters,
            "heldout_clusters": args.holdout,
            "train_pairs": len(y),
            "train_same_fact": int(y.sum()),
            "heldout_pairs": len(hy),
            "heldout_same_fact": int(hy.sum()),
            "split": "first clusters of the file in order; the last --holdout held out",
        },
        "labels": "units of different articles aligned strongly to one summary sentence (1) or "
        f"two (0): >= {MIN_SHARED} content stems and >= {MIN_SHARE} of the unit's in the best "
        f"sentence, runner-up <= {MAX_RUNNER_UP} of it; pairs with cosine < {MIN_COSINE} and "
        "no shared figure left out",
        "params": {"l2": L2},
        "heldout": report,
        "command": " ".join([ap.prog, *(sys.argv[1:] if argv is None else argv)]),
        "seed": SEED,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez(
        args.out / f"{FACT_MODEL}.npz",
        weights=weights,
        bias=np.float64(bias),
        **{k: np.float64(v) for k, v in thresholds.items()},
    )
    write_meta(args.out / f"{FACT_MODEL}.json", meta)


if __name__ == "__main__":
    main()
