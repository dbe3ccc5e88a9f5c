"""The pipeline: documents -> clean -> segment -> group -> score -> select -> order -> Summary.

:class:`Summarizer` holds the options and runs the stages in order; each stage lives in its
own module (``clean``, ``segment``, ``dedup``, ``score``, ``select``, ``order``, ``render``);
the first three, building the cluster, are :func:`storybrief.pipeline.build.build_cluster`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from storybrief.analysis import Analysis, analyze_cluster
from storybrief.analysis.genre import DocumentGenre
from storybrief.analysis.genre import classify as classify_genres
from storybrief.errors import OptionError
from storybrief.pipeline.build import (
    MAX_CLUSTER_SENTENCES,
    DocumentLike,
    build_cluster,
    check_dedup_threshold,
    to_documents,
)
from storybrief.pipeline.compression import compress_units, second_mention_cuts
from storybrief.pipeline.dedup import DEFAULT_THRESHOLD
from storybrief.pipeline.facts import corroborated
from storybrief.pipeline.features import UnitFeatures, compute_features
from storybrief.pipeline.naming import NameBook, Named, first_mention_names, nameable_needs
from storybrief.pipeline.opener import load_opener_model
from storybrief.pipeline.order import order
from storybrief.pipeline.readability import Screen, screen_units
from storybrief.pipeline.score import Scorer, get_scorer, resolve_method
from storybrief.pipeline.select import OpenerValue, SelectionOptions, choose_opener, select
from storybrief.pipeline.summary import Summary, SummarySentence
from storybrief.pipeline.trust import (
    allowed_units,
    critics_verdicts,
    later_units,
    news_units,
    same_day_units,
)
from storybrief.text.compress import Compression
from storybrief.types import Cluster

# kept importable from here, where they were defined before pipeline.build
__all__ = ["MAX_CLUSTER_SENTENCES", "Choice", "Summarizer", "summarize", "to_documents"]


@dataclass
class Choice:
    """What :meth:`Summarizer.choose` decided: the units in reading order, the readability
    screen, the mask of trusted units, every unit's compression (None when off), the units
    each chosen one stands for as the same fact, and the documents' genres (None when off)."""

    ordered: list[int]
    screen: Screen | None = None
    allowed: np.ndarray | None = None
    compressions: list[Compression] | None = None
    merged: dict[int, list[int]] = field(default_factory=dict)
    genres: list[DocumentGenre] | None = None
    names: NameBook | None = None


