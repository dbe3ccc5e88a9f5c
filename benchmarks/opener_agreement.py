"""The learned opener against the rule (issue 17, item 5): how well each one's pick agrees
with the reference summary's first sentence, on the same candidates.

Each cluster goes through the default pipeline; the opener's candidates (those
:func:`storybrief.pipeline.select.choose_opener` values) are kept, and the first-sentence
ROUGE-1 F1 + ROUGE-2 F1 (x100) of the rule's pick, the learned model's
(:mod:`storybrief.pipeline.opener`) and the best candidate's is averaged over the clusters
with two candidates or more.  Clusters listed in ``--exclude`` files (one id a line) are
skipped.

    python benchmarks/opener_agreement.py ../shared/data/multinews/validation_raw.jsonl.gz \\
        --exclude benchmarks/editorial/clusters-r5.txt
    python benchmarks/opener_agreement.py ../shared/data/multinews/validation.jsonl.gz --limit 1000
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from storybrief.evaluate.rouge import load_clusters
from storybrief.pipeline.opener import load_opener_model
from storybrief.train_opener import extract, pick_scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--exclude", action="append", default=[], help="file of cluster ids")
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    skip = {line.strip() for f in args.exclude for line in Path(f).read_text().splitlines()}
    clusters = [c for c in load_clusters(args.data, args.limit) if c.id not in skip]
    t = time.time()
    groups = [g for g in extract(clusters, args.workers) if len(g["label"]) >= 2]
    scores = pick_scores(groups, load_opener_model().trees)
    print(f"{len(clusters)} clusters ({len(skip)} ids excluded), {time.time() - t:.0f} s")
    print(json.dumps(scores))


if __name__ == "__main__":
    main()
