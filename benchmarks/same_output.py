"""Dump the default method's JSON output on fixed inputs, to check that a speed-up changes
nothing: run it before and after, then ``cmp`` the two files.

    python benchmarks/same_output.py OUT.jsonl [--raw N] [--validation N]

Inputs (read from ../shared, never copied into the repository): the raw validation clusters
(all 250 by default), the first 300 validation clusters, the seed articles one by one and the
seed folder as one cluster; each summarized at 150 and 260 words.  Each line is one summary's
``to_json`` (the same text ``storybrief summarize --format json`` writes for a JSONL input).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data" / "multinews"
SEEDS = SHARED / "seeds"
BUDGETS = (150, 260)


def clusters(raw: int, validation: int):
    """(id, documents, extra) of every input, in a fixed order."""
    from storybrief.readers import read_clusters

    for name, limit in (("validation_raw.jsonl.gz", raw), ("validation.jsonl.gz", validation)):
        with gzip.open(DATA / name, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i >= limit:
                    break
                obj = json.loads(line)
                yield f"{name}:{obj['id']}", obj["documents"], {}
    if SEEDS.is_dir():
        for path in sorted(SEEDS.iterdir()):
            for c in read_clusters(str(path)):
                yield f"seed:{path.name}", c.documents, c.extra
        for c in read_clusters(str(SEEDS)):
            yield "seeds", c.documents, c.extra


def main() -> None:
    from storybrief.pipeline import Summarizer

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--raw", type=int, default=250)
    ap.add_argument("--validation", type=int, default=300)
    args = ap.parse_args()
    summarizers = {w: Summarizer(max_words=w) for w in BUDGETS}
    digest = hashlib.sha256()
    n = 0
    with args.out.open("w", encoding="utf-8") as out:
        for cid, docs, extra in clusters(args.raw, args.validation):
            for summarizer in summarizers.values():
                summary = summarizer.summarize(docs, id=cid, extra=extra)
                line = summary.to_json(indent=None) + "\n"
                out.write(line)
                digest.update(line.encode("utf-8"))
                n += 1
    print(f"{n} summaries, sha256 {digest.hexdigest()}", file=sys.stderr)


if __name__ == "__main__":
    main()
