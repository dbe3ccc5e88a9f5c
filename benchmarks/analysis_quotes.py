"""Speaker attribution accuracy on hand-checked quotes, and precision of flagged disagreements.

    nice -n 5 python benchmarks/analysis_quotes.py

``benchmarks/annotations/quotes.jsonl``: quotations found in ``validation_raw.jsonl.gz`` (every
third cluster, up to two per cluster), each as cluster id, document index, character offsets
in the raw document, whether it is really a quotation (titles and mis-paired quote marks are
not), and the speaker a human reader assigns from the article (null: none is stated).  A
prediction is correct when its speaker has the same spelling-tolerant key
(:func:`storybrief.analysis.quotes.same_speaker`: same surname key, same first initial when
both give one) as one the human accepts, or both are null.

Each quote row has ``set``: "tune" and "heldout" (issue 5's sets: every third cluster from 0
and from 1, up to two per cluster; both since tuned on), "tune2" (86 spans sampled at random
from clusters k % 3 in (0, 1), one per cluster, tuned on) and "fresh" (215 spans sampled at
random, seed 2026, from clusters k % 3 == 2, up to three per cluster, labelled before the
rules were run on them and measured once; see BENCHMARKS.md).  ``also`` lists other
acceptable names for the speaker.  ``--sets=tune,tune2`` limits the run (the default runs
all); ``--no-disagreements`` skips issue 5's disagreement check (see analysis_disagree.py).

``benchmarks/annotations/disagreements.jsonl``: disagreements the analysis flagged, each as
``file`` (``validation_raw`` or ``validation``), cluster id, kind, the document indices and
character offsets of the competing values, and a human verdict (true: the sources really state
the same thing differently), in a "tune" and a "heldout" set.  Precision = true / judged; the
script also re-runs the rules and reports precision over the judged cases they still flag.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from storybrief.analysis.disagree import name_disagreements, number_disagreements
from storybrief.analysis.quotes import (
    cluster_texts_with_starts,
    expand_surnames,
    extract_quotes,
    same_speaker,
)
from storybrief.pipeline import Summarizer

HERE = Path(__file__).resolve().parent
VERBOSE = "-v" in sys.argv
DATA = HERE.parents[1] / "shared" / "data" / "multinews"


def _locate(raw: str, quote: str) -> int:
    """Where the system's quotation text lies in the raw document (the cleaner may have
    respaced it: then by its opening words)."""
    pos = raw.find(quote)
    if pos < 0:
        head = " ".join(quote.split()[:6])
        pos = raw.find(head) if len(head) >= 12 else -1
    return pos


def _acceptable(a: dict) -> list[str | None]:
    return [a["speaker"], *a.get("also", [])]


def _right(pred: str | None, a: dict) -> bool:
    if a["speaker"] is None:
        return pred is None
    return pred is not None and any(s is not None and same_speaker(pred, s) for s in _acceptable(a))


def quotes(sets: list[str]) -> None:
    ann = [json.loads(x) for x in open(HERE / "annotations" / "quotes.jsonl")]
    ann = [a for a in ann if a.get("set", "tune") in sets]
    rows = {}
    for line in gzip.open(DATA / "validation_raw.jsonl.gz", "rt"):
        r = json.loads(line)
        rows[r["id"]] = r
    prep = Summarizer(method="hybrid")  # only prepare() runs
    cache: dict[str, list] = {}
    stats: dict[str, list[int]] = {}
    for a in ann:
        name = a.get("set", "tune")
        st = stats.setdefault(name, [0, 0, 0, 0, 0])  # right, quotes, found, non-quotes, reported
        r = rows[a["id"]]
        if a["id"] not in cache:
            cl, _ = prep.prepare(r["documents"])
            with_starts = cluster_texts_with_starts(cl)
            qs = [q for i, (t, st) in enumerate(with_starts) for q in extract_quotes(t, i, st)]
            expand_surnames(qs, [t for t, _ in with_starts])
            cache[a["id"]] = qs
        pred, hit = None, False
        for q in cache[a["id"]]:
            if q.doc != a["doc"]:
                continue
            pos = _locate(r["documents"][q.doc], q.text)
            if 0 <= pos < a["end"] and pos + len(q.text) > a["start"]:
                pred, hit = q.speaker, True
                break
        if not a["is_quote"]:
            st[3] += 1
            st[4] += hit
            if VERBOSE and hit:
                print(f"  reported a non-quotation {name} n={a['n']} {a['id']} (speaker {pred!r})")
            continue
        ok = _right(pred, a)
        if VERBOSE and not ok:
            print(f"  miss {name} n={a['n']} {a['id']}: {pred!r} vs {_acceptable(a)!r}")
        st[0] += ok
        st[1] += 1
        st[2] += hit
    for name, (right, total, found, n_not, reported) in stats.items():
        print(
            f"{name:8s} real quotations {total}, found {found}; speaker right {right}/{total} = "
            f"{right / max(total, 1):.3f}; not quotations {n_not} (titles, mis-paired marks), "
            f"reported as quotes {reported}"
        )


def disagreements() -> None:
    path = HERE / "annotations" / "disagreements.jsonl"
    ann = [json.loads(x) for x in open(path)]
    clusters: dict[str, dict] = {}
    for name in ("validation_raw", "validation"):
        wanted = {a["id"] for a in ann if a.get("file", "validation_raw") == name}
        for line in gzip.open(DATA / f"{name}.jsonl.gz", "rt"):
            r = json.loads(line)
            if r["id"] in wanted:
                clusters[(name, r["id"])] = r
    prep = Summarizer(method="hybrid")  # only prepare() runs
    # a judged case is still flagged when the cluster still has a disagreement of the same
    # kind ("death toll", "spelling of a name", ...) between at least two of the same documents
    flagged: dict[tuple[str, str], list[tuple[str, set[int]]]] = {}
    for key, r in clusters.items():
        cl, _ = prep.prepare(r["documents"])
        flagged[key] = [
            (d.about.split(" (")[0], {i for _, docs in d.values for i in docs})
            for d in number_disagreements(cl) + name_disagreements(cl)
        ]

    def still_flagged(a: dict) -> bool:
        label = a["about"].split(" (")[0]
        docs = {loc["doc"] for loc in a["locs"]}
        current = flagged[(a.get("file", "validation_raw"), a["id"])]
        return any(lab == label and len(docs & d) >= 2 for lab, d in current)

    for name in ("tune", "heldout"):
        rows = [a for a in ann if a.get("set", "tune") == name]
        ok = sum(a["verdict"] for a in rows)
        still = [a for a in rows if still_flagged(a)]
        ok_now = sum(a["verdict"] for a in still)
        print(
            f"{name:8s} judged {len(rows)} flagged cases: precision when judged {ok}/{len(rows)} = "
            f"{ok / len(rows):.3f}; still flagged now {len(still)}, precision {ok_now}/"
            f"{max(len(still), 1)} = {ok_now / max(len(still), 1):.3f}"
        )
        for kind in ("number", "name"):
            k = [a for a in still if a["kind"] == kind]
            if k:
                print(f"  {kind}: {sum(a['verdict'] for a in k)}/{len(k)}")


if __name__ == "__main__":
    chosen = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--sets=")]
    quotes(chosen[0].split(",") if chosen else ["tune", "heldout", "fresh"])
    if "--no-disagreements" not in sys.argv:
        disagreements()
