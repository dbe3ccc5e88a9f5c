"""Story clustering quality of the live feed, next to the TF-IDF single-pass baseline.

    python benchmarks/feed_quality.py                 # both dev streams, ~1 minute
    python benchmarks/feed_quality.py --errors        # also list every split and merged story
    python benchmarks/feed_quality.py --sweep         # also thresholds and vector variants
    python benchmarks/feed_quality.py --alternatives  # also other similarity rules (below)

Streams: ``../shared/data/stories/ecbplus_dev.jsonl.gz`` and
``multinews_validation_raw_stream.jsonl.gz`` (README there), read in stream order; the
systems see only ``id`` and ``text``.  Never copied into the repository.

Systems, in the same run on the same articles:

* **storybrief feed**: ``storybrief.Feed`` on a fresh SQLite store with its default settings
  (what ``storybrief feed ingest`` does).  Junk pages are kept out of stories, so each counts
  as a story of its own; a copy counts in the story of the article it copies.
* **TF-IDF single pass** (the baseline of the data README): scikit-learn ``TfidfVectorizer``
  (sublinear tf, English stop words) fitted on the whole stream -- which gives it the idf of
  articles yet to come, an advantage the feed does not have -- and each article joins the
  most similar story centroid at cosine >= 0.2, else opens a story.

Measures: B-cubed precision/recall/F1 (per article, averaged), pairwise F1 (from
``sklearn.metrics.cluster.pair_confusion_matrix``), ARI and AMI (``sklearn.metrics``), stories
made against gold.  Also reported on the articles the feed did not mark as junk (both systems
on the same subset), since junk pages carry their story's label without saying anything of it.
Results go to ``benchmarks/out/feed_quality.json``; ``--errors`` writes the per-story error
lists to ``benchmarks/out/feed_errors_<stream>.txt``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import platform
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
STREAMS = REPO.parent / "shared" / "data" / "stories"
OUT = REPO / "benchmarks" / "out"
NAMES = ("ecbplus_dev.jsonl.gz", "multinews_validation_raw_stream.jsonl.gz")


def load(name: str) -> list[dict[str, Any]]:
    with gzip.open(STREAMS / name, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


# -- measures ------------------------------------------------------------------------------
def bcubed(gold: list[str], pred: list[str]) -> tuple[float, float, float]:
    g: dict[str, set[int]] = defaultdict(set)
    p: dict[str, set[int]] = defaultdict(set)
    for i, (a, b) in enumerate(zip(gold, pred, strict=True)):
        g[a].add(i)
        p[b].add(i)
    precision = recall = 0.0
    for a, b in zip(gold, pred, strict=True):
        both = len(g[a] & p[b])
        precision += both / len(p[b])
        recall += both / len(g[a])
    n = len(gold)
    precision, recall = precision / n, recall / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score
    from sklearn.metrics.cluster import pair_confusion_matrix

    precision, recall, f1 = bcubed(gold, pred)
    (_, fp), (fn, tp) = pair_confusion_matrix(gold, pred)
    pp = tp / (tp + fp) if tp + fp else 0.0
    pr = tp / (tp + fn) if tp + fn else 0.0
    return {
        "b3_precision": precision,
        "b3_recall": recall,
        "b3_f1": f1,
        "pairwise_f1": 2 * pp * pr / (pp + pr) if pp + pr else 0.0,
        "ari": float(adjusted_rand_score(gold, pred)),
        "ami": float(adjusted_mutual_info_score(gold, pred)),
        "stories": len(set(pred)),
        "gold_stories": len(set(gold)),
        "articles": len(gold),
    }


# -- systems -------------------------------------------------------------------------------
def run_feed(rows: list[dict[str, Any]], linker: str = "rule") -> tuple[list[str], dict[str, Any]]:
    from storybrief.feed import Feed

    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), time.process_time()
        with Feed(Path(tmp) / "feed.sqlite", settings={"linker": linker}) as feed:
            result = feed.add({"id": r["id"], "text": r["text"]} for r in rows)
            story_of = feed.assignments()
        info = {
            "seconds": time.perf_counter() - start,
            "cpu_seconds": time.process_time() - cpu,
            "junk": result.junk,
            "copies": result.copies,
            "digests": result.digests,
        }
    junk = {o.id for o in result.outcomes if o.status == "junk"}
    pred = [
        f"junk:{r['id']}" if story_of[r["id"]] is None else str(story_of[r["id"]]) for r in rows
    ]
    info["junk_ids"] = sorted(junk)
    return pred, info


def run_baseline(rows: list[dict[str, Any]], threshold: float = 0.2) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [r["text"] for r in rows]
    )
    sums: list[np.ndarray] = []
    centroids: list[np.ndarray] = []
    pred = []
    for i in range(matrix.shape[0]):
        x = matrix[i].toarray().ravel()
        sims = [float(c @ x) for c in centroids]
        best = int(np.argmax(sims)) if sims else -1
        if best >= 0 and sims[best] >= threshold:
            sums[best] += x
            centroids[best] = sums[best] / np.linalg.norm(sums[best])
            pred.append(str(best))
        else:
            sums.append(x.copy())
            centroids.append(x / max(np.linalg.norm(x), 1e-12))
            pred.append(str(len(centroids) - 1))
    return pred


# -- threshold sweep and vector variants (the clustering decision alone) -------------------
def simulate(
    rows: list[dict[str, Any]],
    vectors: list[Any],
    junk: list[bool],
    threshold: float,
    linker: str = "rule",
    checkpoints: list[dict[str, float]] | None = None,
) -> list[str]:
    """The feed's decision (storybrief.feed.cluster) without the store: what ``Feed.add``
    assigns, given the same vectors (a row's ``published`` is its publication time)."""
    from storybrief.feed.cluster import ClusterSettings, OnlineClusterer

    clusterer = OnlineClusterer(ClusterSettings(threshold=threshold, linker=linker))
    story_of: dict[int, int] = {}
    pred = []
    new_ids = itertools.count(1)
    for seq, (row, vec, bad) in enumerate(zip(rows, vectors, junk, strict=True), 1):
        when = row.get("published")
        clusterer.advance(seq, when)
        if seq % 500 == 0:
            clusterer.refresh()  # as the feed does after each batch
        if checkpoints is not None and seq % 5000 == 0:
            checkpoints.append(
                {"articles": seq, "cpu": time.process_time(), "open": clusterer.open_stories}
            )
        if bad:
            pred.append(f"junk:{row['id']}")
            continue
        sid = clusterer.place(clusterer.decide(vec, when), seq, vec, when, story_of, new_ids)
        pred.append(str(sid))
    return pred


def synthetic_rows(n: int) -> list[dict[str, Any]]:
    """The first ``n`` articles of benchmarks/feed_speed.py's synthetic stream (Multi-News
    *train* clusters as stories, each arriving within 2,000 arrivals), as stream rows."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from feed_speed import synthetic

    return [{"id": a["id"], "text": a["text"], "cluster": str(s)} for a, s in synthetic(n)]


def dated(rows: list[dict[str, Any]]) -> list[dict]:
    """The synthetic stream with publication times: ``feed_synthetic.dated`` (one home for
    the dated stream; stories overlap as in a few weeks of real news)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from feed_synthetic import dated as dated_stream

    return dated_stream(rows)


def synthetic_eval(n: int) -> dict[str, dict[str, dict[str, float]]]:
    """Both linkers on the first ``n`` articles of the synthetic train stream, undated and
    dated (the clustering decision alone, as ``simulate``; these texts have no junk)."""
    from storybrief.feed.vectors import article_vector

    undated = synthetic_rows(n)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name, rows in (
        (f"synthetic {n:,} undated", undated),
        (f"synthetic {n:,} dated", dated(undated)),
    ):
        vectors = [article_vector(r["text"]) for r in rows]
        gold = [r["cluster"] for r in rows]
        junk = [False] * len(rows)
        out[name] = {}
        for linker in ("rule", "learned"):
            cpu = time.process_time()
            marks: list[dict[str, float]] = []
            pred = simulate(rows, vectors, junk, 0.2, linker, marks)
            sc = scores(gold, pred)
            sc["ms_per_article"] = 1000 * (time.process_time() - cpu) / len(rows)
            previous = cpu
            for m in marks:  # CPU ms per article over each 5,000, and stories open then
                m["ms_per_article"], previous = 1000 * (m["cpu"] - previous) / 5000, m["cpu"]
                del m["cpu"]
            sc["checkpoints"] = marks  # type: ignore[assignment]
            out[name][f"storybrief feed ({linker})"] = sc
    return out


def sweep(name: str, rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    from storybrief.feed.prepare import prepare
    from storybrief.feed.vectors import article_vector

    gold = [r["cluster"] for r in rows]
    prepared = [prepare(r["text"]) for r in rows]
    junk = [p.junk for p in prepared]
    variants = {
        "full text, 100 terms": [article_vector(r["text"]) for r in rows],
        "full text, all terms": [article_vector(r["text"], 100_000) for r in rows],
        "kept sentences only, 100 terms": [article_vector(p.body) for p in prepared],
    }
    out: dict[str, dict[str, float]] = {}
    for variant, vectors in variants.items():
        for threshold in (0.10, 0.12, 0.15, 0.18, 0.20, 0.25):
            pred = simulate(rows, vectors, junk, threshold)
            out[f"{variant}, threshold {threshold:.2f}"] = scores(gold, pred)
    return out


# -- other similarity rules (why the feed keeps the plain centroid) ------------------------
def alternatives(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Best B-cubed F1 over thresholds of other online rules, on the feed's own vectors and
    junk verdicts: single link (the most similar single article), average link, and the
    centroid cosine mixed half and half with dense sentence embeddings
    (``storybrief.text.embeddings``: mean of the kept sentences' WordLlama vectors)."""
    import scipy.sparse as sp

    from storybrief.feed.prepare import prepare
    from storybrief.feed.vectors import article_vector
    from storybrief.text.embeddings import embed, mean_embedding

    gold = [r["cluster"] for r in rows]
    prepared = [prepare(r["text"]) for r in rows]
    junk = [p.junk for p in prepared]
    vectors = [article_vector(r["text"]) for r in rows]
    columns: dict[int, int] = {}
    data, cols, ptr = [], [], [0]
    for v in vectors:
        for t, w in zip(v.terms.tolist(), v.weights.tolist(), strict=True):
            cols.append(columns.setdefault(t, len(columns)))
            data.append(w)
        ptr.append(len(cols))
    matrix = sp.csr_matrix((data, cols, ptr), shape=(len(rows), max(len(columns), 1)))
    tfidf = (matrix @ matrix.T).toarray()
    dense_vectors = np.array([mean_embedding(embed(p.sentences)) for p in prepared])
    dense = dense_vectors @ dense_vectors.T
    rules = {
        "centroid (the feed)": {"tfidf": 1.0},
        "single link": {"tfidf": 1.0},
        "average link": {"tfidf": 1.0},
        "centroid, half dense embeddings": {"tfidf": 0.5, "dense": 0.5},
    }
    sims = {"tfidf": tfidf, "dense": dense}
    out: dict[str, dict[str, Any]] = {}
    for name, weights in rules.items():
        best: dict[str, Any] = {"b3_f1": -1.0}
        for threshold in np.arange(0.05, 0.75, 0.025):
            pred = _online(sims, weights, name, junk, float(threshold))
            sc = scores(gold, pred)
            if sc["b3_f1"] > best["b3_f1"]:
                best = {**sc, "threshold": round(float(threshold), 3)}
        out[name] = best
    return out


def _online(
    sims: dict[str, np.ndarray],
    weights: dict[str, float],
    rule: str,
    junk: list[bool],
    threshold: float,
) -> list[str]:
    """One pass over the stream with story sums kept incrementally (``sums[k][:, s]`` = each
    article's summed similarity to story s's members)."""
    n = len(junk)
    sums = {k: np.zeros((n, n)) for k in weights}
    self_sim = {k: np.zeros(n) for k in weights}  # sum over member pairs: the centroid's norm^2
    best_member = {k: np.zeros((n, n)) for k in weights}
    size = np.zeros(n)
    stories = 0
    pred = []
    for i in range(n):
        if junk[i]:
            pred.append(f"junk:{i}")
            continue
        target = -1
        if stories:
            score = np.zeros(stories)
            for k, w in weights.items():
                if rule == "single link":
                    part = best_member[k][i, :stories]
                elif rule == "average link":
                    part = sums[k][i, :stories] / size[:stories]
                else:
                    part = sums[k][i, :stories] / np.sqrt(np.maximum(self_sim[k][:stories], 1e-12))
                score += w * part
            k_best = int(np.argmax(score))
            if score[k_best] >= threshold:
                target = k_best
        if target < 0:
            target = stories
            stories += 1
        for k in weights:
            m = sims[k]
            self_sim[k][target] += 2 * sums[k][i, target] + m[i, i]
            sums[k][:, target] += m[:, i]
            best_member[k][:, target] = np.maximum(best_member[k][:, target], m[:, i])
        size[target] += 1
        pred.append(str(target))
    return pred


# -- error lists ---------------------------------------------------------------------------
def errors(rows: list[dict[str, Any]], pred: list[str]) -> str:
    """Every gold story split over several predicted stories and every predicted story holding
    several gold stories, with the first words of each article."""
    gold = [r["cluster"] for r in rows]
    by_gold: dict[str, list[int]] = defaultdict(list)
    by_pred: dict[str, list[int]] = defaultdict(list)
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        by_gold[g].append(i)
        by_pred[p].append(i)
    lines = []
    for g, members in sorted(by_gold.items(), key=lambda kv: -len(kv[1])):
        parts = Counter(pred[i] for i in members)
        if len(parts) > 1:
            lines.append(f"== gold {g}: split into {dict(parts)}")
            lines += [f"   [{pred[i]}] {' '.join(rows[i]['text'].split()[:24])}" for i in members]
    for p, members in sorted(by_pred.items(), key=lambda kv: -len(kv[1])):
        parts = Counter(gold[i] for i in members)
        if len(parts) > 1:
            lines.append(f"== story {p}: merges {dict(parts)}")
    return "\n".join(lines) + "\n"


def table(results: dict[str, Any]) -> str:
    head = (
        "| stream | system | B³ P | B³ R | B³ F1 | pairwise F1 | ARI | AMI | stories (gold) |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    )
    rows = [head]
    for stream, systems in results.items():
        for system, s in systems.items():
            rows.append(
                f"| {stream} | {system} | {s['b3_precision']:.3f} | {s['b3_recall']:.3f} | "
                f"**{s['b3_f1']:.3f}** | {s['pairwise_f1']:.3f} | {s['ari']:.3f} | "
                f"{s['ami']:.3f} | {s['stories']} ({s['gold_stories']}) |"
            )
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--errors", action="store_true", help="write per-story error lists")
    ap.add_argument("--sweep", action="store_true", help="thresholds and vector variants")
    ap.add_argument("--alternatives", action="store_true", help="other similarity rules")
    ap.add_argument(
        "--synthetic",
        type=int,
        default=12_000,
        help="--sweep also on this many articles of the synthetic train stream (0: skip)",
    )
    ap.add_argument(
        "--synthetic-eval",
        type=int,
        default=0,
        help="both linkers on this many synthetic train articles, undated and dated (0: skip)",
    )
    args = ap.parse_args()
    if not all((STREAMS / n).is_file() for n in NAMES):
        sys.exit(f"the story streams are not in {STREAMS}")
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, Any]] = {}
    info: dict[str, Any] = {}
    for name in NAMES:
        rows = load(name)
        gold = [r["cluster"] for r in rows]
        short = name.split(".")[0]
        pred, run_info = run_feed(rows)
        learned, learned_info = run_feed(rows, "learned")
        base = run_baseline(rows)
        keep = [i for i, r in enumerate(rows) if r["id"] not in set(run_info["junk_ids"])]
        results[short] = {
            "storybrief feed (rule)": scores(gold, pred),
            "storybrief feed (learned linker)": scores(gold, learned),
            "TF-IDF single pass (baseline)": scores(gold, base),
        }
        learned_info.pop("junk_ids")
        info[f"{short} learned"] = learned_info
        results[f"{short}, articles not marked junk ({len(keep)})"] = {
            "storybrief feed": scores([gold[i] for i in keep], [pred[i] for i in keep]),
            "TF-IDF single pass (baseline)": scores(
                [gold[i] for i in keep], [base[i] for i in keep]
            ),
        }
        run_info.pop("junk_ids")
        info[short] = run_info
        if args.errors:
            (OUT / f"feed_errors_{short}.txt").write_text(errors(rows, pred), encoding="utf-8")
            (OUT / f"feed_errors_{short}_learned.txt").write_text(
                errors(rows, learned), encoding="utf-8"
            )
        if args.sweep:
            info[f"{short} sweep"] = sweep(name, rows)
        if args.alternatives:
            info[f"{short} alternatives"] = alternatives(rows)
    if args.synthetic_eval:
        results.update(synthetic_eval(args.synthetic_eval))
    if args.sweep and args.synthetic:
        info["synthetic train stream sweep"] = sweep("synthetic", synthetic_rows(args.synthetic))
    report = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "results": results,
        "feed_runs": info,
    }
    (OUT / "feed_quality.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(table(results))
    print()
    for stream, i in info.items():
        if stream.endswith("alternatives"):
            print(f"\n{stream} (best B³ F1 over thresholds; P, R; threshold):")
            for rule, sc in i.items():
                print(
                    f"  {rule}: {sc['b3_f1']:.3f} ({sc['b3_precision']:.3f}, "
                    f"{sc['b3_recall']:.3f}; {sc['threshold']})"
                )
            continue
        if stream.endswith("sweep"):
            print(f"\n{stream} (B³ F1, B³ P, B³ R):")
            for variant, sc in i.items():
                print(
                    f"  {variant}: {sc['b3_f1']:.3f} ({sc['b3_precision']:.3f}, "
                    f"{sc['b3_recall']:.3f}), {sc['stories']} stories"
                )
            continue
        print(
            f"{stream}: feed {i['cpu_seconds']:.1f} s CPU ({i['seconds']:.1f} s wall), "
            f"{i['junk']} junk, {i['copies']} copies, {i['digests']} digests"
        )


if __name__ == "__main__":
    main()
