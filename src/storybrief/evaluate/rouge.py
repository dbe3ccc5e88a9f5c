"""Summary quality: ROUGE of any summarizer on clusters with reference summaries.

The library side of ``storybrief evaluate`` (and of ``benchmarks/quality.py``).  Scores are
the ``rouge-score`` package's ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 with the Porter stemmer, the
settings of the Multi-News literature.  For ROUGE-Lsum the candidate's sentences and the
reference's sentences (split by :func:`storybrief.text.sentences.split_sentences`) are joined by
newlines.  A reference that starts with the Multi-News raw form's "– " dash has it removed.
With several references the best-scoring one counts for each measure (``score_multi``).

Each mean comes with a 95% percentile-bootstrap confidence interval over clusters (fixed
seed, so reruns print the same numbers).  ``oracle`` is the greedy extractive oracle: it adds
the unit that most raises ROUGE-1 + ROUGE-2 F1 against the (first) reference while the summary
stays within the word budget, and stops when no unit raises it; it is the ceiling for any
method that picks whole sentences from storybrief's units.

With ``checks=True`` every summary also goes through the automatic editor's checks
(:mod:`storybrief.evaluate.checks`): furniture, fragments, over-long, glued, datelines, dangling
openers, repeats, lead opening and verifiable citations, summed per method in
``MethodResult.checks``.  The checks need no reference, so clusters without a ``summary`` are
then kept: they are checked, and ROUGE is the mean over the clusters that have one.

``rouge-score`` and ``nltk`` come with the ``eval`` extra (``pip install 'storybrief[eval]'``);
the checks alone do not need them.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storybrief.errors import StorybriefError
from storybrief.evaluate.checks import CheckedDocuments, ChecksReport, check_summary
from storybrief.text.sentences import split_sentences

MEASURES = ("rouge1", "rouge2", "rougeLsum")
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 20240601
_LEADING_DASH = re.compile(r"^\s*[–—-]\s+")


class MissingEvalDependency(StorybriefError):
    """rouge-score / nltk are not installed."""

    exit_code = 2


def _rouge_scorer_module() -> Any:
    try:
        from rouge_score import rouge_scorer
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise MissingEvalDependency(
            "evaluation needs the 'rouge-score' and 'nltk' packages (storybrief's 'eval' "
            "extra): pip install rouge-score nltk"
        ) from err
    return rouge_scorer


# -- references ---------------------------------------------------------------------------


def references_of(summary: str | Sequence[str] | None) -> list[str]:
    """The reference summaries of a cluster (a string or a list), leading "– " removed."""
    if summary is None:
        return []
    refs = [summary] if isinstance(summary, str) else list(summary)
    return [_LEADING_DASH.sub("", r).strip() for r in refs if isinstance(r, str) and r.strip()]


def sentences_of(text: str) -> list[str]:
    """Sentences of a reference text, by storybrief's own splitter (paragraphs split first)."""
    return [s for para in text.splitlines() for s in split_sentences(para.strip()) if s]


# -- ROUGE --------------------------------------------------------------------------------


class Rouge:
    """The ``rouge-score`` scorer with the settings used throughout (stemmed, Lsum on lines)."""

    def __init__(self) -> None:
        self._scorer = _rouge_scorer_module().RougeScorer(list(MEASURES), use_stemmer=True)

    def score(self, candidate: Sequence[str], references: Sequence[str]) -> dict[str, float]:
        """F1 (0-1) of each measure for candidate sentences against reference texts."""
        cand = "\n".join(s.strip() for s in candidate)
        refs = ["\n".join(sentences_of(r)) for r in references]
        if not refs:
            raise ValueError("no reference summary")
        if len(refs) == 1:
            result = self._scorer.score(refs[0], cand)
        else:
            result = self._scorer.score_multi(refs, cand)
        return {m: float(result[m].fmeasure) for m in MEASURES}


