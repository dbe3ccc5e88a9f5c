"""Blind editorial comparison: storybrief's digest against an opponent, judged by readers.

Rounds 1-2 (issue 9) showed graders two digests and the editors' summary.  From round 3 on
(issue 17) graders also read the articles themselves, check every claim and citation, and
count each kind of defect per digest; the opponent is either ``--method lead`` or a digest a
language model wrote from the same articles.  The steps, so that whoever grades never learns
which system wrote which digest:

1. ``select --round N --clusters 40``: draws the round's clusters from
   ``validation_raw.jsonl.gz`` (seeded, among clusters no earlier round drew) and writes their
   ids to ``benchmarks/editorial/clusters-r<N>.txt`` (committed).  ``--same-as M`` reuses
   round M's clusters instead, so a changed system is graded on the same stories (paired).
   It also writes each cluster's articles, numbered [1]..[n] as the digests cite them, to
   ``benchmarks/out/editorial-r<N>/articles/<cluster>.md`` (not committed: article text).
2. The language-model digests are written once per cluster, from the articles alone and
   before any grading, by a helper given ``LM_BRIEF`` below and the article files; they are
   kept in ``benchmarks/editorial/lm/<cluster>.json`` (``{"cluster", "sentences": [{"text",
   "cites": [n, ...]}]}``, 1-based cites) and reused by every later round.
3. ``pairs --round N --opponent lead|lm``: summarizes the round's clusters with the system
   under test (the checkout's default method at ``--max-words``) and the opponent, and writes
   for the graders one packet per ``--per-grader`` pairs under
   ``benchmarks/out/editorial-r<N>/<opponent>/`` (the rubric, then per pair the articles, the
   editors' summary and the two digests as A and B, sentences numbered, citations [n]), and
   the key ``benchmarks/editorial/key-r<N>-<opponent>.jsonl`` (pair, cluster, which side is
   which: ids only, committed).  Each side's order is drawn by a seeded coin per pair.
   ``--opponent before --before FILE`` pairs the checkout's digests with an earlier
   checkout's digests of the same round (FILE, written by ``digests`` there): a change graded
   paired, on the clusters whose digest it changed (the unchanged ones are counted, not graded).
4. ``score --round N --opponent lead|lm|before VERDICTS...``: unblinds the graders' verdicts
   (``VERDICT_FORMAT`` below; committed as ``verdicts-r<N>-<opponent>-g<K>.jsonl``) and
   prints preference, mean grades and defects per digest of each kind, and the graders'
   agreement.  ``--json`` writes the same as one JSON object.

Rounds 1-2 keep their files (``key-r1.jsonl``, ``verdicts-r1-g1.jsonl``); ``score --round 1``
without ``--opponent`` still reads them.

    python benchmarks/editorial.py select --round 3 --clusters 40
    python benchmarks/editorial.py pairs --round 3 --opponent lead --per-grader 20
    python benchmarks/editorial.py score --round 3 --opponent lead benchmarks/editorial/verdicts-r3-lead-*.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter, defaultdict
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
LM = KEYS / "lm"
SEED = 2026

# The defect kinds graders count, per digest; the extended `evaluate --checks` reports the
# same kinds so that the two can be compared on the same digests.
DEFECTS = ("repeats", "dangling", "junk", "unsupported", "bad_citations")

LM_BRIEF = """\
# Brief: write a 150-word news digest of one story from its articles

You are given the articles of one news story, numbered [1], [2], ... Write the digest a
good wire editor would publish for a reader who knows nothing of the story:

- At most 150 words in all. Plain prose, no headline, no bullet points, no markdown.
- Open with the main event most articles report: who did what, when, where.
- Then the most important facts, context and reaction, each stated once.
- Paraphrase freely, but state only what the articles support. Attribute opinions and
  disputed claims to whoever makes them ("..., writes X in Y", "police said").
- Introduce every person, group or thing before referring back to it.
- Leave out web furniture, and anything from an article that is about another story.
- After every sentence, cite the articles that support it as [n] (one or more; each cited
  article must really support the sentence).

Write one JSON object to the file you are told:
{"cluster": "<cluster id>", "sentences": [{"text": "One sentence.", "cites": [1, 3]}, ...]}
(no citation marks inside "text"; cites are the 1-based article numbers).
"""

RUBRIC = """\
# Rubric: would an editor publish this digest?

