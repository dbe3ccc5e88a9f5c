"""Train the learned join-or-open scorer (:mod:`storybrief.feed.link`) on Multi-News *train*
streams, choose its decision threshold on other train streams, and compare it with the
centroid rule there.

    python -m storybrief.feed.train_link --out src/storybrief/models/feed-link-v2.npz

Needs LightGBM (training only; the shipped model is numpy arrays) and
``../shared/data/multinews/train.jsonl.xz``.  Deterministic: fixed seeds, one thread.

**Streams.**  Only clusters from :data:`FIT_CLUSTERS` (fitting) and :data:`DECIDE_CLUSTERS`
(threshold and rule-or-learned decision) are used; the 100,000-article synthetic stream of
``benchmarks/feed_speed.py`` is made from the first 36,060 clusters and so never seen here.
Every stream is made twice, undated (a story's articles arrive within 2,000 arrivals) and
dated (a story starts on a day drawn over :data:`SPAN_DAYS` days and its articles follow at
gaps drawn from an exponential of mean one day, within a week, so that stories overlap as in
a few weeks of news).  **Hard negatives of ECB+'s kind** (:func:`neighbour_order`): clusters
start in groups of :data:`GROUP` -- a cluster and the clusters nearest to its TF-IDF centroid
(same protagonist, place or kind of event, another event), clusters of the same kind of event
(:data:`EVENT_KINDS`: two earthquakes, two arrests) counting nearer -- so they are open at
once and compete for each other's articles.  ``--siblings S`` also makes up, for a share S of
the clusters, a sibling event of the same kind (:func:`sibling_events`: the generic words and
most names kept, the years, numbers and other names taken from another cluster of that kind);
it made the linker split real stories on both development streams, so it is off by default.

**Decision.**  The probability from which an article joins and the centroid-cosine floor
below which it never does are chosen together (:data:`GRID`) on the decision streams -- train
clusters never fitted on -- by mean B-cubed F1 over the undated and dated stream; nothing is
chosen on a development stream.

**Examples.**  The stream is replayed with the gold assignment (teacher forcing): for each
arriving article the :data:`CANDIDATES` open stories with the nearest centroids are its
candidates, labelled 1 for its own story; features are those the feed computes at run time.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import lzma
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from storybrief.feed.cluster import ClusterSettings, OnlineClusterer
from storybrief.feed.link import FEATURES, TreeModel
from storybrief.feed.link_features import MONOTONE as CONFLICT_MONOTONE
from storybrief.feed.link_features import MONTH, NUMBER, YEAR, mark_table, specific
from storybrief.feed.vectors import Vector, article_vector, unit_vector

TRAIN = Path(__file__).resolve().parents[4] / "shared" / "data" / "multinews" / "train.jsonl.xz"
FIT_CLUSTERS = (37_000, 41_000)
DECIDE_CLUSTERS = (41_000, 43_000)
CANDIDATES = ClusterSettings.candidates
SPAN_DAYS = 21
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def read_clusters(path: Path, span: tuple[int, int]) -> list[list[str]]:
    out = []
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= span[1]:
                break
            if k >= span[0]:
                out.append(json.loads(line)["documents"])
    return out


GROUP = 4
"""Clusters that start together: one and its three nearest (see :func:`neighbour_order`)."""

EVENT_KINDS: dict[str, tuple[str, ...]] = {
    "quake": ("earthquake", "quake", "magnitude", "tsunami", "aftershock"),
    "storm": ("hurricane", "storm", "tornado", "flood", "flooding", "typhoon", "cyclone"),
    "fire": ("fire", "blaze", "firefighters", "wildfire", "arson"),
    "crash": ("crash", "crashed", "collision", "derailed", "plane", "helicopter"),
    "shooting": ("shooting", "gunman", "shot", "shooter", "gunfire"),
    "bombing": ("bomb", "bombing", "explosion", "suicide", "blast", "attack"),
    "arrest": ("arrested", "arrest", "charged", "suspect", "custody"),
    "trial": ("trial", "jury", "sentenced", "convicted", "verdict", "guilty"),
    "death": ("died", "death", "dies", "obituary", "funeral"),
    "election": ("election", "vote", "voters", "ballot", "polls", "elected"),
    "deal": ("merger", "acquisition", "acquire", "deal", "contract", "signed"),
    "sport": ("game", "season", "coach", "championship", "league", "playoff"),
    "award": ("award", "awards", "nominated", "oscar", "prize", "wins"),
    "launch": ("launch", "unveiled", "released", "iphone", "product"),
    "piracy": ("pirates", "piracy", "hijacked", "hostage", "hostages", "kidnapped"),
    "resign": ("resigned", "resign", "resignation", "fired", "stepped"),
}
"""Kinds of event and their words: clusters of the same kind are put side by side, the other
half of the hard negatives (same kind of event, other event), as in ECB+."""

SAME_KIND_BONUS = 0.1


def event_kind(texts: list[str]) -> str | None:
    """The kind whose words a cluster uses most (None if it uses none of them twice)."""
    from storybrief.feed.terms import terms

    words = [w for t in texts for w in terms(t)]
    counts = {k: sum(words.count(w) for w in ws) for k, ws in EVENT_KINDS.items()}
    kind, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return kind if n >= 2 else None


def neighbour_order(vectors: list[list[Vector]], kinds: list[str | None]) -> list[list[int]]:
    """Clusters in groups of :data:`GROUP` that start at the same time: each group is an
    unplaced cluster and the unplaced clusters nearest to its centroid in TF-IDF (same
    protagonist, place or kind of event: another event), clusters of the same event kind
    counting :data:`SAME_KIND_BONUS` nearer."""
    import scipy.sparse as sp

    cols: dict[int, int] = {}
    data, idx, ptr = [], [], [0]
    for docs in vectors:
        acc: dict[int, float] = {}
        for v in docs:
            for t, w in zip(v.terms.tolist(), v.weights.tolist(), strict=True):
                acc[t] = acc.get(t, 0.0) + w
        norm = max(sum(w * w for w in acc.values()) ** 0.5, 1e-12)
        for t in sorted(acc):
            idx.append(cols.setdefault(t, len(cols)))
            data.append(acc[t] / norm)
        ptr.append(len(idx))
    m = sp.csr_matrix((data, idx, ptr), shape=(len(vectors), max(len(cols), 1)))
    sims = (m @ m.T).toarray().astype(np.float32)
    kind_ids = {k: i for i, k in enumerate(sorted({k for k in kinds if k}))}
    code = np.array([kind_ids[k] if k else -1 for k in kinds])
    same = (code[:, None] == code[None, :]) & (code[:, None] >= 0)
    sims += SAME_KIND_BONUS * same
    np.fill_diagonal(sims, -1.0)
    placed = np.zeros(len(vectors), dtype=bool)
    groups = []
    for k in range(len(vectors)):
        if placed[k]:
            continue
        placed[k] = True
        row = np.where(placed, -2.0, sims[k])
        near = [int(j) for j in np.argsort(-row, kind="stable")[: GROUP - 1] if row[j] > 0.1]
        placed[near] = True
        groups.append([k, *near])
    return groups


SIBLING_KEEPS = 0.7
"""Share of an article's specific terms its sibling keeps (the same protagonist, place)."""


