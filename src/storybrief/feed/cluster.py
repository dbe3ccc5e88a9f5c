"""Online story clustering: each arriving article joins an open story or opens a new one.

The decision is made at arrival from what is known then -- never revised by later articles:

1. **similarity**: the cosine of the article's vector (:mod:`storybrief.feed.vectors`) to
   each open story's centroid (the sum of its members' vectors), computed exactly for every
   story sharing a term with the article through an inverted index;
2. **join or open**: the article joins the most similar story when the cosine is at least
   ``threshold``, else it opens a story of its own.  The similarity to the chosen story and
   to the runner-up is recorded with every decision (:class:`Decision`).  **The member
   rule**: a story of ``member_size`` or more articles whose members are mutually dissimilar
   (:func:`coherence` under ``member_coherence``) takes the article only when one of its
   latest members is ``member_threshold`` similar to it; else the next of the
   ``member_candidates`` nearest stories is tried, and if none takes it the article opens a
   story with the refused closest one as its runner-up.  Why: a story that keeps receiving
   articles never goes quiet, and its centroid drifts into its subject's common words and
   takes ever more unrelated articles (on the 100,000-article train stream, 799 articles of
   386 stories in one); a coherent story (one event told in other words, as on
   ``ecbplus_dev``) is left to its centroid.  Chosen on the synthetic train streams
   (BENCHMARKS.md "Stories that stay apart", the member rule);
3. **copies**: an article that joins a story and is at least ``copy_threshold`` similar to
   one of its articles is a syndicated or rewritten copy of it: one article with another
   source, which leaves the story's centroid alone;
4. **quiet stories**: a story with dated articles goes quiet when the stream's clock (the
   latest publication time seen) passes its latest article by ``quiet_days``; a story
   without dates, when ``quiet_articles`` articles have arrived since its last one.  At most
   ``max_open`` stories stay open (the least recently active go quiet first).
   **Which dates move the clock** (:func:`clock_date`): a publication time counts only when
   it is no earlier than :data:`CLOCK_EARLIEST` and no more than :data:`CLOCK_AHEAD` after
   the article's arrival (wall time, stored with it).  Any other date -- year 9000, year 1,
   a typo -- is kept as the article claims it but does not move the clock, does not close
   stories and does not date the story: the article counts as undated for all three.  A quiet story
   leaves memory and takes no more articles; a later article on it opens a new story.
   A long story's centroid keeps its heaviest :data:`MAX_STORY_TERMS` terms at most, so memory
   is bounded per story as well as in the number of stories.

Why a centroid and one threshold: on the two development streams, single link, average link
and a half-and-half mix with dense sentence embeddings scored at most 0.002 B-cubed F1 above it
on one stream and below it on the other (``benchmarks/feed_quality.py --alternatives``,
BENCHMARKS.md "Live stories"); named-entity similarity, cohesion-relative and size-dependent
thresholds and a learned article-story scorer did no better in exploratory runs.  So the
simplest rule stays, at the threshold with the best mean over both development streams and a
synthetic stream built from the Multi-News train clusters; the member rule changes no decision
on either development stream and only reins in incoherent stories, which form on long streams.

State is a pure function of the articles committed so far, in order:
:meth:`OnlineClusterer.load` rebuilds it from the store exactly.

Over 500 lines because :class:`OnlineClusterer` is one state (the open stories, their
centroids and the index over them) that every step reads or changes: deciding (by the rule
or the learned linker), placing, closing quiet stories, loading and refreshing the index; a
step apart from the state it changes would be read without it.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from storybrief.feed.link import FEATURES, NO_TIME, TreeModel, article_years, load_model
from storybrief.feed.link_features import ArticleEvidence, marks
from storybrief.feed.vectors import Vector

COPY_WINDOW = 20
"""Latest articles of a story an arriving article is compared with to find a copy."""

REFRESH_CHANGED = 512
"""Stories changed since the index snapshot after which the snapshot is rebuilt."""

BASE_SHARE = 0.25
"""Share of the open stories changed since the full snapshot after which it is rebuilt;
until then a refresh snapshots only the stories changed since it (the *delta*), so that a
refresh costs about what changed, not the whole index: with 50,000 stories open a full
snapshot takes seconds (BENCHMARKS.md, "Stories that stay apart", scale)."""

MAX_STORY_TERMS = 500
"""Terms a story's centroid may hold; beyond, it keeps its :data:`PRUNED_STORY_TERMS` heaviest
(a long story's tail of once-mentioned words is noise, and this bounds memory per story)."""

PRUNED_STORY_TERMS = 400

NO_MEMBER_RULE = 2**62
"""``member_size`` that turns the member rule off (no story is that large)."""


CLOCK_EARLIEST = datetime(1990, 1, 1)
"""Publication times before this do not move the stream's clock (no news stream is older)."""
CLOCK_AHEAD = timedelta(days=2)
"""Publication times more than this after the article's arrival do not move the clock (time
zones and embargoes are hours, not days; year 9000 is a typo or an attack)."""


def clock_date(published: datetime | None, arrived: datetime | None) -> datetime | None:
    """``published`` when it may move the stream's clock and date a story, else None: the one
    clock rule (module docstring, "Which dates move the clock").  ``arrived`` is the article's
    arrival (naive UTC); None skips the upper bound."""
    if published is None or published < CLOCK_EARLIEST:
        return None
    if arrived is not None and published > arrived + CLOCK_AHEAD:
        return None
    return published


@dataclass(frozen=True)
class ClusterSettings:
    threshold: float = 0.2
    copy_threshold: float = 0.8
    quiet_days: float = 7.0
    quiet_articles: int = 10_000
    max_open: int = 50_000
    # rule (the default): cosine >= threshold.  learned: feed.link's model over the nearest
    # candidates, with conflict features (feed.link_features); better on the train decision
    # streams and the raw validation stream but below the rule on ecbplus_dev, where it merges
    # more of a topic's two events (BENCHMARKS.md "Stories that stay apart")
    linker: str = "rule"
    candidates: int = 8  # open stories the learned linker scores (the nearest centroids)
    # centroid cosine below which the learned linker never joins (None: the model's own floor,
    # chosen on the train decision streams with its decision probability)
    min_similarity: float | None = None
    # the member rule (rule linker): a story of at least member_size articles takes an article
    # only when one of its latest members (COPY_WINDOW) is at least member_threshold similar
    # to it, else the next of the member_candidates nearest stories is tried.  A long story's
    # centroid drifts toward its subject's common words and would take ever more unrelated
    # articles (BENCHMARKS.md "Stories that stay apart", scale: the "black holes")
    member_size: int = 2
    member_threshold: float = 0.25
    member_candidates: int = 3
    member_coherence: float = 0.2


@dataclass
class Decision:
    """What happened to one article, and why."""

    story: int | None  # joined or opened; None for a copy (see copy_of)
    new: bool
    similarity: float | None  # to the chosen story (None when it opened one)
    runner_up: int | None  # the next most similar open story (for a new story: the closest)
    runner_up_similarity: float | None
    copy_of: int | None = None  # seq of the article this one is a copy of
    copy_similarity: float | None = None
    score: float | None = None  # the learned linker's probability for the chosen/closest story


@dataclass
class _Story:
    id: int
    norm2: float = 0.0
    size: int = 0
    last_seq: int = 0
    last_time: datetime | None = None
    first_time: datetime | None = None
    years: dict[int, int] = field(default_factory=dict)  # year named -> articles naming it
    marks: dict[int, int] = field(default_factory=dict)  # marked term id -> articles naming it
    terms: set[int] = field(default_factory=set)
    recent: deque[tuple[int, Vector]] = field(default_factory=lambda: deque(maxlen=COPY_WINDOW))


class OnlineClusterer:
    """The open stories and the clock; :meth:`decide` then :meth:`add` for each article."""

    def __init__(self, settings: ClusterSettings | None = None, model: TreeModel | None = None):
        self.settings = settings or ClusterSettings()
        self.model = model  # the learned linker's model (None: the shipped one)
        self.stories: dict[int, _Story] = {}
        self.index: dict[int, dict[int, float]] = {}  # term -> {story: summed weight}
        self.clock_seq = 0
        self.clock_time: datetime | None = None
        self._by_seq: list[tuple[int, int, int]] = []  # (last_seq, story, last_seq) lazy heap
        self._by_time: list[tuple[float, int, float]] = []
        # (last_seq, story, last_seq) lazy heap of every open story, dated or not: which
        # stories max_open retires first, without a scan of all open stories per article
        self._by_age: list[tuple[int, int, int]] = []
        self.quieted: list[int] = []  # stories that went quiet since the last drain
        self._snapshot: _Snapshot | None = None  # all open stories, as of the full snapshot
        self._delta: _Snapshot | None = None  # the stories changed since it, as of the refresh
        self._since_full: set[int] = set()  # the stories in the delta
        self._changed: set[int] = set()  # stories changed since the last refresh
        self._changed_terms: dict[int, set[int]] = {}  # term -> changed stories holding it

    # -- the clock and quiet stories -------------------------------------------------------
    def advance(self, seq: int, published: datetime | None) -> None:
        """Move the clock to this article's arrival, and retire stories gone quiet."""
        self.clock_seq = max(self.clock_seq, seq)
        if published is not None and (self.clock_time is None or published > self.clock_time):
            self.clock_time = published
        s = self.settings
        while self._by_seq and self.clock_seq - self._by_seq[0][0] > s.quiet_articles:
            last, sid, stamp = heapq.heappop(self._by_seq)
            story = self.stories.get(sid)
            if story is not None and story.last_seq == stamp and story.last_time is None:
                self._retire(sid)
        if self.clock_time is not None:
            now = _days(self.clock_time)
            while self._by_time and now - self._by_time[0][0] > s.quiet_days:
                _, sid, stamp = heapq.heappop(self._by_time)
                story = self.stories.get(sid)
                if story is not None and story.last_time and _days(story.last_time) == stamp:
                    self._retire(sid)
        while len(self.stories) > s.max_open:  # the least recently active (ties: lower id)
            _, sid, stamp = heapq.heappop(self._by_age)
            story = self.stories.get(sid)
            if story is not None and story.last_seq == stamp:
                self._retire(sid)

    def _retire(self, sid: int) -> None:
        story = self.stories.pop(sid)
        self._changed.discard(sid)
        self._since_full.discard(sid)
        for t in story.terms:
            postings = self.index.get(t)
            if postings is not None:
                postings.pop(sid, None)
                if not postings:
                    del self.index[t]
        self.quieted.append(sid)

    def drain_quieted(self) -> list[int]:
        out, self.quieted = self.quieted, []
        return out

    # -- deciding ------------------------------------------------------------------------
    def similarities(self, vector: Vector) -> dict[int, float]:
        """Cosine of ``vector`` to every open story sharing a term with it (the products are
        summed in ascending term order, so the result is the same however the state was
        built)."""
        acc: dict[int, float] = {}
        get = acc.get
        for t, w in zip(vector.terms.tolist(), vector.weights.tolist(), strict=True):
            postings = self.index.get(t)
            if postings:
                for sid, sw in postings.items():
                    acc[sid] = get(sid, 0.0) + w * sw
        stories = self.stories
        return {sid: dot / math.sqrt(stories[sid].norm2) for sid, dot in acc.items()}

    def top_two(self, vector: Vector) -> list[tuple[int, float]]:
        return self.top(vector, 2)

    def top(self, vector: Vector, k: int) -> list[tuple[int, float]]:
        """The ``k`` stories most similar to ``vector`` (ties: the lower id first), with the
        cosines :meth:`similarities` gives, bit for bit.

        The index is read from a snapshot of flat arrays (one ``bincount`` instead of a
        Python loop over every posting); stories changed since the snapshot was taken are
        scored from the live index.  Either way the products are summed in ascending term
        order, so the numbers do not depend on when the snapshot was taken."""
        if self._snapshot is None or len(self._changed) > REFRESH_CHANGED:
            self.refresh()
        assert self._snapshot is not None
        # each open story is scored in one place: the full snapshot if unchanged since, else
        # the delta if unchanged since the refresh, else the live index
        found = self._snapshot.top(vector, self.stories, k)
        if self._delta is not None:
            found += self._delta.top(vector, self.stories, k)
        # changed stories, from the live index: the same products in the same order
        acc: dict[int, float] = {}
        get = acc.get
        for t, w in zip(vector.terms.tolist(), vector.weights.tolist(), strict=True):
            held = self._changed_terms.get(t)
            if held:
                postings = self.index.get(t, {})
                for sid in held:
                    sw = postings.get(sid)
                    if sw is not None:
                        acc[sid] = get(sid, 0.0) + w * sw
        stories = self.stories
        found += [(sid, dot / math.sqrt(stories[sid].norm2)) for sid, dot in acc.items()]
        found.sort(key=lambda kv: (-kv[1], kv[0]))
        return found[:k]

    def refresh(self) -> None:
        """Take a new snapshot of the index (after a batch, or when many stories changed):
        of the stories changed since the full snapshot, or a new full one when they are more
        than :data:`BASE_SHARE` of the open stories."""
        since = self._since_full | self._changed
        if self._snapshot is None or len(since) > max(
            REFRESH_CHANGED, BASE_SHARE * len(self.stories)
        ):
            self._snapshot = _Snapshot(self.index, self.stories)
            self._delta, self._since_full = None, set()
        else:
            self._delta = _Snapshot(self.index, self.stories, since) if since else None
            self._since_full = since
        self._changed = set()
        self._changed_terms = {}

    def decide(self, vector: Vector, published: datetime | None = None) -> Decision:
        if self.settings.linker == "learned":
            decision = self._decide_learned(vector, published)
        else:
            decision = self._decide_rule(vector)
        if decision.story is not None:
            copy = self._find_copy(decision.story, vector)
            if copy is not None:
                decision.copy_of, decision.copy_similarity = copy
        return decision

    def _decide_rule(self, vector: Vector) -> Decision:
        s = self.settings
        ranked = self.top(vector, max(2, s.member_candidates))
        best = ranked[0] if ranked else None
        if best is None or best[1] < s.threshold:
            return Decision(None, True, None, *(best or (None, None)))
        for k, (sid, cos) in enumerate(ranked[: s.member_candidates]):
            if cos < s.threshold:
                break
            if self.holds_member(sid, vector):
                # the runner-up: the most similar other story (a story above this one was
                # refused by the member rule)
                other = ranked[1] if k == 0 and len(ranked) > 1 else (ranked[0] if k else None)
                return Decision(sid, False, cos, *(other or (None, None)))
        # every near story refused: a story of its own, the closest recorded as the runner-up
        return Decision(None, True, None, *best)

    def holds_member(self, sid: int, vector: Vector) -> bool:
        """The member rule: a story under ``member_size`` articles takes any article over the
        threshold; a larger one only an article at least ``member_threshold`` similar to one of
        its latest members."""
        story = self.stories[sid]
        if story.size < self.settings.member_size:
            return True
        if coherence(story) >= self.settings.member_coherence:
            return True
        limit = self.settings.member_threshold
        return any(vector.dot(m) >= limit for _, m in story.recent)

    def features(
        self, vector: Vector, ranked: list[tuple[int, float]], published: datetime | None
    ) -> np.ndarray:
        """One row of :data:`storybrief.feed.link.FEATURES` per candidate story."""
        years = article_years(vector.terms)
        evidence = ArticleEvidence(vector.terms, vector.weights)
        terms = vector.terms.tolist()
        rows = []
        best = ranked[0][1] if ranked else 0.0
        for rank, (sid, cos) in enumerate(ranked):
            story = self.stories[sid]
            members = [vector.dot(m) for _, m in story.recent]
            closest = story.recent[int(np.argmax(members))][1] if members else None
            centroid = [self.index.get(t, {}).get(sid, 0.0) for t in terms]
            conflicts = evidence.row(
                centroid,
                math.sqrt(story.norm2),
                story.marks,
                (closest.terms, closest.weights) if closest is not None else None,
            )
            nxt = ranked[rank + 1][1] if rank + 1 < len(ranked) else 0.0
            named = story.years
            share = sum(1 for y in years if y in named) / len(years) if years else 0.0
            conflict = float(bool(years) and bool(named) and share == 0.0)
            if published is not None and story.last_time is not None:
                gap = abs(_days(published) - _days(story.last_time))
            else:
                gap = NO_TIME
            if story.first_time is not None and story.last_time is not None:
                span = _days(story.last_time) - _days(story.first_time)
            else:
                span = NO_TIME
            rows.append(
                (
                    cos,
                    max(members, default=0.0),
                    sum(members) / len(members) if members else 0.0,
                    best - cos,
                    cos - nxt,
                    float(rank),
                    math.log1p(story.size),
                    float(bool(years)),
                    share,
                    conflict,
                    gap,
                    span,
                    math.log1p(max(self.clock_seq - story.last_seq, 0)),
                    *conflicts,
                )
            )
        return np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))

    def _decide_learned(self, vector: Vector, published: datetime | None) -> Decision:
        ranked = self.top(vector, self.settings.candidates)
        if not ranked:
            return Decision(None, True, None, None, None)
        model = self.model or load_model()
        probs = model.score(self.features(vector, ranked, published))
        order = sorted(range(len(ranked)), key=lambda i: (-probs[i], ranked[i][0]))
        first = ranked[order[0]]
        second = ranked[order[1]] if len(order) > 1 else (None, None)
        score = round(float(probs[order[0]]), 6)
        floor = (
            model.floor if self.settings.min_similarity is None else self.settings.min_similarity
        )
        if probs[order[0]] < model.decision or first[1] < floor:
            return Decision(None, True, None, first[0], first[1], score=score)
        return Decision(first[0], False, first[1], second[0], second[1], score=score)

    def _find_copy(self, sid: int, vector: Vector) -> tuple[int, float] | None:
        found: tuple[int, float] | None = None
        for seq, member in self.stories[sid].recent:
            sim = vector.dot(member)
            if sim >= self.settings.copy_threshold and (found is None or sim > found[1]):
                found = (seq, sim)
        return found

    # -- updating ------------------------------------------------------------------------
    def place(
        self,
        decision: Decision,
        seq: int,
        vector: Vector,
        published: datetime | None,
        story_of: dict[int, int],
        new_ids: Iterator[int],
    ) -> int:
        """Carry out ``decision`` for the article ``seq`` without a store, as the simulated
        streams of training and the benchmarks do: a copy takes its original's story (from
        ``story_of``) and leaves the centroids alone, a new story takes the next of
        ``new_ids``, a join its story.  Records the article in ``story_of``; returns its story."""
        if decision.copy_of is not None:
            sid = story_of[decision.copy_of]
        else:
            if decision.new:
                sid = next(new_ids)
            else:
                assert decision.story is not None
                sid = decision.story
            self.add(sid, seq, vector, published)
        story_of[seq] = sid
        return sid

    def add(self, sid: int, seq: int, vector: Vector, published: datetime | None) -> None:
        """Make the article ``seq`` a member of story ``sid`` (created when new)."""
        story = self.stories.get(sid)
        if story is None:
            story = self.stories[sid] = _Story(sid)
        if self._snapshot is not None:
            if sid not in self._changed:
                self._changed.add(sid)
                self._snapshot.invalidate(sid)
                if self._delta is not None:
                    self._delta.invalidate(sid)
                for t in story.terms:
                    self._changed_terms.setdefault(t, set()).add(sid)
            for t in vector.terms.tolist():
                self._changed_terms.setdefault(t, set()).add(sid)
        dot = 0.0
        for t, w in zip(vector.terms.tolist(), vector.weights.tolist(), strict=True):
            postings = self.index.setdefault(t, {})
            old = postings.get(sid, 0.0)
            dot += old * w
            postings[sid] = old + w
            story.terms.add(t)
        story.norm2 += 2.0 * dot + sum(w * w for w in vector.weights.tolist())
        if len(story.terms) > MAX_STORY_TERMS:
            self._prune(story)
        story.size += 1
        story.last_seq = max(story.last_seq, seq)
        story.recent.append((seq, vector))
        heapq.heappush(self._by_seq, (story.last_seq, sid, story.last_seq))
        heapq.heappush(self._by_age, (story.last_seq, sid, story.last_seq))
        if len(self._by_age) > 2 * len(self.stories) + 1024:  # drop the stale entries
            self._by_age = [(st.last_seq, k, st.last_seq) for k, st in self.stories.items()]
            heapq.heapify(self._by_age)
        if published is not None and (story.last_time is None or published > story.last_time):
            story.last_time = published
        if published is not None and (story.first_time is None or published < story.first_time):
            story.first_time = published
        for y in article_years(vector.terms):
            story.years[y] = story.years.get(y, 0) + 1
        for t in marks(vector.terms):
            story.marks[t] = story.marks.get(t, 0) + 1
        if story.last_time is not None:
            stamp = _days(story.last_time)
            heapq.heappush(self._by_time, (stamp, sid, stamp))

    def _prune(self, story: _Story) -> None:
        """Keep the story's heaviest centroid terms (ties: lower term id); the norm is
        recomputed from what is kept, in ascending term order."""
        sid = story.id
        ranked = sorted(story.terms, key=lambda t: (-self.index[t][sid], t))
        for t in ranked[PRUNED_STORY_TERMS:]:
            postings = self.index[t]
            del postings[sid]
            if not postings:
                del self.index[t]
        story.terms = set(ranked[:PRUNED_STORY_TERMS])
        norm2 = 0.0
        for t in sorted(story.terms):
            w = self.index[t][sid]
            norm2 += w * w
        story.norm2 = norm2

    def load(self, members: Iterable[tuple[int, int, Vector, datetime | None]]) -> None:
        """Rebuild open stories from ``(story, seq, vector, published)`` in arrival order."""
        for sid, seq, vector, published in members:
            self.add(sid, seq, vector, published)

    @property
    def open_stories(self) -> int:
        return len(self.stories)


