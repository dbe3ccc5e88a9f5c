"""Sentence segmenter: accuracy on hand-marked news traps, agreement and speed on Multi-News.

    python benchmarks/segmenter.py [--clusters 100]

* accuracy: the hand-written cases of ``tests/test_segment.py`` (abbreviations, initials,
  decimals, quotes, ellipses, URLs), scored per case (all boundaries right) for storybrief's
  splitter and for pysbd and syntok when installed (``pip install pysbd syntok``);
* agreement: boundary F1 between storybrief and each peer on the cleaned paragraphs of the
  first N clusters of ``validation_raw.jsonl.gz`` (no gold boundaries exist there, so this
  shows where the splitters differ, not who is right);
* speed: sentences per second of each splitter on the same paragraphs, one core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
DATA = ROOT.parent / "shared" / "data" / "multinews" / "validation_raw.jsonl.gz"


def _splitters():
    from storybrief.text.sentences import split_sentences

    out = {"storybrief": split_sentences}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        out["pysbd"] = lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    except ImportError:
        pass
    try:
        from syntok import segmenter

        def syntok_split(t: str) -> list[str]:
            res = []
            for para in segmenter.analyze(t):
                for sent in para:
                    res.append("".join(tok.spacing + tok.value for tok in sent).strip())
            return res

        out["syntok"] = syntok_split
    except ImportError:
        pass
    return out


def _boundaries(text: str, sentences: list[str]) -> set[int]:
    """Character offsets (in text without spaces) where sentences end."""
    ends, pos = set(), 0
    for s in sentences[:-1]:
        pos += len(s.replace(" ", ""))
        ends.add(pos)
    return ends


def paragraphs(n_clusters: int) -> list[str]:
    from storybrief.pipeline import to_documents
    from storybrief.pipeline.clean import clean_cluster

    paras = []
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= n_clusters:
                break
            docs = to_documents(json.loads(line)["documents"])
            for c in clean_cluster(docs):
                paras.extend(c.paragraphs)
    return paras


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clusters", type=int, default=100)
    args = ap.parse_args()
    from test_segment import CASES

    splitters = _splitters()
    print("## Accuracy on hand-marked cases (tests/test_segment.py)\n")
    print("| splitter | cases right |\n| --- | --- |")
    for name, split in splitters.items():
        right = sum(split(text) == expected for text, expected in CASES)
        print(f"| {name} | {right}/{len(CASES)} |")

    if not DATA.exists():
        print("\n(validation_raw.jsonl.gz not found: agreement and speed skipped)")
        return
    paras = paragraphs(args.clusters)
    results = {}
    for name, split in splitters.items():
        t0 = time.perf_counter()
        out = [split(p) for p in paras]
        dt = time.perf_counter() - t0
        results[name] = (out, dt)
    ref_out, ref_dt = results["storybrief"]
    n_sent = sum(len(o) for o in ref_out)
    print(
        f"\n## Agreement and speed on {len(paras)} cleaned paragraphs of "
        f"{args.clusters} validation_raw clusters ({n_sent} storybrief sentences)\n"
    )
    print(
        "| splitter | sentences | sentences/s | speed vs storybrief | boundary F1 vs storybrief |"
    )
    print("| --- | --- | --- | --- | --- |")
    for name, (out, dt) in results.items():
        tp = fp = fn = 0
        for p, a, b in zip(paras, ref_out, out, strict=True):
            ba, bb = _boundaries(p, a), _boundaries(p, b)
            tp += len(ba & bb)
            fp += len(bb - ba)
            fn += len(ba - bb)
        f1 = 2 * tp / max(2 * tp + fp + fn, 1)
        n = sum(len(o) for o in out)
        print(f"| {name} | {n} | {n / dt:,.0f} | {ref_dt / dt:.3f}x | {f1:.3f} |")


if __name__ == "__main__":
    main()
