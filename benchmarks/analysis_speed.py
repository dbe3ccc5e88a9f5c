"""Cost of the source analysis inside every summarize call.

    nice -n 5 python benchmarks/analysis_speed.py

For each of the 250 ``validation_raw`` clusters (full web documents), times
``Summarizer.summarize`` (which runs the analysis's source verdicts; quotes and disagreements
are computed when output asks for them) and the whole analysis alone on the prepared cluster,
quotes and disagreements included; reports the analysis' share.  Best of 3 runs per cluster.
"""

from __future__ import annotations

import gzip
import json
import os
import time
from pathlib import Path

import numpy as np

from storybrief.analysis import analyze_cluster
from storybrief.pipeline import Summarizer, build_cluster

METHOD = os.environ.get("STORYBRIEF_METHOD", "default")
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews"


def main() -> None:
    rows = [json.loads(x) for x in gzip.open(DATA / "validation_raw.jsonl.gz", "rt")]
    s = Summarizer(max_words=260, method=METHOD)
    full, part, sizes = [], [], []
    for r in rows:
        cl, _ = build_cluster(r["documents"])  # what the analysis reads: no features
        sizes.append(len(cl.sentences))
        best_a = best_s = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            analysis = analyze_cluster(cl)
            _ = analysis.disagreements  # quotes and disagreements are computed on first use
            t1 = time.perf_counter()
            s.summarize(r["documents"])
            t2 = time.perf_counter()
            best_a, best_s = min(best_a, t1 - t0), min(best_s, t2 - t1)
        part.append(best_a * 1000)
        full.append(best_s * 1000)
    part, full = np.array(part), np.array(full)
    print(
        f"clusters {len(rows)}, sentences mean {np.mean(sizes):.0f} max {max(sizes)}\n"
        f"summarize: mean {full.mean():.1f} ms, p95 {np.percentile(full, 95):.1f} ms\n"
        f"analysis:  mean {part.mean():.1f} ms, p95 {np.percentile(part, 95):.1f} ms, "
        f"max {part.max():.1f} ms; share of summarize {part.sum() / full.sum():.1%}"
    )


if __name__ == "__main__":
    main()
