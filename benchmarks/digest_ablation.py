"""Editor-grade digests (issue 17): ROUGE of the default digest with each capability switched
off in turn, and of lead, on the same clusters.

Every variant is a :class:`storybrief.pipeline.Summarizer` with one of its issue-17 switches
off (``compress``, ``merge_facts``, ``introductions``, ``genres``, ``event_opener``,
``name_introductions``: ``no-name-introductions`` is the digest before full names at first
mention); the clusters are read once.  Scores are ``storybrief.evaluate``'s (``rouge-score``, stemmed).

    python benchmarks/digest_ablation.py ../shared/data/multinews/validation_raw.jsonl.gz -w 260
    python benchmarks/digest_ablation.py ../shared/data/multinews/validation.jsonl.gz -w 260 --variants default,lead
    python benchmarks/digest_ablation.py ../shared/data/multinews/validation_raw.jsonl.gz -w 260 \
        --variants default,learned-opener,lead --exclude benchmarks/editorial/clusters-r5.txt

``learned-opener`` is the learned opener (``Summarizer(opener="learned")``, the default since
round 5), ``rule-opener`` the hand-weighted rule (``opener="rule"``);
``hand-labelled-facts`` is the same-fact test of the hand-labelled model
(``SelectionOptions(fact_model="hand-labelled")``, the default before ``facts-v1``);
``--exclude`` skips the clusters listed in a file (one id a line), e.g. an editorial round's.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path

from storybrief.evaluate.rouge import CitedSentence, MethodResult, evaluate_systems, load_clusters
from storybrief.pipeline import Summarizer

SWITCHES = (
    "compress",
    "merge_facts",
    "introductions",
    "genres",
    "event_opener",
    "name_introductions",
)


def _variant(name: str, max_words: int):
    if name == "lead":
        summarizer = Summarizer(method="lead", max_words=max_words)
    elif name == "default":
        summarizer = Summarizer(max_words=max_words)
    elif name == "learned-opener":  # the learned opener (storybrief.pipeline.opener)
        summarizer = Summarizer(max_words=max_words, opener="learned")
    elif name == "rule-opener":  # the hand-weighted opener rule (the default before round 5)
        summarizer = Summarizer(max_words=max_words, opener="rule")
    elif name == "hand-labelled-facts":  # the same-fact model before facts-v1
        summarizer = Summarizer(max_words=max_words)
        summarizer.selection = replace(summarizer.selection, fact_model="hand-labelled")
    elif name == "none":
        summarizer = Summarizer(max_words=max_words, **{s: False for s in SWITCHES})
    elif name.startswith("no-"):
        summarizer = Summarizer(max_words=max_words, **{name[3:].replace("-", "_"): False})
    else:
        raise SystemExit(f"unknown variant {name!r}")

    def run(cluster):
        summary = summarizer.summarize(cluster.documents, id=cluster.id)
        return [CitedSentence(s.text, list(s.sources)) for s in summary.sentences]

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data")
    ap.add_argument("--max-words", "-w", type=int, default=260)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument(
        "--variants",
        default="default,lead,none," + ",".join(f"no-{s.replace('_', '-')}" for s in SWITCHES),
    )
    ap.add_argument("--json", default=None)
    ap.add_argument("--exclude", action="append", default=[], help="file of cluster ids to skip")
    args = ap.parse_args()
    skip = {line.strip() for f in args.exclude for line in Path(f).read_text().splitlines()}
    clusters = [c for c in load_clusters(args.data, args.limit) if c.id not in skip]
    names = args.variants.split(",")
    systems = {n: _variant(n, args.max_words) for n in names}
    t = time.time()
    results: list[MethodResult] = evaluate_systems(clusters, systems)
    print(f"{len(clusters)} clusters, {args.max_words} words, {time.time() - t:.0f} s")
    rows = []
    for r in results:
        d = r.to_dict() if hasattr(r, "to_dict") else vars(r)
        rows.append(d)
        print(json.dumps(d)[:400])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
