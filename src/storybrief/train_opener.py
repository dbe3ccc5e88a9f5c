"""Train the learned opener (:mod:`storybrief.pipeline.opener`):
``python -m storybrief.train_opener``.

1. **Extract**: each of the first ``--clusters`` clusters of Multi-News *train* goes through
   the real default pipeline (:meth:`storybrief.pipeline.Summarizer.choose`) with a recorder
   in the opener's hook, which keeps the candidates that
   :func:`storybrief.pipeline.select.choose_opener` values, their
   :data:`~storybrief.pipeline.opener.OPENER_FEATURES` and the rule's value (and lets the
   rule decide, so the run is the default's).  A candidate's label is its ROUGE-1 F1 +
   ROUGE-2 F1 (``rouge-score``'s tokenisation, :class:`storybrief.evaluate.rouge.FastRouge`)
   against the **first sentence of the reference summary**: what an editor opens with.
   Clusters with fewer than two candidates teach nothing and are dropped.
2. **Fit** a LightGBM ranker (``rank_xendcg``: of the objectives tried, the best pick on
   held-out train clusters; see :data:`ROUNDS`), one query per cluster, graded relevance 0-3
   (the best candidate 3, the others by their label's fraction of the best: >= 2/3 -> 2,
   >= 1/3 -> 1, else 0).  The last ``--holdout`` clusters are held out for the report.
3. **Report** on the held-out clusters the first-sentence ROUGE of the rule's pick, the
   model's and the best candidate's, and **write** ``opener-v1.npz`` (the trees as numpy
   arrays) and ``opener-v1.json`` (data, parameters, held-out scores) to ``--out``.

Deterministic (fixed seed, one thread, clusters in file order).  Validation and test splits
are never read; ``benchmarks/opener_agreement.py`` measures on validation.
"""

from __future__ import annotations

import json
import pickle
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from storybrief.evaluate.rouge import (
    FastRouge,
    clipped_overlap,
    f1,
    references_of,
    sentences_of,
)
from storybrief.pipeline.learned import TreeEnsemble
from storybrief.pipeline.opener import (
    CANDIDATE_COLUMNS,
    MODEL_COLUMNS,
    OPENER_FEATURES,
    OPENER_MODEL,
    candidate_matrix,
    cue_columns,
    text_cues,
)
from storybrief.pipeline.select import OpenerCandidates
from storybrief.train import (
    REPRODUCIBLE,
    SEED,
    map_clusters,
    provenance,
    read_train,
    require_lightgbm,
    trainer_arguments,
    utc_stamp,
    worker_tools,
    write_meta,
)

PARAMS: dict[str, Any] = {
    "objective": "rank_xendcg",
    "metric": "ndcg",
    "ndcg_eval_at": [1],
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 50,
    **REPRODUCIBLE,
    "num_threads": 1,
    "verbose": -1,
}
ROUNDS = 100
"""A fixed number of trees: early stopping on held-out NDCG@1 (a noisy top-1 measure) stopped
after a dozen.  With every column (size-dependent ones too), on the 10,000-cluster
extraction's held-out 1,500, the first-sentence ROUGE of the pick was 33.30 / 33.66 / 33.53
at 100 / 200 / 400 trees (rule 32.80); ``lambdarank`` at 100-300 trees 32.64-33.19, centred
regression 32.97-33.11, a binary best-candidate label 33.25.  Without the size-dependent
columns, 100 trees beat 200 on held-out train, validation and validation_raw alike
(BENCHMARKS.md)."""


class Recorder:
    """The opener hook that keeps what it was shown and returns the rule's value."""

    def __init__(self) -> None:
        self.seen: tuple[np.ndarray, np.ndarray, list[str]] | None = None

    def value(self, shown: OpenerCandidates) -> np.ndarray:
        if self.seen is None:  # the first call: choose() may try again on other genres
            x = candidate_matrix(shown)
            texts = [shown.texts[u] for u in shown.candidates]
            self.seen = (np.asarray(shown.candidates), x, texts)
        return shown.rule_value


def first_sentence(summary: Any) -> str | None:
    """The reference summary's first sentence, without the raw form's leading dash."""
    refs = references_of(summary)
    if not refs:
        return None
    sents = sentences_of(refs[0].lstrip("–—- "))
    return sents[0] if sents else None


def opener_rouge(rouge: FastRouge, text: str, reference: str) -> float:
    """ROUGE-1 F1 + ROUGE-2 F1 of one sentence against one reference sentence."""
    a, b = rouge.tokens(text), rouge.tokens(reference)
    out = 0.0
    for n in (1, 2):
        ga, gb = rouge.ngrams(a, n), rouge.ngrams(b, n)
        overlap = clipped_overlap(ga, gb)
        out += f1(overlap, max(len(a) - n + 1, 0), max(len(b) - n + 1, 0))
    return out


def candidates_of(cluster: Any) -> dict[str, Any] | None:
    """The opener's candidates in one cluster, their features, the rule's value and their
    labels against the reference's first sentence; None without a reference or candidates."""
    from storybrief.analysis import analyze_cluster

    reference = first_sentence(cluster.extra.get("summary"))
    if reference is None:
        return None
    summarizer, rouge = worker_tools(max_words=260)
    recorder = Recorder()
    summarizer.opener_model = recorder
    cluster_, features = summarizer.prepare(cluster.documents, id=cluster.id)
    if not cluster_.units:
        return None
    scores = summarizer.scorer.score(features)
    summarizer.choose(cluster_, features, scores, analyze_cluster(cluster_))
    if recorder.seen is None or len(recorder.seen[0]) == 0:
        return None
    units, x, texts = recorder.seen
    labels = np.array([opener_rouge(rouge, t, reference) for t in texts])
    return {"id": cluster.id, "x": x, "label": labels, "texts": texts}


