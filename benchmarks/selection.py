"""Redundancy control and duplicate grouping: what each setting does to ROUGE.

    python benchmarks/selection.py [--method default] [--limit 500] [--max-words 260]

Runs one scoring method with several selection settings on the same clusters of both
validation files: MMR trade-off ``mmr_lambda`` (1.0 = salience only), hard ``redundancy``
cut-off (1.0 = off) and the near-duplicate grouping threshold (1.01 = off).  Prints one
Markdown table per file (ROUGE F1, mean words, share of summaries with two sentences whose
content-word overlap reaches half of the shorter one: "repeats").
"""

from __future__ import annotations

import argparse
from pathlib import Path

from storybrief.evaluate.rouge import evaluate_systems, load_clusters, storybrief_system
from storybrief.text.words import content_stems

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews"

SETTINGS: list[tuple[str, dict]] = [
    ("defaults (λ 0.7, redundancy 0.5, grouping 0.6)", {}),
    ("no redundancy control (λ 1.0, redundancy off)", {"mmr_lambda": 1.0, "redundancy": 1.0}),
    ("MMR only (λ 0.7, redundancy off)", {"redundancy": 1.0}),
    ("hard cut-off only (λ 1.0, redundancy 0.5)", {"mmr_lambda": 1.0}),
    ("stricter (λ 0.5, redundancy 0.4)", {"mmr_lambda": 0.5, "redundancy": 0.4}),
    ("grouping off (threshold 1.01)", {"dedup_threshold": 1.01}),
    ("grouping loose (threshold 0.45)", {"dedup_threshold": 0.45}),
    ("grouping strict (threshold 0.8)", {"dedup_threshold": 0.8}),
]


def repeats(sentences: list[str]) -> bool:
    stems = [set(content_stems(s)) for s in sentences]
    for i, a in enumerate(stems):
        for b in stems[i + 1 :]:
            if a and b and len(a & b) / min(len(a), len(b)) >= 0.5:
                return True
    return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--method", default="default")
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--max-words", type=int, default=260)
    args = ap.parse_args()
    for name in ("validation.jsonl.gz", "validation_raw.jsonl.gz"):
        path = DATA / name
        if not path.exists():
            print(f"{path} not found; skipped")
            continue
        clusters = load_clusters(str(path), args.limit)
        systems = {
            label: storybrief_system(args.method, args.max_words, **opts)
            for label, opts in SETTINGS
        }
        results = evaluate_systems(clusters, systems, keep_outputs=True)
        print(
            f"\n### {name}: first {len(clusters)} clusters, method {args.method}, "
            f"--max-words {args.max_words}\n"
        )
        print("| setting | R-1 | R-2 | R-Lsum | words | summaries with a repeat |")
        print("| --- | --- | --- | --- | --- | --- |")
        for res in results:
            rep = sum(repeats(_split(o["summary"])) for o in res.outputs) / max(res.n, 1)
            print(
                f"| {res.method} | {res.mean('rouge1'):.2f} | {res.mean('rouge2'):.2f} | "
                f"{res.mean('rougeLsum'):.2f} | {res.mean_words:.0f} | {100 * rep:.1f}% |"
            )


def _split(text: str) -> list[str]:
    from storybrief.text.sentences import split_sentences

    return split_sentences(text)


if __name__ == "__main__":
    main()