class Summarizer:
    """Summarize clusters of articles with fixed options.

    >>> Summarizer(max_words=100).summarize(["First article ...", "Second article ..."])
    """

    def __init__(
        self,
        method: str = "default",
        max_words: int = 150,
        max_sentences: int | None = None,
        dedup_threshold: float = DEFAULT_THRESHOLD,
        redundancy: float = 0.5,
        mmr_lambda: float = 0.7,
        filter_sources: bool = True,
        compress: bool = True,
        merge_facts: bool = True,
        introductions: bool = True,
        genres: bool = True,
        event_opener: bool = True,
        name_introductions: bool | None = None,
        opener: str | None = None,
        scorer: Scorer | None = None,
    ):
        if max_words < 1:
            raise OptionError(f"max_words must be at least 1 (got {max_words})")
        if max_sentences is not None and max_sentences < 1:
            raise OptionError(f"max_sentences must be at least 1 (got {max_sentences})")
        check_dedup_threshold(dedup_threshold)
        if not 0.0 < redundancy <= 1.0:
            raise OptionError(f"redundancy must be in (0, 1] (got {redundancy})")
        self.method = resolve_method(method)
        # a scorer object in place of the method's own: training measures the model it has
        # just fitted this way, without loading the shipped one
        self.scorer = scorer if scorer is not None else get_scorer(self.method)
        self.dedup_threshold = dedup_threshold
        # source analysis: junk and stale documents' sentences are not picked (False: they
        # are only marked in the output)
        self.filter_sources = filter_sources
        # issue 17's capabilities, each switchable for ablations (benchmarks/digest_ablation.py):
        # compressive extraction, each fact once, introductions before references, genres
        # of the articles, the opener that states the main event, full names at first mention
        self.compress = compress
        self.merge_facts = merge_facts
        self.introductions = introductions
        self.genres = genres
        self.event_opener = event_opener
        # a person's full name at the digest's first bare mention of them, as the cited
        # article writes it; a sentence that can name the person so need not wait for
        # another to introduce them (storybrief.pipeline.naming; BENCHMARKS "Full names at
        # first mention").  On for the learned method; the other methods keep their
        # selection, so that baselines such as lead stay what they were.
        if name_introductions is None:
            name_introductions = self.method == "learned"
        self.name_introductions = name_introductions
        # which values the opener's candidates: the hand-weighted rule or the learned ranker
        # (storybrief.pipeline.opener).  The learned method's default is the ranker: it picks
        # openers closer to the editors' first sentence on held-out train, validation and raw
        # validation, at the same digest ROUGE (BENCHMARKS "The learned opener"); the other
        # methods keep the rule, so that baselines such as lead stay what they were.
        if opener is None:
            opener = "learned" if self.method == "learned" else "rule"
        if opener not in ("rule", "learned"):
            raise OptionError(f"opener must be 'rule' or 'learned' (got {opener!r})")
        self.opener_model: OpenerValue | None = load_opener_model() if opener == "learned" else None
        self.selection = SelectionOptions(
            max_words=max_words,
            max_sentences=max_sentences,
            redundancy=redundancy,
            mmr_lambda=mmr_lambda,
        )
        # a method may carry its own length policy (the learned model's target length)
        policy = getattr(self.scorer, "selection_options", None)
        if policy is not None:
            self.selection = policy(self.selection)

    # -- stages 1-3 (pipeline.build, shared with analysis and the feed) and the features ---
    def prepare(
        self,
        documents: Iterable[DocumentLike],
        id: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> tuple[Cluster, UnitFeatures]:
        """The cluster (:func:`~storybrief.pipeline.build.build_cluster`) and its units'
        features, sentence embeddings included, which the scorer reads."""
        cluster, space = build_cluster(documents, self.dedup_threshold, id=id, extra=extra)
        return cluster, compute_features(cluster, space)

    # -- stages 4-6 ----------------------------------------------------------------------
    def choose(
        self,
        cluster: Cluster,
        features: UnitFeatures,
        scores: np.ndarray,
        analysis: Analysis,
    ) -> Choice:
        """The units of the summary in reading order -- compressed, screened for
        readability, restricted to trusted documents, opened by the news, selected under the
        budget, ordered -- with what they were chosen by (:class:`Choice`)."""
        if not cluster.units:
            return Choice([])
        opts = self.selection
        texts = [cluster.unit_text(u) for u in cluster.units]
        compressions = compress_units(cluster, texts) if self.compress else None
        if compressions is not None:
            texts = [c.text for c in compressions]
        screen = screen_units(
            cluster,
            opts.min_sentence_words,
            opts.max_sentence_words,
            shown=texts,
            definites=self.introductions,
        )
        allowed = allowed_units(cluster, analysis) if self.filter_sources else None
        genres = None
        lengths = np.fromiter((len(t.split()) for t in texts), dtype=np.int64, count=len(texts))
        names = NameBook(cluster) if self.name_introductions else None
        if names is not None and len(screen.needs):
            # a unit that can name the person itself need not wait for an introduction; it
            # is counted with the name's words
            needs, grows = nameable_needs(cluster, screen, texts, names)
            screen = replace(screen, needs=needs)
            lengths = lengths + grows
        if self.genres:
            excluded = {v.index for v in analysis.sources if v.excluded}
            genres = classify_genres(cluster, excluded)
        if genres is not None:
            news = news_units(cluster, genres)
            if news is not None and features.embeddings is not None:
                # a column's or round-up's sentence that a news article reports too is news
                words = features.unit_matrix.copy()
                words.data[:] = 1.0
                news = news | corroborated(features.embeddings, words, ~news, news)
            verdicts = critics_verdicts(cluster, genres)
            if verdicts is not None:
                news = ~verdicts if news is None else news & ~verdicts
            if news is not None:
                both = news if allowed is None else allowed & news
                # else the news left cannot make a digest: none of it can open one -- it
                # leans on other sentences (a fact of a review cluster may need the verdict
                # that introduced the film) or is longer than the whole budget (round 4,
                # r4l11: then a digest from the other genres beats none)
                opens = screen.eligible & (screen.predecessor < 0) & (lengths <= opts.word_budget)
                if len(screen.needs):
                    opens &= np.array([not x for x in screen.needs], dtype=bool)
                if (both & opens).any():
                    allowed = both
        if not self.merge_facts:
            opts = replace(opts, merge_facts=False)
        opener = None
        if opts.news_first:
            centrality = np.array([s.relevance for s in analysis.sources], dtype=np.float64)
            opener = choose_opener(
                features,
                scores,
                screen,
                allowed,
                centrality,
                texts,
                event=self.event_opener,
                model=self.opener_model,
            )
            same_day = same_day_units(cluster, analysis, opener, texts)
            if same_day is not None:
                allowed = same_day if allowed is None else allowed & same_day
        merged: dict[int, list[int]] = {}
        later = later_units(cluster, analysis, opener)
        chosen = select(
            features, scores, opts, allowed, screen, opener, texts, lengths, merged, later
        )
        ordered = order(cluster, chosen, scores, features, screen, opener, texts)
        return Choice(ordered, screen, allowed, compressions, merged, genres, names)

    def summarize(
        self,
        documents: Iterable[DocumentLike],
        id: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Summary:
        cluster, features = self.prepare(documents, id=id, extra=extra)
        scores = self.scorer.score(features) if cluster.units else np.zeros(0)
        analysis = analyze_cluster(cluster)
        choice = self.choose(cluster, features, scores, analysis)
        ordered, screen, allowed, compressions = (
            choice.ordered,
            choice.screen,
            choice.allowed,
            choice.compressions,
        )
        empty_reason = None
        if not ordered:  # say why, so no caller is left with a bare empty summary (issue 12)
            empty_reason, message = self._why_empty(cluster, features, allowed, screen)
            cluster.warnings.append(message)
        sentences = []
        people = (
            set().union(*screen.introduces)
            if screen is not None and len(screen.introduces)
            else set()
        )
        shown: dict[int, Compression] = {}
        named: dict[int, Named] = {}
        if choice.names is not None:
            comps = compressions or [
                Compression(t, t) for t in map(cluster.unit_text, cluster.units)
            ]
            room = self.selection.max_words - sum(len(comps[u].text.split()) for u in ordered)
            named = first_mention_names(
                cluster,
                ordered,
                comps,
                people,
                choice.names,
                shorten=compressions is not None,
                room=room,
            )
        elif compressions is not None:
            shown = second_mention_cuts(ordered, compressions, people)
        for u in ordered:
            unit = cluster.units[u]
            comp = named[u].compression if u in named else shown.get(u)
            cited = sorted(
                cluster.verbatim_members(unit), key=lambda m: (cluster.sentences[m].doc, m)
            )
            sources = sorted({cluster.sentences[m].doc for m in cited})
            if u in named:
                text = named[u].text
            else:
                text = cluster.unit_text(unit) if comp is None else comp.text
            sentences.append(
                SummarySentence(
                    text=text,
                    sources=sources,
                    positions=[
                        (cluster.sentences[m].doc, cluster.sentences[m].position) for m in cited
                    ],
                    score=float(scores[u]),
                    unit=u,
                    similar=self._similar(cluster, u, sources, choice.merged),
                    original=cluster.unit_text(unit),
                    removed=[] if comp is None else [c.to_dict() for c in comp.cuts],
                    named=[n.to_dict() for n in named[u].namings] if u in named else [],
                )
            )
        return Summary(
            sentences,
            cluster,
            method=self.method,
            max_words=self.selection.max_words,
            max_sentences=self.selection.max_sentences,
            analysis=analysis,
            empty_reason=empty_reason,
            screen=screen,
            genres=choice.genres,
        )

    def _similar(
        self, cluster: Cluster, u: int, sources: list[int], merged: dict[int, list[int]]
    ) -> list[int]:
        """Articles stating the unit's fact in other words: its near-duplicates' and those
        of the sentences it stands for as the same fact (issue 17)."""
        docs = set(cluster.unit_sources(cluster.units[u]))
        for v in merged.get(u, ()):
            docs.update(cluster.unit_sources(cluster.units[v]))
        return sorted(d for d in docs if d not in sources)

    def _why_empty(
        self,
        cluster: Cluster,
        features: UnitFeatures,
        allowed: np.ndarray | None,
        screen: Screen | None,
    ) -> tuple[str, str]:
        """(code, message) for a summary with no sentence: ``no_text`` (nothing but blank or
        boilerplate lines, or no sentence that reads on its own) or ``budget`` (readable
        sentences exist, none fits the word budget)."""
        if not cluster.units:
            return "no_text", "nothing to summarize: every line was empty or boilerplate"
        usable = np.ones(len(cluster.units), dtype=bool)
        if screen is not None:
            usable &= screen.eligible & ~screen.dependent
        if allowed is not None and (usable & np.asarray(allowed, bool)).any():
            usable &= np.asarray(allowed, bool)
        if not usable.any():
            return "no_text", (
                "nothing to summarize: no sentence reads on its own (only fragments, "
                "captions, lists, headlines or boilerplate)"
            )
        lengths = features.column("n_words").astype(int)[usable]
        opts = self.selection
        budget = opts.max_words
        if opts.target_words is not None:
            budget = max(1, min(budget, opts.target_words))
        shortest = int(lengths.min())
        return "budget", (
            f"no sentence fits the budget of {budget} word{'s' if budget != 1 else ''} (the "
            f"shortest usable sentence has {shortest} words); raise max_words"
        )


def summarize(
    documents: Iterable[DocumentLike],
    max_words: int = 150,
    method: str = "default",
    max_sentences: int | None = None,
    **options: Any,
) -> Summary:
    """Summarize one cluster of articles about the same story.

    ``documents`` are strings or dicts ``{"text", "title", "url", "date"}``.  Returns a
    :class:`~storybrief.types.Summary`: ``.text``, ``.sentences`` (each with ``.text`` and
    ``.sources``), ``.to_markdown()``, ``.to_json()``.
    """
    return Summarizer(
        method=method, max_words=max_words, max_sentences=max_sentences, **options
    ).summarize(documents)
