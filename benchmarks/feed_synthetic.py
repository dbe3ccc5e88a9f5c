"""Story clustering on the synthetic Multi-News *train* stream, undated and dated, next to the
TF-IDF single-pass baseline in the same run.

    python benchmarks/feed_synthetic.py --articles 100000          # ~25 min on one core
    python benchmarks/feed_synthetic.py --articles 10000 --learned # also the learned linker
    python benchmarks/feed_synthetic.py --articles 100000 --never-quiet  # all stories open

**The streams** (no text is copied into the repository; built on the fly from
``../shared/data/multinews/train.jsonl.xz``; only the first clusters are read -- 36,060 for
100,000 articles -- and :mod:`storybrief.feed.train_link` trains on clusters 37,000 and later):

* **undated**: ``feed_speed.synthetic`` -- each cluster is a story whose articles arrive within
  2,000 arrivals of its start, stories starting one after another; about 4,000 stories are
  open at once (a story goes quiet 10,000 arrivals after its last article).
* **dated** (:func:`dated`): the same articles with publication times, as a week of real news
  from a few hundred outlets: :data:`PER_DAY` articles a day, each story starting at a time
  drawn uniformly over the stream's span and its articles following at gaps drawn from an
  exponential of mean :data:`SPREAD_DAYS` (at most :data:`MAX_SPREAD_DAYS`); rows sorted by
  time.  Stories go quiet 7 days after their latest article, so 10,000 and more are open.

**Systems**, each on the same rows:

* **storybrief feed**: the feed's clustering decision (``feed_quality.simulate``:
  :class:`storybrief.feed.cluster.OnlineClusterer` with the default settings on the feed's
  own vectors and junk verdicts -- what ``Feed.add`` assigns, without the store and digests;
  ``feed_speed.py scale`` runs the whole feed on the undated stream and gets the same
  assignments).  A junk page counts as a story of its own.
* **TF-IDF single pass** (the baseline of the data README): scikit-learn ``TfidfVectorizer``
  (sublinear tf, English stop words) fitted on the whole stream, each article joining the
  most similar story centroid at cosine >= 0.2, else opening a story.  At this size the
  baseline gets the feed's window (stories go quiet as in the feed), else every article
  would be compared with every story ever opened: it runs on the same
  :class:`~storybrief.feed.cluster.OnlineClusterer` with its full TF-IDF vectors, no copy
  rule and no centroid pruning, which is the baseline's rule exactly over the open stories.

B-cubed precision, recall and F1 (``feed_quality.scores``), stories made, and CPU ms per
article of the decision over each 10,000 articles with the stories open then.  Results:
printed, and ``benchmarks/out/feed_synthetic_<articles>.json``.
"""

from __future__ import annotations

import itertools
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feed_quality import scores  # noqa: E402
from feed_speed import one_core, rss_mb, synthetic  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "benchmarks" / "out"
PER_DAY = 3_600
"""Articles a day in the dated stream: a few hundred outlets (100,000 articles: 28 days)."""
SPREAD_DAYS = 1.0
"""Mean gap between a story's start and each of its later articles."""
MAX_SPREAD_DAYS = 4.0
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
EVERY = 10_000


def undated(n: int) -> list[dict[str, Any]]:
    return [{"id": a["id"], "text": a["text"], "cluster": str(s)} for a, s in synthetic(n)]


def dated(rows: list[dict[str, Any]], per_day: int = PER_DAY, seed: int = 0) -> list[dict]:
    """``rows`` with publication times (module docstring), sorted by time."""
    rng = random.Random(seed)
    span = len(rows) / per_day
    start: dict[str, float] = {}
    out = []
    for r in rows:
        if r["cluster"] not in start:
            start[r["cluster"]] = rng.uniform(0.0, span)
            gap = 0.0
        else:
            gap = min(rng.expovariate(1.0 / SPREAD_DAYS), MAX_SPREAD_DAYS)
        out.append({**r, "published": EPOCH + timedelta(days=start[r["cluster"]] + gap)})
    out.sort(key=lambda r: (r["published"], r["id"]))
    return out