def _sibling_article(a: Vector, b: Vector, rng: random.Random) -> Vector:
    """``a`` told of another event of its kind: its generic words and most of its specific
    ones (the same protagonist or place, :data:`SIBLING_KEEPS`), the rest and its years,
    months and numbers taken from ``b`` (another who, where, when and how many)."""
    table = mark_table()
    spec = specific(a.terms)
    kept: dict[int, float] = {}
    dropped = 0.0
    for t, w, sp in zip(a.terms.tolist(), a.weights.tolist(), spec.tolist(), strict=True):
        marked = t in table and table[t] in (YEAR, NUMBER, MONTH)
        if marked or (sp and rng.random() >= SIBLING_KEEPS):
            dropped += w * w
        else:
            kept[t] = w
    b_spec = specific(b.terms)
    donor = {
        t: w
        for t, w, sp in zip(b.terms.tolist(), b.weights.tolist(), b_spec.tolist(), strict=True)
        if t not in kept and (sp or (t in table and table[t] in (YEAR, NUMBER, MONTH)))
    }
    mass = sum(w * w for w in donor.values())
    scale = (dropped / mass) ** 0.5 if mass > 0 else 0.0
    for t, w in donor.items():
        kept[t] = w * scale
    return unit_vector(list(kept.items()))


