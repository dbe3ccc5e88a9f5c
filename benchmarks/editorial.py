"""Blind editorial comparison: the default summary against ``--method lead``, judged by readers.

Two steps, so that whoever grades never learns which system wrote which summary:

1. ``build``: draws ``--clusters`` clusters of ``validation_raw.jsonl.gz`` (seeded sample),
   summarizes each with both methods at ``--max-words`` words and writes, for the graders,
   ``pairs.jsonl`` -- per pair an id, the story's reference summary (what the story is
   about, to judge which key facts are covered) and the two summaries as "A" and "B", their
   order drawn by a seeded coin per pair -- to ``benchmarks/out/editorial-r<N>/`` (not
   committed: it holds article text), with ``RUBRIC`` below, the graders' instruction, as
   ``rubric.md``; and, for scoring only, ``benchmarks/editorial/key-r<N>.jsonl`` (pair,
   cluster id, which side is which: ids only, committed).  Graders are given the pairs and
   the rubric, never the key.  Each ``--round`` draws its clusters with its own seed among
   those no earlier round used, so a later round is fresh data for a changed system.
2. ``score``: reads the graders' verdict files (``{"pair", "winner": "A"|"B"|"tie",
   "a_score", "b_score", "reason"}`` per line; committed under ``benchmarks/editorial/`` as
   ``verdicts-r<N>-g<K>.jsonl``) and the round's key, and prints how often each method won,
   the mean grades, and the per-grader agreement.

    python benchmarks/editorial.py build --round 2 --clusters 40 --max-words 150
    python benchmarks/editorial.py score --round 2 benchmarks/editorial/verdicts-r2-*.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter
from pathlib import Path

DATA = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "multinews"
    / "validation_raw.jsonl.gz"
)
OUT = Path(__file__).resolve().parent / "out"
KEYS = Path(__file__).resolve().parent / "editorial"
SEED = 2026

RUBRIC = """\
# Rubric: which digest would a reader with 20 seconds rather get?

Each pair shows one news story's two digests, A and B (about 150 words each, made by
two different systems from the same articles; the order is random), and the editors'
own summary of the story, which says what the story is about and which facts matter.

Judge each digest as a reader who knows nothing about the story and reads only the
digest. Check, in this order:

1. **News first**: does the first sentence state the story's main event (who did what)?
2. **No junk**: no web furniture (share/subscribe/caption/credit text), no fragments,
   headlines, lists, datelines or sentences cut off.
3. **No repeats**: no fact stated twice.
4. **Understandable alone**: no "he"/"she"/"this" or surname whose person was never
   introduced, no quote without its speaker, no reference to something not shown.
5. **Key facts covered**: the facts the editors' summary treats as central.

Give each digest a grade from 1 (useless) to 5 (an editor would publish it), and say
which one is better for that reader: "A", "B", or "tie" when neither is clearly better.
Add one short sentence of reason. Judge the text alone: length differences of a few
words do not matter.

Write one JSON object per line:
{"pair": "<id>", "a_score": 1-5, "b_score": 1-5, "winner": "A" | "B" | "tie", "reason": "..."}
"""


def _key(round_: int) -> Path:
    return KEYS / f"key-r{round_}.jsonl"


def _clusters(limit: int, round_: int) -> list[dict]:
    """``limit`` clusters drawn with the round's seed among those no earlier round used."""
    used = set()
    for earlier in range(1, round_):
        if _key(earlier).is_file():
            with _key(earlier).open(encoding="utf-8") as f:
                used.update(json.loads(line)["cluster"] for line in f)
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        rows = [row for row in map(json.loads, f) if row["id"] not in used]
    rng = random.Random(SEED if round_ == 1 else SEED + 100 * round_)
    return sorted(rng.sample(rows, limit), key=lambda r: r["id"])


def build(args: argparse.Namespace) -> None:
    from storybrief.pipeline import Summarizer

    systems = {"default": Summarizer(max_words=args.max_words)}
    systems["lead"] = Summarizer(method="lead", max_words=args.max_words)
    out = OUT / f"editorial-r{args.round}"
    out.mkdir(parents=True, exist_ok=True)
    KEYS.mkdir(parents=True, exist_ok=True)
    coin = random.Random(SEED + args.round)
    with (
        (out / "pairs.jsonl").open("w", encoding="utf-8") as pairs,
        _key(args.round).open("w", encoding="utf-8") as key,
    ):
        for k, row in enumerate(_clusters(args.clusters, args.round)):
            texts = {
                name: " ".join(s.text for s in s_.summarize(row["documents"]).sentences)
                for name, s_ in systems.items()
            }
            a, b = ("default", "lead") if coin.random() < 0.5 else ("lead", "default")
            pair = f"p{k + 1:02d}"
            reference = row["summary"].lstrip("– ").strip()
            pairs.write(
                json.dumps(
                    {"pair": pair, "story": reference, "A": texts[a], "B": texts[b]},
                    ensure_ascii=False,
                )
                + "\n"
            )
            key.write(json.dumps({"pair": pair, "cluster": row["id"], "A": a, "B": b}) + "\n")
    (out / "rubric.md").write_text(RUBRIC, encoding="utf-8")
    print(
        f"wrote {args.clusters} pairs and the rubric to {out}, the key to {_key(args.round)}",
        file=sys.stderr,
    )


def score(args: argparse.Namespace) -> None:
    key = {}
    with _key(args.round).open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            key[row["pair"]] = row
    per_grader: dict[str, dict[str, str]] = {}
    wins: Counter[str] = Counter()
    grades: dict[str, list[float]] = {"default": [], "lead": []}
    for path in args.verdicts:
        mine: dict[str, str] = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                v = json.loads(line)
                k = key[v["pair"]]
                winner = {"A": k["A"], "B": k["B"]}.get(v["winner"], "tie")
                wins[winner] += 1
                mine[v["pair"]] = winner
                grades[k["A"]].append(float(v["a_score"]))
                grades[k["B"]].append(float(v["b_score"]))
        per_grader[Path(path).stem] = mine
    decided = wins["default"] + wins["lead"]
    print(f"verdicts: {sum(wins.values())} from {len(per_grader)} grader(s)")
    print(f"default won {wins['default']}, lead won {wins['lead']}, ties {wins['tie']}")
    if decided:
        print(f"default preferred in {100 * wins['default'] / decided:.1f}% of non-tied verdicts")
    for name, g in grades.items():
        if g:
            print(f"mean grade {name}: {sum(g) / len(g):.2f} (n={len(g)})")
    names = sorted(per_grader)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            common = set(per_grader[a]) & set(per_grader[b])
            same = sum(per_grader[a][p] == per_grader[b][p] for p in common)
            print(f"agreement {a} / {b}: {same}/{len(common)} pairs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="step", required=True)
    b = sub.add_parser("build", help="write the blinded pairs, the key and the rubric")
    b.add_argument("--round", type=int, default=1)
    b.add_argument("--clusters", type=int, default=40)
    b.add_argument("--max-words", type=int, default=150)
    s = sub.add_parser("score", help="unblind and count the graders' verdicts")
    s.add_argument("--round", type=int, default=1)
    s.add_argument("verdicts", nargs="+")
    args = ap.parse_args()
    if not DATA.is_file():
        sys.exit(f"{DATA} is not available")
    build(args) if args.step == "build" else score(args)


if __name__ == "__main__":
    main()
