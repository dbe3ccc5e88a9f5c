"""Train the learned salience model: ``python -m storybrief.train``.

Reproducible (fixed seed, deterministic LightGBM, clusters read in file order):

1. **Extract** features and labels for the first ``--clusters`` clusters of the training file
   (cached as ``.npz`` under ``--cache``, keyed by file, count, feature list and model
   version).  Each cluster goes through the real pipeline up to the readability screen
   (clean, segment, group, features, screen), and only the units the selector may take are
   kept, so the model learns to rank what can be chosen.  Labels per unit, against the
   reference summary with ``rouge-score``'s tokenisation: unigram and bigram overlap, and
   whether the greedy extractive oracle (:func:`storybrief.evaluate.rouge.greedy_oracle`,
   run on those units) picks it.
2. **Split** the extracted clusters: the last ``--holdout`` are held out for early stopping
   and the length policy; the rest train.
3. **Fit** LightGBM on ``--objective``:

   * ``density`` (the default): regression on the unit's *reference density*, the reference's
     unigrams plus twice its bigrams that the unit holds, per token -- what a unit adds to
     ROUGE for each word of the budget it uses.  On the truncated training form the greedy
     oracle picks about 60% of the usable units (the whole cluster is barely longer than the
     budget), so a binary "in the oracle" label says little; density ranks every unit.
   * ``binary``: in the greedy oracle's summary or not; ``lambdarank``: graded relevance from
     the unit's own ROUGE with the oracle's units on top; ``regression``: the unit's own
     ROUGE-1 + ROUGE-2 F1.

   The model reads :data:`storybrief.pipeline.learned.MODEL_FEATURES`: features that mean the
   same on a truncated training cluster and on a full web article (no document or cluster
   lengths, relative positions or paragraph numbers, whose ranges differ between the two).
4. **Position prior**: articles are ten times longer on the web than in the training form, so
   the model never saw a sentence at position 40; the scorer subtracts ``--position-prior`` x
   log(1 + position), a prior the training data cannot set.  The value (0.25) was chosen on
   ``validation_raw.jsonl.gz`` (model selection only; see BENCHMARKS.md).
5. **Tune the length policy** on ``--tune`` held-out train clusters with the whole pipeline
   and the official ROUGE: the fraction of ``max_words`` to fill.
6. **Write** ``<out>/salience-<version>.txt`` (LightGBM), ``.npz`` (the same trees as arrays
   for numpy inference) and the JSON beside them (data, date, parameters, held-out scores,
   length policy, position prior).

The validation and test splits are never read.

Over 500 lines because it is also what every trainer shares (reading train, the workers'
tools, the options, provenance), which the salience training above uses in full and
:mod:`storybrief.train_opener` and :mod:`storybrief.train_facts` build on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from storybrief.evaluate.rouge import (
    FastRouge,
    clipped_overlap,
    f1,
    greedy_oracle,
    references_of,
)
from storybrief.pipeline.learned import (
    DEFAULT_POSITION_PRIOR,
    MODEL_FEATURES,
    MODEL_NAME,
    MODEL_VERSION,
    LearnedScorer,
    TreeEnsemble,
    all_input_names,
)
from storybrief.pipeline.learned import model_inputs as _model_inputs

SEED = 13
# the data folder beside a checkout (the layout the README and CI use), read from its root
DEFAULT_DATA = "../shared/data/multinews/train.jsonl.xz"
BUDGET = 260

REPRODUCIBLE: dict[str, Any] = {
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": SEED,
    "deterministic": True,
    "force_row_wise": True,
}
"""The sampling, regularisation and determinism settings every model here trains with (the
opener's too): the same seed and row-wise histograms give the same trees on every run."""

LGB_PARAMS: dict[str, Any] = {
    "objective": "density",
    "metric": "l2",
    "learning_rate": 0.1,
    "num_leaves": 31,
    "min_data_in_leaf": 100,
    **REPRODUCIBLE,
    "num_threads": 2,
    "verbose": -1,
}
NUM_ROUNDS = 300
"""At most this many trees: more add ~0.002 held-out AUC and cost scoring time."""
LABELS = {
    "density": "the reference's unigrams + 2 x its bigrams that the unit holds, per unit token",
    "binary": "1 if the greedy ROUGE-1+ROUGE-2 oracle (260-word budget) picks the unit, else 0",
    "lambdarank": "relevance 0-4: within-cluster quantile of the unit's own ROUGE-1+ROUGE-2 F1 "
    "(0-3), greedy-oracle units 4",
    "regression": "the unit's own ROUGE-1 F1 + ROUGE-2 F1 against the reference",
}
EARLY_STOP = 50


# -- extraction ---------------------------------------------------------------------------


def read_train(path: str, start: int = 0, stop: int | None = None) -> Iterator[Any]:
    from storybrief.readers import read_clusters

    for i, cluster in enumerate(read_clusters(path, "jsonl")):
        if stop is not None and i >= stop:
            return
        if i >= start:
            yield cluster


_WORKER: dict[tuple, tuple[Any, FastRouge]] = {}


def worker_tools(**options: Any) -> tuple[Any, FastRouge]:
    """This process's Summarizer (built with ``options``) and ROUGE tokenizer, made on first
    use: each pool worker makes its own, once."""
    key = tuple(sorted(options.items()))
    if key not in _WORKER:
        from storybrief.pipeline import Summarizer

        _WORKER[key] = (Summarizer(**options), FastRouge())
    return _WORKER[key]


def map_clusters(
    fn: Callable[[Any], Any], clusters: Iterable[Any], workers: int, chunksize: int
) -> Iterator[Any]:
    """``fn`` of each cluster, in input order: in a pool of ``workers`` forked processes when
    there are several."""
    if workers > 1:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(fn, clusters, chunksize=chunksize)
    else:
        yield from map(fn, clusters)


def _extract_one(cluster: Any) -> dict[str, np.ndarray] | None:
    """Features and labels of the units of one cluster that the selector may take (those the
    readability screen passes): the oracle is computed among them too, so the model learns
    to rank what can be chosen."""
    from storybrief.pipeline.readability import screen_units

    summarizer, rouge = worker_tools(method="lead", max_words=BUDGET)
    refs = references_of(cluster.extra.get("summary"))
    if not refs:
        return None
    prepared, features = summarizer.prepare(cluster.documents, id=cluster.id)
    if not prepared.units:
        return None
    keep = np.flatnonzero(screen_units(prepared).eligible)
    if keep.size == 0:
        return None
    texts = [prepared.unit_text(prepared.units[u]) for u in keep]
    ref_tok = rouge.tokens(refs[0])
    ref1, ref2 = rouge.ngrams(ref_tok, 1), rouge.ngrams(ref_tok, 2)
    o1, o2, nt = [], [], []
    for t in texts:
        tok = rouge.tokens(t)
        g1, g2 = rouge.ngrams(tok, 1), rouge.ngrams(tok, 2)
        o1.append(clipped_overlap(g1, ref1))
        o2.append(clipped_overlap(g2, ref2))
        nt.append(len(tok))
    oracle = np.zeros(len(texts))
    for rank, u in enumerate(greedy_oracle(texts, refs[0], BUDGET, rouge)):
        oracle[u] = 1.0 / (1 + rank)  # > 0: in the oracle; larger = picked earlier
    x = _model_inputs(features, all_input_names())[keep]
    return {
        "x": x.astype(np.float32),
        "o1": np.asarray(o1, np.float32),
        "o2": np.asarray(o2, np.float32),
        "nt": np.asarray(nt, np.float32),
        "ref_tokens": np.full(len(texts), len(ref_tok), np.float32),
        "oracle": oracle.astype(np.float32),
    }


def extract(path: str, n_clusters: int, cache: Path, workers: int = 2) -> dict[str, np.ndarray]:
    """Features and labels of the first ``n_clusters`` clusters (cached)."""
    names = all_input_names()
    key = hashlib.sha1(
        json.dumps([os.path.abspath(path), n_clusters, names, MODEL_VERSION]).encode()
    ).hexdigest()[:12]
    target = cache / f"train-features-{n_clusters}-{key}.npz"
    if target.is_file():
        with np.load(target) as data:
            return dict(data)
    cache.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    rows: list[dict[str, np.ndarray]] = []
    ids: list[int] = []
    results = map_clusters(_extract_one, read_train(path, 0, n_clusters), workers, 64)
    for i, r in enumerate(results):
        if r is not None:
            rows.append(r)
            ids.append(i)
        if (i + 1) % 2000 == 0:
            print(f"  extracted {i + 1} clusters, {time.time() - t0:.0f}s", file=sys.stderr)
    sizes = np.array([len(r["o1"]) for r in rows], dtype=np.int64)
    out = {k: np.concatenate([r[k] for r in rows]) for k in rows[0]}
    out["group_sizes"] = sizes
    out["cluster_index"] = np.asarray(ids, dtype=np.int64)
    out["names"] = np.asarray(names)
    np.savez_compressed(target, **out)
    print(f"extracted {len(rows)} clusters in {time.time() - t0:.0f}s -> {target}", file=sys.stderr)
    return out


# -- labels -------------------------------------------------------------------------------


def unit_rouge(data: dict[str, np.ndarray]) -> np.ndarray:
    """ROUGE-1 F1 + ROUGE-2 F1 of each unit alone against its reference."""
    nt, nr = data["nt"], data["ref_tokens"]
    r1 = np.array([f1(o, n, r) for o, n, r in zip(data["o1"], nt, nr, strict=True)])
    r2 = np.array(
        [f1(o, max(n - 1, 0), max(r - 1, 0)) for o, n, r in zip(data["o2"], nt, nr, strict=True)]
    )
    return r1 + r2


def density_labels(data: dict[str, np.ndarray]) -> np.ndarray:
    """Reference unigrams plus twice the reference bigrams a unit holds, per unit token."""
    return (data["o1"] + 2.0 * data["o2"]) / np.maximum(data["nt"], 1.0)


def graded_labels(data: dict[str, np.ndarray], levels: int = 4) -> np.ndarray:
    """Relevance 0..levels within each cluster: quantiles of the unit's own ROUGE, and the
    oracle's picks one level above the best non-oracle unit."""
    score = unit_rouge(data)
    labels = np.zeros(score.size, dtype=np.int32)
    start = 0
    for size in data["group_sizes"]:
        s = score[start : start + size]
        ranks = np.argsort(np.argsort(s, kind="stable"), kind="stable") / max(size - 1, 1)
        lab = np.floor(ranks * (levels - 1) + 1e-9).astype(np.int32)
        lab[s <= 0] = 0
        lab[data["oracle"][start : start + size] > 0] = levels
        labels[start : start + size] = lab
        start += size
    return labels


# -- training -----------------------------------------------------------------------------


def _split(data: dict[str, np.ndarray], holdout: int) -> tuple[dict, dict]:
    sizes = data["group_sizes"]
    n_train = len(sizes) - holdout
    cut = int(sizes[:n_train].sum())
    row_keys = [k for k in data if k not in ("group_sizes", "cluster_index", "names")]
    train = {k: data[k][:cut] for k in row_keys}
    held = {k: data[k][cut:] for k in row_keys}
    train["group_sizes"], held["group_sizes"] = sizes[:n_train], sizes[n_train:]
    train["cluster_index"] = data["cluster_index"][:n_train]
    held["cluster_index"] = data["cluster_index"][n_train:]
    return train, held


def fit(
    train: dict[str, np.ndarray],
    held: dict[str, np.ndarray],
    names: Sequence[str],
    params: dict[str, Any] | None = None,
    rounds: int = NUM_ROUNDS,
) -> Any:
    import lightgbm as lgb

    params = {**LGB_PARAMS, **(params or {})}
    objective = params["objective"]
    if objective == "density":
        y_train, y_held = density_labels(train), density_labels(held)
        params = {**params, "objective": "regression", "metric": "l2"}
    elif objective == "lambdarank":
        y_train, y_held = graded_labels(train), graded_labels(held)
        params = {**params, "metric": "ndcg", "ndcg_eval_at": [5, 10]}
    elif objective == "binary":
        y_train = (train["oracle"] > 0).astype(np.int32)
        y_held = (held["oracle"] > 0).astype(np.int32)
        params = {**params, "metric": "auc"}
    else:  # regression on the unit's own ROUGE
        y_train, y_held = unit_rouge(train), unit_rouge(held)
        params = {**params, "metric": "l2"}
    dtrain = lgb.Dataset(
        train["x"],
        y_train,
        group=train["group_sizes"],
        feature_name=list(names),
        free_raw_data=False,
    )
    dheld = lgb.Dataset(
        held["x"], y_held, group=held["group_sizes"], reference=dtrain, free_raw_data=False
    )
    booster = lgb.train(
        params,
        dtrain,
        num_boost_round=rounds,
        valid_sets=[dheld],
        callbacks=[lgb.early_stopping(EARLY_STOP, verbose=False)],
    )
    return booster


# -- end-to-end tuning --------------------------------------------------------------------


def end_to_end(
    clusters: Sequence[Any],
    scorer: Any,
    fraction: float,
    max_words: int = BUDGET,
    **selection: Any,
) -> dict[str, float]:
    """Mean ROUGE (official scorer) of the whole pipeline with ``scorer`` on ``clusters``."""
    from dataclasses import replace

    from storybrief.evaluate.rouge import evaluate_systems
    from storybrief.pipeline import Summarizer

    # the rule opener, as the shipped salience model was tuned with it
    summarizer = Summarizer(method="learned", max_words=max_words, opener="rule", scorer=scorer)
    summarizer.selection = replace(
        summarizer.selection, target_words=int(round(fraction * max_words)), **selection
    )

    def system(cluster: Any) -> list[str]:
        return [s.text for s in summarizer.summarize(cluster.documents).sentences]

    (res,) = evaluate_systems(clusters, {"learned": system})
    return {
        "rouge1": round(res.mean("rouge1"), 3),
        "rouge2": round(res.mean("rouge2"), 3),
        "rougeLsum": round(res.mean("rougeLsum"), 3),
        "mean_words": round(res.mean_words, 1),
    }


def tune_selection(
    clusters: Sequence[Any], scorer: Any, fractions: Sequence[float]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The length policy (fraction of the budget to fill) maximising mean ROUGE-1 + ROUGE-2
    F1 on ``clusters``; ties go to the shorter summary."""
    trials = []
    for fr in fractions:
        r = end_to_end(clusters, scorer, fr)
        trials.append({"length_fraction": fr, **r})
        print(f"  length {fr:.2f}: {r}", file=sys.stderr)
    best = max(trials, key=lambda t: (t["rouge1"] + t["rouge2"], -t["length_fraction"]))
    return {"length_fraction": best["length_fraction"]}, trials


def _subset(data: dict[str, np.ndarray], names: Sequence[str]) -> dict[str, np.ndarray]:
    """The extracted data with only the model's feature columns."""
    columns = [all_input_names().index(n) for n in names]
    return {**data, "x": data["x"][:, columns]}


def utc_stamp() -> str:
    """Now, as a model's JSON records when it was made."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def provenance(
    prog: str, argv: Sequence[str] | None, names: Sequence[str], booster: Any, seed: int
) -> dict[str, Any]:
    """The last entries of a model's JSON: each feature's total gain, largest first, the
    command that trained it and its seed."""
    importance = booster.feature_importance("gain")
    return {
        "feature_importance_gain": {
            n: round(float(g), 1)
            for n, g in sorted(zip(names, importance, strict=True), key=lambda t: -t[1])
        },
        "command": f"{prog} " + " ".join(sys.argv[1:] if argv is None else argv),
        "seed": seed,
    }


def write_meta(path: Path, meta: dict[str, Any]) -> None:
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def require_lightgbm() -> None:
    """Stop at once, with the install hint, when LightGBM is missing: it is only needed here
    (the ``train`` extra), and extraction would otherwise run for minutes before ``fit``."""
    try:
        import lightgbm  # noqa: F401
    except ImportError:
        print('error: training needs LightGBM: pip install "storybrief[train]"', file=sys.stderr)
        raise SystemExit(2) from None


def trainer_arguments(
    prog: str, description: str | None, clusters: int, holdout: int, workers: int
) -> argparse.ArgumentParser:
    """The options every trainer takes, with its own defaults: the training data, how many
    of its first clusters to use and how many of those (the last) to hold out, worker
    processes, and the folder the model is written to."""
    ap = argparse.ArgumentParser(prog=prog, description=description)
    ap.add_argument("--data", default=DEFAULT_DATA, help="training JSONL (.xz/.gz ok)")
    ap.add_argument("--clusters", type=int, default=clusters, help="first N clusters to use")
    ap.add_argument("--holdout", type=int, default=holdout, help="last N of them held out")
    ap.add_argument("--workers", type=int, default=workers)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "models")
    return ap


def main(argv: Sequence[str] | None = None) -> None:
    ap = trainer_arguments("python -m storybrief.train", __doc__, 45000, 2000, 2)
    ap.add_argument("--tune", type=int, default=600, help="held-out clusters for length tuning")
    ap.add_argument("--cache", type=Path, default=Path("artifacts"), help="feature cache folder")
    ap.add_argument("--fractions", default="0.9,0.95,1.0", help="length fractions to try")
    ap.add_argument(
        "--position-prior",
        type=float,
        default=DEFAULT_POSITION_PRIOR,
        help="weight of -log(1 + position) added to the model's score (chosen on "
        "validation_raw, see BENCHMARKS.md)",
    )
    ap.add_argument(
        "--objective",
        default=LGB_PARAMS["objective"],
        choices=["density", "binary", "lambdarank", "regression"],
    )
    args = ap.parse_args(argv)
    require_lightgbm()

    names = list(MODEL_FEATURES)
    data = _subset(extract(args.data, args.clusters, args.cache, args.workers), names)
    train, held = _split(data, args.holdout)
    t0 = time.time()
    booster = fit(train, held, names, {"objective": args.objective})
    train_seconds = time.time() - t0
    print(f"trained {booster.best_iteration} rounds in {train_seconds:.0f}s", file=sys.stderr)

    meta: dict[str, Any] = {
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "features": names,
        "position_prior": args.position_prior,
        "selection": {"length_fraction": 1.0},
    }
    scorer = LearnedScorer(TreeEnsemble.from_booster(booster, booster.best_iteration), meta)
    held_ids = held["cluster_index"][: args.tune]
    first, last = int(held_ids.min()), int(held_ids.max()) + 1
    wanted = set(held_ids.tolist())
    tune_clusters = [
        c for i, c in enumerate(read_train(args.data, first, last), start=first) if i in wanted
    ]
    fractions = [float(x) for x in args.fractions.split(",")]
    policy, trials = tune_selection(tune_clusters, scorer, fractions)
    best = next(t for t in trials if t["length_fraction"] == policy["length_fraction"])

    meta.update(
        {
            "selection": policy,
            "created": utc_stamp(),
            "training_data": {
                "file": os.path.basename(args.data),
                "clusters_read": args.clusters,
                "clusters_used": int(len(data["group_sizes"])),
                "train_clusters": int(len(train["group_sizes"])),
                "heldout_clusters": int(len(held["group_sizes"])),
                "units": int(len(data["o1"])),
                "split": "first clusters of the file in order; the last --holdout held out",
            },
            "labels": LABELS[args.objective],
            "params": {
                **LGB_PARAMS,
                "objective": args.objective,
                "num_boost_round": NUM_ROUNDS,
                "early_stopping": EARLY_STOP,
            },
            "best_iteration": int(booster.best_iteration),
            "heldout_metric": {k: round(v, 4) for k, v in booster.best_score["valid_0"].items()},
            "heldout_rouge_at_260": {"clusters": len(tune_clusters), **best},
            "selection_tuning": trials,
            **provenance(ap.prog, argv, names, booster, SEED),
        }
    )
    args.out.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(args.out / f"{MODEL_NAME}.txt"), num_iteration=booster.best_iteration)
    TreeEnsemble.from_booster(booster, booster.best_iteration).save(args.out / f"{MODEL_NAME}.npz")
    write_meta(args.out / f"{MODEL_NAME}.json", meta)
    print(json.dumps(meta["heldout_rouge_at_260"]), file=sys.stderr)


if __name__ == "__main__":
    main()