Each pair is one news story: its articles (numbered [1], [2], ...), the editors' own summary
(what the story is about and which facts matter; it may say more than the articles), and two
digests of about 150 words, A and B, made by two different systems from the same articles,
in a random order. Each digest's sentences are numbered and cite the articles they come
from as [n].

Read the articles first. Then judge each digest as a reader who knows nothing about the
story and reads only the digest, checking it against the articles.

Count every defect, per digest, by kind (a sentence can have several):

- **repeats**: a fact stated again (the same event, figure or quote restated, in the same or
  other words, often from a second source). Count each restatement once.
- **dangling**: something the digest refers to but never introduced: "he"/"she"/"they",
  "the group", "the storm", "the findings", "the company" with nothing before it that names
  them; a surname whose person was never introduced; a quote whose speaker the digest never
  names; "this"/"that" pointing at nothing shown.
- **junk**: anything that is not story text: datelines ("WASHINGTON (CNN) --"), bylines,
  captions and photo credits, "Follow X on Twitter", "Get push notifications", video embed
  or tweet text, links, headlines, fragments, a sentence cut off mid-way (for example at an
  abbreviation such as "Ald." or "Gov."), text in a garbled state.
- **unsupported**: a claim the cited articles do not support; an opinion, a review's or a
  column's verdict stated as fact, without saying whose it is; a fact from another story
  (an unrelated item of a round-up page) presented as part of this one.
- **bad_citations**: a sentence cites an article that does not hold it (or its content).

Then grade each digest from 1 to 5:
5 = an editor would publish it as is: the main event first, the key facts, no defects;
4 = publishable after a small fix (one minor defect or one missing key fact);
3 = usable but clearly flawed (a few defects, or misses an important fact);
2 = poor: several defects, or the main event is unclear;
1 = useless or misleading.

Say which one a reader is better served by: "A", "B", or "tie" when neither is clearly
better. Judge the text: length differences of a few words do not matter, and paraphrase is
fine as long as it is faithful.

Write one JSON object per line, one line per pair, to the file you are told:
{"pair": "<id>", "winner": "A" | "B" | "tie", "a_score": 1-5, "b_score": 1-5,
 "a_defects": {"repeats": 0, "dangling": 0, "junk": 0, "unsupported": 0, "bad_citations": 0},
 "b_defects": {...},
 "a_notes": [{"sentence": 2, "kind": "dangling", "note": "'the group' never named"}, ...],
 "b_notes": [...],
 "reason": "one or two sentences"}
Every defect you count has one entry in the notes, with the number of its sentence.
"""

VERDICT_FORMAT = RUBRIC[RUBRIC.index("Write one JSON object per line") :]


def _read_rows(ids: set[str] | None = None) -> list[dict]:
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        return [row for row in map(json.loads, f) if ids is None or row["id"] in ids]


def _clusters_file(round_: int) -> Path:
    return KEYS / f"clusters-r{round_}.txt"


def _key(round_: int, opponent: str | None = None) -> Path:
    return KEYS / (
        f"key-r{round_}.jsonl" if opponent is None else f"key-r{round_}-{opponent}.jsonl"
    )


def _used_before(round_: int) -> set[str]:
    """Every cluster an earlier round drew (rounds 1-2 are known by their keys)."""
    used: set[str] = set()
    for earlier in range(1, round_):
        if _clusters_file(earlier).is_file():
            used.update(_clusters_file(earlier).read_text(encoding="utf-8").split())
        elif _key(earlier).is_file():
            with _key(earlier).open(encoding="utf-8") as f:
                used.update(json.loads(line)["cluster"] for line in f)
    return used


def round_clusters(round_: int) -> list[dict]:
    """The round's clusters (the rows of validation_raw), in id order."""
    ids = set(_clusters_file(round_).read_text(encoding="utf-8").split())
    return sorted(_read_rows(ids), key=lambda r: r["id"])


def article_markdown(row: dict) -> str:
    """One cluster's articles, numbered as the digests cite them."""
    parts = [f"# Cluster {row['id']}\n"]
    for i, doc in enumerate(row["documents"], 1):
        text = doc if isinstance(doc, str) else doc.get("text", "")
        parts.append(f"## Article [{i}]\n\n{text.strip()}\n")
    return "\n".join(parts)


