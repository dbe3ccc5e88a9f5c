"""CPU time of ``storybrief.analyze`` (cluster building and the source analysis, what
``storybrief inspect`` runs) on the first N raw validation clusters.

    python benchmarks/analyze_speed.py [--clusters N] [--rev REV]

Each source runs in a fresh interpreter with its ``src/`` first on PYTHONPATH; ``--rev`` also
times the ``src/`` of a git revision (extracted as ``cli_startup.py`` does) in the same run,
as the baseline.  Prints CPU and wall seconds and whether the embedding model was loaded.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from cli_startup import REPO, extract

DATA = REPO.parent / "shared" / "data" / "multinews" / "validation_raw.jsonl.gz"

PROGRAM = """
import gzip, json, sys, time
import storybrief
import storybrief.text.embeddings as embeddings
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f:
    clusters = [json.loads(line)["documents"] for _, line in zip(range(int(sys.argv[2])), f)]
cpu, wall = time.process_time(), time.perf_counter()
for documents in clusters:
    storybrief.analyze(documents)
print(f"CPU {time.process_time() - cpu:.2f} s, wall {time.perf_counter() - wall:.2f} s, "
      f"embedding model loaded: {embeddings._MODEL is not None}")
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clusters", type=int, default=100)
    ap.add_argument("--rev", help="a git revision to time as the baseline, in the same run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sources = {"this checkout": REPO / "src"}
        if args.rev:
            sources[args.rev] = extract(args.rev, Path(tmp))
        for name, src in sources.items():
            env = {**os.environ, "PYTHONPATH": str(src)}
            command = [sys.executable, "-c", PROGRAM, str(DATA), str(args.clusters)]
            result = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
            print(f"{name}: analyze on {args.clusters} raw clusters: {result.stdout.strip()}")


if __name__ == "__main__":
    main()
