"""Ablations of the default summary on raw web text: salience model, lead prior, hard rules.

Every variant is scored on the same clusters with the official ROUGE (``rouge-score``,
stemmed) at the same budget, the clusters prepared once (clean, segment, group, features,
source analysis) and only the step under study changed:

* **objective** -- LightGBM trained on the cached training features of
  ``python -m storybrief.train`` (``--cache``): ``density`` (the shipped model's target, the
  unit's reference n-grams per word), ``binary`` (in the greedy oracle or not),
  ``lambdarank`` (graded by the oracle's order);
* **features** -- the transferable set the model ships with, all features (document lengths,
  relative positions and paragraph numbers included), none of the dense-embedding features;
* **lead prior** -- the weight of ``-log(1 + position)`` added to the model's score;
* **rules** -- the readability screen on (shipped) or off (every unit eligible, none
  dependent), the news-first opener on or off;
* **baselines** -- ``lead`` (rules on), the greedy ROUGE oracle over the units the rules let
  stand alone, and over all units.

The clusters are ``validation_raw.jsonl.gz`` (model selection data, see BENCHMARKS.md); the
training features are read from the cache, or extracted (about 15 minutes on 2 cores).

    python benchmarks/salience_ablation.py --cache artifacts
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from storybrief.analysis import analyze_cluster
from storybrief.evaluate.rouge import FastRouge, Rouge, greedy_oracle, load_clusters, references_of
from storybrief.pipeline import Summarizer
from storybrief.pipeline.learned import (
    DEFAULT_POSITION_PRIOR,
    MODEL_FEATURES,
    TreeEnsemble,
    load_model,
    model_inputs,
)
from storybrief.pipeline.order import order
from storybrief.pipeline.readability import screen_units
from storybrief.pipeline.score import LeadScorer
from storybrief.pipeline.select import choose_opener, select
from storybrief.pipeline.trust import allowed_units
from storybrief.train import DEFAULT_DATA, _split, _subset, extract, fit

REPO = Path(__file__).resolve().parents[1]
RAW = REPO.parent / "shared" / "data" / "multinews" / "validation_raw.jsonl.gz"
EMBEDDING = ("emb_", "doc_relevance")


def _prepared(clusters: list[Any], summarizer: Summarizer) -> list[tuple]:
    out = []
    for c in clusters:
        cluster, features = summarizer.prepare(c.documents, id=c.id)
        analysis = analyze_cluster(cluster)
        out.append((cluster, features, analysis, references_of(c.extra.get("summary"))))
    return out


def _summaries(prepared, scores_of, summarizer, rules=True, news_first=True) -> list[list[str]]:
    out = []
    opts = summarizer.selection
    for i, (cluster, features, analysis, _) in enumerate(prepared):
        if not cluster.units:
            out.append([])
            continue
        scores = scores_of(i, features)
        screen = screen_units(cluster) if rules else None
        allowed = allowed_units(cluster, analysis)
        opener = None
        if news_first and screen is not None:
            centrality = np.array([s.relevance for s in analysis.sources])
            opener = choose_opener(features, scores, screen, allowed, centrality)
        chosen = select(features, scores, opts, allowed, screen, opener)
        ordered = order(cluster, chosen, scores, features, screen, opener)
        out.append([cluster.unit_text(cluster.units[u]) for u in ordered])
    return out


def _score(prepared, summaries) -> tuple[float, float, float]:
    rouge = Rouge()
    r1 = r2 = words = 0.0
    for (_, _, _, refs), sents in zip(prepared, summaries, strict=True):
        s = rouge.score(sents, refs)
        r1, r2 = r1 + s["rouge1"], r2 + s["rouge2"]
        words += sum(len(x.split()) for x in sents)
    n = len(prepared)
    return 100 * r1 / n, 100 * r2 / n, words / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cache", type=Path, default=REPO / "artifacts")
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--max-words", type=int, default=260)
    args = ap.parse_args()
    if not RAW.is_file():
        sys.exit(f"{RAW} is not available")
    t0 = time.time()
    summarizer = Summarizer(method="lead", max_words=args.max_words)
    prepared = _prepared(load_clusters(str(RAW)), summarizer)
    data = extract(args.data, 45000, args.cache)
    rows: list[tuple[str, float, float, float]] = []

    def run(label: str, scores_of, **kw: Any) -> None:
        r1, r2, w = _score(prepared, _summaries(prepared, scores_of, summarizer, **kw))
        rows.append((label, r1, r2, w))
        print(f"{label:60s} {r1:6.2f} {r2:6.2f} {w:6.1f}", file=sys.stderr, flush=True)

    def model_scores(ens: TreeEnsemble, names: list[str], prior: float):
        cache: dict[int, np.ndarray] = {}

        def scores_of(i: int, features) -> np.ndarray:
            if i not in cache:
                cache[i] = ens.predict(model_inputs(features, names))
            return cache[i] - prior * np.log1p(features.column("position"))

        return scores_of

    shipped, meta = load_model()
    prior = float(meta.get("position_prior", DEFAULT_POSITION_PRIOR))
    run(
        "shipped model (density, transferable features, prior 0.25)",
        model_scores(shipped, meta["features"], prior),
    )
    for p in (0.0, 0.5, 1.0):
        run(f"  lead prior {p}", model_scores(shipped, meta["features"], p))
    run("  readability rules off", model_scores(shipped, meta["features"], prior), rules=False)
    run("  news-first opener off", model_scores(shipped, meta["features"], prior), news_first=False)

    from storybrief.pipeline.learned import all_input_names

    variants = [
        ("objective binary (in the oracle or not)", "binary", list(MODEL_FEATURES)),
        ("objective lambdarank (graded by the oracle's order)", "lambdarank", list(MODEL_FEATURES)),
        (
            "all features (lengths, relative positions, paragraphs too)",
            "density",
            all_input_names(),
        ),
        (
            "no dense-embedding features",
            "density",
            [n for n in MODEL_FEATURES if not any(n.startswith(e) for e in EMBEDDING)],
        ),
    ]
    for label, objective, names in variants:
        sub = _subset(data, names)
        train, held = _split(sub, 2000)
        booster = fit(train, held, names, {"objective": objective})
        ens = TreeEnsemble.from_booster(booster, booster.best_iteration)
        # each model scores on its own scale: its best lead prior is reported
        best = None
        for p in (0.1, 0.25, 0.5, 1.0):
            sums = _summaries(prepared, model_scores(ens, names, p), summarizer)
            r1, r2, w = _score(prepared, sums)
            if best is None or r1 + r2 > best[1] + best[2]:
                best = (f"  {label}, best lead prior {p}", r1, r2, w)
        rows.append(best)
        print(f"{best[0]:60s} {best[1]:6.2f} {best[2]:6.2f} {best[3]:6.1f}", file=sys.stderr)

    lead = LeadScorer()
    run("lead (rules on)", lambda i, f: lead.score(f))
    run("lead (rules off)", lambda i, f: lead.score(f), rules=False)

    fast = FastRouge()
    for label, standalone in (
        ("oracle over units that stand alone", True),
        ("oracle, all units", False),
    ):
        summaries = []
        for cluster, _, _, refs in prepared:
            units = list(range(len(cluster.units)))
            if standalone and units:
                screen = screen_units(cluster)
                units = [u for u in units if screen.eligible[u] and screen.predecessor[u] < 0]
            texts = [cluster.unit_text(cluster.units[u]) for u in units]
            pick = greedy_oracle(texts, refs[0], args.max_words, fast) if texts else []
            summaries.append([texts[k] for k in pick])
        r1, r2, w = _score(prepared, summaries)
        rows.append((label, r1, r2, w))
        print(f"{label:60s} {r1:6.2f} {r2:6.2f} {w:6.1f}", file=sys.stderr, flush=True)

    print(
        f"\n{len(prepared)} clusters of {RAW.name}, --max-words {args.max_words}, "
        f"{time.time() - t0:.0f} s\n"
    )
    print("| variant | ROUGE-1 | ROUGE-2 | words |\n| --- | ---: | ---: | ---: |")
    for label, r1, r2, w in rows:
        print(f"| {label.strip()} | {r1:.2f} | {r2:.2f} | {w:.0f} |")


if __name__ == "__main__":
    main()
