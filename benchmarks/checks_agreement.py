"""How well ``storybrief evaluate --checks`` counts what the editorial graders count.

The graders of ``benchmarks/editorial.py`` count, per digest, five kinds of defect (``DEFECTS``:
repeats, dangling, junk, unsupported, bad_citations) and note each one with the number of its
sentence.  The editor's checks report the same kinds (``SummaryChecks.editor_counts``).  This
script runs the checks on the very digests the graders read and compares, per digest and kind:

- the mean count per digest (graders: the mean of the digest's graders; checks);
- Pearson and Spearman correlation of the two counts over the digests;
- zero/non-zero agreement: the share of digests where both say "none" or both say "some"
  (graders say "some" when their mean count is at least 0.5);
- sentence-level precision and recall against the graders' notes: a check finding of a kind
  on sentence i is a hit when any grader noted that kind on sentence i (for repeats also on
  the sentence it repeats); recall is the share of noted (sentence, kind) that the checks flag.

Sets (the digests are not committed: ``editorial.py pairs`` and ``annotate`` write them):

- ``dev1``: the 30 development annotations (``annotations-dev1-p*.jsonl``), digests in
  ``benchmarks/out/editorial-dev1/digests.jsonl``; ``dev2`` likewise (the same 30 clusters,
  the first pass's digests: ``editorial.py annotate --name dev2`` run on commit 3e66930's
  ``src/``);
- round N (``--round N``): the blind verdicts ``verdicts-rN-{lead,lm}-*.jsonl`` with the keys
  ``key-rN-{lead,lm}.jsonl``; the system's digests in
  ``benchmarks/out/editorial-rN/<opponent>/digests.jsonl`` and the opponent's in
  ``<opponent>-digests.jsonl`` beside it (``--digests DIR`` reads another
  ``editorial-rN`` folder).  The default digest of a cluster is the same in both comparisons,
  so its grader count is the mean over all four graders who read it.

The checks were written and tuned on dev1, dev2 and round 3 only; round 4 is held out for them.

    python benchmarks/checks_agreement.py --dev1 --round 3
    python benchmarks/checks_agreement.py --round 4 --json agreement-r4.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np

from storybrief.evaluate.checks import EDITOR_KINDS, CheckedDocuments, check_summary

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "shared" / "data" / "multinews" / "validation_raw.jsonl.gz"
EDITORIAL = HERE / "editorial"
OUT = HERE / "out"
DEFECTS = tuple(EDITOR_KINDS)


class Digest:
    """One graded digest: its text, its cluster, and every grader's counts and notes."""

    def __init__(self, cluster: str, side: str, sentences: list[dict]) -> None:
        self.cluster = cluster
        self.side = side
        self.sentences = sentences
        self.grader_counts: list[dict[str, int]] = []
        self.grader_notes: set[tuple[int, str]] = set()  # (0-based sentence, kind)
        self.checks: dict[str, int] = {}
        self.check_hits: list[tuple[int, str, int | None]] = []  # (sentence, kind, other)
        self.paraphrased = 0  # sentences cited to an article holding them reworded

    def grade(self, defects: dict, notes: list[dict]) -> None:
        self.grader_counts.append({k: int(defects.get(k, 0)) for k in DEFECTS})
        for n in notes:
            if n.get("kind") in DEFECTS and isinstance(n.get("sentence"), int):
                self.grader_notes.add((n["sentence"] - 1, n["kind"]))

    def grader_mean(self, kind: str) -> float:
        return sum(c[kind] for c in self.grader_counts) / len(self.grader_counts)


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _digests(path: Path) -> dict[str, list[dict]]:
    if not path.is_file():
        sys.exit(f"{path}: no digests (run benchmarks/editorial.py pairs/annotate first)")
    return {row["cluster"]: row["sentences"] for row in _jsonl(path)}


def dev_set(name: str = "dev1") -> list[Digest]:
    texts = _digests(OUT / f"editorial-{name}" / "digests.jsonl")
    out = []
    for path in sorted(EDITORIAL.glob(f"annotations-{name}-p*.jsonl")):
        for v in _jsonl(path):
            d = Digest(v["cluster"], "default", texts[v["cluster"]])
            d.grade(v["defects"], v.get("notes", []))
            out.append(d)
    return out