def sibling_events(
    vectors: list[list[Vector]], kinds: list[str | None], seed: int, share: float
) -> tuple[list[list[Vector]], dict[int, int]]:
    """Made-up hard negatives of ECB+'s kind: for a share of the clusters, a sibling cluster
    telling another event of the same kind (:func:`_sibling_article`, its details from a
    cluster of the same event kind, else a random one).  Returns the clusters with the
    siblings appended and ``{cluster: its sibling}``."""
    rng = random.Random(seed)
    by_kind: dict[str | None, list[int]] = {}
    for k, kind in enumerate(kinds):
        by_kind.setdefault(kind, []).append(k)
    out = list(vectors)
    siblings: dict[int, int] = {}
    for k in range(len(vectors)):
        if rng.random() >= share:
            continue
        pool = by_kind[kinds[k]] if kinds[k] is not None else range(len(vectors))
        donor = rng.choice([j for j in pool if j != k] or [k])
        made = [
            _sibling_article(a, vectors[donor][j % len(vectors[donor])], rng)
            for j, a in enumerate(vectors[k])
        ]
        siblings[k] = len(out)
        out.append(made)
    return out, siblings


def stream(
    vectors: list[list[Vector]],
    kinds: list[str | None],
    dated: bool,
    seed: int,
    siblings: float = 0.0,
) -> Iterator[tuple[Vector, int, datetime | None]]:
    """``(vector, gold story, published)`` in arrival order; with ``siblings``, made-up
    sibling events (:func:`sibling_events`) start with their clusters."""
    rng = random.Random(seed)
    groups = neighbour_order(vectors, kinds)
    if siblings:
        vectors, made = sibling_events(vectors, kinds, seed, siblings)
        groups = [[x for k in g for x in ((k, made[k]) if k in made else (k,))] for g in groups]
    items: list[tuple[float, int, int]] = []
    position = 0.0
    for g, group in enumerate(groups):
        for k in group:
            if dated:
                start = g * SPAN_DAYS / len(groups) + rng.uniform(0, 1.0)
                for j in range(len(vectors[k])):
                    at = start + (0 if j == 0 else min(rng.expovariate(1.0), 7.0))
                    items.append((at, k, j))
            else:
                for j in range(len(vectors[k])):
                    items.append((position + rng.uniform(0, 2_000), k, j))
        position += sum(len(vectors[k]) for k in group)
    heapq.heapify(items)
    while items:
        at, k, j = heapq.heappop(items)
        when = EPOCH + timedelta(days=at) if dated else None
        yield vectors[k][j], k + 1, when


def examples(rows: list[tuple[Vector, int, datetime | None]]) -> tuple[np.ndarray, np.ndarray]:
    """Teacher-forced candidate features and labels."""
    clusterer = OnlineClusterer()
    xs, ys = [], []
    for seq, (vec, gold, when) in enumerate(rows, 1):
        clusterer.advance(seq, when)
        ranked = clusterer.top(vec, CANDIDATES)
        if ranked:
            xs.append(clusterer.features(vec, ranked, when))
            ys.append(np.array([float(sid == gold) for sid, _ in ranked]))
        clusterer.add(gold, seq, vec, when)
        if seq % 500 == 0:
            clusterer.refresh()
    return np.vstack(xs), np.concatenate(ys)


MONOTONE = (1, 1, 1, -1, 1, 0, 0, 0, 1, -1, 0, 0, 0) + CONFLICT_MONOTONE
"""+1: the probability never falls as the feature rises; -1: never rises (FEATURES' order)."""


