"""Compression and citations of the default digest (issue 17): every sentence's ``original``
must occur in each article it cites (compared without whitespace, curly quotes made plain),
and its ``text`` must be ``original`` with the recorded cuts deleted and a subsequence of it;
also counts the cuts by rule, the words saved and the "also" citations.

    python benchmarks/digest_citations.py --max-words 150
"""

from __future__ import annotations

import argparse
import gzip
import json
import unicodedata
from collections import Counter
from pathlib import Path

from storybrief.pipeline import Summarizer
from storybrief.text.compress import Cut, apply_cuts, is_compression

DATA = Path(__file__).resolve().parents[2] / "shared/data/multinews/validation_raw.jsonl.gz"
_PLAIN = str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'"})


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).translate(_PLAIN).split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--max-words", type=int, default=150)
    args = ap.parse_args()
    rows = [json.loads(line) for line in gzip.open(DATA, "rt")]
    summarizer = Summarizer(max_words=args.max_words)
    n = citations = found = exact = saved = also = 0
    reasons: Counter[str] = Counter()
    for row in rows:
        summary = summarizer.summarize(row["documents"])
        docs = [_compact(d if isinstance(d, str) else d["text"]) for d in row["documents"]]
        for s in summary.sentences:
            n += 1
            also += len(s.similar)
            cuts = [Cut(**c) for c in s.removed]
            exact += is_compression(s.text, s.original) and apply_cuts(s.original, cuts) == s.text
            reasons.update(c.reason for c in cuts)
            saved += len(s.original.split()) - len(s.text.split())
            for d in s.sources:
                citations += 1
                found += _compact(s.original) in docs[d]
    print(
        f"{len(rows)} clusters, {n} sentences: compressions exact {exact}/{n}; original in the "
        f"cited article {found}/{citations}; words saved {saved} ({saved / len(rows):.1f} a "
        f"digest); also-citations {also}"
    )
    print(dict(reasons.most_common()))


if __name__ == "__main__":
    main()