def round_set(round_: int, folder: Path) -> list[Digest]:
    """Every distinct digest of round N that graders read, with all their verdicts."""
    digests: dict[tuple[str, str], Digest] = {}
    for opponent in ("lead", "lm"):
        key_path = EDITORIAL / f"key-r{round_}-{opponent}.jsonl"
        verdicts = sorted(EDITORIAL.glob(f"verdicts-r{round_}-{opponent}-*.jsonl"))
        if not key_path.is_file() or not verdicts:
            continue
        key = {row["pair"]: row for row in _jsonl(key_path)}
        texts = {
            "default": _digests(folder / opponent / "digests.jsonl"),
            opponent: _digests(folder / opponent / f"{opponent}-digests.jsonl"),
        }
        for path in verdicts:
            for v in _jsonl(path):
                k = key[v["pair"]]
                for side in ("a", "b"):
                    name = k[side.upper()]
                    d = digests.get((name, k["cluster"]))
                    if d is None:
                        d = digests[(name, k["cluster"])] = Digest(
                            k["cluster"], name, texts[name][k["cluster"]]
                        )
                    d.grade(v[f"{side}_defects"], v.get(f"{side}_notes", []))
    if not digests:
        sys.exit(f"round {round_}: no keys and verdicts in {EDITORIAL}")
    return list(digests.values())


def run_checks(digests: list[Digest]) -> float:
    """Check every digest against its cluster's articles; returns ms of CPU per digest (CPU
    time: the machine is shared), the articles' normalisation included."""
    wanted = {d.cluster for d in digests}
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        rows = {r["id"]: r for r in map(json.loads, f) if r["id"] in wanted}
    documents = {c: CheckedDocuments(rows[c]["documents"]) for c in wanted}
    seconds = 0.0
    for d in digests:
        t0 = time.process_time()
        texts = [s["text"] for s in d.sentences]
        sources, similar = split_cites(
            texts, [s["cites"] for s in d.sentences], documents[d.cluster]
        )
        result = check_summary(texts, sources, documents[d.cluster], similar=similar)
        seconds += time.process_time() - t0
        d.checks = result.editor_counts()
        d.paraphrased = result.paraphrased()
        for f in result.findings:
            for kind, finding_kinds in EDITOR_KINDS.items():
                if f.kind in finding_kinds and f.defect:
                    d.check_hits.append((f.sentence, kind, f.other))
    return 1000 * seconds / max(1, len(digests))


def split_cites(
    texts: list[str], cites: list[list[int]], docs: CheckedDocuments
) -> tuple[list[list[int]], list[list[int]]]:
    """The packets show a sentence's sources and its "(also [n])" articles alike as 1-based
    cites; split them back (0-based): an article that holds the sentence verbatim or with words
    deleted is a source, the others are named as also reporting it.  A sentence no cited
    article holds that way (a paraphrase) keeps them all as sources, so the strict rule reports
    each of them."""
    sources, similar = [], []
    for text, mine in zip(texts, cites, strict=True):
        docs_ = [c - 1 for c in mine]
        held = [d for d in docs_ if docs.holds(d, text)]
        sources.append(held or docs_)
        similar.append([d for d in docs_ if d not in held] if held else [])
    return sources, similar


def _ranks(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x))
    ranks[order] = np.arange(len(x))
    for value in np.unique(x):  # ties share their mean rank
        ranks[x == value] = ranks[x == value].mean()
    return ranks


def _pearson(x: np.ndarray, y: np.ndarray) -> float | None:
    if len(x) < 3 or x.std() == 0 or y.std() == 0:
        return None  # undefined when one side never varies
    return float(np.corrcoef(x, y)[0, 1])