def fit(x: np.ndarray, y: np.ndarray, trees: int) -> TreeModel:
    import lightgbm as lgb

    params = {
        "objective": "binary",
        "learning_rate": 0.05,
        "num_leaves": 15,
        "max_depth": 5,
        "min_data_in_leaf": 50,
        "feature_fraction": 1.0,
        "bagging_fraction": 1.0,
        "deterministic": True,
        "force_row_wise": True,
        "num_threads": 1,
        "seed": 0,
        "verbose": -1,
        # more similar is never less likely the same story, a conflict never more: without
        # this, rare patterns (two candidates tied at cosine 1.0, the same document in two
        # train clusters) taught the trees that a perfect match is a poor one
        "monotone_constraints": list(MONOTONE),
        "monotone_constraints_method": "advanced",
    }
    booster = lgb.train(params, lgb.Dataset(x, y, feature_name=list(_names())), trees)
    return to_arrays(booster.dump_model())


def _names() -> list[str]:
    return [f.replace(" ", "_").replace("'", "") for f in FEATURES]


def to_arrays(dump: dict[str, Any]) -> TreeModel:
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    depth = 0

    def walk(node: dict[str, Any], level: int) -> int:
        nonlocal depth
        me = len(feature)
        feature.append(-1)
        threshold.append(0.0)
        left.append(me)
        right.append(me)
        value.append(0.0)
        if "leaf_value" in node:
            value[me] = float(node["leaf_value"])
            depth = max(depth, level)
            return me
        assert node["decision_type"] == "<="
        feature[me] = int(node["split_feature"])
        threshold[me] = float(node["threshold"])
        left[me] = walk(node["left_child"], level + 1)
        right[me] = walk(node["right_child"], level + 1)
        return me

    for tree in dump["tree_info"]:
        roots.append(walk(tree["tree_structure"], 0))
    return TreeModel(
        {
            "feature": np.array(feature, dtype=np.int16),
            "threshold": np.array(threshold, dtype=np.float64),
            "left": np.array(left, dtype=np.int32),
            "right": np.array(right, dtype=np.int32),
            "value": np.array(value, dtype=np.float64),
            "roots": np.array(roots, dtype=np.int32),
            "depth": np.array(depth),
            "decision": np.array(0.5),
        }
    )


def run_online(
    rows: list[tuple[Vector, int, datetime | None]],
    settings: ClusterSettings,
    model: TreeModel | None = None,
) -> list[int]:
    """The feed's clustering decision over a stream (copies join the copied article's
    story), as in benchmarks/feed_quality.py's ``simulate``."""
    clusterer = OnlineClusterer(settings, model)
    story_of: dict[int, int] = {}
    pred: list[int] = []
    new_ids = itertools.count(1)
    for seq, (vec, _, when) in enumerate(rows, 1):
        clusterer.advance(seq, when)
        sid = clusterer.place(clusterer.decide(vec, when), seq, vec, when, story_of, new_ids)
        pred.append(sid)
        if seq % 500 == 0:
            clusterer.refresh()
    return pred


def bcubed_f1(gold: list[int], pred: list[int]) -> tuple[float, float, float]:
    from collections import defaultdict

    g: dict[int, set[int]] = defaultdict(set)
    p: dict[int, set[int]] = defaultdict(set)
    for i, (a, b) in enumerate(zip(gold, pred, strict=True)):
        g[a].add(i)
        p[b].add(i)
    prec = sum(len(g[a] & p[b]) / len(p[b]) for a, b in zip(gold, pred, strict=True)) / len(gold)
    rec = sum(len(g[a] & p[b]) / len(g[a]) for a, b in zip(gold, pred, strict=True)) / len(gold)
    return prec, rec, 2 * prec * rec / (prec + rec)


def vectorize(clusters: list[list[str]]) -> list[list[Vector]]:
    return [[article_vector(t) for t in docs] for docs in clusters]


def measure_floors(args: argparse.Namespace) -> None:
    """B-cubed of the saved model on the decision streams with each minimum cosine."""
    with np.load(args.out) as d:
        model = TreeModel({k: d[k] for k in d.files})
    decide_texts = read_clusters(args.data, DECIDE_CLUSTERS)
    decide_vectors = vectorize(decide_texts)
    decide_kinds = [event_kind(docs) for docs in decide_texts]
    report: dict[str, dict[str, Any]] = {}
    for dated in (False, True):
        rows = list(stream(decide_vectors, decide_kinds, dated, seed=2))
        gold = [g for _, g, _ in rows]
        for floor in args.floors:
            model.floor = floor
            pred = run_online(rows, ClusterSettings(linker="learned"), model)
            report.setdefault(str(floor), {})["dated" if dated else "undated"] = bcubed_f1(
                gold, pred
            )
            print(floor, dated, report[str(floor)], flush=True)
    if args.report:
        args.report.write_text(json.dumps(report, indent=1), encoding="utf-8")