def overlap(rows: list[dict[str, Any]]) -> dict[str, float]:
    """How many stories are running at once: stories between their first and last article
    at each day's end (mean and peak)."""
    first: dict[str, datetime] = {}
    last: dict[str, datetime] = {}
    for r in rows:
        first.setdefault(r["cluster"], r["published"])
        last[r["cluster"]] = r["published"]
    days = int((rows[-1]["published"] - rows[0]["published"]).days) + 1
    running = []
    for d in range(days):
        t = rows[0]["published"] + timedelta(days=d + 1)
        running.append(sum(1 for c in first if first[c] <= t <= last[c]))
    return {"days": days, "running_mean": sum(running) / len(running), "running_peak": max(running)}


def run(
    rows: list[dict[str, Any]],
    vectors: list[Any],
    junk: list[bool],
    settings: Any,
) -> tuple[list[str], list[dict[str, float]], float]:
    """One pass of the clustering decision (as ``feed_quality.simulate``), with checkpoints."""
    from storybrief.feed.cluster import OnlineClusterer

    clusterer = OnlineClusterer(settings)
    story_of: dict[int, int] = {}
    pred: list[str] = []
    marks: list[dict[str, float]] = []
    new_ids = itertools.count(1)
    start = previous = time.process_time()
    for seq, (row, vec, bad) in enumerate(zip(rows, vectors, junk, strict=True), 1):
        when = row.get("published")
        clusterer.advance(seq, when)
        if seq % 1000 == 0:
            clusterer.refresh()  # as the feed does at each batch of 1,000
        if seq % EVERY == 0:
            now = time.process_time()
            marks.append(
                {
                    "articles": seq,
                    "ms_per_article": round(1000 * (now - previous) / EVERY, 3),
                    "open_stories": clusterer.open_stories,
                    "rss_mb": round(rss_mb(), 1),
                }
            )
            previous = now
        if bad:
            pred.append(f"junk:{row['id']}")
            continue
        sid = clusterer.place(clusterer.decide(vec, when), seq, vec, when, story_of, new_ids)
        pred.append(str(sid))
    return pred, marks, 1000 * (time.process_time() - start) / len(rows)


def largest(gold: list[str], pred: list[str], n: int = 10) -> list[dict[str, int]]:
    """The ``n`` largest predicted stories: articles, gold stories they mix, and the
    articles of the largest gold story among them (where precision goes)."""
    from collections import Counter, defaultdict

    members: dict[str, list[str]] = defaultdict(list)
    for g, p in zip(gold, pred, strict=True):
        members[p].append(g)
    out = []
    for _, gs in sorted(members.items(), key=lambda kv: -len(kv[1]))[:n]:
        counts = Counter(gs)
        out.append({"articles": len(gs), "gold": len(counts), "top_gold": max(counts.values())})
    return out