class _Snapshot:
    """The inverted index as flat arrays: for each term, the stories holding it and their
    summed weights; stories numbered in ascending id order.  Of all open stories, or of
    ``only`` (a delta); a story changed since is marked stale and no longer scored here."""

    def __init__(
        self,
        index: dict[int, dict[int, float]],
        stories: dict[int, _Story],
        only: set[int] | None = None,
    ):
        self.ids = np.array(sorted(stories if only is None else only), dtype=np.int64)
        number = {sid: k for k, sid in enumerate(self.ids.tolist())}
        self.number = number
        self.stale = np.zeros(len(self.ids), dtype=bool)
        self.norms = np.array([math.sqrt(stories[s].norm2) for s in self.ids.tolist()])
        self.span: dict[int, tuple[int, int]] = {}
        owners: list[int] = []
        weights: list[float] = []
        if only is None:
            at = number.__getitem__
            for t, postings in index.items():
                start = len(owners)
                owners.extend(map(at, postings))
                weights.extend(postings.values())
                self.span[t] = (start, len(owners))
        else:  # only these stories' postings, grouped by term
            by_term: dict[int, list[int]] = {}
            for sid in self.ids.tolist():
                for t in stories[sid].terms:
                    by_term.setdefault(t, []).append(sid)
            for t, holders in by_term.items():
                postings = index[t]
                start = len(owners)
                owners.extend(number[sid] for sid in holders)
                weights.extend(postings[sid] for sid in holders)
                self.span[t] = (start, len(owners))
        self.owners = np.array(owners, dtype=np.int64)
        self.weights = np.array(weights, dtype=np.float64)

    def invalidate(self, sid: int) -> None:
        """``sid`` changed: it is scored elsewhere from now on."""
        k = self.number.get(sid)
        if k is not None:
            self.stale[k] = True

    def top(self, vector: Vector, live: dict[int, _Story], k: int = 2) -> list[tuple[int, float]]:
        """The ``k`` best stories not changed since the snapshot and still open:
        ``[(id, cosine), ...]``."""
        parts, scale = [], []
        for t, w in zip(vector.terms.tolist(), vector.weights.tolist(), strict=True):
            span = self.span.get(t)
            if span is not None and span[1] > span[0]:
                parts.append(slice(*span))
                scale.append((w, span[1] - span[0]))
        if not parts or not len(self.ids):
            return []
        owners = np.concatenate([self.owners[p] for p in parts])
        products = np.concatenate([self.weights[p] for p in parts]) * np.repeat(
            np.array([w for w, _ in scale]), [n for _, n in scale]
        )
        # bincount adds in array order: each story's products in ascending term order, as the
        # live index does
        dots = np.bincount(owners, weights=products)
        held = np.zeros(len(dots), dtype=bool)
        held[owners] = True
        held &= ~self.stale[: len(dots)]
        # only the stories sharing a term are ranked (ascending, so ties go to the lower id)
        found = np.flatnonzero(held)
        sims = dots[found] / self.norms[found]
        out: list[tuple[int, float]] = []
        while len(out) < k and len(sims):
            j = int(np.argmax(sims))
            if sims[j] == -np.inf:
                break
            sims[j] = -np.inf
            number = int(found[j])
            sid = int(self.ids[number])
            if sid in live:
                out.append((sid, float(dots[number] / self.norms[number])))
        return out


def coherence(story: _Story) -> float:
    """Mean cosine between two members of ``story``: its centroid's squared norm is the sum
    of all members' pairwise products (unit vectors), its size of which are each with itself.
    Once a long story's centroid is pruned (``MAX_STORY_TERMS``) the norm is the kept terms'
    and the value an underestimate: a long story is then held to the member test, which a
    story of one event passes through its latest members."""
    n = story.size
    return (story.norm2 - n) / (n * (n - 1)) if n > 1 else 1.0


def _days(when: datetime) -> float:
    return when.toordinal() + (when.hour * 3600 + when.minute * 60 + when.second) / 86400.0
