"""Single-core speed of the default digest on raw clusters (issue 17), for comparing two
checkouts in one session: CPU seconds (``time.process_time``) of ``Summarizer.summarize`` over
the first N ``validation_raw`` clusters, after one warm-up cluster; models are loaded first.
Run the code before and after alternately, e.g.

    PYTHONPATH=/tmp/before/src python benchmarks/digest_speed.py --clusters 60
    python benchmarks/digest_speed.py --clusters 60
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from storybrief.pipeline import Summarizer

DATA = Path(__file__).resolve().parents[2] / "shared/data/multinews/validation_raw.jsonl.gz"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clusters", type=int, default=60)
    ap.add_argument("--max-words", type=int, default=150)
    args = ap.parse_args()
    rows = []
    with gzip.open(DATA, "rt") as f:
        for line in f:
            rows.append(json.loads(line)["documents"])
            if len(rows) > args.clusters:
                break
    summarizer = Summarizer(max_words=args.max_words)
    summarizer.summarize(rows[0])
    t = time.process_time()
    for docs in rows[1:]:
        summarizer.summarize(docs)
    cpu = time.process_time() - t
    n = len(rows) - 1
    print(
        f"{n} raw clusters, {cpu:.2f} CPU s, {n / cpu:.1f} clusters/s, {1000 * cpu / n:.1f} ms each"
    )


if __name__ == "__main__":
    main()