def extract(clusters: Iterable[Any], workers: int = 1) -> list[dict[str, Any]]:
    t0 = time.time()
    out = []
    for i, r in enumerate(map_clusters(candidates_of, clusters, workers, 16)):
        if r is not None:
            out.append(r)
        if (i + 1) % 500 == 0:
            print(f"  {i + 1} clusters, {time.time() - t0:.0f}s", file=sys.stderr)
    return out


def refresh_cues(groups: Sequence[dict[str, Any]]) -> None:
    """Recompute the text cues of cached candidates from their texts (a cue's change needs
    no new extraction)."""
    columns = cue_columns()
    for g in groups:
        g["x"][:, columns] = np.array([text_cues(t) for t in g["texts"]]).reshape(
            len(g["texts"]), len(columns)
        )


def relevance(labels: np.ndarray) -> np.ndarray:
    """Graded relevance 0-3 within one cluster (see the module docstring)."""
    best = float(labels.max())
    if best <= 0:
        return np.zeros(labels.size, dtype=np.int32)
    grade = np.where(labels >= 2 * best / 3, 2, np.where(labels >= best / 3, 1, 0))
    grade[int(np.argmax(labels))] = 3
    return grade.astype(np.int32)


def pick_scores(groups: Sequence[dict[str, Any]], model: TreeEnsemble | None) -> dict[str, float]:
    """Mean first-sentence ROUGE (x100) of the rule's pick, the model's and the best."""
    rule, learned, best = [], [], []
    col = CANDIDATE_COLUMNS.index("rule_value")
    for g in groups:
        rule.append(g["label"][int(np.argmax(g["x"][:, col]))])
        if model is not None:
            learned.append(g["label"][int(np.argmax(model.raw_score(g["x"][:, MODEL_COLUMNS])))])
        best.append(g["label"].max())
    out = {"clusters": len(groups), "rule": 100 * float(np.mean(rule))}
    if model is not None:
        out["learned"] = 100 * float(np.mean(learned))
        out["learned_differs"] = float(
            np.mean([a != b for a, b in zip(rule, learned, strict=True)])
        )
    out["best_candidate"] = 100 * float(np.mean(best))
    return {k: round(v, 3) for k, v in out.items()}


def fit(train: Sequence[dict[str, Any]]) -> Any:
    import lightgbm as lgb

    def dataset(groups: Sequence[dict[str, Any]]) -> Any:
        x = np.concatenate([g["x"][:, MODEL_COLUMNS] for g in groups])
        y = np.concatenate([relevance(g["label"]) for g in groups])
        return lgb.Dataset(
            x,
            y,
            group=[len(g["label"]) for g in groups],
            feature_name=list(OPENER_FEATURES),
            free_raw_data=False,
        )

    dtrain = dataset(train)
    return lgb.train(
        PARAMS,
        dtrain,
        num_boost_round=ROUNDS,
    )


def main(argv: Sequence[str] | None = None) -> None:
    ap = trainer_arguments("python -m storybrief.train_opener", __doc__, 20000, 1500, 1)
    ap.add_argument("--cache", type=Path, default=Path("artifacts"), help="candidates cache")
    args = ap.parse_args(argv)
    require_lightgbm()

    cached = args.cache / f"opener-candidates-{Path(args.data).name}-{args.clusters}.pkl"
    if cached.is_file():
        with cached.open("rb") as f:
            extracted = pickle.load(f)
    else:
        extracted = extract(read_train(args.data, 0, args.clusters), args.workers)
        args.cache.mkdir(parents=True, exist_ok=True)
        with cached.open("wb") as f:
            pickle.dump(extracted, f)
    groups = [g for g in extracted if len(g["label"]) >= 2]
    refresh_cues(groups)
    train, held = groups[: -args.holdout], groups[-args.holdout :]
    booster = fit(train)
    trees = TreeEnsemble.from_booster(booster)
    scores = pick_scores(held, trees)
    print(json.dumps(scores), file=sys.stderr)
    meta = {
        "name": OPENER_MODEL,
        "features": list(OPENER_FEATURES),
        "created": utc_stamp(),
        "training_data": {
            "file": Path(args.data).name,
            "clusters_read": args.clusters,
            "train_clusters": len(train),
            "heldout_clusters": len(held),
            "candidates": int(sum(len(g["label"]) for g in groups)),
            "split": "first clusters of the file in order, those with two candidates or more; "
            "the last --holdout held out",
        },
        "labels": "ROUGE-1 F1 + ROUGE-2 F1 against the reference's first sentence, graded 0-3",
        "params": {**PARAMS, "num_boost_round": ROUNDS},
        "heldout_first_sentence_rouge": scores,
        **provenance(ap.prog, argv, OPENER_FEATURES, booster, SEED),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    trees.save(args.out / f"{OPENER_MODEL}.npz")
    write_meta(args.out / f"{OPENER_MODEL}.json", meta)


if __name__ == "__main__":
    main()
