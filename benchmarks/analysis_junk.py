"""Junk/off-topic document filter: precision and recall against Multi-News+ labels, and what
dropping junk documents does to ROUGE.

    nice -n 5 python benchmarks/analysis_junk.py            # both parts
    nice -n 5 python benchmarks/analysis_junk.py --no-rouge

Labels: in ``validation.jsonl.gz`` a document of ``documents`` that is not in
``multinews_plus_cleansed_documents`` (matched by exact text) is junk.  Thresholds in
``storybrief/analysis/relevance.py`` were chosen on clusters 0-2810 ("tune" half); the
"report" half is clusters 2811-5621.  ROUGE: ``validation_raw.jsonl.gz`` (250 clusters, full
web text), 260 words, rouge_score with the Porter stemmer, filter on vs off.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from storybrief.analysis.relevance import assess_documents
from storybrief.pipeline import Summarizer

METHOD = os.environ.get("STORYBRIEF_METHOD", "default")
VERBOSE = "-v" in sys.argv
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews"
SPLIT = 2811


def junk_pr() -> None:
    rows = [json.loads(line) for line in gzip.open(DATA / "validation.jsonl.gz", "rt")]
    prep = Summarizer(method="hybrid")  # only prepare() runs
    y, pred, half, reason_counts = [], [], [], {}
    other, rel = [], []  # junk for a reason other than relevance; relevance (or 1 if n/a)
    t0 = time.perf_counter()
    for k, r in enumerate(rows):
        keep = set(r["multinews_plus_cleansed_documents"])
        cluster, _ = prep.prepare(r["documents"])
        qs = assess_documents(cluster)
        real = sum(q.kept_words > 0 for q in qs)
        for d, q in zip(r["documents"], qs, strict=True):
            if (
                VERBOSE
                and k < SPLIT
                and any(" not an article" in x and "notice" not in x for x in q.reasons)
            ):
                print(f"  page kind k={k} doc={q.index} junk-label={d not in keep}: {q.reasons}")
            y.append(d not in keep)
            pred.append(q.junk)
            other.append(any(not x.startswith("off-topic") for x in q.reasons))
            rel.append(q.relevance if q.kept_words >= 25 and real >= 3 else 1.0)
            half.append(k >= SPLIT)
            for reason in q.reasons:
                key = reason.split(" (")[0]
                reason_counts[key] = reason_counts.get(key, 0) + 1
    dt = time.perf_counter() - t0
    y, pred, half = map(np.array, (y, pred, half))
    shown = [("tune (0-2810)", ~half)]
    if REPORT:
        shown += [("report (2811-5621)", half), ("all", half | ~half)]
    for name, m in shown:
        tp = int((pred & y & m).sum())
        fp = int((pred & ~y & m).sum())
        fn = int((~pred & y & m).sum())
        print(
            f"{name:20s} docs {int(m.sum()):6d} junk {int((y & m).sum()):5d} flagged {tp + fp:5d} "
            f"precision {tp / max(tp + fp, 1):.3f} recall {tp / max(tp + fn, 1):.3f}"
        )
    print("reasons:", reason_counts)
    # trade-off: the off-topic threshold swept (clusters with >= 3 documents with text)
    other, rel = np.array(other), np.array(rel)
    for t in (0.03, 0.05, 0.08, 0.12, 0.16, 0.2):
        p_t = other | (rel < t)
        for name, m in [("tune", ~half)] + ([("report", half)] if REPORT else []):
            tp = int((p_t & y & m).sum())
            fp = int((p_t & ~y & m).sum())
            fn = int((~p_t & y & m).sum())
            print(
                f"  off-topic below {t:.2f} ({name:6s}): precision {tp / max(tp + fp, 1):.3f} "
                f"recall {tp / max(tp + fn, 1):.3f}"
            )
    print(f"prepare+assess: {dt:.1f}s for {len(rows)} clusters")


def rouge_effect(words: int = 260) -> None:
    from rouge_score import rouge_scorer

    from storybrief.text.sentences import split_sentences

    rows = [json.loads(line) for line in gzip.open(DATA / "validation_raw.jsonl.gz", "rt")]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    for flag in (False, True):
        s = Summarizer(max_words=words, filter_sources=flag, method=METHOD)
        res = {k: [] for k in ("rouge1", "rouge2", "rougeLsum")}
        changed = 0
        for r in rows:
            summ = s.summarize(r["documents"])
            ref = r["summary"].lstrip("–— ").strip()
            cand = "\n".join(x.text for x in summ.sentences)
            ref_s = "\n".join(split_sentences(ref))
            sc = scorer.score(ref_s, cand)
            for k in res:
                res[k].append(sc[k].fmeasure)
            changed += any(v.flagged for v in summ.analysis.sources)
        print(
            f"filter={'on ' if flag else 'off'} "
            + " ".join(f"{k} {100 * np.mean(v):.2f}" for k, v in res.items())
            + f"  (clusters with a flagged document: {changed}/{len(rows)})"
        )


REPORT = False


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-rouge", action="store_true")
    ap.add_argument("-v", action="store_true", help="list the page-kind flags of the tune half")
    ap.add_argument(
        "--report",
        action="store_true",
        help="also print the held-out report half (measure once, after the rules are fixed)",
    )
    args = ap.parse_args()
    REPORT = args.report
    junk_pr()
    if not args.no_rouge:
        rouge_effect()
