"""Speaker attribution accuracy on hand-checked quotes, and precision of flagged disagreements.

    nice -n 5 python benchmarks/analysis_quotes.py

``benchmarks/annotations/quotes.jsonl``: quotations found in ``validation_raw.jsonl.gz`` (every
third cluster, up to two per cluster), each as cluster id, document index, character offsets
in the raw document, whether it is really a quotation (titles and mis-paired quote marks are
not), and the speaker a human reader assigns from the article (null: none is stated).  A
prediction is correct when its speaker has the same spelling-tolerant key
(:func:`storybrief.analysis.quotes.speaker_key`) as the human one, or both are null.

Each quote row has ``set``: "tune" (rules were improved on its errors) or "heldout" (measured
once before further changes; see BENCHMARKS.md).

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
from storybrief.analysis.quotes import _expand_surnames, cluster_texts, extract_quotes, speaker_key
from storybrief.pipeline import Summarizer

HERE = Path(__file__).resolve().parent
VERBOSE = "-v" in sys.argv
DATA = HERE.parents[1] / "shared" / "data" / "multinews"


def quotes() -> None:
    ann = [json.loads(x) for x in open(HERE / "annotations" / "quotes.jsonl")]
    rows = {}
    for line in gzip.open(DATA / "validation_raw.jsonl.gz", "rt"):
        r = json.loads(line)
        rows[r["id"]] = r
    prep = Summarizer(method="hybrid")  # only prepare() runs
    cache: dict[str, list] = {}
    stats: dict[str, list[int]] = {}
    for a in ann:
        if not a["is_quote"]:
            continue
        stats.setdefault(a.get("set", "tune"), [0, 0, 0])
        r = rows[a["id"]]
        if a["id"] not in cache:
            cl, _ = prep.prepare(r["documents"])
            texts = cluster_texts(cl)
            qs = [q for i, t in enumerate(texts) for q in extract_quotes(t, i)]
            _expand_surnames(qs, texts)
            cache[a["id"]] = qs
        pred = None
        hit = False
        for q in cache[a["id"]]:
            if q.doc != a["doc"]:
                continue
            pos = r["documents"][q.doc].find(q.text)
            if pos >= 0 and pos < a["end"] and pos + len(q.text) > a["start"]:
                pred, hit = q.speaker, True
                break
        ok = (pred is None and a["speaker"] is None) or (
            pred is not None
            and a["speaker"] is not None
            and speaker_key(pred) == speaker_key(a["speaker"])
        )
        if VERBOSE and not ok:
            print(
                f"  miss {a.get('set', 'tune')} n={a['n']} {a['id']}: {pred!r} vs {a['speaker']!r}"
            )
        s = stats[a.get("set", "tune")]
        s[0] += ok
        s[1] += 1
        s[2] += hit
    for name, (correct, total, found) in sorted(stats.items(), key=lambda x: x[0] != "tune"):
        n_not = sum(not a["is_quote"] for a in ann if a.get("set", "tune") == name)
        print(
            f"{name:8s} not quotations {n_not}; real quotations {total}, re-found {found}; "
            f"speaker attribution accuracy {correct}/{total} = {correct / total:.3f}"
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
    quotes()
    disagreements()
