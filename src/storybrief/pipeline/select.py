"""Stage 5, select: choose units under the length budget, with explicit redundancy control.

Greedy maximal marginal relevance (Carbonell & Goldstein 1998) under a knapsack budget:
at each step take the unit maximising ``lambda * salience - (1 - lambda) * max cosine to the
units already chosen`` among those that still fit.  Hard rules, never traded for salience:

* only units the readability screen (:mod:`storybrief.pipeline.readability`) passes are
  taken; a *dependent* unit ("He added ...") only with its predecessor (chosen before, or
  the two taken as a pair), and a unit naming a person by surname alone only once a chosen
  unit has introduced them;
* no fact twice: a unit whose TF-IDF cosine to a chosen one reaches ``redundancy``, whose
  content words are mostly (``containment``) in a chosen one, that holds a chosen one nearly
  whole (``COVERED``: a sentence repeated inside a longer one), that shares nearly half of its
  content words and at least six with one (``loose_containment``, ``loose_shared``: a
  paraphrase keeping the names and numbers), whose dense embedding is as close to a chosen
  one's as ``semantic_redundancy`` (the same fact in other words), or that repeats a chosen
  quotation, is never taken;
* the opener (see :func:`choose_opener`), when there is one, is taken first;
* the budget is enforced here and only here: the summary never exceeds ``max_words``
  whitespace words nor ``max_sentences`` sentences.  When no acceptable unit fits, the
  summary stops short of the budget rather than fill it with junk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import scipy.sparse as sp

from storybrief.pipeline.facts import (
    FACT_MODEL,
    better,
    figure_matrix,
    figures,
    load_fact_model,
    pair_features,
)
from storybrief.pipeline.features import LEAD_POSITIONS, UnitFeatures, scale01
from storybrief.pipeline.readability import MAX_WORDS, MIN_WORDS, Screen

COVERED = 0.8
"""Share of a chosen unit's content words found in a candidate at which the candidate repeats
it whole inside a longer sentence."""


@dataclass(frozen=True, eq=False)
class OpenerCandidates:
    """What :func:`choose_opener` shows a learned opener: the cluster's unit features and
    salience ``scores``, the articles' ``centrality`` (or None), every unit's text, the
    candidates (unit indices) and the rule's value of every unit (``-inf`` outside them)."""

    features: UnitFeatures
    scores: np.ndarray
    centrality: np.ndarray | None
    texts: list[str]
    candidates: np.ndarray
    rule_value: np.ndarray


class OpenerValue(Protocol):
    """What values the opener's candidates (:class:`storybrief.pipeline.opener.OpenerModel`)."""

    def value(self, shown: OpenerCandidates) -> np.ndarray: ...


_OPENING_QUOTES = ('"', "“", "‘", "'", "«")
_QUOTATION = re.compile(r"[\"“]([^\"“”]{20,})[\"”]")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class SelectionOptions:
    max_words: int = 150
    max_sentences: int | None = None
    mmr_lambda: float = 0.7
    redundancy: float = 0.5
    containment: float = 0.6
    """Share of a candidate's content words found in a chosen unit at which it repeats it."""
    semantic_redundancy: float = 0.7
    """Cosine of dense sentence embeddings at which a unit says what a chosen one says in
    other words (0.7: about the 99th percentile of two summary sentences' cosine; off: above
    1)."""
    loose_containment: float = 0.45
    loose_shared: int = 6
    """A unit also repeats a chosen one when this share of its content words, and at least
    ``loose_shared`` of them, are in it (a paraphrase keeping the names and numbers)."""
    # Length policy: stop filling at this many words (a method's tuned target below the cap,
    # since ROUGE F1 punishes long summaries too); ``max_words`` stays the hard cap.
    target_words: int | None = None
    # Bounds of an ordinary sentence (see storybrief.pipeline.readability).
    min_sentence_words: int = MIN_WORDS
    max_sentence_words: int = MAX_WORDS
    news_first: bool = True
    """Open with the lead of a trusted, central article (see choose_opener)."""
    merge_facts: bool = True
    """Each fact once (issue 17): the learned same-fact test blocks too
    (:mod:`storybrief.pipeline.facts`), and of two sentences stating one fact the better one
    is kept and cites both."""
    fact_model: str = FACT_MODEL
    """Which same-fact model (:func:`storybrief.pipeline.facts.load_fact_model`): the one
    learned from Multi-News train, or ``"hand-labelled"``, the first (for comparison)."""

    @property
    def word_budget(self) -> int:
        """The words a digest may hold: ``max_words``, or the target length below it."""
        if self.target_words is None:
            return self.max_words
        return max(1, min(self.max_words, self.target_words))


