"""Summary quality: ROUGE of storybrief's methods and of sumy's summarizers on Multi-News.

Every system gets the same clusters, the same word budget and the same sentences: sumy is fed
the sentences of storybrief's cleaner and splitter (one paragraph per article), so only the
ranking algorithm differs.  sumy's own sentence splitter needs nltk's downloadable 'punkt'
data; it is not used (word tokens come from nltk's data-free ``NLTKWordTokenizer``).  sumy
returns its best-rated sentences; here they are taken in rating order while they fit the
budget, then put back in document order.  Scores are ``storybrief.evaluate``'s (the
``rouge-score`` package, stemmed, Lsum over newline-joined sentences), with 95% bootstrap
intervals; clusters/second counts the summarizer alone (single process), not ROUGE.

    python benchmarks/quality.py /work/shared/data/multinews/validation.jsonl.gz --limit 1000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from storybrief.evaluate.rouge import (
    MEASURES,
    MethodResult,
    evaluate_systems,
    load_clusters,
    storybrief_system,
)
from storybrief.pipeline import Summarizer

STORYBRIEF_METHODS = ["learned", "hybrid", "lead", "lexrank", "centroid", "oracle"]
SUMY_METHODS = ["sumy-lexrank", "sumy-textrank", "sumy-lsa", "sumy-luhn"]


class _WordTokenizer:
    """sumy tokenizer interface without nltk data: words by NLTKWordTokenizer."""

    language = "english"

    def __init__(self) -> None:
        from nltk.tokenize import NLTKWordTokenizer

        self._tok = NLTKWordTokenizer()

    def to_sentences(self, paragraph: str) -> list[str]:  # pragma: no cover - unused
        from storybrief.text.sentences import split_sentences

        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return [w for w in self._tok.tokenize(sentence) if any(c.isalnum() for c in w)]


def _budget(max_words: int) -> Callable[[list[Any]], list[Any]]:
    """sumy 'count' callable: best-rated sentences while they fit the word budget."""

    def take(infos: list[Any]) -> list[Any]:
        left, out = max_words, []
        for info in infos:
            n = len(str(info.sentence).split())
            if n <= left:
                out.append(info)
                left -= n
        return out

    return take


def sumy_system(name: str, max_words: int) -> Callable[[Any], list[str]]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {
        "sumy-lexrank": LexRankSummarizer,
        "sumy-textrank": TextRankSummarizer,
        "sumy-lsa": LsaSummarizer,
        "sumy-luhn": LuhnSummarizer,
    }
    summarizer = classes[name](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = _WordTokenizer()
    prep = Summarizer(method="lead", max_words=max_words)
    count = _budget(max_words)

    def run(cluster: Any) -> list[str]:
        prepared, _ = prep.prepare(cluster.documents, id=cluster.id)
        by_doc: dict[int, list[Any]] = {}
        for s in prepared.sentences:
            by_doc.setdefault(s.doc, []).append(Sentence(s.text, tokenizer))
        if not by_doc:
            return []
        document = ObjectDocumentModel([Paragraph(v) for _, v in sorted(by_doc.items())])
        return [str(s) for s in summarizer(document, count)]

    return run


def systems_for(methods: list[str], max_words: int) -> dict[str, Callable[[Any], list[str]]]:
    out = {}
    for m in methods:
        out[m] = (
            sumy_system(m, max_words) if m.startswith("sumy-") else storybrief_system(m, max_words)
        )
    return out


def markdown_table(results: list[MethodResult]) -> str:
    lines = [
        "| method | ROUGE-1 F1 [95% CI] | ROUGE-2 F1 [95% CI] | ROUGE-Lsum F1 [95% CI] | words | clusters/s |",
        "| --- | --- | --- | --- | ---: | ---: |",
    ]
    for r in results:
        cells = []
        for m in MEASURES:
            lo, hi = r.ci(m)
            cells.append(f"{r.mean(m):.2f} [{lo:.2f}, {hi:.2f}]")
        lines.append(
            f"| {r.method} | {' | '.join(cells)} | {r.mean_words:.1f} | {r.clusters_per_second:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("data", help="JSONL clusters with reference summaries (.gz/.xz ok)")
    ap.add_argument("--max-words", type=int, default=260)
    ap.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    ap.add_argument(
        "--methods",
        default=",".join(STORYBRIEF_METHODS + SUMY_METHODS),
        help="comma-separated systems",
    )
    ap.add_argument("--json", default=None, help="also write the results here")
    args = ap.parse_args()

    t0 = time.time()
    clusters = load_clusters(args.data, args.limit)
    results = []
    for name in args.methods.split(","):
        (res,) = evaluate_systems(clusters, systems_for([name], args.max_words))
        results.append(res)
        print(json.dumps(res.to_dict()), file=sys.stderr, flush=True)
    print(f"{len(clusters)} clusters of {args.data}, --max-words {args.max_words}")
    print(markdown_table(results))
    print(f"(total {time.time() - t0:.0f}s)", file=sys.stderr)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(
                {
                    "data": args.data,
                    "clusters": len(clusters),
                    "max_words": args.max_words,
                    "results": [r.to_dict() for r in results],
                },
                f,
                indent=2,
            )


if __name__ == "__main__":
    main()