def select(args: argparse.Namespace) -> None:
    if args.same_as:
        ids = _clusters_file(args.same_as).read_text(encoding="utf-8").split()
    else:
        used = _used_before(args.round)
        rows = [row for row in _read_rows() if row["id"] not in used]
        rng = random.Random(SEED if args.round == 1 else SEED + 100 * args.round)
        ids = sorted(row["id"] for row in rng.sample(rows, args.clusters))
    KEYS.mkdir(parents=True, exist_ok=True)
    _clusters_file(args.round).write_text("\n".join(ids) + "\n", encoding="utf-8")
    folder = OUT / f"editorial-r{args.round}" / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for row in _read_rows(set(ids)):
        (folder / f"{row['id']}.md").write_text(article_markdown(row), encoding="utf-8")
    (OUT / f"editorial-r{args.round}" / "lm-brief.md").write_text(LM_BRIEF, encoding="utf-8")
    missing = [i for i in ids if not (LM / f"{i}.json").is_file()]
    print(
        f"round {args.round}: {len(ids)} clusters in {_clusters_file(args.round)}, articles in "
        f"{folder}; {len(missing)} still need a language-model digest",
        file=sys.stderr,
    )


def _cites(sources: list[int], similar: list[int]) -> list[int]:
    # an article with a paraphrase supports the sentence too; the renderer shows it as
    # "(also [n])", the packet as a plain citation so that both systems look alike
    return sorted({i + 1 for i in [*sources, *similar]})


def system_digest(summarizer, row: dict) -> list[dict]:
    summary = summarizer.summarize(row["documents"])
    return [{"text": s.text, "cites": _cites(s.sources, s.similar)} for s in summary.sentences]


def lm_digest(cluster: str) -> list[dict]:
    path = LM / f"{cluster}.json"
    if not path.is_file():
        sys.exit(f"{path}: no language-model digest yet (see LM_BRIEF)")
    return json.loads(path.read_text(encoding="utf-8"))["sentences"]


def _digest_markdown(sentences: list[dict]) -> str:
    return "\n".join(
        f"{k}. {s['text']} " + "".join(f"[{c}]" for c in s["cites"])
        for k, s in enumerate(sentences, 1)
    )


def _read_digests(path: str) -> dict[str, list[dict]]:
    with open(path, encoding="utf-8") as f:
        return {row["cluster"]: row["sentences"] for row in map(json.loads, f)}


def digests(args: argparse.Namespace) -> None:
    """This checkout's default digests of a round, as ``pairs --opponent before`` reads them
    from another checkout."""
    from storybrief.pipeline import Summarizer

    system = Summarizer(max_words=args.max_words)
    with open(args.out, "w", encoding="utf-8") as f:
        for row in round_clusters(args.round):
            sentences = system_digest(system, row)
            f.write(json.dumps({"cluster": row["id"], "sentences": sentences}) + "\n")
    print(f"wrote round {args.round}'s digests to {args.out}", file=sys.stderr)