class FastRouge:
    """ROUGE-1/2 counts with ``rouge-score``'s exact tokenisation (lower-case, alphanumeric
    tokens, Porter stem of tokens over 3 characters), cached per word: fast enough for oracles
    and training labels, where one reference meets hundreds of candidate subsets."""

    def __init__(self) -> None:
        _rouge_scorer_module()
        from nltk.stem import porter

        self._stemmer = porter.PorterStemmer()
        self._cache: dict[str, str] = {}
        self._non_alnum = re.compile(r"[^a-z0-9]+")

    def tokens(self, text: str) -> list[str]:
        out = []
        cache = self._cache
        for tok in self._non_alnum.sub(" ", text.lower()).split():
            stemmed = cache.get(tok)
            if stemmed is None:
                stemmed = self._stemmer.stem(tok) if len(tok) > 3 else tok
                cache[tok] = stemmed
            out.append(stemmed)
        return out

    @staticmethod
    def ngrams(tokens: Sequence[str], n: int) -> Counter:
        return Counter(zip(*(tokens[i:] for i in range(n)), strict=False))


def clipped_overlap(candidate: Counter, reference: Counter) -> int:
    """How many of the candidate's n-grams the reference holds, each counted at most as often
    as the reference has it (ROUGE's overlap)."""
    return sum(min(c, reference[g]) for g, c in candidate.items() if g in reference)


def f1(overlap: float, n_candidate: float, n_reference: float) -> float:
    if overlap <= 0 or n_candidate <= 0 or n_reference <= 0:
        return 0.0
    p, r = overlap / n_candidate, overlap / n_reference
    return 2 * p * r / (p + r)


def greedy_oracle(
    unit_texts: Sequence[str], reference: str, max_words: int, rouge: FastRouge
) -> list[int]:
    """Indices of units picked greedily to maximise ROUGE-1 + ROUGE-2 F1 within the budget."""
    ref_tok = rouge.tokens(reference)
    ref = [rouge.ngrams(ref_tok, 1), rouge.ngrams(ref_tok, 2)]
    n_ref = [max(len(ref_tok), 0), max(len(ref_tok) - 1, 0)]
    units = []
    for t in unit_texts:
        tok = rouge.tokens(t)
        units.append((rouge.ngrams(tok, 1), rouge.ngrams(tok, 2), len(tok), len(t.split())))
    cand: list[Counter] = [Counter(), Counter()]
    overlap = [0, 0]
    n_tok = 0
    words = 0
    best_score = 0.0
    chosen: list[int] = []
    # bigrams across a sentence boundary are ignored here (the final ROUGE counts them, a
    # negligible difference for choosing sentences)
    remaining = set(range(len(units)))
    while remaining:
        best, best_gain, best_state = -1, best_score, None
        for i in sorted(remaining):
            g1, g2, nt, nw = units[i]
            if words + nw > max_words or nt == 0:
                continue
            ov = []
            for k, grams in enumerate((g1, g2)):
                c, r, o = cand[k], ref[k], overlap[k]
                for g, cnt in grams.items():
                    rc = r.get(g)
                    if rc:
                        have = c.get(g, 0)
                        o += min(have + cnt, rc) - min(have, rc)
                ov.append(o)
            total = nt + n_tok
            score = f1(ov[0], total, n_ref[0]) + f1(ov[1], max(total - 1, 0), n_ref[1])
            if score > best_gain + 1e-12:
                best, best_gain, best_state = i, score, ov
        if best < 0 or best_state is None:
            break
        g1, g2, nt, nw = units[best]
        cand[0].update(g1)
        cand[1].update(g2)
        overlap = best_state
        n_tok += nt
        words += nw
        best_score = best_gain
        chosen.append(best)
        remaining.discard(best)
    return chosen


# -- systems ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitedSentence:
    """A summary sentence with the 0-based indices of the documents it cites."""

    text: str
    sources: list[int]


System = Callable[[Any], Sequence[Any]]
"""A summarizer under evaluation: cluster (with ``.documents`` and ``.extra['summary']``) ->
summary sentences in reading order: strings, or objects with ``.text`` and ``.sources``
(:class:`CitedSentence`, storybrief's ``SummarySentence``), whose citations the checks then
verify."""


def _texts_and_sources(
    output: Sequence[Any],
) -> tuple[list[str], list[list[int]] | None, list[list[int]] | None]:
    """A system's output as sentence texts and, when it gives them, their sources and the
    documents named as also reporting each sentence in other words (storybrief's "also [n]")."""
    if all(isinstance(s, str) for s in output):
        return list(output), None, None
    similar = [list(getattr(s, "similar", ())) for s in output]
    return [s.text for s in output], [list(s.sources) for s in output], similar


