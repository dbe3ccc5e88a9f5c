"""The online clustering decision on its own: the fast index path gives the reference sums bit
for bit, whatever the snapshot; quiet and capped stories leave memory."""

from __future__ import annotations

import random

from feed_texts import make_stream

from storybrief.feed.cluster import NO_MEMBER_RULE, ClusterSettings, OnlineClusterer, coherence
from storybrief.feed.vectors import article_vector


def reference_top_two(clusterer: OnlineClusterer, vector) -> list[tuple[int, float]]:
    sims = clusterer.similarities(vector)  # the plain loop over the live index
    return sorted(sims.items(), key=lambda kv: (-kv[1], kv[0]))[:2]


def test_fast_path_equals_the_reference_through_a_stream() -> None:
    items = make_stream(20, 4, seed=13, dated=False)
    vectors = [article_vector(a["text"]) for a in items]
    rng = random.Random(0)
    clusterer = OnlineClusterer(ClusterSettings(threshold=0.2))
    next_id = 0
    checked = 0
    for seq, vec in enumerate(vectors, 1):
        if rng.random() < 0.2:
            clusterer.refresh()  # snapshots at arbitrary points must not change a number
        clusterer.advance(seq, None)
        assert clusterer.top_two(vec) == reference_top_two(clusterer, vec)
        checked += 1
        d = clusterer.decide(vec)
        if d.new:
            next_id += 1
            sid = next_id
        else:
            sid = d.story
        if d.copy_of is None:
            clusterer.add(sid, seq, vec, None)
    assert checked == len(items) and next_id > 1


def test_quiet_and_capped_stories_leave_memory() -> None:
    items = make_stream(12, 1, seed=3, dated=False)
    clusterer = OnlineClusterer(ClusterSettings(threshold=0.99, quiet_articles=5, max_open=3))
    for seq, a in enumerate(items, 1):
        clusterer.advance(seq, None)
        assert clusterer.open_stories <= 3  # what an arriving article is compared with
        clusterer.add(seq, seq, article_vector(a["text"]), None)  # every article its own story
    quiet = clusterer.drain_quieted()
    assert len(quiet) == len(items) - clusterer.open_stories
    assert all(sid not in clusterer.stories for sid in quiet)
    # nothing of a retired story is left in the index
    assert not any(sid in postings for postings in clusterer.index.values() for sid in quiet)


def test_the_cap_retires_the_least_recently_active_stories_first() -> None:
    # dated and undated stories mixed, joined in random order: the cap must retire exactly
    # the stories a scan of all open ones would (oldest last article, then lower id)
    from datetime import datetime, timedelta

    items = make_stream(30, 1, seed=5, dated=False)
    vectors = [article_vector(a["text"]) for a in items]
    rng = random.Random(1)
    clusterer = OnlineClusterer(ClusterSettings(quiet_articles=10**6, quiet_days=10**4, max_open=6))
    last: dict[int, int] = {}  # the reference: story -> seq of its latest article
    next_id = 0
    for seq in range(1, 400):
        when = datetime(2026, 1, 1) + timedelta(hours=seq) if rng.random() < 0.5 else None
        clusterer.advance(seq, when)
        while len(last) > 6:
            del last[min(last, key=lambda sid: (last[sid], sid))]
        assert set(clusterer.stories) == set(last)
        if not last or rng.random() < 0.3:
            next_id += 1
            sid = next_id
        else:
            sid = rng.choice(sorted(last))
        clusterer.add(sid, seq, vectors[seq % len(vectors)], when)
        last[sid] = seq
    assert len(clusterer._by_age) <= 2 * clusterer.open_stories + 1024


