"""Speed and scale: storybrief's throughput next to sumy's LexRank, parallel scaling, memory,
and growth with cluster size.

    python benchmarks/speed.py                      # everything, ~10 minutes on 2 cores
    python benchmarks/speed.py --quick              # fewer clusters and repeats

What is measured (all on the Multi-News *validation* files, read from ../shared; nothing is
copied into the repository):

1. single core: clusters/s of the default method on ``validation.jsonl.gz`` (first N
   clusters) and ``validation_raw.jsonl.gz`` (full articles), next to sumy's LexRank in the
   same run on the same clusters.  sumy gets storybrief's cleaner and sentence splitter (sumy's
   own splitter needs nltk data that is not installed), so both sides include cleaning and
   splitting; sumy's words come from nltk's data-free ``NLTKWordTokenizer``.  Runs alternate
   (storybrief, sumy, storybrief, ...) so both see the same machine load; CPU time
   (``time.process_time``) is reported next to wall time because the machine is shared.
2. parallel: ``storybrief.engines.batch.run_batch`` wall time with 1 and 2 local workers and on a
   local Ray instance (2 actors; Ray's start-up excluded and reported separately).
3. memory: peak RSS of this process after the single-core runs, and the tracemalloc peak of
   summarizing the 1,000-document cluster.
4. growth: synthetic clusters of 2, 10, 50, 200 and 1,000 validation documents; time against
   the number of sentences, fitted slope on log-log axes, plotted to ``docs/scaling.png``.

Results are printed as Markdown and written to ``benchmarks/out/speed.json``.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality import _budget, _WordTokenizer  # noqa: E402  (sibling benchmark script)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "multinews"


def load(name: str, limit: int | None) -> list[tuple[str, list[Any]]]:
    out = []
    with gzip.open(DATA / name, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                break
            obj = json.loads(line)
            out.append((str(obj["id"]), obj["documents"]))
    return out


# -- systems ---------------------------------------------------------------------------------


# sumy's tokenizer interface without nltk data: shared with the quality benchmark.
_Words = _WordTokenizer


def sumy_lexrank(max_words: int):
    """sumy's LexRank over storybrief's cleaned, split sentences (one paragraph per article)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    from storybrief.pipeline import to_documents
    from storybrief.pipeline.clean import clean_cluster, drop_boilerplate_sentences
    from storybrief.pipeline.segment import segment

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    words = _Words()

    budget = _budget(max_words)

    def run(documents: list[Any]) -> list[str]:
        sentences, _ = segment(clean_cluster(to_documents(documents)))
        sentences = drop_boilerplate_sentences(sentences, [])
        by_doc: dict[int, list[Any]] = {}
        for s in sentences:
            by_doc.setdefault(s.doc, []).append(Sentence(s.text, words))
        if not by_doc:
            return []
        doc = ObjectDocumentModel([Paragraph(v) for _, v in sorted(by_doc.items())])
        return [str(s) for s in summarizer(doc, budget)]

    return run


METHOD = "default"


def storybrief_default(max_words: int):
    from storybrief.pipeline import Summarizer

    summarizer = Summarizer(max_words=max_words, method=METHOD)
    return lambda documents: summarizer.summarize(documents).text