def tfidf_vectors(rows: list[dict[str, Any]]) -> list[Any]:
    """The baseline's vectors: scikit-learn TF-IDF fitted on the whole stream, as feed
    :class:`~storybrief.feed.vectors.Vector` objects (column index as the term id)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from storybrief.feed.vectors import Vector

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32)
    csr = matrix.fit_transform([r["text"] for r in rows]).tocsr()
    csr.sort_indices()
    out = []
    for i in range(csr.shape[0]):
        lo, hi = csr.indptr[i], csr.indptr[i + 1]
        out.append(Vector(csr.indices[lo:hi].astype(np.uint32), csr.data[lo:hi].copy()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--learned", action="store_true", help="also the learned linker")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--never-quiet",
        action="store_true",
        help="also the feed with no story going quiet (tens of thousands open)",
    )
    args = ap.parse_args()
    pinned = one_core()
    from dataclasses import replace

    import storybrief.feed.cluster as cluster
    from storybrief.feed.cluster import ClusterSettings
    from storybrief.feed.prepare import prepare
    from storybrief.feed.vectors import article_vector

    t = time.process_time()
    base_rows = undated(args.articles)
    feed_vec = {r["id"]: article_vector(r["text"]) for r in base_rows}
    feed_junk = {r["id"]: prepare(r["text"]).junk for r in base_rows}
    prep_s = time.process_time() - t
    base_vec: dict[str, Any] = {}
    if not args.no_baseline:
        t = time.process_time()
        base_vec = dict(zip([r["id"] for r in base_rows], tfidf_vectors(base_rows), strict=True))
        prep_s += time.process_time() - t
    streams = {"undated": base_rows, "dated": dated(base_rows)}
    results: dict[str, Any] = {"overlap (dated)": overlap(streams["dated"])}
    default = ClusterSettings()
    systems: list[tuple[str, Any, str]] = [("storybrief feed (rule, default)", default, "feed")]
    if args.learned:
        systems.append(
            ("storybrief feed (learned linker)", replace(default, linker="learned"), "feed")
        )
    if args.never_quiet:
        never = replace(default, quiet_articles=10**9, quiet_days=10**6, max_open=10**9)
        systems.append(("storybrief feed (rule), no story goes quiet", never, "feed"))
    if not args.no_baseline:
        # no copy rule (a cosine above 1 never happens); the centroid keeps all its terms
        systems.append(
            ("TF-IDF single pass (baseline)", replace(default, copy_threshold=2.0), "base")
        )
    for stream, rows in streams.items():
        gold = [r["cluster"] for r in rows]
        results[stream] = {}
        for name, settings, kind in systems:
            if kind == "base":
                vectors, junk = [base_vec[r["id"]] for r in rows], [False] * len(rows)
                saved = cluster.MAX_STORY_TERMS
                cluster.MAX_STORY_TERMS = 10**9
            else:
                vectors = [feed_vec[r["id"]] for r in rows]
                junk = [feed_junk[r["id"]] for r in rows]
            try:
                pred, marks, ms = run(rows, vectors, junk, settings)
            finally:
                if kind == "base":
                    cluster.MAX_STORY_TERMS = saved
            sc = scores(gold, pred)
            sc["ms_per_article"] = ms
            # on the articles the feed does not mark junk (a junk page is a story of its own,
            # which costs recall on these truncated texts: see "junk_articles")
            keep = [i for i, r in enumerate(rows) if not feed_junk[r["id"]]]
            sc["largest"] = largest(gold, pred)  # type: ignore[assignment]
            sc["not_junk"] = scores([gold[i] for i in keep], [pred[i] for i in keep])  # type: ignore[assignment]
            sc["checkpoints"] = marks  # type: ignore[assignment]
            results[stream][name] = sc
            print(
                f"{stream:8} {name}: B³ F1 {sc['b3_f1']:.3f} (P {sc['b3_precision']:.3f}, "
                f"R {sc['b3_recall']:.3f}), {sc['stories']:,} stories ({sc['gold_stories']:,}), "
                f"{ms:.2f} ms/article, open at the end {marks[-1]['open_stories'] if marks else '-'}; "
                f"not junk: B³ F1 {sc['not_junk']['b3_f1']:.3f}; largest "
                f"{[(c['articles'], c['gold']) for c in sc['largest'][:5]]}",
                flush=True,
            )
    report = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs ({pinned}), "
        f"Python {platform.python_version()}",
        "articles": args.articles,
        "junk_articles": sum(feed_junk.values()),
        "prepare_cpu_s": prep_s,
        "results": results,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"feed_synthetic_{args.articles}.json"
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"overlap (dated): {results['overlap (dated)']}")
    for stream in streams:
        for name, sc in results[stream].items():
            cps = ", ".join(
                f"{c['articles'] // 1000}k {c['ms_per_article']:.2f} ms/{c['open_stories']:,} open"
                for c in sc["checkpoints"]
            )
            print(f"{stream} {name}: {cps}")


if __name__ == "__main__":
    main()