def _dense_row(matrix: sp.csr_matrix, u: int) -> np.ndarray:
    """Row ``u`` of a CSR matrix without repeated columns (TF-IDF rows have none), dense."""
    start, end = matrix.indptr[u], matrix.indptr[u + 1]
    row = np.zeros(matrix.shape[1], dtype=matrix.dtype)
    row[matrix.indices[start:end]] = matrix.data[start:end]
    return row


def _binary(matrix: sp.csr_matrix) -> sp.csr_matrix:
    out = matrix.copy().tocsr()
    out.data = np.ones_like(out.data)
    return out


def choose_opener(
    features: UnitFeatures,
    scores: np.ndarray,
    screen: Screen,
    allowed: np.ndarray | None,
    centrality: np.ndarray | None = None,
    texts: list[str] | None = None,
    event: bool = False,
    model: OpenerValue | None = None,
) -> int | None:
    """The unit to open the summary with: the most salient of the lead sentences (one of the
    first :data:`LEAD_POSITIONS` of its article) that stand alone, from allowed (trusted)
    documents, weighted by how central the article is to the cluster (``centrality``: one
    value per document, higher = closer to the other documents).  A sentence that opens with
    a quotation (someone's words, not the event) does not open the summary when ``texts``
    are given.  None when no lead sentence qualifies.

    ``event`` (issue 17): prefer the sentence that states the event most articles report --
    close to the other articles' leads (``emb_lead_other``), telling when it happened (a
    weekday, "yesterday", a date) -- over background, an explainer's or an anecdote's
    opening ("When ...", "As ...", "Imagine ...").

    ``model`` (with ``texts``): the candidates are valued by a learned ranker instead
    (:class:`storybrief.pipeline.opener.OpenerModel`), which reads the rule's value too."""
    n = len(scores)
    if n == 0:
        return None
    ok = screen.eligible & ~screen.dependent
    if len(screen.needs):
        ok &= np.array([not x for x in screen.needs], dtype=bool)
    if allowed is not None:
        ok &= allowed
    ok &= features.column("position") < LEAD_POSITIONS
    if texts is not None:
        ok &= np.array([not t.lstrip().startswith(_OPENING_QUOTES) for t in texts], dtype=bool)
        if event:  # only the candidates' texts are read
            for u in np.flatnonzero(ok):
                ok[u] = not pronoun_before_name(texts[u])
    if not ok.any():
        return None
    value = scale01(np.asarray(scores, dtype=np.float64))
    if centrality is not None and len(centrality):
        docs = features.column("doc_index").astype(int)
        central = scale01(np.asarray(centrality, dtype=np.float64))
        value = value + 0.5 * central[docs]
    if event and texts is not None:
        value = value + 0.5 * scale01(features.column("emb_lead_other"))
        cues = np.zeros(n)
        for u in np.flatnonzero(ok):  # only the candidates' texts are read
            cues[u] = _event_cue(texts[u])
        value = value + 0.25 * cues
    value = np.where(ok, value, -np.inf)
    if model is not None and texts is not None:
        shown = OpenerCandidates(features, scores, centrality, texts, np.flatnonzero(ok), value)
        value = model.value(shown)
    return int(np.argmax(value))


_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|him|[Hh]er|[Hh]is|[Tt]heir|them)\b")
_LATER_CAPITAL = re.compile(r"(?<=\s)[A-Z][a-z]")


def pronoun_before_name(text: str) -> bool:
    """The sentence points at a person with a pronoun before it names anyone ("Sure, he
    earned a master's degree at 17", "Police said she ..."): as a digest's first sentence it
    refers to no one the reader knows (issue 17, second pass).  A name is a capitalised word
    after the first word."""
    m = _PRONOUN.search(text)
    if m is None:
        return False
    return _LATER_CAPITAL.search(text, 0, m.start()) is None


_WHEN = re.compile(
    r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today|tonight|last night|"
    r"this (?:week|morning|afternoon|evening)|(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|"
    r"Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b)"
)
_BACKGROUND_OPENING = re.compile(
    r"[\"“]?(?:When|As|While|Although|Though|If|Imagine|Picture|Once upon|It was|It's been|"
    r"It’s been|Back in|Years ago|Decades|For years|For decades|Like many|Unlike)\b"
)


def _event_cue(text: str) -> float:
    """+1 for a sentence telling when something happened, -1 for a background or anecdote
    opening, both 0 otherwise."""
    return float(_WHEN.search(text) is not None) - float(
        _BACKGROUND_OPENING.match(text) is not None
    )