def timed(run, clusters) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of summarizing every cluster once."""
    gc.collect()
    w, c = time.perf_counter(), time.process_time()
    for _, docs in clusters:
        run(docs)
    return time.perf_counter() - w, time.process_time() - c


# -- 1. single core --------------------------------------------------------------------------


def single_core(files: dict[str, int | None], repeats: int, max_words: int) -> list[dict]:
    ours, sumy = storybrief_default(max_words), sumy_lexrank(max_words)
    rows = []
    for name, limit in files.items():
        clusters = load(name, limit)
        words = sum(
            len((d if isinstance(d, str) else d["text"]).split()) for _, ds in clusters for d in ds
        )
        ours(clusters[0][1])  # warm-up (imports, caches)
        sumy(clusters[0][1])
        res: dict[str, list[tuple[float, float]]] = {"storybrief": [], "sumy": []}
        for _ in range(repeats):
            res["storybrief"].append(timed(ours, clusters))
            res["sumy"].append(timed(sumy, clusters))
        n = len(clusters)
        row: dict[str, Any] = {"file": name, "clusters": n, "words_per_cluster": words / n}
        for system, runs in res.items():
            row[f"{system}_wall_cps"] = [n / w for w, _ in runs]
            row[f"{system}_cpu_cps"] = [n / c for _, c in runs]
        row["ratio_cpu"] = [
            (n / a[1]) / (n / b[1]) for a, b in zip(res["storybrief"], res["sumy"], strict=True)
        ]
        row["ratio_wall"] = [
            (n / a[0]) / (n / b[0]) for a, b in zip(res["storybrief"], res["sumy"], strict=True)
        ]
        rows.append(row)
        print(f"  {name}: {_fmt_row(row)}", file=sys.stderr)
    return rows


def _fmt_row(row: dict) -> str:
    med = statistics.median
    return (
        f"storybrief {med(row['storybrief_cpu_cps']):.1f}/s cpu, sumy "
        f"{med(row['sumy_cpu_cps']):.1f}/s cpu, ratio {med(row['ratio_cpu']):.1f}x"
    )


def stage_breakdown(name: str, limit: int | None, max_words: int) -> dict[str, float]:
    """CPU milliseconds per cluster in each pipeline stage (stage functions wrapped with
    timers for the duration of the run; whatever is not wrapped shows up as "other")."""
    from collections import defaultdict

    import storybrief.pipeline.build as B
    import storybrief.pipeline.summarizer as P
    from storybrief.pipeline import features as F

    spent: dict[str, float] = defaultdict(float)
    saved: list[tuple[Any, str, Any]] = []

    def wrap(module: Any, attr: str, label: str) -> None:
        fn = getattr(module, attr, None)
        if fn is None:
            return

        def timed_fn(*a: Any, **k: Any) -> Any:
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[label] += time.process_time() - t

        saved.append((module, attr, fn))
        setattr(module, attr, timed_fn)

    stages = [  # (module the stage is called from, its name there, label)
        (B, "clean_cluster", "clean"),
        (B, "segment", "segment"),
        (B, "drop_boilerplate_sentences", "clean (sentences)"),
        (B, "TfidfSpace", "tf-idf vectors"),
        (B, "group_duplicates", "duplicate grouping"),
        (P, "compute_features", "features (incl. LexRank)"),
        (P, "analyze_cluster", "source analysis"),
        (P, "select", "selection"),
        (P, "order", "ordering"),
    ]
    for module, attr, label in stages:
        wrap(module, attr, label)
    wrap(F, "lexrank_scores", "  of which LexRank")
    try:
        summarizer = P.Summarizer(max_words=max_words, method=METHOD)
        wrap(summarizer.scorer, "score", "scoring")
        clusters = load(name, limit)
        t = time.process_time()
        for _, docs in clusters:
            summarizer.summarize(docs)
        total = time.process_time() - t
    finally:
        for module, attr, fn in reversed(saved):
            setattr(module, attr, fn)
    n = len(clusters)
    out = {label: 1000 * v / n for label, v in spent.items()}
    out["other"] = 1000 * total / n - sum(v for k, v in out.items() if not k.startswith(" "))
    out["total"] = 1000 * total / n
    print(f"  stages {name}: {out}", file=sys.stderr)
    return out


# -- 2. parallel -----------------------------------------------------------------------------


def _cpu_all() -> float:
    """User + system CPU seconds of this process and of its waited-for children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def parallel(limit: int, repeats: int, max_words: int, with_ray: bool) -> dict:
    from storybrief.engines.batch import run_batch
    from storybrief.engines.jobs import BatchOptions

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for cid, docs in load("validation.jsonl.gz", limit):
                f.write(json.dumps({"id": cid, "documents": docs}) + "\n")
        opts = BatchOptions(max_words=max_words, method=METHOD)
        out: dict[str, Any] = {"clusters": limit, "load_before": os.getloadavg()[0]}
        outputs = {}
        for workers in (1, 2) * repeats:
            dst = Path(tmp) / f"out{workers}.jsonl"
            cpu0 = _cpu_all()
            r = run_batch(src, dst, opts, workers=workers, resume=False, progress="none")
            out.setdefault(f"local_{workers}", []).append(r.rate)
            # CPU seconds of this process and its (finished) workers per cluster: equal for 1
            # and 2 workers means no parallel overhead, whatever the machine's load
            out.setdefault(f"local_{workers}_cpu_ms", []).append(1000 * (_cpu_all() - cpu0) / limit)
            outputs[workers] = dst.read_bytes()
        out["identical_1_2"] = outputs[1] == outputs[2]
        if with_ray:
            try:
                import ray
            except ImportError:
                out["ray"] = None
            else:
                t = time.perf_counter()
                ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
                out["ray_start_s"] = time.perf_counter() - t
                try:
                    for _ in range(repeats):
                        dst = Path(tmp) / "outray.jsonl"
                        r = run_batch(
                            src,
                            dst,
                            opts,
                            workers=2,
                            engine="ray",
                            resume=False,
                            progress="none",
                            log=lambda _: None,
                        )
                        out.setdefault("ray_2", []).append(r.rate)
                    out["identical_ray"] = dst.read_bytes() == outputs[1]
                finally:
                    ray.shutdown()
        out["children_maxrss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        out["load_after"] = os.getloadavg()[0]
    print(f"  parallel: {out}", file=sys.stderr)
    return out


# -- 3./4. growth and memory -----------------------------------------------------------------


def documents_pool(n: int) -> list[Any]:
    docs: list[Any] = []
    for name in ("validation_raw.jsonl.gz", "validation.jsonl.gz"):
        for _, ds in load(name, None):
            docs.extend(ds)
            if len(docs) >= n:
                return docs[:n]
    return docs


def growth(sizes: list[int], repeats: int, max_words: int, sumy_upto: int) -> list[dict]:
    from storybrief.pipeline import Summarizer, to_documents
    from storybrief.pipeline.build import MAX_CLUSTER_SENTENCES
    from storybrief.pipeline.clean import clean_cluster
    from storybrief.pipeline.segment import segment

    pool = documents_pool(max(sizes))
    summarizer = Summarizer(max_words=max_words, method=METHOD)
    sumy = sumy_lexrank(max_words)
    rows = []
    for size in sizes:
        docs = pool[:size]
        n_sent = len(segment(clean_cluster(to_documents(docs)))[0])
        times = []
        for _ in range(repeats):
            gc.collect()
            c = time.process_time()
            summary = summarizer.summarize(docs)
            times.append(time.process_time() - c)
        row = {
            "documents": size,
            "sentences": n_sent,
            "scored": min(n_sent, MAX_CLUSTER_SENTENCES),
            "units": len(summary.cluster.units),
            "seconds": min(times),
        }
        if size <= sumy_upto:
            c = time.process_time()
            sumy(docs)
            row["sumy_seconds"] = time.process_time() - c
        rows.append(row)
        print(f"  growth: {row}", file=sys.stderr)
    # memory of the largest cluster, traced
    gc.collect()
    tracemalloc.start()
    summarizer.summarize(pool[: max(sizes)])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows[-1]["tracemalloc_peak_mb"] = peak / 2**20
    return rows


def slope(rows: list[dict], key: str = "seconds") -> float:
    pts = [(r["sentences"], r[key]) for r in rows if key in r and r["documents"] >= 10]
    x = np.log([p[0] for p in pts])
    y = np.log([p[1] for p in pts])
    return float(np.polyfit(x, y, 1)[0])


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4.2), dpi=120)
    xs = [r["sentences"] for r in rows]
    ax.loglog(xs, [r["seconds"] for r in rows], "o-", label=f"storybrief ({METHOD} method)")
    for r in rows:
        ax.annotate(f"{r['documents']} docs", (r["sentences"], r["seconds"]), fontsize=7,
                    textcoords="offset points", xytext=(4, -10))  # fmt: skip
    s = [r for r in rows if "sumy_seconds" in r]
    if s:
        ax.loglog([r["sentences"] for r in s], [r["sumy_seconds"] for r in s], "s--",
                  label="sumy LexRank (same splitter)")  # fmt: skip
    x0, y0 = xs[1], rows[1]["seconds"]
    ref = np.array([xs[1], xs[-1]])
    ax.loglog(ref, y0 * ref / x0, ":", color="grey", label="linear reference")
    from storybrief.pipeline.build import MAX_CLUSTER_SENTENCES

    ax.axvline(MAX_CLUSTER_SENTENCES, color="grey", lw=0.8)
    ax.text(MAX_CLUSTER_SENTENCES * 1.05, y0, "sentence cap\n(scoring)", fontsize=7)
    ax.set_xlabel("sentences in the cluster (after cleaning)")
    ax.set_ylabel("CPU seconds per cluster")
    ax.set_title("Time vs cluster size (synthetic Multi-News validation clusters)", fontsize=9)
    ax.grid(True, which="both", lw=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)