def agreement(digests: list[Digest]) -> dict:
    out = {}
    for kind in DEFECTS:
        graders = np.array([d.grader_mean(kind) for d in digests])
        checks = np.array([float(d.checks[kind]) for d in digests])
        flagged = {
            (i, d_i) for d_i, d in enumerate(digests) for i, k, _ in d.check_hits if k == kind
        }
        hits = 0
        for d in digests:
            seen = set()
            for i, k, other in d.check_hits:
                if k != kind or i in seen:
                    continue
                seen.add(i)
                if (i, kind) in d.grader_notes or (
                    other is not None and (other, kind) in d.grader_notes
                ):
                    hits += 1
        noted = [(d_i, i) for d_i, d in enumerate(digests) for i, k in d.grader_notes if k == kind]
        found = 0
        for d_i, i in noted:
            d = digests[d_i]
            if any(k == kind and (s == i or other == i) for s, k, other in d.check_hits):
                found += 1
        spearman = _pearson(_ranks(graders), _ranks(checks))
        out[kind] = {
            "graders_mean": round(float(graders.mean()), 3),
            "checks_mean": round(float(checks.mean()), 3),
            "pearson": None if (r := _pearson(graders, checks)) is None else round(r, 2),
            "spearman": None if spearman is None else round(spearman, 2),
            "zero_agreement": round(float(np.mean((graders >= 0.5) == (checks > 0))), 3),
            "precision": round(hits / len(flagged), 3) if flagged else None,
            "recall": round(found / len(noted), 3) if noted else None,
            "flagged": len(flagged),
            "noted": len(noted),
        }
    return out


def _fmt(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{100 * x:.0f}%" if pct else f"{x:.2f}"


def print_table(name: str, digests: list[Digest], table: dict, ms: float) -> None:
    paraphrased = sum(d.paraphrased for d in digests) / max(1, len(digests))
    print(
        f"\n{name}: {len(digests)} digests, checks {ms:.2f} ms per digest; paraphrased "
        f"citations (not verifiable by deletion, no defect) {paraphrased:.2f} per digest"
    )
    print(
        "| kind | graders/digest | checks/digest | Pearson | Spearman | zero/non-zero agree "
        "| precision (sentences) | recall (sentences) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind, a in table.items():
        print(
            f"| {kind} | {a['graders_mean']:.2f} | {a['checks_mean']:.2f} | {_fmt(a['pearson'])} "
            f"| {_fmt(a['spearman'])} | {_fmt(a['zero_agreement'], True)} "
            f"| {_fmt(a['precision'], True)} of {a['flagged']} "
            f"| {_fmt(a['recall'], True)} of {a['noted']} |"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--round", type=int, action="append", default=[], help="a graded round")
    ap.add_argument(
        "--digests",
        type=Path,
        default=None,
        help="the round's editorial-rN folder (default benchmarks/out/editorial-rN)",
    )
    ap.add_argument("--dev1", action="store_true", help="also the dev1 annotations")
    ap.add_argument("--dev2", action="store_true", help="also the dev2 annotations")
    ap.add_argument("--json", type=Path, default=None, help="write every table as JSON here")
    ap.add_argument("--show", action="store_true", help="print each disagreement, for reading")
    args = ap.parse_args()
    if not args.round and not args.dev1 and not args.dev2:
        ap.error("give --round N and/or --dev1/--dev2")
    sets: list[tuple[str, list[Digest]]] = []
    for name in ("dev1", "dev2"):
        if getattr(args, name):
            sets.append((f"{name} default", dev_set(name)))
    for r in args.round:
        folder = args.digests or OUT / f"editorial-r{r}"
        digests = round_set(r, folder)
        for side in ("default", "lead", "lm"):
            mine = [d for d in digests if d.side == side]
            if mine:
                sets.append((f"round {r} {side}", mine))
    report = {}
    for name, digests in sets:
        ms = run_checks(digests)
        table = agreement(digests)
        print_table(name, digests, table, ms)
        report[name] = {
            "digests": len(digests),
            "ms_per_digest": round(ms, 2),
            "paraphrased_per_digest": round(sum(d.paraphrased for d in digests) / len(digests), 3),
            "kinds": table,
        }
        if args.show:
            show(digests)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def show(digests: list[Digest]) -> None:
    for d in digests:
        checks = {(i, k) for i, k, _ in d.check_hits}
        for i, s in enumerate(d.sentences):
            mine = {k for j, k in checks if j == i}
            theirs = {k for j, k in d.grader_notes if j == i}
            if mine != theirs:
                print(
                    f"  {d.cluster} {d.side} s{i + 1} checks={sorted(mine)} "
                    f"graders={sorted(theirs)}: {s['text'][:160]}"
                )


if __name__ == "__main__":
    main()