GRID = tuple((floor, decision) for floor in (0.15, 0.2) for decision in (0.4, 0.5, 0.6, 0.7, 0.8))
"""(centroid-cosine floor, decision probability) pairs tried on the decision streams."""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=TRAIN)
    ap.add_argument("--out", type=Path, required=True, help="the model (.npz)")
    ap.add_argument("--report", type=Path, help="write the decision runs here (JSON)")
    ap.add_argument("--trees", type=int, default=200)
    ap.add_argument(
        "--siblings",
        type=float,
        default=0.0,
        help="share of the fit clusters given a made-up sibling event (default 0: they did "
        "not help, BENCHMARKS.md)",
    )
    ap.add_argument(
        "--floors",
        type=float,
        nargs="+",
        help="only measure these centroid-cosine floors for the model at --out, and stop",
    )
    args = ap.parse_args()
    if args.floors:
        measure_floors(args)
        return
    fit_texts = read_clusters(args.data, FIT_CLUSTERS)
    fit_vectors = vectorize(fit_texts)
    fit_kinds = [event_kind(docs) for docs in fit_texts]
    xs, ys = [], []
    for dated in (False, True):
        rows = list(stream(fit_vectors, fit_kinds, dated, seed=1, siblings=args.siblings))
        x, y = examples(rows)
        xs.append(x)
        ys.append(y)
    x, y = np.vstack(xs), np.concatenate(ys)
    # a candidate holding a copy of the article (the same document in two train clusters) is
    # the copy rule's to decide, not the scorer's: such rows are left out of fitting
    keep = x[:, 1] < ClusterSettings.copy_threshold
    x, y = x[keep], y[keep]
    print(f"fit: {len(y)} candidate pairs, {int(y.sum())} positives")
    model = fit(x, y, args.trees)

    decide_texts = read_clusters(args.data, DECIDE_CLUSTERS)
    decide_vectors = vectorize(decide_texts)
    decide_kinds = [event_kind(docs) for docs in decide_texts]
    streams = {
        "undated": list(stream(decide_vectors, decide_kinds, False, seed=2)),
        "dated": list(stream(decide_vectors, decide_kinds, True, seed=2)),
    }
    report: dict[str, Any] = {"rule": {}, "learned": {}}
    for name, rows in streams.items():
        gold = [g for _, g, _ in rows]
        for threshold in (ClusterSettings.threshold,):
            pred = run_online(rows, ClusterSettings(threshold=threshold))
            report["rule"].setdefault(str(threshold), {})[name] = bcubed_f1(gold, pred)
        for floor, decision in GRID:
            model.decision, model.floor = decision, floor
            pred = run_online(rows, ClusterSettings(linker="learned"), model)
            key = f"{decision} {floor}"
            report["learned"].setdefault(key, {})[name] = bcubed_f1(gold, pred)
            print(name, key, report["learned"][key], flush=True)
        print(name, json.dumps({k: v for k, v in report.items()}, indent=1))

    def mean_f1(by_stream: dict[str, tuple[float, float, float]]) -> float:
        return sum(v[2] for v in by_stream.values()) / len(by_stream)

    best = max(report["learned"], key=lambda d: mean_f1(report["learned"][d]))
    decision, floor = map(float, best.split())
    model.decision, model.floor = decision, floor
    rule_f1 = mean_f1(report["rule"][str(ClusterSettings.threshold)])
    report["chosen decision"] = decision
    report["chosen floor"] = floor
    report["learned mean F1"] = mean_f1(report["learned"][best])
    report["rule mean F1 (default threshold)"] = rule_f1
    report["better"] = "learned" if report["learned mean F1"] > rule_f1 else "rule"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(json.dumps(report, indent=1))
    if args.report:
        args.report.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
