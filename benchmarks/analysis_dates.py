"""Story dates and stale flags against hand labels.

    nice -n 10 python benchmarks/analysis_dates.py            # both sets
    nice -n 10 python benchmarks/analysis_dates.py --set heldout -v

``benchmarks/annotations/dates.jsonl``: one line per ``validation_raw.jsonl.gz`` cluster
(``k`` = its line number): the story date a reader gives it from the articles' own evidence
(and, where the articles name only weekdays, the known date of the event they report), its
precision (``day``, ``month``, ``year`` or ``unknown``), and where the strongest evidence is
(document index and character offset).  Two sets: ``tune`` (k = 3, 7, 11, ...: the rules
were developed on it) and ``heldout`` (k = 0, 4, 8, ...: labelled before the rules were run
on it, measured once; see BENCHMARKS.md).

A given story date counts as right when it is within 7 days of a day label, or (at month
precision) in the labelled month; a given date that is within 7 days of the labelled
month's span counts as right for a month label.  Dates given for clusters labelled ``year``
or ``unknown`` cannot be checked and are counted as wrong unless they fall in the labelled
year (then "unverifiable").

Also prints every stale flag over all 250 clusters (with its evidence) for reading.
"""

from __future__ import annotations

import argparse
import gzip
import json
from datetime import date, timedelta
from pathlib import Path

from storybrief.analysis import analyze_cluster
from storybrief.pipeline import Summarizer

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "shared" / "data" / "multinews"


def _label_span(label: str, precision: str) -> tuple[date, date] | None:
    if precision == "day":
        d = date.fromisoformat(label)
        return d, d
    if precision == "month":
        y, m = map(int, label.split("-"))
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return date(y, m, 1), nxt - timedelta(days=1)
    return None


def judge(pred_value: str | None, pred_precision: str, ann: dict) -> str:
    """'none' (no date given), 'right', 'wrong' or 'unverifiable'."""
    if pred_value is None:
        return "none"
    if pred_precision == "day":
        p_lo = p_hi = date.fromisoformat(pred_value)
    else:
        y, m = map(int, pred_value.split("-"))
        p_lo, p_hi = _label_span(f"{y}-{m:02d}", "month")
    span = _label_span(ann["date"], ann["precision"]) if ann["date"] else None
    if span is None:
        if ann["precision"] == "year" and ann["date"] and p_lo.year == int(ann["date"][:4]):
            return "unverifiable"
        return "wrong"
    lo, hi = span
    week = timedelta(days=7)
    if pred_precision == "day":
        return "right" if lo - week <= p_lo <= hi + week else "wrong"
    # month precision: the right month (the labelled day falls in it, or the labelled month)
    if ann["precision"] == "day":
        return "right" if p_lo <= lo <= p_hi else "wrong"
    return "right" if (p_lo.year, p_lo.month) == (lo.year, lo.month) else "wrong"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=["tune", "heldout", "all"], default="all")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    ann = [json.loads(x) for x in open(HERE / "annotations" / "dates.jsonl")]
    rows = [json.loads(x) for x in gzip.open(DATA / "validation_raw.jsonl.gz", "rt")]
    prep = Summarizer(method="hybrid")  # only prepare() runs
    analyses = {}
    for k, r in enumerate(rows):
        cl, _ = prep.prepare(r["documents"])
        analyses[k] = analyze_cluster(cl)
    sets = ["tune", "heldout"] if args.set == "all" else [args.set]
    for name in sets:
        items = [a for a in ann if a["set"] == name]
        counts = {"none": 0, "right": 0, "wrong": 0, "unverifiable": 0}
        by_prec = {"day": [0, 0], "month": [0, 0]}
        for a in items:
            story = analyses[a["k"]].story
            verdict = judge(story.shown, story.precision, a)
            counts[verdict] += 1
            if verdict != "none":
                by_prec[story.precision][0] += verdict == "right"
                by_prec[story.precision][1] += 1
            if args.verbose and verdict != "none":
                ev = "; ".join(
                    f"[{e.doc}] {e.evidence.kind}: {e.evidence.text}" for e in story.evidence
                )
                print(
                    f"  {verdict:12s} k={a['k']} {story.shown} vs {a['date']} ({a['precision']}) {ev}"
                )
        given = counts["right"] + counts["wrong"] + counts["unverifiable"]
        labelled = sum(a["precision"] in ("day", "month") for a in items)
        print(
            f"{name:8s} clusters {len(items)} (labelled at day or month precision: {labelled}); "
            f"story date given for {given}: right {counts['right']}, wrong {counts['wrong']}, "
            f"unverifiable {counts['unverifiable']}; precision "
            f"{counts['right'] / max(given, 1):.3f}; "
            + ", ".join(f"{p} {r}/{n}" for p, (r, n) in by_prec.items())
        )
    stale = [(k, s) for k, a in analyses.items() for s in a.sources if s.stale]
    print(
        f"stale flags over all {len(rows)} clusters: {len(stale)} "
        f"(strong {sum(s.stale_strength == 'strong' for _, s in stale)})"
    )
    for k, s in stale:
        print(f"  k={k} [{s.index}] {s.stale_strength}: {'; '.join(s.reasons)}")
    dated_docs = sum(1 for a in analyses.values() for s in a.sources if s.date)
    n_docs = sum(len(a.sources) for a in analyses.values())
    given_all = sum(1 for a in analyses.values() if a.story.shown)
    print(
        f"documents with an own date: {dated_docs}/{n_docs}; clusters with a story date: "
        f"{given_all}/{len(rows)}"
    )


if __name__ == "__main__":
    main()