def pairs(args: argparse.Namespace) -> None:
    from storybrief.pipeline import Summarizer

    if (args.opponent == "before") != (args.before is not None):
        sys.exit("--before FILE goes with --opponent before, and only with it")
    before = _read_digests(args.before) if args.before else {}
    system = Summarizer(max_words=args.max_words)
    lead = Summarizer(method="lead", max_words=args.max_words)
    out = OUT / f"editorial-r{args.round}" / args.opponent
    out.mkdir(parents=True, exist_ok=True)
    coin = random.Random(SEED + args.round + {"lead": 0, "lm": 7, "before": 13}[args.opponent])
    unchanged = 0
    packets: list[list[str]] = []
    key_rows = []
    digests = {}
    opponent_digests = {}
    for k, row in enumerate(round_clusters(args.round)):
        if args.opponent == "lm":
            theirs = lm_digest(row["id"])
        elif args.opponent == "before":
            theirs = before[row["id"]]
        else:
            theirs = system_digest(lead, row)
        texts = {"default": system_digest(system, row), args.opponent: theirs}
        if args.opponent == "before" and texts["default"] == theirs:
            unchanged += 1
            continue
        digests[row["id"]] = texts["default"]
        opponent_digests[row["id"]] = texts[args.opponent]
        a, b = ("default", args.opponent) if coin.random() < 0.5 else (args.opponent, "default")
        pair = f"r{args.round}{args.opponent[0]}{k + 1:02d}"
        reference = row["summary"].lstrip("– ").strip()
        section = (
            f"# Pair {pair}\n\n{article_markdown(row).split(chr(10), 1)[1]}\n"
            f"## The editors' summary\n\n{reference}\n\n"
            f"## Digest A\n\n{_digest_markdown(texts[a])}\n\n"
            f"## Digest B\n\n{_digest_markdown(texts[b])}\n"
        )
        if not packets or len(packets[-1]) >= args.per_grader:
            packets.append([])
        packets[-1].append(section)
        key_rows.append({"pair": pair, "cluster": row["id"], "A": a, "B": b})
    for n, sections in enumerate(packets, 1):
        (out / f"packet-{n}.md").write_text(
            RUBRIC + "\n\n" + "\n\n---\n\n".join(sections), encoding="utf-8"
        )
    with _key(args.round, args.opponent).open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in key_rows)
    # the digests as graded, for the automatic checks' agreement (benchmarks/checks_agreement.py):
    # the system's in digests.jsonl, the opponent's beside it in <opponent>-digests.jsonl
    for name, written in (("digests", digests), (f"{args.opponent}-digests", opponent_digests)):
        with (out / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for cluster, sentences in written.items():
                f.write(json.dumps({"cluster": cluster, "sentences": sentences}) + "\n")
    print(
        f"wrote {len(key_rows)} pairs in {len(packets)} packet(s) to {out}, the key to "
        f"{_key(args.round, args.opponent)}"
        + (f"; {unchanged} cluster(s) with the same digest left out" if unchanged else ""),
        file=sys.stderr,
    )


ANNOTATE_RUBRIC = (
    (
        RUBRIC.split("Then grade each digest")[0]
        .replace("Each pair is one news story", "Each item is one news story")
        .replace(
            "and two\ndigests of about 150 words, A and B,", "and one\ndigest of about 150 words"
        )
        .replace(
            "made by two different systems from the same articles,\nin a random order. Each digest's",
            "made from those articles. Its",
        )
        .replace("Count every defect, per digest,", "Count every defect")
    )
    + """Then grade the digest from 1 to 5 (5 = an editor would publish it as is; 4 = publishable
after a small fix; 3 = usable but clearly flawed; 2 = poor; 1 = useless or misleading).

Write one JSON object per line, one line per digest, to the file you are told:
{"cluster": "<id>", "score": 1-5,
 "defects": {"repeats": 0, "dangling": 0, "junk": 0, "unsupported": 0, "bad_citations": 0},
 "notes": [{"sentence": 2, "kind": "dangling", "note": "'the group' never named"}, ...],
 "missing": "the key facts the digest leaves out, in a few words"}
Every defect you count has one entry in the notes, with the number of its sentence.
"""
)


def annotate(args: argparse.Namespace) -> None:
    """Development feedback: graders mark the defects of single digests (no opponent) on
    clusters of earlier rounds, never on a blind round's clusters."""
    from storybrief.pipeline import Summarizer

    used: set[str] = set()
    for r in args.from_rounds:
        used |= {row["cluster"] for row in _load_key(r, None).values()}
    ids = sorted(used)[: args.clusters]
    out = OUT / f"editorial-{args.name}"
    out.mkdir(parents=True, exist_ok=True)
    (KEYS / f"clusters-{args.name}.txt").write_text("\n".join(ids) + "\n", encoding="utf-8")
    system = Summarizer(max_words=args.max_words)
    sections = []
    with (out / "digests.jsonl").open("w", encoding="utf-8") as f:
        for row in _read_rows(set(ids)):
            digest = system_digest(system, row)
            f.write(json.dumps({"cluster": row["id"], "sentences": digest}) + "\n")
            reference = row["summary"].lstrip("– ").strip()
            sections.append(
                f"{article_markdown(row)}\n## The editors' summary\n\n{reference}\n\n"
                f"## Digest\n\n{_digest_markdown(digest)}\n"
            )
    for n in range(0, len(sections), args.per_grader):
        chunk = sections[n : n + args.per_grader]
        (out / f"packet-{n // args.per_grader + 1}.md").write_text(
            ANNOTATE_RUBRIC + "\n\n" + "\n\n---\n\n".join(chunk), encoding="utf-8"
        )
    print(f"wrote {len(sections)} digests to {out}", file=sys.stderr)


def _load_key(round_: int, opponent: str | None) -> dict[str, dict]:
    with _key(round_, opponent).open(encoding="utf-8") as f:
        return {row["pair"]: row for row in map(json.loads, f)}


def tally(key: dict[str, dict], verdict_files: list[str]) -> dict:
    """Preference, grades and defects per system from the verdict files."""
    wins: Counter[str] = Counter()
    grades: dict[str, list[float]] = defaultdict(list)
    defects: dict[str, Counter[str]] = defaultdict(Counter)
    digests: Counter[str] = Counter()
    per_grader: dict[str, dict[str, str]] = {}
    for path in verdict_files:
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
                for side in ("a", "b"):
                    name = k[side.upper()]
                    grades[name].append(float(v[f"{side}_score"]))
                    digests[name] += 1
                    for kind in DEFECTS:
                        defects[name][kind] += int(v.get(f"{side}_defects", {}).get(kind, 0))
        per_grader[Path(path).stem] = mine
    systems = sorted(grades, key=lambda s: s != "default")
    decided = sum(wins[s] for s in systems)
    report = {
        "verdicts": sum(wins.values()),
        "graders": len(per_grader),
        "wins": {s: wins[s] for s in systems} | {"tie": wins["tie"]},
        "default_preferred": round(100 * wins["default"] / decided, 1) if decided else None,
        "mean_grade": {s: round(sum(g) / len(g), 2) for s, g in grades.items()},
        "defects_per_digest": {
            s: {kind: round(defects[s][kind] / digests[s], 3) for kind in DEFECTS} for s in systems
        },
        "agreement": {},
    }
    names = sorted(per_grader)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            common = set(per_grader[a]) & set(per_grader[b])
            if common:
                same = sum(per_grader[a][p] == per_grader[b][p] for p in common)
                report["agreement"][f"{a} / {b}"] = f"{same}/{len(common)}"
    return report


def score(args: argparse.Namespace) -> None:
    report = tally(_load_key(args.round, args.opponent), args.verdicts)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"verdicts: {report['verdicts']} from {report['graders']} grader(s)")
    print("wins: " + ", ".join(f"{s} {n}" for s, n in report["wins"].items()))
    if report["default_preferred"] is not None:
        print(f"default preferred in {report['default_preferred']}% of non-tied verdicts")
    for name, g in report["mean_grade"].items():
        print(f"mean grade {name}: {g:.2f}")
    for name, d in report["defects_per_digest"].items():
        print(f"defects per digest, {name}: " + ", ".join(f"{k} {v:.2f}" for k, v in d.items()))
    for pair, agreed in report["agreement"].items():
        print(f"agreement {pair}: {agreed} pairs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="step", required=True)
    s = sub.add_parser("select", help="draw a round's clusters and write their articles")
    s.add_argument("--round", type=int, required=True)
    s.add_argument("--clusters", type=int, default=40)
    s.add_argument("--same-as", type=int, default=None, help="reuse an earlier round's clusters")
    p = sub.add_parser("pairs", help="write the blinded packets and the key")
    p.add_argument("--round", type=int, required=True)
    p.add_argument("--opponent", choices=("lead", "lm", "before"), required=True)
    p.add_argument("--before", default=None, help="with --opponent before: the digests file")
    p.add_argument("--max-words", type=int, default=150)
    p.add_argument("--per-grader", type=int, default=20)
    d = sub.add_parser("digests", help="write this checkout's digests of a round")
    d.add_argument("--round", type=int, required=True)
    d.add_argument("--max-words", type=int, default=150)
    d.add_argument("--out", required=True)
    a = sub.add_parser("annotate", help="development feedback on single digests")
    a.add_argument("--name", required=True)
    a.add_argument("--from-rounds", type=int, nargs="+", default=[1, 2])
    a.add_argument("--clusters", type=int, default=30)
    a.add_argument("--max-words", type=int, default=150)
    a.add_argument("--per-grader", type=int, default=15)
    c = sub.add_parser("score", help="unblind and count the graders' verdicts")
    c.add_argument("--round", type=int, required=True)
    c.add_argument("--opponent", choices=("lead", "lm", "before"), default=None)
    c.add_argument("--json", action="store_true")
    c.add_argument("verdicts", nargs="+")
    args = ap.parse_args()
    if not DATA.is_file():
        sys.exit(f"{DATA} is not available")
    steps = {
        "select": select,
        "pairs": pairs,
        "digests": digests,
        "annotate": annotate,
        "score": score,
    }
    steps[args.step](args)


if __name__ == "__main__":
    main()