# -- report ----------------------------------------------------------------------------------


def report(results: dict) -> str:
    med = statistics.median
    lines = [
        f"Method {results['method']}. Machine: {results['machine']}; date {results['date']}; "
        f"commit {results['commit']}; load average at start {results['load_start']:.1f}.",
        "",
        "| file | clusters | words/cluster | storybrief clusters/s (CPU) | storybrief clusters/s "
        "(wall) | sumy LexRank clusters/s (CPU) | ratio (CPU) | ratio (wall) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results.get("single_core", []):
        lines.append(
            f"| {r['file']} | {r['clusters']} | {r['words_per_cluster']:.0f} | "
            f"{med(r['storybrief_cpu_cps']):.1f} ({min(r['storybrief_cpu_cps']):.1f}–"
            f"{max(r['storybrief_cpu_cps']):.1f}) | {med(r['storybrief_wall_cps']):.1f} | "
            f"{med(r['sumy_cpu_cps']):.1f} | {med(r['ratio_cpu']):.1f}× | "
            f"{med(r['ratio_wall']):.1f}× |"
        )
    st = results.get("stages")
    if st:
        names = list(st)
        labels = list(dict.fromkeys(k for v in st.values() for k in v))
        lines += [
            "",
            "| stage (CPU ms per cluster) | " + " | ".join(names) + " |",
            "| --- |" + " ---: |" * len(names),
        ]
        for label in labels:
            cells = " | ".join(f"{st[n].get(label, 0.0):.2f}" for n in names)
            lines.append(f"| {label} | {cells} |")
    p = results.get("parallel")
    if p:
        one, two = med(p["local_1"]), med(p["local_2"])
        lines += [
            "",
            f"load average {p['load_before']:.1f} before, {p['load_after']:.1f} after",
            "",
            "| engine | workers | clusters/s (wall, median) | speed-up | CPU ms per cluster |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| local | 1 | {one:.1f} | 1.00× | {med(p['local_1_cpu_ms']):.1f} |",
            f"| local | 2 | {two:.1f} | {two / one:.2f}× | {med(p['local_2_cpu_ms']):.1f} |",
        ]
        if p.get("ray_2"):
            ray2 = med(p["ray_2"])
            lines.append(f"| ray (local instance) | 2 | {ray2:.1f} | {ray2 / one:.2f}× | – |")
            lines.append(f"\nRay start-up (not included): {p['ray_start_s']:.1f} s")
    g = results.get("growth")
    if g:
        lines += [
            "",
            "| documents | sentences | scored | units | seconds (CPU, best) | sumy LexRank seconds |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in g:
            sumy = f"{r['sumy_seconds']:.2f}" if "sumy_seconds" in r else "–"
            lines.append(
                f"| {r['documents']} | {r['sentences']:,} | {r['scored']:,} | {r['units']:,} | "
                f"{r['seconds']:.3f} | {sumy} |"
            )
        lines.append("")
        lines.append(f"log-log slope, 10–{g[-1]['documents']} documents: {results['slope']:.2f}")
        lines.append(
            f"tracemalloc peak while summarizing the {g[-1]['documents']}-document cluster: "
            f"{g[-1]['tracemalloc_peak_mb']:.0f} MB"
        )
    lines.append(f"peak RSS of the benchmark process: {results['maxrss_mb']:.0f} MB")
    return "\n".join(lines)


def _commit() -> str:
    import subprocess

    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head}{' + uncommitted changes' if dirty else ''}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--clusters", type=int, default=500, help="validation clusters (single core)")
    ap.add_argument("--raw-clusters", type=int, default=None, help="validation_raw clusters")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--max-words", type=int, default=150)
    ap.add_argument("--method", default="default", help="storybrief method (default: default)")
    ap.add_argument("--parallel-clusters", type=int, default=600)
    ap.add_argument("--sizes", default="2,10,50,200,1000")
    ap.add_argument("--sumy-upto", type=int, default=50, help="largest cluster given to sumy")
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--quick", action="store_true", help="100 clusters, 1 repeat")
    ap.add_argument("--skip", default="", help="comma list of: single,stages,parallel,growth")
    ap.add_argument("--plot", default=str(REPO / "docs" / "scaling.png"))
    args = ap.parse_args()
    if args.quick:
        args.clusters, args.raw_clusters, args.repeats, args.parallel_clusters = 100, 60, 1, 200
    if not (DATA / "validation.jsonl.gz").is_file():
        sys.exit(f"Multi-News validation data not found under {DATA}")
    skip = set(filter(None, args.skip.split(",")))
    global METHOD
    METHOD = args.method
    from storybrief.pipeline.score import resolve_method

    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, shared with other jobs",
        "load_start": os.getloadavg()[0],
        "method": f"{args.method} ({resolve_method(args.method)})",
        "command": " ".join(["python", "benchmarks/speed.py", *sys.argv[1:]]),
        "commit": _commit(),
    }
    if "single" not in skip:
        results["single_core"] = single_core(
            {"validation.jsonl.gz": args.clusters, "validation_raw.jsonl.gz": args.raw_clusters},
            args.repeats,
            args.max_words,
        )
    results["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if "stages" not in skip:
        results["stages"] = {
            name: stage_breakdown(name, limit, args.max_words)
            for name, limit in (
                ("validation.jsonl.gz", args.clusters),
                ("validation_raw.jsonl.gz", args.raw_clusters),
            )
        }
    if "parallel" not in skip:
        results["parallel"] = parallel(
            args.parallel_clusters, args.repeats, args.max_words, not args.no_ray
        )
    if "growth" not in skip:
        sizes = [int(s) for s in args.sizes.split(",")]
        results["growth"] = growth(sizes, args.repeats, args.max_words, args.sumy_upto)
        results["slope"] = slope(results["growth"])
        plot(results["growth"], Path(args.plot))
    results["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = REPO / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "speed.json").write_text(json.dumps(results, indent=2))
    print(report(results))


if __name__ == "__main__":
    main()
