"""Speed and size of the live feed on one core.

    python benchmarks/feed_speed.py throughput            # raw articles/s with digests, ~3 min
    python benchmarks/feed_speed.py scale --articles 100000   # synthetic stream, ~30 min
    python benchmarks/feed_speed.py open --stories 5000 50000  # decisions among N open stories

``throughput``: ``storybrief.Feed.add`` on the 690 raw web articles of
``../shared/data/stories/multinews_validation_raw_stream.jsonl.gz`` (mean 1,737 words: real
web text with its boilerplate) and on the 413 of ``ecbplus_dev.jsonl.gz``, into a fresh SQLite
store, digests kept current (every changed story re-summarized at each commit).  The process
is pinned to one CPU and BLAS to one thread.  CPU time (``time.process_time``) is the figure
to trust on a shared machine; wall time is printed beside it.  Each stream runs with batches of
1,000 (the default: digests recomputed once per batch) and of 1 (a digest after every article,
the naive policy), and reports where the CPU time went: cleaning and junk test, vectors,
digests, and the rest (clustering and the store).

``scale``: a synthetic stream of N articles built from the Multi-News *train* clusters (each
cluster one story; its articles arrive within a window of 2,000 arrivals after the story's
start, stories starting one after another), generated on the fly without holding it in memory.
Every 5,000 articles: CPU ms per article over the last 5,000, resident memory, open stories,
store size.  At the end: store size per article and clustering scores against the clusters.

``open``: the clustering decision alone (:class:`storybrief.feed.cluster.OnlineClusterer`,
no story going quiet) with N stories already open -- each of the synthetic stream's first N
articles a story of its own -- on the next 2,000 articles, with a fresh snapshot of the index
every 1,000 as the feed takes at each batch: CPU ms per article (decision, update and
snapshots), the snapshot's share, and resident memory.

Results: printed as Markdown, and ``benchmarks/out/feed_speed_<mode>.json``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import gzip  # noqa: E402
import heapq  # noqa: E402
import json  # noqa: E402
import lzma  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
OUT = REPO / "benchmarks" / "out"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return "not pinned"


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def store_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def table_bytes(path: Path) -> dict[str, int]:
    """Bytes of each table with its indexes (SQLite's dbstat)."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        owner = dict(con.execute("SELECT name, tbl_name FROM sqlite_master"))
    finally:
        con.close()
    out: dict[str, int] = {}
    for name, size in rows:
        table = name if name in tables else owner.get(name, name)
        if name.startswith("sqlite_autoindex_"):
            table = name.removeprefix("sqlite_autoindex_").rsplit("_", 1)[0]
        out[table] = out.get(table, 0) + int(size)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


class Timers:
    """CPU seconds spent in the feed's stages, by wrapping their functions."""

    def __init__(self) -> None:
        import storybrief.feed.feed as feed_module
        import storybrief.feed.update as update_module

        self.spent = {"prepare": 0.0, "vector": 0.0, "digest": 0.0}
        self.saved = []
        for stage, module, name in (
            ("prepare", feed_module, "prepare"),
            ("vector", feed_module, "article_vector"),
            ("digest", update_module, "make_digest"),
        ):
            original = getattr(module, name)
            self.saved.append((module, name, original))
            setattr(module, name, self._wrap(stage, original))

    def _wrap(self, stage: str, fn: Any) -> Any:
        def timed(*args: Any, **kw: Any) -> Any:
            t = time.process_time()
            try:
                return fn(*args, **kw)
            finally:
                self.spent[stage] += time.process_time() - t

        return timed

    def restore(self) -> None:
        for module, name, fn in self.saved:
            setattr(module, name, fn)


def load(name: str) -> list[dict[str, Any]]:
    with gzip.open(SHARED / "stories" / name, "rt", encoding="utf-8") as f:
        return [{"id": r["id"], "text": r["text"]} for r in map(json.loads, f)]


def ingest(rows: list[dict[str, Any]], batch_size: int, linker: str = "rule") -> dict[str, Any]:
    from storybrief.feed import Feed

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.sqlite"
        timers = Timers()
        try:
            wall, cpu = time.perf_counter(), time.process_time()
            with Feed(path, settings={"linker": linker}, batch_size=batch_size) as feed:
                result = feed.add(rows)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        finally:
            timers.restore()
        size = store_bytes(path)
        tables = table_bytes(path)
    n = len(rows)
    rest = cpu - sum(timers.spent.values())
    return {
        "batch_size": batch_size,
        "articles": n,
        "cpu_s": cpu,
        "wall_s": wall,
        "articles_per_cpu_s": n / cpu,
        "articles_per_wall_s": n / wall,
        "digests": result.digests,
        "ms_per_article": {k: 1000 * v / n for k, v in {**timers.spent, "rest": rest}.items()},
        "store_bytes_per_article": size / n,
        "table_bytes_per_article": {k: round(v / n) for k, v in tables.items()},
    }


def throughput(args: argparse.Namespace) -> dict[str, Any]:
    from storybrief.feed.idf import idf_table
    from storybrief.pipeline import Summarizer

    idf_table()  # load once, outside the timings (as a long-running ingest does)
    Summarizer().summarize(["Warm-up text. It has two sentences."])
    out: dict[str, Any] = {}
    for name in ("multinews_validation_raw_stream.jsonl.gz", "ecbplus_dev.jsonl.gz"):
        rows = load(name)
        for batch_size in args.batches:
            runs = [ingest(rows, batch_size, args.linker) for _ in range(args.repeats)]
            out[f"{name.split('.')[0]}, batch {batch_size}"] = min(runs, key=lambda r: r["cpu_s"])
    return out


# -- the synthetic stream ----------------------------------------------------------------
def synthetic(n_articles: int, window: int = 2_000, seed: int = 0) -> Iterator[tuple[dict, int]]:
    """``(article, story)`` from the Multi-News train clusters, in arrival order."""
    rng = random.Random(seed)
    heap: list[tuple[float, int, int, str]] = []
    position = 0.0
    emitted = 0
    with lzma.open(SHARED / "multinews" / "train.jsonl.xz", "rt", encoding="utf-8") as f:
        for k, line in enumerate(f):
            docs = json.loads(line)["documents"]
            for j, text in enumerate(docs):
                heapq.heappush(heap, (position + rng.uniform(0, window), k, j, text))
            position += len(docs)
            while heap and heap[0][0] < position:  # later stories start after this point
                _, story, j, text = heapq.heappop(heap)
                yield {"id": f"mn-train-{story}-{j}", "text": text}, story
                emitted += 1
                if emitted >= n_articles:
                    return
    while heap and emitted < n_articles:
        _, story, j, text = heapq.heappop(heap)
        yield {"id": f"mn-train-{story}-{j}", "text": text}, story
        emitted += 1


def scale(args: argparse.Namespace) -> dict[str, Any]:
    from feed_quality import scores

    from storybrief.feed import Feed

    tmp = tempfile.mkdtemp(prefix="feed-scale-")
    path = Path(tmp) / "feed.sqlite"
    gold: dict[str, int] = {}
    checkpoints: list[dict[str, Any]] = []
    state = {"cpu": time.process_time(), "wall": time.perf_counter(), "n": 0}
    every = args.every

    def articles() -> Iterator[dict]:
        for article, story in synthetic(args.articles):
            gold[article["id"]] = story
            yield article

    feed = Feed(path, settings={"linker": args.linker})

    def on_batch(total: Any) -> None:
        if total.read - state["n"] < every and total.read < args.articles:
            return
        cpu, wall = time.process_time(), time.perf_counter()
        n = total.read - state["n"]
        checkpoints.append(
            {
                "articles": total.read,
                "cpu_ms_per_article": 1000 * (cpu - state["cpu"]) / n,
                "wall_ms_per_article": 1000 * (wall - state["wall"]) / n,
                "rss_mb": round(rss_mb(), 1),
                "open_stories": total.open_stories,
                "store_mb": round(store_bytes(path) / 2**20, 1),
            }
        )
        state.update(cpu=cpu, wall=wall, n=total.read)
        c = checkpoints[-1]
        print(
            f"{c['articles']:>7,} articles: {c['cpu_ms_per_article']:.2f} ms CPU/article, "
            f"RSS {c['rss_mb']:.0f} MB, {c['open_stories']:,} open stories, store {c['store_mb']} MB",
            flush=True,
        )

    start_cpu, start_wall = time.process_time(), time.perf_counter()
    result = feed.add(articles(), on_batch=on_batch, outcomes=False)
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    story_of = feed.assignments()
    counts = feed.counts()
    feed.close()
    size = store_bytes(path)
    tables = table_bytes(path)
    ids = list(gold)
    pred = [str(story_of[i]) if story_of.get(i) is not None else f"junk:{i}" for i in ids]
    quality = scores([str(gold[i]) for i in ids], pred)
    for p in Path(tmp).glob("*"):
        p.unlink()
    os.rmdir(tmp)
    return {
        "articles": result.read,
        "cpu_s": cpu,
        "wall_s": wall,
        "digests": result.digests,
        "counts": counts,
        "store_bytes": size,
        "store_bytes_per_article": size / result.read,
        "table_bytes_per_article": {k: round(v / result.read) for k, v in tables.items()},
        "peak_rss_mb": max(c["rss_mb"] for c in checkpoints),
        "checkpoints": checkpoints,
        "quality": quality,
    }


def open_stories(args: argparse.Namespace) -> dict[str, Any]:
    from storybrief.feed.cluster import ClusterSettings, OnlineClusterer
    from storybrief.feed.vectors import article_vector

    probe = 2_000
    need = max(args.stories) + probe
    vectors = [article_vector(a["text"]) for a, _ in synthetic(need)]
    out: dict[str, Any] = {}
    for n in args.stories:
        settings = ClusterSettings(quiet_articles=10**9, quiet_days=10**6, max_open=10**9)
        clusterer = OnlineClusterer(settings)
        for seq in range(1, n + 1):
            clusterer.add(seq, seq, vectors[seq - 1], None)
        clusterer.refresh()
        next_story, refresh_s, joined = n, 0.0, 0
        start = time.process_time()
        for seq in range(n + 1, n + probe + 1):
            if seq % 1000 == 0:
                t = time.process_time()
                clusterer.refresh()
                refresh_s += time.process_time() - t
            clusterer.advance(seq, None)
            d = clusterer.decide(vectors[seq - 1])
            if d.copy_of is not None:
                continue
            if d.new:
                next_story += 1
            joined += not d.new
            clusterer.add(next_story if d.new else d.story, seq, vectors[seq - 1], None)
        cpu = time.process_time() - start
        out[f"{n:,} open"] = {
            "open_stories": clusterer.open_stories,
            "ms_per_article": 1000 * cpu / probe,
            "refresh_ms_per_article": 1000 * refresh_s / probe,
            "joined": joined,
            "rss_mb": round(rss_mb(), 1),
        }
        r = out[f"{n:,} open"]
        print(
            f"{n:>7,} open: {r['ms_per_article']:.3f} ms CPU/article "
            f"(snapshots {r['refresh_ms_per_article']:.3f}), {joined} of {probe} joined, "
            f"RSS {r['rss_mb']:.0f} MB",
            flush=True,
        )
        del clusterer
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("--repeats", type=int, default=2)
    t.add_argument("--batches", type=int, nargs="+", default=[1000, 1])
    s = sub.add_parser("scale")
    s.add_argument("--articles", type=int, default=100_000)
    s.add_argument("--every", type=int, default=5_000)
    o = sub.add_parser("open")
    o.add_argument("--stories", type=int, nargs="+", default=[5_000, 50_000])
    for p in (t, s):
        p.add_argument("--linker", default="rule", choices=("rule", "learned"))
    args = ap.parse_args()
    pinned = one_core()
    OUT.mkdir(parents=True, exist_ok=True)
    modes = {"throughput": throughput, "scale": scale, "open": open_stories}
    data = modes[args.mode](args)
    report = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs ({pinned}), Python {platform.python_version()}",
        "results": data,
    }
    (OUT / f"feed_speed_{args.mode}.json").write_text(
        json.dumps(report, indent=2), encoding="utf-8"
    )
    if args.mode == "open":
        pass
    elif args.mode == "throughput":
        print(
            "| stream, batch | articles/s (CPU) | articles/s (wall) | digests | ms/article: clean+junk, vector, digests, rest | store bytes/article |"
        )
        print("| --- | --- | --- | --- | --- | --- |")
        for key, r in data.items():
            ms = r["ms_per_article"]
            print(
                f"| {key} | {r['articles_per_cpu_s']:.0f} | {r['articles_per_wall_s']:.0f} | "
                f"{r['digests']} | {ms['prepare']:.1f}, {ms['vector']:.1f}, {ms['digest']:.1f}, "
                f"{ms['rest']:.1f} | {r['store_bytes_per_article']:,.0f} |"
            )
        for key, r in data.items():
            print(f"{key}: bytes/article by table {r['table_bytes_per_article']}")
    else:
        q = data["quality"]
        print(
            f"{data['articles']:,} articles in {data['cpu_s']:.0f} s CPU ({data['wall_s']:.0f} s wall), "
            f"{data['digests']:,} digests; store {data['store_bytes'] / 2**20:.0f} MB = "
            f"{data['store_bytes_per_article']:,.0f} bytes/article; peak RSS {data['peak_rss_mb']:.0f} MB; "
            f"B³ F1 {q['b3_f1']:.3f} (P {q['b3_precision']:.3f}, R {q['b3_recall']:.3f}), "
            f"{q['stories']:,} stories for {q['gold_stories']:,}"
        )
        print(f"bytes/article by table: {data['table_bytes_per_article']}")


if __name__ == "__main__":
    main()