def storybrief_system(method: str, max_words: int, **options: Any) -> System:
    """A storybrief method as a :data:`System` (``oracle`` included)."""
    from storybrief.pipeline import Summarizer, build_cluster
    from storybrief.pipeline.dedup import DEFAULT_THRESHOLD

    if method == "oracle":
        # built only so that bad options fail as for every other method; it is not run
        Summarizer(method="lead", max_words=max_words, **options)
        threshold = options.get("dedup_threshold", DEFAULT_THRESHOLD)
        rouge = FastRouge()

        def run_oracle(cluster: Any) -> list[str]:
            refs = references_of(cluster.extra.get("summary"))
            # the oracle picks among the cluster's units: no features, no embeddings
            prepared, _ = build_cluster(cluster.documents, threshold, id=cluster.id)
            texts = [prepared.unit_text(u) for u in prepared.units]
            if not refs:
                return []
            picked = greedy_oracle(texts, refs[0], max_words, rouge)
            # reading order: document, then position
            sents = prepared.sentences
            picked.sort(key=lambda u: (sents[prepared.units[u].representative].doc, u))
            return [
                CitedSentence(texts[u], prepared.unit_sources(prepared.units[u])) for u in picked
            ]

        return run_oracle

    summarizer = Summarizer(method=method, max_words=max_words, **options)

    def run(cluster: Any) -> list[CitedSentence]:
        summary = summarizer.summarize(cluster.documents, id=cluster.id)
        return [CitedSentence(s.text, list(s.sources)) for s in summary.sentences]

    return run


# -- results ------------------------------------------------------------------------------


def bootstrap_ci(
    values: Sequence[float], resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED
) -> tuple[float, float]:
    """95% percentile-bootstrap interval of the mean (fixed seed: deterministic)."""
    x = np.asarray(values, dtype=np.float64)
    if x.size == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    means = np.empty(resamples)
    for b in range(resamples):
        means[b] = x[rng.integers(0, x.size, x.size)].mean()
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(lo), float(hi)


@dataclass
class MethodResult:
    """ROUGE (scores in percent) and, when asked for, the editor's checks of one method over
    the evaluated clusters.  ``scores`` hold one value per cluster *with a reference* (all of
    them unless checks kept clusters without one); ``words`` one per cluster."""

    method: str
    scores: dict[str, list[float]] = field(default_factory=dict)  # per cluster, F1 0-100
    words: list[int] = field(default_factory=list)
    seconds: float = 0.0
    outputs: list[dict[str, Any]] = field(default_factory=list)
    checks: ChecksReport | None = None
    check_seconds: float = 0.0
    flagged: list[dict[str, Any]] = field(default_factory=list)  # one row per finding

    @property
    def scored(self) -> int:
        """Clusters with a ROUGE score (those with a reference summary)."""
        return len(self.scores.get(MEASURES[0], []))

    @property
    def check_ms_per_cluster(self) -> float:
        return 1000.0 * self.check_seconds / self.n if self.n else 0.0

    @property
    def n(self) -> int:
        return len(self.words)

    def mean(self, measure: str) -> float:
        v = self.scores.get(measure, [])
        return float(np.mean(v)) if v else float("nan")

    def ci(self, measure: str) -> tuple[float, float]:
        return bootstrap_ci(self.scores.get(measure, []))

    @property
    def mean_words(self) -> float:
        return float(np.mean(self.words)) if self.words else 0.0

    @property
    def clusters_per_second(self) -> float:
        return self.n / self.seconds if self.seconds > 0 else float("inf")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"method": self.method, "clusters": self.n}
        if self.scored:
            out["scored_clusters"] = self.scored
            for m in MEASURES:
                lo, hi = self.ci(m)
                out[m] = {"f1": round(self.mean(m), 2), "ci95": [round(lo, 2), round(hi, 2)]}
        out["mean_words"] = round(self.mean_words, 1)
        out["clusters_per_second"] = round(self.clusters_per_second, 1)
        if self.checks is not None:
            out["checks"] = self.checks.to_dict()
            out["checks"]["ms_per_cluster"] = round(self.check_ms_per_cluster, 2)
        return out