def _adds_to_opener(
    opener: int, candidates: np.ndarray, texts: list[str] | None, later: np.ndarray | None
) -> np.ndarray:
    """Which ``candidates`` add something to the opener they resemble (issue 17, after round
    4): an article dated after the opener's (a live story's follow-up: "the death toll rose",
    "was charged on Friday") or a figure the opener does not state.  A second lead that
    restates the event ("sentenced veteran Tom Brandt to a night in jail") adds neither and
    stays a repeat at the opener's lower bar; a development is judged by the general one."""
    adds = np.zeros(len(candidates), dtype=bool)
    if later is not None:
        adds |= candidates & later
    if texts is not None:
        known = figures(texts[opener])
        for v in np.flatnonzero(candidates & ~adds):
            if not figures(texts[v]) <= known:
                adds[v] = True
    return adds


def _quotations(texts: list[str]) -> list[frozenset[str]]:
    """The quotations of six words or more in each text, compared without case or spacing."""
    out = []
    for t in texts:
        found = set()
        for m in _QUOTATION.finditer(t):
            q = " ".join(_WORDS.findall(m.group(1).lower()))
            if q.count(" ") >= 5:
                found.add(q)
        out.append(frozenset(found))
    return out


def select(
    features: UnitFeatures,
    scores: np.ndarray,
    options: SelectionOptions,
    allowed: np.ndarray | None = None,
    screen: Screen | None = None,
    opener: int | None = None,
    texts: list[str] | None = None,
    lengths: np.ndarray | None = None,
    merged: dict[int, list[int]] | None = None,
    later: np.ndarray | None = None,
) -> list[int]:
    """Indices of the chosen units, in the order they were chosen.  ``allowed`` (a boolean
    mask over units) restricts the choice, e.g. to units of trusted documents; ``screen``
    is the readability verdict (every unit eligible and independent when None); ``opener``
    is taken first when it fits; ``texts`` (the units' texts) let a quotation already
    chosen block a sentence that repeats it; ``lengths`` are the units' lengths in words as
    shown (compressed; the feature's ``n_words`` when None).  ``merged``, when given, is
    filled with the units each chosen unit stands for: those it blocked as the same fact
    (their articles are cited with it).

    A dependent unit and its predecessor are also offered as a pair, valued by the mean of
    their saliences: a strong sentence that leans on a weak one can come in with it.

    ``later`` (a boolean mask over units): the unit's article is dated after the opener's.
    Against the opener a sentence is a repeat from the fact model's ``opener`` bar on only when it
    adds nothing the opener lacks -- no later article and no figure of its own (see
    :func:`_adds_to_opener`); a follow-up's new development is judged by the general bar."""
    n = len(scores)
    if n == 0 or options.max_words < 1:
        return []
    if lengths is None:
        lengths = features.column("n_words").astype(int)
    rel = scale01(np.asarray(scores, dtype=np.float64))

    available = np.ones(n, dtype=bool) if allowed is None else np.asarray(allowed, bool).copy()
    predecessor = np.full(n, -1, dtype=np.int64)
    if screen is not None:
        available &= screen.eligible
        predecessor = screen.predecessor
    available_at_start = available.copy()

    matrix = features.unit_matrix
    words = _binary(matrix)
    n_content = np.maximum(np.asarray(words.sum(axis=1)).ravel(), 1.0)
    quotes = _quotations(texts) if texts is not None else None
    dense = features.embeddings
    quoted: set[str] = set()
    max_sim = np.zeros(n)
    blocked = np.zeros(n, dtype=bool)  # repeats a chosen unit
    chosen: list[int] = []
    is_chosen = np.zeros(n, dtype=bool)
    budget = options.word_budget
    limit = options.max_sentences if options.max_sentences is not None else n
    lam = options.mmr_lambda
    dependent = predecessor >= 0
    pred = np.maximum(predecessor, 0)
    # surnames used alone: a unit waits until a chosen one introduces the person in full
    needs = list(screen.needs) if screen is not None and len(screen.needs) else []
    waiting = np.array([bool(x) for x in needs], dtype=bool) if needs else np.zeros(n, bool)
    introduced: set[str] = set()
    track = options.merge_facts and texts is not None
    facts = load_fact_model(options.fact_model) if options.merge_facts else None
    # the figures each unit states, which only the same-fact model reads
    with_figures = facts is not None and texts is not None
    figs = figure_matrix(texts) if with_figures else sp.csr_matrix((n, 1))
    n_figs = np.asarray(figs.sum(axis=1)).ravel()
    same: dict[int, list[int]] = {}  # chosen unit -> units it blocked as the same fact

    def take(u: int) -> None:
        nonlocal budget
        chosen.append(u)
        is_chosen[u] = True
        available[u] = False
        budget -= int(lengths[u])
        if needs:
            introduced.update(screen.introduces[u])
        # sparse matrix x dense vector: each row's products summed in its stored order, the
        # same bits as the sparse x sparse product (which only skips the zero products) at a
        # fraction of its overhead
        sims = matrix @ _dense_row(matrix, u)
        np.maximum(max_sim, sims, out=max_sim)
        shared = words @ _dense_row(words, u)
        inside = shared / n_content  # each unit's content words found in u
        covers = shared / n_content[u]  # u's content words found in each unit
        before = blocked.copy() if track else blocked
        blocked[:] |= (inside >= options.containment) | (covers >= COVERED)
        blocked[:] |= (inside >= options.loose_containment) & (shared >= options.loose_shared)
        if dense is not None and options.semantic_redundancy <= 1.0:
            cosine = dense @ dense[u]
            blocked[:] |= cosine >= options.semantic_redundancy
            if facts is not None:
                shared_figs = figs @ _dense_row(figs, u)
                p = facts.probability(
                    pair_features(
                        cosine, shared, n_content, n_content[u], shared_figs, n_figs, n_figs[u]
                    )
                )
                if track:  # the sentences u stands for: surely the same fact, not yet blocked
                    sure = (p >= facts.cited) & ~before & ~is_chosen & available_at_start
                    same[u] = [int(v) for v in np.flatnonzero(sure)]
                blocked[:] |= p >= facts.threshold
                if u == opener:
                    gray = (p >= facts.opener) & (p < facts.threshold)
                    if gray.any():
                        gray &= ~_adds_to_opener(u, gray, texts, later)
                        blocked[:] |= gray
        if quotes is not None and quotes[u]:
            quoted.update(quotes[u])
            blocked[:] |= np.fromiter((bool(q & quoted) for q in quotes), bool, count=n)

    while len(chosen) < limit:
        if waiting.any():
            for u in np.flatnonzero(waiting):
                if needs[u] <= introduced:
                    waiting[u] = False
        ok = available & ~waiting & ~blocked & (max_sim < options.redundancy)
        single = ok & (~dependent | is_chosen[pred]) & (lengths <= budget)
        pair = (
            ok
            & dependent
            & ~is_chosen[pred]
            & ok[pred]
            & (~dependent[pred] | is_chosen[np.maximum(predecessor[pred], 0)])
            & (lengths + lengths[pred] <= budget)
        )
        if not (single.any() or pair.any()):
            break
        if opener is not None and not chosen and single[opener]:
            take(opener)
            continue
        gain = np.where(single, lam * rel - (1.0 - lam) * max_sim, -np.inf)
        pair_gain = np.where(
            pair,
            lam * (rel + rel[pred]) / 2 - (1.0 - lam) * np.maximum(max_sim, max_sim[pred]),
            -np.inf,
        )
        best = int(np.argmax(gain))  # argmax takes the first maximum: deterministic
        best_pair = int(np.argmax(pair_gain))
        if pair_gain[best_pair] > gain[best]:
            take(int(pred[best_pair]))
            if len(chosen) < limit and not blocked[best_pair]:
                take(best_pair)
        else:
            take(best)
    if track:
        _keep_the_better(chosen, same, texts, lengths, options, available_at_start, screen, opener)
        if merged is not None:
            merged.update(same)
    return chosen