def test_delta_and_full_snapshots_give_the_reference_sums(monkeypatch) -> None:
    # refreshes that snapshot only the changed stories, and full ones, mixed in one stream
    import storybrief.feed.cluster as cluster

    monkeypatch.setattr(cluster, "REFRESH_CHANGED", 3)
    items = make_stream(30, 3, seed=21, dated=False)
    vectors = [article_vector(a["text"]) for a in items]
    clusterer = OnlineClusterer(ClusterSettings(threshold=0.2))
    next_id, full, delta = 0, 0, 0
    for seq, vec in enumerate(vectors, 1):
        if seq % 4 == 0:
            before = clusterer._snapshot
            clusterer.refresh()
            full += clusterer._snapshot is not before
            delta += clusterer._delta is not None
        clusterer.advance(seq, None)
        assert (
            clusterer.top(vec, 5)
            == sorted(clusterer.similarities(vec).items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        )
        d = clusterer.decide(vec)
        if d.new:
            next_id += 1
        if d.copy_of is None:
            clusterer.add(next_id if d.new else d.story, seq, vec, None)
    assert full > 1 and delta > 1


# -- the member rule: a story whose centroid has drifted into common words --------------------
_COMMON = [
    "Officials said the council would vote next week.",
    "Police said an investigation was continuing.",
    "Residents told reporters they were worried about taxes.",
    "The mayor promised more money for the budget.",
    "Witnesses described chaos on the highway.",
    "The governor called for calm in a statement.",
]
_UNRELATED_EVENTS = [
    "A water main broke under Elm Street, flooding basements and closing the bakery for repairs.",
    "The zoo welcomed a baby giraffe born overnight to its mother Kesi, keepers reported.",
    "A school bus carrying twenty pupils slid into a ditch during the snowstorm; nobody was hurt.",
    "The library will extend its opening hours and add a robotics workshop for teenagers.",
    "Firefighters rescued a cat stranded on the roof of the old textile mill downtown.",
    "A new bicycle lane along the river promenade opened to cyclists after two years of works.",
]
_STRANGER = (
    "Hackers stole payroll records from the hospital and demanded ransom in bitcoin from its "
    "administrators. " + " ".join(_COMMON[:4] + _COMMON[5:])
)
_ECLIPSE = [
    "A total solar eclipse darkened the sky over Chile on Monday as thousands watched from "
    "the Atacama desert.",
    "Astronomers in the Atacama desert photographed the solar corona during Monday's total "
    "eclipse over Chile.",
    "Crowds in La Serena cheered as the moon covered the sun in the total eclipse over Chile.",
    "The total eclipse over Chile lasted two minutes; astronomers said the corona was bright.",
]
_ECLIPSE_FOLLOW_UP = (
    "Scientists released new images of the solar corona taken during the total eclipse over "
    "Chile, and astronomers in the Atacama desert said more would follow."
)


def _clusterer(**settings) -> OnlineClusterer:
    """A generic story (1): six unrelated events told with common words, as a story grows
    that never goes quiet; and a coherent one (2): four reports of one eclipse."""
    clusterer = OnlineClusterer(ClusterSettings(**settings))
    seq = 0
    for sid, texts in (
        (1, [e + " " + c for e, c in zip(_UNRELATED_EVENTS, _COMMON, strict=True)]),
        (2, _ECLIPSE),
    ):
        for text in texts:
            seq += 1
            clusterer.add(sid, seq, article_vector(text), None)
    return clusterer


def test_a_generic_story_does_not_absorb_an_unrelated_article() -> None:
    stranger = article_vector(_STRANGER)
    without = _clusterer(member_size=NO_MEMBER_RULE).decide(stranger)
    # near the generic story's centroid, above the threshold: the plain rule joins it
    assert without.story == 1 and without.similarity >= ClusterSettings.threshold
    clusterer = _clusterer()
    assert coherence(clusterer.stories[1]) < ClusterSettings.member_coherence
    assert all(
        stranger.dot(m) < ClusterSettings.member_threshold for _, m in clusterer.stories[1].recent
    )
    decision = clusterer.decide(stranger)
    # the member rule opens a story of its own, and records the refused story as the closest
    assert decision.new and decision.story is None
    assert decision.runner_up == 1 and decision.runner_up_similarity == without.similarity


def test_a_true_follow_up_still_joins_and_a_reload_decides_the_same() -> None:
    clusterer = _clusterer()
    follow_up = article_vector(_ECLIPSE_FOLLOW_UP)
    decision = clusterer.decide(follow_up)
    assert decision.story == 2 and not decision.new
    # the state rebuilt from the same members in order gives the same decisions, bit for bit
    reloaded = OnlineClusterer(ClusterSettings())
    members = [
        (sid, seq, vec, None) for sid, st in clusterer.stories.items() for seq, vec in st.recent
    ]
    reloaded.load(sorted(members, key=lambda m: m[1]))
    assert reloaded.decide(follow_up) == decision
    assert reloaded.decide(article_vector(_STRANGER)) == clusterer.decide(article_vector(_STRANGER))
