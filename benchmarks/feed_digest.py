"""What the feed's digest bounds cost in quality: ROUGE of digests made from each article's
first 12 kept sentences (what the feed stores, ``storybrief.feed.digest.DIGEST_SENTENCES``)
against digests of the whole raw articles.

    python benchmarks/feed_digest.py            # the 250 raw validation clusters, ~1 minute

Each Multi-News cluster of ``../shared/data/multinews/validation_raw.jsonl.gz`` is taken as a
finished story; both digests are ``Summarizer(max_words=150)`` (the feed's default) and are
scored against the cluster's reference summary with ``storybrief.evaluate.rouge.Rouge``
(rouge-score, stemmed; needs the eval extra).  CPU time per digest beside each.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "multinews" / "validation_raw.jsonl.gz"


def main() -> None:
    from storybrief.evaluate.rouge import Rouge, references_of
    from storybrief.feed.digest import DIGEST_SENTENCES
    from storybrief.feed.prepare import prepare
    from storybrief.pipeline import Summarizer

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=250)
    ap.add_argument("--sentences", type=int, default=DIGEST_SENTENCES)
    args = ap.parse_args()
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        clusters = [json.loads(line) for _, line in zip(range(args.limit), f, strict=False)]
    summarizer = Summarizer(max_words=150)
    rouge = Rouge()
    summarizer.summarize(["Warm-up text. It has two sentences."])
    inputs = {
        "whole raw articles": [c["documents"] for c in clusters],
        f"first {args.sentences} kept sentences (the feed)": [
            ["\n".join(prepare(d).sentences[: args.sentences]) for d in c["documents"]]
            for c in clusters
        ],
    }
    print("| digest input | R-1 | R-2 | R-Lsum | words | CPU ms/digest |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, docs in inputs.items():
        totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeLsum": 0.0}
        words = 0
        cpu = 0.0
        for cluster, documents in zip(clusters, docs, strict=True):
            t = time.process_time()
            summary = summarizer.summarize(documents)
            cpu += time.process_time() - t
            words += summary.n_words
            scores = rouge.score(
                [s.text for s in summary.sentences], references_of(cluster["summary"])
            )
            for k in totals:
                totals[k] += scores[k]
        n = len(clusters)
        print(
            f"| {name} | {100 * totals['rouge1'] / n:.2f} | {100 * totals['rouge2'] / n:.2f} | "
            f"{100 * totals['rougeLsum'] / n:.2f} | {words / n:.0f} | {1000 * cpu / n:.1f} |"
        )


if __name__ == "__main__":
    main()