def load_clusters(path: str, limit: int | None = None, require_summary: bool = True) -> list[Any]:
    """Clusters of a JSONL file (``.gz``/``.xz`` ok) that have a reference summary (all
    clusters with ``require_summary=False``)."""
    from storybrief.readers import read_clusters

    out = []
    for cluster in read_clusters(path, "jsonl"):
        if limit is not None and len(out) >= limit:
            break
        if not require_summary or references_of(cluster.extra.get("summary")):
            out.append(cluster)
    return out


def _flagged_rows(name: str, cluster_id: Any, result: Any) -> list[dict[str, Any]]:
    rows = []
    for f in result.findings:
        row: dict[str, Any] = {
            "method": name,
            "id": cluster_id,
            "sentence": f.sentence,
            "kind": f.kind,
            "detail": f.detail,
            "text": result.sentences[f.sentence],
        }
        if f.document is not None:
            row["document"] = f.document
        if f.other is not None:
            row["other"] = f.other
        rows.append(row)
    return rows


def evaluate_systems(
    clusters: Sequence[Any],
    systems: dict[str, System],
    keep_outputs: bool = False,
    progress: Callable[[str, int], None] | None = None,
    checks: bool = False,
    keep_flagged: bool = False,
) -> list[MethodResult]:
    """Run every system on every cluster, score it with ROUGE where the cluster has a
    reference, and (``checks=True``) run the editor's checks on it; ``keep_flagged`` keeps
    every finding as a row in ``MethodResult.flagged``.  ``seconds`` covers the system only,
    ``check_seconds`` the checks."""
    refs = [references_of(c.extra.get("summary")) for c in clusters]
    rouge = Rouge() if any(refs) else None
    # documents are normalised once per cluster, for every method
    documents: dict[int, CheckedDocuments] = {}
    results = []
    for name, system in systems.items():
        res = MethodResult(name, {m: [] for m in MEASURES})
        if checks:
            res.checks = ChecksReport()
        for i, cluster in enumerate(clusters):
            t0 = time.perf_counter()
            output = system(cluster)
            res.seconds += time.perf_counter() - t0
            sentences, sources, similar = _texts_and_sources(output)
            if rouge is not None and refs[i]:
                scores = rouge.score(sentences, refs[i])
                for m in MEASURES:
                    res.scores[m].append(100.0 * scores[m])
            res.words.append(sum(len(s.split()) for s in sentences))
            if res.checks is not None:
                t0 = time.perf_counter()
                docs = documents.get(i)
                if docs is None:
                    docs = documents[i] = CheckedDocuments(cluster.documents)
                result = check_summary(sentences, sources, docs, similar)
                res.checks.add(result)
                res.check_seconds += time.perf_counter() - t0
                if keep_flagged:
                    res.flagged += _flagged_rows(name, cluster.id, result)
            if keep_outputs:
                row: dict[str, Any] = {
                    "id": cluster.id,
                    "method": name,
                    "summary": " ".join(sentences),
                }
                if sources is not None:
                    row["sentences"] = [
                        {"text": t, "sources": src}
                        for t, src in zip(sentences, sources, strict=True)
                    ]
                if res.checks is not None:
                    row["defects"] = result.editor_counts()  # in the graders' kinds
                res.outputs.append(row)
            if progress is not None:
                progress(name, i + 1)
        results.append(res)
    return results


def evaluate(
    path_or_clusters: str | Iterable[Any],
    methods: Sequence[str] = ("default",),
    max_words: int = 260,
    limit: int | None = None,
    keep_outputs: bool = False,
    progress: Callable[[str, int], None] | None = None,
    checks: bool = False,
    keep_flagged: bool = False,
) -> list[MethodResult]:
    """ROUGE of storybrief methods (and ``oracle``) on a file of clusters with summaries;
    with ``checks=True`` also the editor's checks, on every cluster (with or without a
    summary)."""
    from storybrief.pipeline.score import resolve_method

    clusters = (
        load_clusters(path_or_clusters, limit, require_summary=not checks)
        if isinstance(path_or_clusters, str)
        else list(path_or_clusters)[:limit]
    )
    systems: dict[str, System] = {}
    for m in methods:
        name = m if m == "oracle" else resolve_method(m)
        systems[name] = storybrief_system(name, max_words)
    return evaluate_systems(
        clusters,
        systems,
        keep_outputs=keep_outputs,
        progress=progress,
        checks=checks,
        keep_flagged=keep_flagged,
    )