def _keep_the_better(
    chosen: list[int],
    same: dict[int, list[int]],
    texts: list[str],
    lengths: np.ndarray,
    options: SelectionOptions,
    usable: np.ndarray,
    screen: Screen | None,
    opener: int | None,
) -> None:
    """Of two sentences stating one fact, keep the better (:func:`storybrief.pipeline.facts.
    better`: attributed, else longer) where it stands alone and fits the budget; the one
    replaced joins the facts it stands for.  The opener and sentences in a dependent pair
    stay as chosen."""
    total = int(sum(int(lengths[u]) for u in chosen))
    cap = options.word_budget
    in_pair: set[int] = set()
    if screen is not None:
        for u in chosen:
            p = int(screen.predecessor[u])
            if p >= 0:
                in_pair |= {u, p}
    for i, u in enumerate(chosen):
        if u == opener or u in in_pair or not same.get(u):
            continue
        # a unit another chosen one also blocked would repeat that one
        elsewhere = {v for w, vs in same.items() if w != u for v in vs}
        best = u
        for v in same[u]:
            if not usable[v] or v in in_pair or v in elsewhere:
                continue
            if screen is not None and (
                screen.predecessor[v] >= 0 or (len(screen.needs) and screen.needs[v])
            ):
                continue
            if total - int(lengths[u]) + int(lengths[v]) > cap:
                continue
            if better(texts[best], texts[v]):
                best = v
        if best != u:
            total += int(lengths[best]) - int(lengths[u])
            chosen[i] = best
            same[best] = [u, *(v for v in same.pop(u) if v != best)]
